import { describe, expect, it } from 'vitest';
import { duplicate, errorText, invalid, notSupported, tooMany } from '../../src/admission/field-error.js';
import { compileValueValidator, validateValue } from '../../src/schema/validator.js';
import { goFloat } from '../../src/util/go-format.js';

describe('field error rendering as apimachinery prints it', () => {
  it('prints numbers with Go %v, strings with %q and anything else as Go JSON', () => {
    expect(errorText(invalid('spec.x', 1.5e6 + 0.5, 'd'))).toBe('spec.x: Invalid value: 1.5000005e+06: d');
    expect(errorText(invalid('spec.x', 42, 'd'))).toBe('spec.x: Invalid value: 42: d');
    expect(errorText(invalid('spec.x', 'tab\there', 'd'))).toBe('spec.x: Invalid value: "tab\\there": d');
    expect(errorText(duplicate('spec.ports[1]', { protocol: 'TCP', name: '<http>' }))).toBe(
      'spec.ports[1]: Duplicate value: {"name":"\\u003chttp\\u003e","protocol":"TCP"}',
    );
    expect(errorText(invalid('spec.x', null, 'd'))).toBe('spec.x: Invalid value: null: d');
  });

  it('quotes every supported value, JSON text for non-strings', () => {
    expect(errorText(notSupported('spec.mode', 4, ['a', 1, true]))).toBe('spec.mode: Unsupported value: 4: supported values: "a", "1", "true"');
  });

  it('says item or items as field.TooMany does', () => {
    expect(errorText(tooMany('spec.list', 2, 1))).toBe('spec.list: Too many: 2: must have at most 1 item');
  });

  it('prints float bounds as Go does', () => {
    expect([goFloat(1e6), goFloat(123456), goFloat(0.0001), goFloat(0.00001), goFloat(2.5)]).toEqual(['1e+06', '123456', '0.0001', '1e-05', '2.5']);
  });
});

describe('compileValueValidator', () => {
  it('validates a value against a sub-schema with paths under the given prefix', () => {
    const check = compileValueValidator({ type: 'object', properties: { replicas: { type: 'integer', maximum: 3 } }, required: ['image'] });
    const prefix = 'spec.versions[0].schema.openAPIV3Schema.properties.spec.default';
    expect(check({ replicas: 5 }, prefix).map(errorText)).toEqual([
      `${prefix}.replicas: Invalid value: 5: replicas in body should be less than or equal to 3`,
      `${prefix}.image: Required value`,
    ]);
    expect(check({ image: 'nginx', replicas: 2 })).toEqual([]);
  });
});

describe('anyOf and oneOf failures', () => {
  it('report the junctor error, then the errors of the branch that matched best', () => {
    const check = compileValueValidator({
      type: 'object',
      properties: { limit: { 'x-kubernetes-int-or-string': true, anyOf: [{ type: 'string', minLength: 5 }, { type: 'integer', minimum: 3 }] } },
    });
    expect(check({ limit: 1 }).map(errorText)).toEqual([
      '<nil>: Invalid value: "": "limit" must validate at least one schema (anyOf)',
      'limit: Invalid value: 1: limit in body should be greater than or equal to 3',
    ]);
    expect(check({ limit: 'abc' }).map(errorText)).toEqual([
      '<nil>: Invalid value: "": "limit" must validate at least one schema (anyOf)',
      'limit: Invalid value: "abc": limit in body should be at least 5 chars long',
    ]);
  });
});

describe('pattern', () => {
  it('matches with RE2: a pattern that backtracks exponentially in ECMAScript answers at once on a long string', () => {
    const check = compileValueValidator({ type: 'object', properties: { name: { type: 'string', pattern: '^(a+)+$' } } });
    const text = `${'a'.repeat(100_000)}!`;
    expect(check({ name: text }).map((e) => e.detail)).toEqual(["name in body should match '^(a+)+$'"]);
  });
});

describe('validateValue', () => {
  it('checks a default against its own schema, compiling each schema once', () => {
    const schema = { type: 'string', enum: ['Always', 'Never'] };
    const path = 'spec.versions[0].schema.openAPIV3Schema.properties.spec.properties.policy.default';
    expect(validateValue('Sometimes', schema, path).map(errorText)).toEqual([
      `${path}: Unsupported value: "Sometimes": supported values: "Always", "Never"`,
    ]);
    expect(validateValue('Always', schema, path)).toEqual([]);
  });
});
