import type { JsonPatchOperation } from '../admission/types.js';
import type { JsonValue } from '../util/json.js';
import { deepClone } from '../util/json.js';

/** PathSegment is an object key or an array index. */
export type PathSegment = string | number;

/** escapePointerSegment escapes one JSON Pointer segment as RFC 6901 says: `~` → `~0`, `/` → `~1`. */
export function escapePointerSegment(segment: string): string {
  if (!segment.includes('~') && !segment.includes('/')) return segment;
  return segment.replace(/~/g, '~0').replace(/\//g, '~1');
}

/** jsonPointer renders segments as an RFC 6901 JSON Pointer (`/spec/a~1b/0`). */
export function jsonPointer(segments: readonly PathSegment[]): string {
  let out = '';
  for (const segment of segments) out += `/${typeof segment === 'number' ? segment : escapePointerSegment(segment)}`;
  return out;
}

/**
 * unknownFieldPath renders segments as the apiserver's UnknownFieldPathOptions
 * does: keys joined with `.`, indexes as `[i]` (`spec.containers[0].foo`).
 */
export function unknownFieldPath(segments: readonly PathSegment[]): string {
  let out = '';
  for (const segment of segments) {
    if (typeof segment === 'number') out += `[${segment}]`;
    else out += out.length > 0 ? `.${segment}` : segment;
  }
  return out;
}

/**
 * PatchBuilder collects operations while a walk keeps the current path as a
 * stack, so that pointers are only rendered for the nodes that change.
 */
export class PatchBuilder {
  readonly operations: JsonPatchOperation[] = [];
  private readonly segments: PathSegment[];

  constructor(prefix: readonly PathSegment[] = []) {
    this.segments = [...prefix];
  }

  /** push descends into a key or index; pop climbs back. */
  push(segment: PathSegment): void {
    this.segments.push(segment);
  }

  pop(): void {
    this.segments.pop();
  }

  /** depth is the number of segments below the root. */
  get depth(): number {
    return this.segments.length;
  }

  /** path is the current path (a copy), e.g. for an unknown-field report. */
  path(child?: PathSegment): PathSegment[] {
    return child === undefined ? [...this.segments] : [...this.segments, child];
  }

  /** remove emits `remove` of a child of the current node. */
  remove(child: PathSegment): void {
    this.operations.push({ op: 'remove', path: jsonPointer(this.path(child)) });
  }

  /** add emits `add` of a missing child; the value is copied so the patch never shares compiled defaults. */
  add(child: PathSegment, value: JsonValue): void {
    this.operations.push({ op: 'add', path: jsonPointer(this.path(child)), value: deepClone(value) });
  }

  /** replace emits `replace` of an existing child (a null turned into its default). */
  replace(child: PathSegment, value: JsonValue): void {
    this.operations.push({ op: 'replace', path: jsonPointer(this.path(child)), value: deepClone(value) });
  }
}
