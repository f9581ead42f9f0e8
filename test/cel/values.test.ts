import { describe, expect, it } from 'vitest';
import { compileCel, fromCelValue, toCelValue } from '../../src/cel/environment.js';
import type { JsonValue } from '../../src/util/json.js';

// A review decoded with JSON.parse can carry a `__proto__` key: it must stay data.
const hostile = (): JsonValue => JSON.parse('{"__proto__": {"polluted": 1, "items": [2]}, "spec": {"replicas": 3, "name": "x"}, "labels": {"a": "b"}}') as JsonValue;

describe('toCelValue / fromCelValue', () => {
  it('converts integers to int and shares containers without integers', () => {
    const json = hostile() as Record<string, JsonValue>;
    const cel = toCelValue(json) as Record<string, unknown>;
    expect(cel.spec).toEqual({ replicas: 3n, name: 'x' });
    expect(cel.labels).toBe(json.labels);
    expect(toCelValue([1.5, 'a', 2])).toEqual([1.5, 'a', 2n]);
  });

  it('keeps a __proto__ key as an own property, never as the prototype', () => {
    const cel = toCelValue(hostile()) as Record<string, unknown>;
    expect(Object.getPrototypeOf(cel)).toBe(Object.prototype);
    expect(Object.keys(cel)).toEqual(['__proto__', 'spec', 'labels']);
    expect((cel as { polluted?: unknown }).polluted).toBeUndefined();
    expect(Object.getOwnPropertyDescriptor(cel, '__proto__')?.value).toEqual({ polluted: 1n, items: [2n] });
    // The same when the key comes after the first converted value.
    const late = toCelValue(JSON.parse('{"n": 1, "__proto__": {"x": 2}}') as JsonValue) as Record<string, unknown>;
    expect(Object.getPrototypeOf(late)).toBe(Object.prototype);
    expect(Object.getOwnPropertyDescriptor(late, '__proto__')?.value).toEqual({ x: 2n });
  });

  it('evaluates a request object with a __proto__ key as data', () => {
    const program = compileCel("'__proto__' in object && object['__proto__'].polluted == 1 && !has(object.polluted) && object.spec.replicas == 3", [{ name: 'object', type: 'dyn' }]);
    expect(program.evaluate({ object: toCelValue(hostile()) })).toMatchObject({ ok: true, value: true });
  });

  it('converts a CEL map with a __proto__ key back to JSON as data', () => {
    const json = fromCelValue(new Map<string, unknown>([['__proto__', { x: 1n }], ['n', 2n]])) as Record<string, JsonValue>;
    expect(Object.getPrototypeOf(json)).toBe(Object.prototype);
    expect(Object.keys(json)).toEqual(['__proto__', 'n']);
    expect(Object.getOwnPropertyDescriptor(json, '__proto__')?.value).toEqual({ x: 1 });
    const plain = fromCelValue(toCelValue(hostile())) as Record<string, JsonValue>;
    expect(Object.getPrototypeOf(plain)).toBe(Object.prototype);
    expect(Object.getOwnPropertyDescriptor(plain, '__proto__')?.value).toEqual({ polluted: 1, items: [2] });
  });

  it('takes only own keys when Object.prototype has enumerable ones (the for-in walk must not see them)', () => {
    const json = JSON.parse('{"a": {"n": 1, "s": "x"}, "b": ["y", 2], "c": {"s": "z"}}') as JsonValue;
    const expected = { a: { n: 1n, s: 'x' }, b: ['y', 2n], c: { s: 'z' } };
    expect(toCelValue(json)).toEqual(expected);
    Object.defineProperty(Object.prototype, 'injected', { value: 7, enumerable: true, configurable: true, writable: true });
    try {
      const cel = toCelValue(json) as Record<string, Record<string, unknown>>;
      expect(Object.keys(cel)).toEqual(['a', 'b', 'c']);
      expect(Object.keys(cel.a ?? {})).toEqual(['n', 's']);
      expect(Object.hasOwn(cel, 'injected') || Object.hasOwn(cel.a ?? {}, 'injected')).toBe(false);
    } finally {
      delete (Object.prototype as Record<string, unknown>).injected;
    }
    expect(toCelValue(json)).toEqual(expected);
  });
});
