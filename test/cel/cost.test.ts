import { describe, expect, it } from 'vitest';
import { newCostBudget, TIME_LIMIT_MESSAGE } from '../../src/cel/cost.js';
import { compileCel } from '../../src/cel/environment.js';

const list = (n: number): bigint[] => Array.from({ length: n }, (_, i) => BigInt(i));
const program = (expression: string, type = 'list<int>') => compileCel(expression, [{ name: 'self', type }]);

describe('runtime cost limits', () => {
  it.each([
    ['self.all(a, self.all(b, a + b >= 0))'],
    ['self.exists(a, self.exists(b, a + b < 0))'],
    ['self.all(a, self.all(b, self.all(c, a + b + c >= 0)))'],
    ['self.all(a, a in self)'],
    ['self.map(a, self.map(b, b)).size() > 0'],
    ['self.filter(a, self.filter(b, b > a).size() > 0).size() > 0'],
    ['self.all(i, a, self.all(j, b, a + b >= 0))'],
    ['(self.all(a, self.all(b, a + b >= 0))) || true'],
  ])('stops %s over 10,000 items (error absorption cannot hide it)', (expression) => {
    const result = program(expression).evaluate({ self: list(10_000) });
    // The unit limit normally stops it; on a very loaded machine the wall-clock guard may come first.
    expect(result).toMatchObject({ ok: false, costExceeded: true });
    if (!result.ok) expect(result.error).toMatch(/^operation cancelled: (actual cost limit|evaluation time limit) exceeded$/);
  });

  it('charges membership in a dyn list too (admission policies read objects as dyn)', () => {
    const dynRule = compileCel('object.items.all(a, a in object.items)', [{ name: 'object', type: 'dyn' }]);
    expect(dynRule.evaluate({ object: { items: list(10_000) } })).toMatchObject({ ok: false, costExceeded: true });
    expect(dynRule.evaluate({ object: { items: list(10) } })).toMatchObject({ ok: true, value: true });
    expect(compileCel("'a' in object", [{ name: 'object', type: 'dyn' }]).evaluate({ object: { a: 1 } })).toMatchObject({ ok: true, value: true });
  });

  it('lets the same rules finish on realistic sizes', () => {
    expect(program('self.all(a, self.all(b, a + b >= 0))').evaluate({ self: list(100) })).toMatchObject({ ok: true, value: true });
  });

  it('charges a per-request budget across evaluations and stops when it is spent', () => {
    const budget = newCostBudget(2_500);
    const rule = program('self.all(a, a >= 0)');
    const first = rule.evaluate({ self: list(200) }, budget);
    expect(first.ok).toBe(true);
    expect(budget.remaining).toBe(2_500 - first.cost);
    let last = first;
    for (let i = 0; i < 5 && last.ok; i++) last = rule.evaluate({ self: list(200) }, budget);
    expect(last).toMatchObject({ ok: false, costExceeded: true });
  });

  it('honours a custom per-call limit', () => {
    const small = compileCel('self.all(a, a >= 0)', [{ name: 'self', type: 'list<int>' }], { costLimit: 10 });
    expect(small.evaluate({ self: list(100) })).toMatchObject({ ok: false, costExceeded: true });
  });

  it('backs the unit count with a wall-clock guard', () => {
    const guarded = compileCel('self.all(a, a >= 0)', [{ name: 'self', type: 'list<int>' }], { timeLimitMs: 0 });
    expect(guarded.evaluate({ self: list(5_000) })).toMatchObject({ ok: false, error: TIME_LIMIT_MESSAGE, costExceeded: true });
    // Cheap evaluations never read the clock.
    expect(guarded.evaluate({ self: list(10) })).toMatchObject({ ok: true, value: true });
  });

  it('charges regexes by text and pattern size, and runs them in linear time', () => {
    const evil = program("self.matches('^(a+)+$')", 'string');
    const result = evil.evaluate({ self: `${'a'.repeat(50_000)}!` });
    expect(result).toMatchObject({ ok: true, value: false });
    expect(result.cost).toBeGreaterThan(5_000);
  });
});
