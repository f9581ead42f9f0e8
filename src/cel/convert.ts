import type { JsonValue } from '../util/json.js';
import { setOwn } from '../util/json.js';
import { unescapeProperty } from './escaping.js';
import { CelObject } from './values.js';

/**
 * JSON ⇄ CEL values without a schema (admission policies read objects as dyn):
 * whole numbers are int (BigInt), as the apiserver reads JSON integers as int64.
 */

// Keys are walked with for-in (no key array per object: a quarter of the time of a
// conversion); it also lists inherited enumerable keys, so where Object.prototype has
// any (a polluted runtime) only own keys are taken, as Object.keys would.
function inheritsEnumerableKeys(): boolean {
  for (const _ in {}) return true;
  return false;
}

function convert(value: JsonValue, ownOnly: boolean): unknown {
  if (typeof value === 'number') return Number.isInteger(value) ? BigInt(value) : value;
  if (value === null || typeof value !== 'object') return value;
  // Copy on write: a container none of whose descendants holds an integer is shared as it is
  // (CEL never mutates its inputs), so strings-only subtrees cost no allocation.
  if (Array.isArray(value)) {
    let items: unknown[] | undefined;
    for (let i = 0; i < value.length; i++) {
      const item = value[i] as JsonValue;
      const converted = convert(item, ownOnly);
      if (items === undefined && converted !== item) items = value.slice(0, i);
      items?.push(converted);
    }
    return items ?? value;
  }
  let out: Record<string, unknown> | undefined;
  for (const key in value) {
    if (ownOnly && !Object.prototype.hasOwnProperty.call(value, key)) continue;
    const item = value[key] as JsonValue;
    const converted = convert(item, ownOnly);
    if (out === undefined) {
      if (converted === item) continue;
      out = {};
      // The keys before this one, unchanged.
      for (const earlier in value) {
        if (earlier === key) break;
        if (!ownOnly || Object.prototype.hasOwnProperty.call(value, earlier)) setOwn(out, earlier, value[earlier]);
      }
    }
    // A `__proto__` key (JSON.parse makes it an own key) stays data, never a prototype.
    setOwn(out, key, converted);
  }
  return out ?? value;
}

/**
 * toCelValue converts JSON into CEL values without a schema: whole numbers
 * become int (BigInt), as the apiserver reads JSON integers as int64.
 */
export function toCelValue(value: JsonValue): unknown {
  return convert(value, inheritsEnumerableKeys());
}

/** fromCelValue converts a CEL result back into JSON (int to number, timestamps to RFC 3339). */
export function fromCelValue(value: unknown): JsonValue {
  if (typeof value === 'bigint') return Number(value);
  if (value === null || value === undefined) return null;
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') return value;
  if (value instanceof Date) return value.toISOString();
  if (value instanceof CelObject) {
    const out: Record<string, JsonValue> = {};
    for (const [k, v] of CelObject.entriesOf(value)) setOwn(out, unescapeProperty(k), fromCelValue(v));
    return out;
  }
  if (Array.isArray(value)) return value.map(fromCelValue);
  if (value instanceof Map) {
    const out: Record<string, JsonValue> = {};
    for (const [k, v] of value) setOwn(out, String(k), fromCelValue(v));
    return out;
  }
  if (typeof value === 'object') {
    const out: Record<string, JsonValue> = {};
    for (const [k, v] of Object.entries(value as Record<string, unknown>)) setOwn(out, k, fromCelValue(v));
    return out;
  }
  return String(value);
}
