import type { FieldError } from '../admission/field-error.js';
import type { JsonValue } from '../util/json.js';
import { isJsonObject } from '../util/json.js';

/** PathSegment is one step into a JSON value: an object key or an array index. */
export type PathSegment = string | number;

/**
 * LocatedError is a field error with the location of the value it belongs to
 * (for `required`, the parent object): ratcheting decides on that location.
 */
export interface LocatedError {
  readonly error: FieldError;
  readonly location: readonly PathSegment[];
}

/**
 * kubePath renders a location as kube-openapi names values: keys joined by
 * `.`, indices as `[i]` (`spec.items[2].name`).
 */
export function kubePath(segments: readonly PathSegment[]): string {
  let out = '';
  for (const segment of segments) {
    if (typeof segment === 'number') out += `[${segment}]`;
    else out = out === '' ? segment : `${out}.${segment}`;
  }
  return out;
}

/** fieldOf is the field of an error named `name`: the apiserver prints a nil path as `<nil>`. */
export function fieldOf(name: string): string {
  return name === '' ? '<nil>' : name;
}

/** pointerSegments decodes an ajv instancePath against the data, telling indices from keys. */
export function pointerSegments(pointer: string, data: JsonValue): PathSegment[] {
  if (pointer === '') return [];
  const segments: PathSegment[] = [];
  let node: JsonValue | undefined = data;
  for (const raw of pointer.slice(1).split('/')) {
    const key = raw.includes('~') ? raw.replaceAll('~1', '/').replaceAll('~0', '~') : raw;
    if (Array.isArray(node)) {
      const index = Number(key);
      segments.push(index);
      node = node[index];
    } else {
      segments.push(key);
      node = isJsonObject(node) ? node[key] : undefined;
    }
  }
  return segments;
}

/** valueAt returns the value at a location, or undefined. */
export function valueAt(data: JsonValue | undefined, segments: readonly PathSegment[]): JsonValue | undefined {
  let node = data;
  for (const segment of segments) {
    if (typeof segment === 'number') node = Array.isArray(node) ? node[segment] : undefined;
    else node = isJsonObject(node) ? node[segment] : undefined;
    if (node === undefined) return undefined;
  }
  return node;
}
