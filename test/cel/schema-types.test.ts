import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import type { JSONSchemaProps } from '../../src/crd/types.js';
import { compileCel, fromCelValue } from '../../src/cel/environment.js';
import { escapeProperty, unescapeProperty } from '../../src/cel/escaping.js';
import { schemaTypes } from '../../src/cel/schema-types.js';
import type { JsonObject } from '../../src/util/json.js';

const schema = parse(readFileSync(new URL('../fixtures/cel/typed-schema.yaml', import.meta.url), 'utf8')) as JSONSchemaProps;
const types = schemaTypes(schema, 'Widget');
const root = types.typeOf(schema)!;

const object: JsonObject = {
  apiVersion: 'example.com/v1',
  kind: 'Widget',
  metadata: { name: 'w1', generateName: 'w-', namespace: 'default', labels: { a: 'b' } },
  spec: {
    replicas: 3, ratio: 0.5, enabled: true, port: 'http', created: '2024-05-01T10:00:00Z', day: '2024-05-01', timeout: '1m30s', payload: 'aGVsbG8=',
    'foo-bar': 'fb', 'a.b': 'ab', 'c/d': 'cd', x__y: 'xy', namespace: 'ns', if: 'kw', '1st': 'hidden', entries: 'e', equals: 'q', constructor: 'c',
    extra: { unknown: 1 }, anything: { z: 1 }, hosts: ['a', 'b'], ports: [{ name: 'http', port: 80 }, { name: 'https', port: 443 }], args: ['x', 'y'], labels: { team: 'x' },
    template: { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p', labels: { x: 'y' } }, spec: { containers: [] } },
  },
};
const self = root.convert(object);

function run(expression: string): unknown {
  const program = compileCel(expression, [{ name: 'self', type: root.typeName }], { environment: types.environment });
  const result = program.evaluate({ self });
  return result.ok ? result.value : `error: ${result.error}`;
}

function compileError(expression: string): string {
  try {
    compileCel(expression, [{ name: 'self', type: root.typeName }], { environment: types.environment });
    return 'compiled';
  } catch (error) {
    return (error as Error).message;
  }
}

describe('property-name escaping (escaping.go)', () => {
  it.each([
    ['foo-bar', 'foo__dash__bar'], ['a.b', 'a__dot__b'], ['c/d', 'c__slash__d'], ['x__y', 'x__underscores__y'], ['namespace', '__namespace__'], ['if', '__if__'], ['plain', 'plain'],
  ])('%s is %s and back', (name, escaped) => {
    expect(escapeProperty(name)).toBe(escaped);
    expect(unescapeProperty(escaped)).toBe(name);
  });
  it.each(['1st', 'a b', 'ü', ''])('%j is not accessible', (name) => expect(escapeProperty(name)).toBeUndefined());

  it('exposes escaped properties to rules and hides the others', () => {
    expect(run("self.spec.foo__dash__bar + self.spec.a__dot__b + self.spec.c__slash__d + self.spec.x__underscores__y == 'fbabcdxy'")).toBe(true);
    expect(run("self.spec.__namespace__ == 'ns' && self.spec.__if__ == 'kw'")).toBe(true);
    expect(compileError('self.spec.anything.z == 1')).toContain('No such key: anything');
    // Properties named like object internals stay ordinary fields; `constructor` cannot be one.
    expect(run("self.spec.entries == 'e' && self.spec.equals == 'q' && self.spec == self.spec")).toBe(true);
    expect(compileError("self.spec.constructor == 'c'")).toContain('No such key: constructor');
  });
});

describe('OpenAPI → CEL types (SchemaDeclType)', () => {
  it.each([
    ['self.spec.replicas + 1 == 4', true],
    ['type(self.spec.replicas) == int', true],
    ['self.spec.ratio * 2.0 == 1.0', true],
    ['self.spec.enabled', true],
    ["type(self.spec.port) == string && self.spec.port == 'http'", true],
    ["self.spec.created == timestamp('2024-05-01T10:00:00Z')", true],
    ["self.spec.day < self.spec.created", true],
    ["self.spec.timeout == duration('90s')", true],
    ["self.spec.payload == b'hello'", true],
    ["self.spec.labels['team'] == 'x' && 'team' in self.spec.labels", true],
    ["self.spec.ports.exists(p, p.name == 'https' && p.port == 443)", true],
    // The root and embedded resources show apiVersion, kind, metadata.name and generateName only.
    ["self.apiVersion == 'example.com/v1' && self.kind == 'Widget' && self.metadata.name == 'w1' && self.metadata.generateName == 'w-'", true],
    ["self.spec.template.kind == 'Pod' && self.spec.template.metadata.name == 'p'", true],
    // The apiserver defaults before CEL: an absent field reads as its schema default.
    ['has(self.spec.minReplicas) && self.spec.minReplicas == 1', true],
  ])('%s', (expression, expected) => expect(run(expression)).toBe(expected));

  it('compares objects structurally and converts them back to JSON', () => {
    const other = root.convert(JSON.parse(JSON.stringify(object)));
    const program = compileCel('self == other && self.spec.ports[0] != other.spec.ports[1]', [
      { name: 'self', type: root.typeName },
      { name: 'other', type: root.typeName },
    ], { environment: types.environment });
    expect(program.evaluate({ self, other })).toMatchObject({ ok: true, value: true });
    const labels = compileCel('self.spec', [{ name: 'self', type: root.typeName }], { environment: types.environment }).evaluate({ self });
    expect(labels.ok && fromCelValue(labels.value)).toMatchObject({ 'foo-bar': 'fb', 'a.b': 'ab', namespace: 'ns', replicas: 3, minReplicas: 1 });
  });

  it('checks fields at compile time, not only at run time', () => {
    expect(compileError('self.spec.replicaz > 0')).toContain('No such key: replicaz');
    expect(compileError("self.spec.replicas + 'a' > 0")).toContain('no such overload');
    expect(compileError("self.metadata.labels['a'] == 'b'")).toContain('No such key: labels');
    expect(compileError('self.spec.extra.unknown == 1')).toContain('No such key: unknown');
    expect(compileError('self.spec.template.spec.containers.size() == 0')).toContain('No such key: spec');
  });

  it('compares set lists without order and merges map lists by key on +', () => {
    expect(run("self.spec.hosts == ['b', 'a']")).toBe(true);
    expect(run("self.spec.args == ['y', 'x']")).toBe(false);
    expect(run("self.spec.hosts + ['b', 'c'] == ['a', 'b', 'c']")).toBe(true);
    expect(run('(self.spec.ports + self.spec.ports).size() == 2')).toBe(true);
    expect(run('(self.spec.args + self.spec.args).size() == 4')).toBe(true);
  });
});
