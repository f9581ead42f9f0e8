import { describe, expect, it } from 'vitest';
import { forbidden, OMIT_VALUE } from '../../src/admission/field-error.js';
import { checkOutcome } from '../../src/rules/outcome.js';

describe('checkOutcome', () => {
  it.each([[undefined], [null], [[]], [{}]])('reads %j as no finding', (outcome) => {
    expect(checkOutcome(outcome)).toEqual({ errors: [], warnings: [] });
  });

  it('accepts a list of field errors and {errors, warnings}', () => {
    const error = forbidden('spec.replicas', 'no');
    expect(checkOutcome([error])).toEqual({ errors: [error], warnings: [] });
    expect(checkOutcome({ errors: [error], warnings: ['careful'] })).toEqual({ errors: [error], warnings: ['careful'] });
  });

  it('accepts a field error written by hand, without a bad value', () => {
    const outcome = [{ type: 'FieldValueRequired', field: 'spec.owner' }];
    expect(checkOutcome(outcome).errors).toEqual([
      { type: 'FieldValueRequired', field: 'spec.owner', badValue: OMIT_VALUE, detail: '' },
    ]);
  });

  it.each<[unknown, string]>([
    [true, 'validate returned boolean; expected field errors, {errors, warnings} or nothing'],
    [{ error: [] }, 'validate returned an object with unknown field "error"'],
    [{ errors: 'bad' }, 'validate returned errors that are not a list'],
    [{ warnings: [1] }, 'validate returned warnings that are not a list of strings'],
    [['spec.replicas is wrong'], 'validate returned an error at index 0 that is not an object'],
    [[{ type: 'Invalid', field: 'spec' }], 'validate returned an error at index 0 that has an unknown type "Invalid"'],
    [[{ type: 'FieldValueInvalid' }], 'validate returned an error at index 0 that has no field path'],
  ])('refuses %j', (outcome, message) => {
    expect(() => checkOutcome(outcome)).toThrow(message);
  });
});
