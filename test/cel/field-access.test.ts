import { describe, expect, it } from 'vitest';
import type { JSONSchemaProps } from '../../src/crd/types.js';
import { compileCel } from '../../src/cel/environment.js';
import type { CelEvaluation } from '../../src/cel/environment.js';
import { schemaTypes } from '../../src/cel/schema-types.js';
import type { JsonValue } from '../../src/util/json.js';

// Field and variable reads on schema objects take a fast path once a value of
// the same class passed the engine's checks at that node. Every case the fast
// path must not take (absent field, mistyped value, another class) must still
// give the engine's own answer, also after the fast path has been taken.
const schema: JSONSchemaProps = {
  type: 'object',
  properties: {
    replicas: { type: 'integer' },
    mode: { type: 'string', default: 'a' },
    child: { type: 'object', properties: { n: { type: 'integer' } } },
    items: { type: 'array', items: { type: 'object', properties: { n: { type: 'integer' } } } },
  },
};
const types = schemaTypes(schema, 'Thing');
const type = types.typeOf(schema)!;

function program(expression: string): (self: unknown) => Omit<CelEvaluation, 'cost'> {
  const compiled = compileCel(expression, [{ name: 'self', type: type.typeName }], { environment: types.environment });
  return (self) => {
    const { cost: _cost, ...rest } = compiled.evaluate({ self });
    return rest;
  };
}
const object = (json: JsonValue): unknown => type.convert(json);

describe('fast reads of schema-object fields and variables', () => {
  it('falls back to the engine for absent, defaulted and mistyped fields, before and after a fast read', () => {
    const replicas = program('self.replicas == 3');
    for (let round = 0; round < 3; round++) {
      expect(replicas(object({ replicas: 3 }))).toEqual({ ok: true, value: true });
      expect(replicas(object({ replicas: 'x' }))).toEqual({ ok: false, error: "Field 'replicas' is not of type 'int', got 'string'" });
      expect(replicas(object({}))).toEqual({ ok: false, error: 'no such key: replicas' });
      expect(replicas(object({ replicas: null }))).toEqual({ ok: false, error: 'no such key: replicas' });
    }
    const mode = program("self.mode == 'a'");
    expect(mode(object({}))).toEqual({ ok: true, value: true });
    expect(mode(object({ mode: 'b' }))).toEqual({ ok: true, value: false });
  });

  it('checks the class of nested objects like the engine', () => {
    const nested = program('self.child.n == 1');
    for (let round = 0; round < 3; round++) {
      expect(nested(object({ child: { n: 1 } }))).toEqual({ ok: true, value: true });
      expect(nested(object({ child: 'text' }))).toEqual({ ok: false, error: "Field 'child' is not of type 'Thing.child', got 'string'" });
      expect(nested(object({ child: [1] }))).toEqual({ ok: false, error: "Field 'child' is not of type 'Thing.child', got 'list<dyn>'" });
    }
    expect(program('has(self.child)')(object({}))).toEqual({ ok: true, value: false });
    expect(program('self.items.all(i, i.n > 0)')(object({ items: [{ n: 1 }, { n: 2 }] }))).toEqual({ ok: true, value: true });
    expect(program('self.items.exists(i, i.n > 5)')(object({ items: [{ n: 1 }, {}] }))).toEqual({ ok: false, error: 'no such key: n' });
  });

  it('type-checks a variable that is not a schema object, after one that was', () => {
    const replicas = program('self.replicas == 3');
    expect(replicas(object({ replicas: 3 }))).toEqual({ ok: true, value: true });
    expect(replicas({ replicas: 3n })).toEqual({ ok: false, error: "Variable 'self' is not of type 'Thing', got 'map<dyn, dyn>'" });
    expect(replicas(new Map([['replicas', 3n]]))).toMatchObject({ ok: false });
    expect(replicas(object({ replicas: 3 }))).toEqual({ ok: true, value: true });
  });
});
