import { describe, expect, it } from 'vitest';
import type { RuleDefinition } from '../../src/rules/api.js';
import { defineRule, isRule } from '../../src/rules/api.js';

const validate = (): undefined => undefined;

describe('defineRule', () => {
  it('returns a frozen rule the loader recognises', () => {
    const rule = defineRule({ name: 'ok', match: { kinds: ['WebApp'], operations: ['*'] }, validate });
    expect(isRule(rule)).toBe(true);
    expect(Object.isFrozen(rule)).toBe(true);
    expect(isRule({ name: 'ok', match: {}, validate })).toBe(false);
  });

  it('accepts a predicate as match', () => {
    expect(isRule(defineRule({ name: 'predicate', match: (request) => request.namespace === 'shop', validate }))).toBe(true);
  });

  it.each<[string, unknown]>([
    ['name must be a non-empty string', { name: ' ', match: {}, validate }],
    ['unknown field "validator"', { name: 'typo', match: {}, validator: validate }],
    ['rule "v": validate must be a function', { name: 'v', match: {} }],
    ['rule "m": match must be an object or a function', { name: 'm', match: 'WebApp', validate }],
    ['rule "k": unknown match field "kind"', { name: 'k', match: { kind: ['WebApp'] }, validate }],
    ['rule "s": match.kinds must be a list of non-empty strings', { name: 's', match: { kinds: 'WebApp' }, validate }],
    ['rule "o": match.operations: unsupported operation "PATCH"', { name: 'o', match: { operations: ['PATCH'] }, validate }],
    ['rule "d": description must be a string', { name: 'd', description: 1, match: {}, validate }],
    [
      'rule "a": validate must be synchronous (rules run inside the synchronous validation pipeline)',
      { name: 'a', match: {}, validate: async () => [] },
    ],
  ])('refuses a definition: %s', (problem, definition) => {
    expect(() => defineRule(definition as RuleDefinition)).toThrow(new TypeError(`defineRule: ${problem}`));
  });
});
