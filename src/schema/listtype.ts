import type { FieldError } from '../admission/field-error.js';
import { duplicate, invalid } from '../admission/field-error.js';
import type { JSONSchemaProps } from '../crd/types.js';
import type { JsonObject, JsonValue } from '../util/json.js';
import { isJsonObject } from '../util/json.js';
import { goJson } from '../util/go-format.js';
import { relevantChildren, subtreeHas } from './schema-facts.js';

/**
 * ListTypePlan is the part of a schema that can hold `x-kubernetes-list-type`
 * set or map lists, compiled once at load: the walk visits only those paths.
 */
export interface ListTypePlan {
  readonly listType: 'set' | 'map' | undefined;
  readonly mapKeys: readonly string[];
  readonly items: ListTypePlan | undefined;
  readonly additional: ListTypePlan | undefined;
  readonly propertyKeys: readonly string[];
  readonly propertyPlans: readonly ListTypePlan[];
}

/** compileListTypes compiles a schema's ListTypePlan; undefined when no set or map list lies anywhere in it. */
export function compileListTypes(schema: JSONSchemaProps): ListTypePlan | undefined {
  return subtreeHas(schema, 'listType') ? planOf(schema) : undefined;
}

function planOf(schema: JSONSchemaProps): ListTypePlan {
  const relevant = relevantChildren(schema, 'listType');
  const listType = schema['x-kubernetes-list-type'];
  return {
    listType: listType === 'set' || listType === 'map' ? listType : undefined,
    mapKeys: schema['x-kubernetes-list-map-keys'] ?? [],
    items: relevant.items && planOf(relevant.items),
    additional: relevant.additional && planOf(relevant.additional),
    propertyKeys: relevant.properties.map(([key]) => key),
    propertyPlans: relevant.properties.map(([, child]) => planOf(child)),
  };
}

const NO_ERRORS: readonly FieldError[] = Object.freeze([]);

// The walk's state: synchronous and never re-entered, so one copy serves every call.
// The path is kept as segments and rendered only when an error is found.
const segments: (string | number)[] = [];
const bracketed: boolean[] = [];
let found: FieldError[] | undefined;

/**
 * validateListSetsAndMaps is apiextensions `schema/listtype` ValidateListSetsAndMaps:
 * `Duplicate value` at `path[i]` for repeated items of `x-kubernetes-list-type:
 * set` lists (the second occurrence of each value) and for items of `map`
 * lists whose map keys repeat. Map values are named `path[key]` as upstream.
 * Allocates nothing when there is no error.
 */
export function validateListSetsAndMaps(value: JsonValue | undefined, plan: ListTypePlan | undefined): readonly FieldError[] {
  if (!plan) return NO_ERRORS;
  found = undefined;
  visit(value, plan, 0);
  const errors = found;
  found = undefined;
  return errors ?? NO_ERRORS;
}

function report(error: FieldError): void {
  (found ??= []).push(error);
}

function enter(depth: number, segment: string | number, bracket: boolean): void {
  segments[depth] = segment;
  bracketed[depth] = bracket;
}

// The path of the list at `depth` followed by `[index]` (field.Path: keys joined by `.`, indices and map keys in brackets).
function itemPath(depth: number, index: number): string {
  let path = '';
  for (let i = 0; i < depth; i++) {
    const segment = segments[i] as string | number;
    if (bracketed[i]) path += `[${segment}]`;
    else path = path === '' ? String(segment) : `${path}.${segment}`;
  }
  return `${path}[${index}]`;
}

function visit(value: JsonValue | undefined, plan: ListTypePlan, depth: number): void {
  if (value === undefined || value === null) return;
  if (Array.isArray(value)) {
    if (plan.listType === 'set') setDuplicates(value, depth);
    else if (plan.listType === 'map') mapDuplicates(value, plan.mapKeys, depth);
    const items = plan.items;
    if (!items) return;
    for (let i = 0; i < value.length; i++) {
      enter(depth, i, true);
      visit(value[i], items, depth + 1);
    }
    return;
  }
  if (!isJsonObject(value)) return;
  const additional = plan.additional;
  if (additional) {
    for (const key in value) {
      if (!Object.prototype.hasOwnProperty.call(value, key)) continue;
      enter(depth, key, true);
      visit(value[key], additional, depth + 1);
    }
  }
  const keys = plan.propertyKeys;
  for (let i = 0; i < keys.length; i++) {
    const key = keys[i] as string;
    // Only objects and arrays can hold lists: anything else (absent included) needs no visit.
    const child = value[key];
    if (typeof child !== 'object' || child === null) continue;
    enter(depth, key, false);
    visit(child, plan.propertyPlans[i] as ListTypePlan, depth + 1);
  }
}

