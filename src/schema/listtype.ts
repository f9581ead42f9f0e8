import type { FieldError } from '../admission/field-error.js';
import { duplicate, invalid } from '../admission/field-error.js';
import type { JSONSchemaProps } from '../crd/types.js';
import type { JsonObject, JsonValue } from '../util/json.js';
import { deepEqual, isJsonObject } from '../util/json.js';
import { goJson } from '../util/go-format.js';
import { relevantChildren } from './schema-facts.js';

/**
 * validateListSetsAndMaps is apiextensions `schema/listtype` ValidateListSetsAndMaps:
 * `Duplicate value` at `path[i]` for repeated items of `x-kubernetes-list-type:
 * set` lists (the second occurrence of each value) and for items of `map`
 * lists whose map keys repeat. Map values are named `path[key]` as upstream.
 */
export function validateListSetsAndMaps(value: JsonValue | undefined, schema: JSONSchemaProps, path = ''): FieldError[] {
  const errors: FieldError[] = [];
  visit(value, schema, path, errors, undefined);
  return errors;
}

/**
 * validateListSetsAndMapsAgainst gives the same errors as validateListSetsAndMaps
 * for `value`, given that `errorFree` (the old object) has none: a list-type
 * list deep-equal to the one at the same path in `errorFree` is checked under
 * the same schema with the same path, so it cannot hold an error and is skipped.
 */
export function validateListSetsAndMapsAgainst(value: JsonValue | undefined, errorFree: JsonValue, schema: JSONSchemaProps): FieldError[] {
  const errors: FieldError[] = [];
  visit(value, schema, '', errors, errorFree);
  return errors;
}

function child(path: string, key: string): string {
  return path === '' ? key : `${path}.${key}`;
}

// `old` is the error-free value at the same path, if any (see validateListSetsAndMapsAgainst).
function visit(value: JsonValue | undefined, schema: JSONSchemaProps, path: string, errors: FieldError[], old: JsonValue | undefined): void {
  if (value === undefined || value === null) return;
  const relevant = relevantChildren(schema, 'listType');
  if (Array.isArray(value)) {
    const listType = schema['x-kubernetes-list-type'];
    if ((listType === 'set' || listType === 'map') && old !== undefined && deepEqual(value, old)) return;
    if (listType === 'set') errors.push(...setDuplicates(value, path));
    else if (listType === 'map') errors.push(...mapDuplicates(value, schema['x-kubernetes-list-map-keys'] ?? [], path));
    const items = relevant.items;
    const oldItems = Array.isArray(old) ? old : undefined;
    if (items) value.forEach((item, i) => visit(item, items, `${path}[${i}]`, errors, oldItems?.[i]));
    return;
  }
  if (!isJsonObject(value)) return;
  const oldObject = isJsonObject(old) ? old : undefined;
  const additional = relevant.additional;
  if (additional) for (const [key, item] of Object.entries(value)) visit(item, additional, `${path}[${key}]`, errors, oldObject?.[key]);
  for (const [key, propertySchema] of relevant.properties) {
    if (key in value) visit(value[key], propertySchema, child(path, key), errors, oldObject?.[key]);
  }
}

function setDuplicates(list: readonly JsonValue[], path: string): FieldError[] {
  const seen = new Map<unknown, number>();
  const errors: FieldError[] = [];
  list.forEach((item, i) => {
    const key = keyIdentity(item);
    const times = seen.get(key) ?? 0;
    seen.set(key, times + 1);
    if (times === 1) errors.push(duplicate(`${path}[${i}]`, item));
  });
  return errors;
}

const MISSING_KEY: unique symbol = Symbol('missing map key');

// Map keys are scalars: a Set tells them apart as they are (1, "1" and true differ); anything else by its JSON.
function keyIdentity(value: JsonValue | undefined): unknown {
  if (value === undefined) return MISSING_KEY;
  return typeof value === 'object' && value !== null ? `\u0000json:${goJson(value)}` : value;
}

function compositeIdentity(object: JsonObject, keys: readonly string[]): unknown {
  if (keys.length === 1) return keyIdentity(object[keys[0] as string]);
  return JSON.stringify(keys.map((key) => (key in object ? [typeof object[key], object[key]] : 0)));
}

function mapDuplicates(list: readonly JsonValue[], keys: readonly string[], path: string): FieldError[] {
  const wrong = list.findIndex((item) => item !== null && !isJsonObject(item));
  if (wrong >= 0) return [invalid(`${path}[${wrong}]`, list[wrong] as JsonValue, 'must be an object for an array of list-type map')];
  if (list.length <= 1) return [];
  const seen = new Set<unknown>();
  const errors: FieldError[] = [];
  list.forEach((item, i) => {
    const object = isJsonObject(item) ? item : {};
    const identity = compositeIdentity(object, keys);
    if (!seen.has(identity)) {
      seen.add(identity);
      return;
    }
    const keyValues: JsonObject = {};
    for (const key of keys) if (key in object) keyValues[key] = object[key] as JsonValue;
    errors.push(duplicate(`${path}[${i}]`, keyValues));
  });
  return errors;
}
