import { describe, expect, it } from 'vitest';
import type { JSONSchemaProps } from '../../src/crd/types.js';
import { compileListTypes, validateListSetsAndMaps } from '../../src/schema/listtype.js';
import type { JsonObject, JsonValue } from '../../src/util/json.js';

const schema: JSONSchemaProps = {
  type: 'object',
  properties: {
    spec: {
      type: 'object',
      properties: {
        plain: { type: 'string' },
        tags: { type: 'array', 'x-kubernetes-list-type': 'set', items: { 'x-kubernetes-preserve-unknown-fields': true } },
        byName: {
          type: 'array',
          'x-kubernetes-list-type': 'map',
          'x-kubernetes-list-map-keys': ['name'],
          items: { type: 'object', 'x-kubernetes-preserve-unknown-fields': true },
        },
        byPair: {
          type: 'array',
          'x-kubernetes-list-type': 'map',
          'x-kubernetes-list-map-keys': ['port', 'protocol'],
          items: { type: 'object', 'x-kubernetes-preserve-unknown-fields': true },
        },
        groups: {
          type: 'object',
          additionalProperties: { type: 'array', 'x-kubernetes-list-type': 'set', items: { type: 'string' } },
        },
      },
    },
  },
};
const plan = compileListTypes(schema);

const fieldsOf = (object: JsonObject): string[] => validateListSetsAndMaps(object, plan).map((e) => `${e.field}: ${e.detail || e.type}`);
const spec = (fields: JsonObject): JsonObject => ({ spec: fields });

// Lists are checked pair by pair when short and through a Set when long: the same
// items followed by enough unique fillers must give the same errors either way.
function bothLengths(items: JsonValue[], filler: (i: number) => JsonValue): JsonValue[][] {
  return [items, [...items, ...Array.from({ length: 40 }, (_, i) => filler(i))]];
}

function duplicatesAt(field: 'tags' | 'byName' | 'byPair', list: JsonValue[]): string[] {
  return validateListSetsAndMaps(spec({ [field]: list }), plan).map((e) => `${e.field} ${JSON.stringify(e.badValue)}`);
}

describe('list-type set and map uniqueness', () => {
  it('compiles no walk for a schema without set or map lists', () => {
    expect(compileListTypes({ type: 'object', properties: { a: { type: 'array', items: { type: 'string' } } } })).toBeUndefined();
    expect(validateListSetsAndMaps({ a: ['x', 'x'] }, undefined)).toEqual([]);
  });

  it('reports only the second occurrence of a set value, telling 1, "1" and true apart', () => {
    for (const list of bothLengths([1, '1', true, 1, 'x', 'x', 'x', null, null, -0, 0], (i) => `f${i}`)) {
      expect(duplicatesAt('tags', list)).toEqual(['spec.tags[3] 1', 'spec.tags[5] "x"', 'spec.tags[8] null', 'spec.tags[10] 0']);
    }
  });

  it('compares object set items by their Go JSON (key order does not matter)', () => {
    for (const list of bothLengths([{ a: 1, b: 2 }, { b: 2, a: 1 }, { a: 1 }, ['x'], ['x']], (i) => ({ i }))) {
      expect(duplicatesAt('tags', list)).toEqual(['spec.tags[1] {"b":2,"a":1}', 'spec.tags[4] ["x"]']);
    }
  });

  it('reports every repeat of a single map key, null items and missing keys included', () => {
    const items: JsonValue[] = [{ name: 'a' }, { name: 'a', x: 1 }, { name: 1 }, { name: '1' }, { other: 1 }, null, { name: 'a' }, { name: { k: 1, j: 2 } }, { name: { j: 2, k: 1 } }];
    for (const list of bothLengths(items, (i) => ({ name: `f${i}` }))) {
      expect(duplicatesAt('byName', list)).toEqual(['spec.byName[1] {"name":"a"}', 'spec.byName[5] {}', 'spec.byName[6] {"name":"a"}', 'spec.byName[8] {"name":{"j":2,"k":1}}']);
    }
  });

  it('keeps the quirk of a string key spelled like an object identity (same answer short or long)', () => {
    const spelled = `\u0000json:{"k":1}`;
    for (const list of bothLengths([{ name: { k: 1 } }, { name: spelled }], (i) => ({ name: `f${i}` }))) {
      expect(duplicatesAt('byName', list)).toEqual([`spec.byName[1] ${JSON.stringify({ name: spelled })}`]);
    }
  });

  it('compares composite map keys key by key, by type and value', () => {
    const items: JsonValue[] = [
      { port: 80, protocol: 'TCP' },
      { port: 80, protocol: 'UDP' },
      { port: '80', protocol: 'TCP' },
      { port: 80, protocol: 'TCP', name: 'again' },
      { port: 80 },
      { port: 80, protocol: null },
      { port: 80 },
      { port: { a: 1, b: 2 }, protocol: 'TCP' },
      { port: { b: 2, a: 1 }, protocol: 'TCP' },
      { port: { a: 1, b: 2 }, protocol: 'TCP' },
    ];
    for (const list of bothLengths(items, (i) => ({ port: i + 1000, protocol: 'TCP' }))) {
      expect(duplicatesAt('byPair', list)).toEqual([
        'spec.byPair[3] {"port":80,"protocol":"TCP"}',
        'spec.byPair[6] {"port":80}',
        'spec.byPair[9] {"port":{"a":1,"b":2},"protocol":"TCP"}',
      ]);
    }
  });

  it('refuses a map list item that is not an object, once per list', () => {
    expect(fieldsOf(spec({ byName: [{ name: 'a' }, 'x', 3] }))).toEqual(['spec.byName[1]: must be an object for an array of list-type map']);
  });

  it('names map values in brackets and skips what is not a list', () => {
    expect(fieldsOf(spec({ plain: 'x', tags: 'not a list', groups: { 'a.b': ['x', 'y', 'x'], c: ['z'] } }))).toEqual(['spec.groups[a.b][2]: FieldValueDuplicate']);
  });
});