// Up to this length lists are checked pair by pair (no allocation); longer ones through a Set of identities.
const PAIRWISE_MAX = 16;

function setDuplicates(list: readonly JsonValue[], depth: number): void {
  if (list.length <= PAIRWISE_MAX) {
    for (let i = 1; i < list.length; i++) {
      let times = 0;
      for (let j = 0; j < i; j++) if (sameKeyIdentity(list[i], list[j])) times++;
      if (times === 1) report(duplicate(itemPath(depth, i), list[i] as JsonValue));
    }
    return;
  }
  const seen = new Map<unknown, number>();
  list.forEach((item, i) => {
    const key = keyIdentity(item);
    const times = seen.get(key) ?? 0;
    seen.set(key, times + 1);
    if (times === 1) report(duplicate(itemPath(depth, i), item));
  });
}

const MISSING_KEY: unique symbol = Symbol('missing map key');

// Map keys are scalars: a Set tells them apart as they are (1, "1" and true differ); anything else by its JSON.
function keyIdentity(value: JsonValue | undefined): unknown {
  if (value === undefined) return MISSING_KEY;
  return typeof value === 'object' && value !== null ? `\u0000json:${goJson(value)}` : value;
}

// keyIdentity(a) and keyIdentity(b) are the same Set key (SameValueZero), computed without building them for scalars.
function sameKeyIdentity(a: JsonValue | undefined, b: JsonValue | undefined): boolean {
  const aObject = typeof a === 'object' && a !== null;
  const bObject = typeof b === 'object' && b !== null;
  if (!aObject && !bObject) return a === b || (a !== a && b !== b);
  return keyIdentity(a) === keyIdentity(b);
}

function compositeIdentity(object: JsonObject, keys: readonly string[]): unknown {
  if (keys.length === 1) return keyIdentity(object[keys[0] as string]);
  return JSON.stringify(keys.map((key) => (key in object ? [typeof object[key], object[key]] : 0)));
}

// A value whose [typeof, value] JSON equals another's exactly when the two are ===.
function isPlainScalar(value: unknown): boolean {
  return value === null || typeof value === 'string' || typeof value === 'boolean' || (typeof value === 'number' && Number.isFinite(value));
}

// compositeIdentity(a, keys) === compositeIdentity(b, keys), compared key by key without building the strings.
function sameCompositeIdentity(a: JsonObject, b: JsonObject, keys: readonly string[]): boolean {
  if (keys.length === 1) return sameKeyIdentity(a[keys[0] as string], b[keys[0] as string]);
  for (let i = 0; i < keys.length; i++) {
    const key = keys[i] as string;
    const inA = key in a;
    if (inA !== key in b) return false;
    if (!inA) continue;
    const x = a[key];
    const y = b[key];
    if (isPlainScalar(x) && isPlainScalar(y)) {
      if (x !== y) return false;
    } else if (JSON.stringify([typeof x, x]) !== JSON.stringify([typeof y, y])) {
      return false;
    }
  }
  return true;
}

const NO_KEYS: JsonObject = Object.freeze({}) as JsonObject;

function mapDuplicates(list: readonly JsonValue[], keys: readonly string[], depth: number): void {
  for (let i = 0; i < list.length; i++) {
    const item = list[i] as JsonValue;
    if (item !== null && !isJsonObject(item)) {
      report(invalid(itemPath(depth, i), item, 'must be an object for an array of list-type map'));
      return;
    }
  }
  if (list.length <= 1) return;
  if (list.length <= PAIRWISE_MAX) {
    for (let i = 1; i < list.length; i++) {
      const object = (list[i] as JsonObject | null) ?? NO_KEYS;
      for (let j = 0; j < i; j++) {
        if (!sameCompositeIdentity(object, (list[j] as JsonObject | null) ?? NO_KEYS, keys)) continue;
        report(duplicate(itemPath(depth, i), keyValues(object, keys)));
        break;
      }
    }
    return;
  }
  const seen = new Set<unknown>();
  list.forEach((item, i) => {
    const object = (item as JsonObject | null) ?? NO_KEYS;
    const identity = compositeIdentity(object, keys);
    if (!seen.has(identity)) seen.add(identity);
    else report(duplicate(itemPath(depth, i), keyValues(object, keys)));
  });
}

function keyValues(object: JsonObject, keys: readonly string[]): JsonObject {
  const values: JsonObject = {};
  for (const key of keys) if (key in object) values[key] = object[key] as JsonValue;
  return values;
}
