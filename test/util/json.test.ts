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
