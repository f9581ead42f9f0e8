import { describe, expect, it } from 'vitest';
import { compileCel, fromCelValue } from '../../src/cel/environment.js';
import { objectReferences, rewriteMutationExpression, usesIdentifier } from '../../src/policy/cel-source.js';

describe('policy expression sources', () => {
  it('rewrites JSONPatch literals and jsonpatch.escapeKey for the CEL engine', () => {
    const source = '[JSONPatch{op: "add", path: "/a/" + jsonpatch.escapeKey(k), value: {"x": [1, 2]}}, JSONPatch{op: "remove", path: "/b"}]';
    const program = compileCel(rewriteMutationExpression(source), [{ name: 'k', type: 'string' }]);
    expect(fromCelValue((program.evaluate({ k: 'example.com/a~b' }) as { value: unknown }).value)).toEqual([
      { op: 'add', path: '/a/example.com~1a~0b', value: { x: [1, 2] } },
      { op: 'remove', path: '/b' },
    ]);
  });

  it('leaves strings that look like code alone', () => {
    expect(rewriteMutationExpression("'JSONPatch{op: 1}'")).toBe("'JSONPatch{op: 1}'");
  });

  it('finds the object fields an expression reads', () => {
    expect(objectReferences("object.spec.replicas <= 5 && object.metadata.?labels['app'].orValue('') != '' && object.spec.image.startsWith('r')")).toEqual([
      ['spec', 'replicas'],
      ['metadata', 'labels', 'app'],
      ['spec', 'image'],
    ]);
    expect(objectReferences('size(object) > 0')).toEqual([[]]);
  });

  it('tells a variable from a field of the same name', () => {
    expect(usesIdentifier('object.spec.authorizer == 1', 'authorizer')).toBe(false);
    expect(usesIdentifier("authorizer.path('/x').check('get').allowed()", 'authorizer')).toBe(true);
  });
});
