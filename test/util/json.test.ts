import { describe, expect, it } from 'vitest';
import { deepClone, deepEqual } from '../../src/util/json.js';
import type { JsonObject } from '../../src/util/json.js';

describe('deepClone', () => {
  it('copies a "__proto__" key from request JSON as data, never as a prototype', () => {
    const parsed = JSON.parse('{"spec":{"__proto__":{"polluted":true},"a":1}}') as JsonObject;
    const copy = deepClone(parsed);
    const spec = copy.spec as JsonObject;
    expect(Object.getPrototypeOf(spec)).toBe(Object.prototype);
    expect(Object.keys(spec)).toEqual(['__proto__', 'a']);
    expect((spec as Record<string, unknown>).polluted).toBeUndefined();
    expect(deepEqual(copy, parsed)).toBe(true);
    expect(JSON.stringify(copy)).toBe(JSON.stringify(parsed));
  });
});

describe('deepEqual', () => {
  it('compares objects by their own keys, whatever their order, and tells extra or missing keys apart', () => {
    expect(deepEqual({ a: 1, b: [1, { c: null }] }, { b: [1, { c: null }], a: 1 })).toBe(true);
    expect(deepEqual({ a: 1 }, { a: 1, b: 2 })).toBe(false);
    expect(deepEqual({ a: 1, b: 2 }, { a: 1 })).toBe(false);
    expect(deepEqual({ a: 1, b: undefined } as unknown as JsonObject, { a: 1, c: undefined } as unknown as JsonObject)).toBe(false);
    expect(deepEqual({}, [])).toBe(false);
    expect(deepEqual([], {})).toBe(false);
    expect(deepEqual([1, 2], [2, 1])).toBe(false);
    expect(deepEqual(null, {})).toBe(false);
    expect(deepEqual(undefined, null)).toBe(false);
    expect(deepEqual('1', 1)).toBe(false);
  });

  it('ignores what an object inherits, as Object.keys does', () => {
    const inherited = Object.create({ extra: 1 }) as JsonObject;
    inherited.a = 1;
    expect(deepEqual(inherited, { a: 1 })).toBe(true);
    expect(deepEqual({ a: 1 }, inherited)).toBe(true);
    const parsed = JSON.parse('{"__proto__":{"x":1}}') as JsonObject;
    expect(deepEqual(parsed, JSON.parse('{"__proto__":{"x":1}}') as JsonObject)).toBe(true);
    expect(deepEqual(parsed, {})).toBe(false);
  });
});
