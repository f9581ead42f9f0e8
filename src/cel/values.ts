/**
 * CEL values of Kubernetes objects: schema objects are CelObject instances (one
 * subclass per schema type), lists with x-kubernetes-list-type set/map carry
 * their list type, and equality follows CEL (numeric cross-type, order-insensitive
 * for set and map lists, as in Kubernetes).
 */

import type { JsonObject, JsonValue } from '../util/json.js';

/** CelField is one visible property of a schema object: its CEL name, JSON name, converter and default. */
export interface CelField {
  readonly celName: string;
  readonly jsonName: string;
  readonly convert: (value: JsonValue) => unknown;
  /** The converted schema default, read when the property is absent (the apiserver defaults first). */
  readonly fallback?: unknown;
  /** The JSON value is the CEL value (strings, booleans, doubles): read as it is, nothing cached. */
  readonly direct?: boolean;
}

const RAW = Symbol('raw');
const CACHE = Symbol('cache');

// Property names the engine itself reads on values: a schema property with such a
// name cannot be a field (the engine would mistake it for the object's class).
const RESERVED_FIELD_NAMES = new Set(['constructor', '__proto__', 'prototype']);

/** objectFieldVisible tells whether a property can be a field of a CEL object. */
export function objectFieldVisible(celName: string): boolean {
  return !RESERVED_FIELD_NAMES.has(celName);
}

function fieldsOf(object: CelObject): readonly CelField[] {
  return (Object.getPrototypeOf(object).constructor as typeof CelObject).fields;
}

/**
 * CelObject is the base class of the object types generated from a schema. It
 * wraps the JSON object and converts a field the first time a rule reads it, so a
 * rule on a large object pays only for the fields it touches. Its own members are
 * symbols and static helpers: schema properties such as `entries` or `equals`
 * become getters on the subclass without clashing.
 */
export class CelObject {
  static readonly fields: readonly CelField[] = [];
  // Declared, not initialised as class fields: the constructor sets both (no field initialiser call).
  private declare readonly [RAW]: JsonObject;
  // Converted fields by position in `fields`, allocated on the first read (a flat
  // array: cheaper than a dictionary, and nothing for objects no rule reads).
  private declare [CACHE]: unknown[] | undefined;

  constructor(raw: JsonObject) {
    this[RAW] = raw;
    this[CACHE] = undefined;
  }

  /** fieldAt returns the CEL value of the field at `index` of `fields`, undefined when absent (null counts as absent). */
  static fieldAt(object: CelObject, fields: readonly CelField[], index: number): unknown {
    const celField = fields[index] as CelField;
    if (celField.direct === true) {
      const raw = object[RAW][celField.jsonName];
      return raw === undefined || raw === null ? celField.fallback : raw;
    }
    let cache = object[CACHE];
    // Holes read as undefined: an absent field is looked up again (cheap), a present one converted once.
    if (cache === undefined) cache = object[CACHE] = new Array<unknown>(fields.length);
    const cached = cache[index];
    if (cached !== undefined) return cached;
    const raw = object[RAW][celField.jsonName];
    const value = raw === undefined || raw === null ? celField.fallback : celField.convert(raw);
    cache[index] = value;
    return value;
  }

  /** entriesOf lists the present fields of an object by CEL name. */
  static entriesOf(object: CelObject): Array<[string, unknown]> {
    const out: Array<[string, unknown]> = [];
    const fields = fieldsOf(object);
    for (let i = 0; i < fields.length; i++) {
      const value = CelObject.fieldAt(object, fields, i);
      if (value !== undefined) out.push([(fields[i] as CelField).celName, value]);
    }
    return out;
  }

  /** equalObjects is CEL equality of two objects of the same type. */
  static equalObjects(a: CelObject, b: CelObject): boolean {
    const type = Object.getPrototypeOf(a).constructor as typeof CelObject;
    if (Object.getPrototypeOf(b).constructor !== type) return false;
    const { fields } = type;
    for (let i = 0; i < fields.length; i++) {
      if (!celEquals(CelObject.fieldAt(a, fields, i), CelObject.fieldAt(b, fields, i))) return false;
    }
    return true;
  }
}

/** lazyObjectClass creates the class of one schema object type, with a getter per field. */
export function lazyObjectClass(name: string, fields: readonly CelField[]): new (raw: JsonObject) => CelObject {
  const Ctor = { [name]: class extends CelObject {} }[name] as typeof CelObject;
  Object.defineProperty(Ctor, 'fields', { value: fields });
  fields.forEach((f, index) => {
    Object.defineProperty(Ctor.prototype, f.celName, {
      get(this: CelObject) {
        return CelObject.fieldAt(this, fields, index);
      },
    });
  });
  return Ctor;
}

const LIST_TYPE = Symbol('x-kubernetes-list-type');

