import { describe, expect, it } from 'vitest';
import { newCostBudget } from '../../src/cel/cost.js';
import { evaluateMessage, ruleErrorString, ruleMessageOrDefault } from '../../src/cel/crd-rules/messages.js';
import { compileCel } from '../../src/cel/environment.js';

const message = (expression: string) => evaluateMessage(compileCel(expression, [{ name: 'self', type: 'string' }]), { self: 'x' }, newCostBudget());

describe('messageExpression', () => {
  it('uses the evaluated message', () => expect(message("'bad value ' + self")).toEqual({ kind: 'ok', text: 'bad value x' }));
  it.each([
    ["''", 'messageExpression should evaluate to a non-empty string'],
    ["'   '", 'messageExpression should evaluate to a non-empty string'],
    ["'a\\nb'", 'messageExpression should not contain line breaks'],
  ])('falls back to message for %s', (expression, reason) => {
    expect(message(expression)).toEqual({ kind: 'fallback', reason });
  });
  it('falls back when the result is longer than 5 KiB', () => {
    const long = compileCel("self.replace('x', 'xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx')", [{ name: 'self', type: 'string' }]);
    const outcome = evaluateMessage(long, { self: 'x'.repeat(60) }, newCostBudget());
    expect(outcome).toEqual({ kind: 'fallback', reason: 'messageExpression beyond allowable length of 5120' });
  });
  it('falls back on a runtime error', () => expect(message("'n=' + string(1 / 0)")).toMatchObject({ kind: 'fallback' }));
});

describe('rule messages', () => {
  it('defaults to failed rule: <rule>', () => expect(ruleMessageOrDefault({ rule: ' self > 0 ' })).toBe('failed rule: self > 0'));
  it('trims a given message', () => expect(ruleMessageOrDefault({ rule: 'self > 0', message: ' must be positive ' })).toBe('must be positive'));
  it('names a rule by its message, else its expression', () => {
    expect(ruleErrorString({ rule: 'self > 0', message: 'm' })).toBe('m');
    expect(ruleErrorString({ rule: 'self > 0' })).toBe('self > 0');
  });
});
