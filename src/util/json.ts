/** JsonValue is any value JSON.parse can return. */
export type JsonValue = null | boolean | number | string | JsonValue[] | JsonObject;

/** JsonObject is a JSON object with string keys. */
export interface JsonObject {
  [key: string]: JsonValue;
}

/** isJsonObject tells a plain JSON object from arrays, null and scalars. */
export function isJsonObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

const hasOwn = Object.prototype.hasOwnProperty;

/** deepEqual compares two JSON values structurally (key order does not matter). */
export function deepEqual(a: JsonValue | undefined, b: JsonValue | undefined): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a)) {
    if (!Array.isArray(b) || a.length !== b.length) return false;
    for (let i = 0; i < a.length; i++) if (!deepEqual(a[i], b[i])) return false;
    return true;
  }
  if (Array.isArray(b)) return false;
  // for-in walks the keys without the two arrays Object.keys would allocate.
  let count = 0;
  for (const key in a) {
    if (!hasOwn.call(a, key)) continue;
    if (!hasOwn.call(b, key) || !deepEqual(a[key], b[key])) return false;
    count++;
  }
  // Every key of `a` is in `b`: they are equal when `b` has no more.
  for (const key in b) if (hasOwn.call(b, key) && --count < 0) return false;
  return true;
}

/** deepClone copies a JSON value (structuredClone is slower for plain JSON trees). */
export function deepClone<T extends JsonValue>(value: T): T {
  if (value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) return value.map((item) => deepClone(item)) as T;
  const out: JsonObject = {};
  for (const key of Object.keys(value)) setOwn(out, key, deepClone((value as JsonObject)[key] as JsonValue));
  return out as T;
}

/**
 * setOwn sets a key as an own property: JSON.parse can produce a `__proto__`
 * key, which a plain assignment would turn into a prototype change.
 */
export function setOwn<V>(target: Record<string, V>, key: string, value: V): void {
  if (key === '__proto__') {
    Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
  } else {
    target[key] = value;
  }
}
