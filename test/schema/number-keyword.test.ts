import { describe, expect, it } from 'vitest';
import { compileSchema } from '../../src/schema/validator.js';

// The number keyword is generated ajv code: its errors must read the same everywhere a number can
// sit, including under junctors (where ajv stops at the first error) and in array items.
const schema = compileSchema({
  type: 'object',
  properties: {
    a: { type: 'integer', minimum: 1, maximum: 10, multipleOf: 3 },
    n: { type: 'object', not: { type: 'object', properties: { x: { type: 'integer', minimum: 5 } } } },
    o: { 'x-kubernetes-int-or-string': true, anyOf: [{ type: 'integer', maximum: 2 }, { type: 'integer', minimum: 10 }] },
    l: { type: 'array', items: { type: 'number', exclusiveMaximum: true, maximum: 1.5 } },
  },
});

const errorsOf = (value: Parameters<typeof schema.validate>[0]): string[] => schema.validate(value).map((e) => `${e.error.field}: ${e.error.detail}`);

describe('the kube-openapi number keyword', () => {
  it('accepts numbers within every bound', () => {
    expect(errorsOf({ a: 3, n: { x: 1 }, o: 1, l: [] })).toEqual([]);
  });

  it('reports bounds and factors in kube-openapi order, integers against truncated bounds', () => {
    expect(errorsOf({ a: 0, n: { x: 6 }, o: 5, l: [1, 1.5, 2] })).toEqual([
      'a: a in body should be greater than or equal to 1',
      '<nil>: "n" must not validate the schema (not)',
      '<nil>: "o" must validate at least one schema (anyOf)',
      'o: o in body should be less than or equal to 2',
      'l[0]: l[0] in body should be less than 1',
      'l[1]: l[1] in body should be less than 1.5',
      'l[2]: l[2] in body should be less than 1',
    ]);
    expect(errorsOf({ a: 11, o: 'x' })).toEqual([
      'a: a in body should be a multiple of 3',
      'a: a in body should be less than or equal to 10',
      '<nil>: "o" must validate at least one schema (anyOf)',
      'o: o in body must be of type integer: "string"',
    ]);
  });
});