interface MarkedList extends Array<unknown> {
  [LIST_TYPE]?: { readonly type: 'set' | 'map'; readonly keys: readonly string[] | undefined };
}

/** ListTypeMarker is a list's x-kubernetes-list-type, built once per schema node by listTypeMarker. */
export interface ListTypeMarker {
  readonly type: 'set' | 'map';
  readonly keys: readonly string[] | undefined;
}

/** listTypeMarker prepares the marking of lists of one type (one marker shared by all its lists). */
export function listTypeMarker(type: 'set' | 'map', keys: readonly string[] | undefined): ListTypeMarker {
  return { type, keys };
}

/**
 * markList records a prepared list type on the array. A plain assignment (20x cheaper
 * than defineProperty): the key is a module-private symbol, which Object.keys,
 * JSON.stringify, spreads and for-in never see.
 */
export function markList(list: unknown[], marker: ListTypeMarker): unknown[] {
  (list as MarkedList)[LIST_TYPE] = marker;
  return list;
}

/** markListType records a list's x-kubernetes-list-type on the array. */
export function markListType(list: unknown[], type: 'set' | 'map', keys: readonly string[] | undefined): unknown[] {
  return markList(list, listTypeMarker(type, keys));
}

/** listTypeOf returns the list type recorded by markListType. */
export function listTypeOf(list: readonly unknown[]): 'set' | 'map' | undefined {
  return (list as MarkedList)[LIST_TYPE]?.type;
}

function unorderedEquals(a: readonly unknown[], b: readonly unknown[]): boolean {
  const used = new Array<boolean>(b.length).fill(false);
  outer: for (const x of a) {
    for (let i = 0; i < b.length; i++) {
      if (!used[i] && celEquals(x, b[i])) {
        used[i] = true;
        continue outer;
      }
    }
    return false;
  }
  return true;
}

function listEquals(a: readonly unknown[], b: readonly unknown[]): boolean {
  if (a.length !== b.length) return false;
  if (listTypeOf(a) !== undefined || listTypeOf(b) !== undefined) return unorderedEquals(a, b);
  for (let i = 0; i < a.length; i++) if (!celEquals(a[i], b[i])) return false;
  return true;
}

function entriesOf(value: object): Map<unknown, unknown> {
  if (value instanceof Map) return value;
  if (value instanceof CelObject) return new Map(CelObject.entriesOf(value));
  return new Map(Object.entries(value));
}

function mapEquals(a: object, b: object): boolean {
  const left = entriesOf(a);
  const right = entriesOf(b);
  if (left.size !== right.size) return false;
  for (const [key, value] of left) {
    if (!right.has(key) || !celEquals(value, right.get(key))) return false;
  }
  return true;
}

/** celEquals is CEL's `==` over converted values. */
export function celEquals(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if ((typeof a === 'bigint' || typeof a === 'number') && (typeof b === 'bigint' || typeof b === 'number')) {
    return typeof a === typeof b ? a === b : Number(a) === Number(b);
  }
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a)) return Array.isArray(b) && listEquals(a, b);
  if (a instanceof Date) return b instanceof Date && a.getTime() === b.getTime();
  if (a instanceof Uint8Array) return b instanceof Uint8Array && Buffer.compare(a, b) === 0;
  if (a instanceof CelObject) return b instanceof CelObject && CelObject.equalObjects(a, b);
  if (a.constructor !== b.constructor && !(a instanceof Map && b instanceof Map)) return false;
  const equals = (a as { equals?: (o: unknown) => boolean }).equals;
  if (typeof equals === 'function') return equals.call(a, b);
  return mapEquals(a, b);
}

function mapKeyOf(item: unknown, keys: readonly string[]): string | undefined {
  if (item === null || typeof item !== 'object') return undefined;
  const record = item as Record<string, unknown>;
  return JSON.stringify(keys.map((k) => String(record[k] ?? '')));
}

/**
 * concatLists is `+` on lists: a set list keeps its items and appends the new
 * ones; a map list replaces items with the same keys in place and appends the rest.
 */
export function concatLists(a: unknown[], b: unknown[]): unknown[] {
  const marker = (a as MarkedList)[LIST_TYPE] ?? (b as MarkedList)[LIST_TYPE];
  if (!marker) return [...a, ...b];
  let out: unknown[];
  if (marker.type === 'set') {
    out = [...a];
    for (const item of b) if (!out.some((x) => celEquals(x, item))) out.push(item);
  } else {
    const keys = marker.keys ?? [];
    out = [...a];
    const index = new Map<string | undefined, number>();
    out.forEach((item, i) => index.set(mapKeyOf(item, keys), i));
    for (const item of b) {
      const at = index.get(mapKeyOf(item, keys));
      if (at !== undefined) out[at] = item;
      else {
        index.set(mapKeyOf(item, keys), out.length);
        out.push(item);
      }
    }
  }
  return markListType(out, marker.type, marker.keys);
}
