import { describe, expect, it } from 'vitest';
import type { JSONSchemaProps } from '../../src/crd/types.js';
import { correlate, correlatedOldValue, isRatcheted, nodeAt } from '../../src/schema/correlation.js';
import type { JsonObject } from '../../src/util/json.js';

const schema: JSONSchemaProps = {
  type: 'object',
  properties: {
    apiVersion: { type: 'string' },
    kind: { type: 'string' },
    spec: {
      type: 'object',
      properties: {
        replicas: { type: 'integer' },
        ports: {
          type: 'array',
          'x-kubernetes-list-type': 'map',
          'x-kubernetes-list-map-keys': ['name', 'protocol'],
          items: { type: 'object', properties: { name: { type: 'string' }, protocol: { type: 'string' }, port: { type: 'integer' } } },
        },
        hosts: { type: 'array', 'x-kubernetes-list-type': 'set', items: { type: 'string' } },
        extra: { type: 'object', 'x-kubernetes-preserve-unknown-fields': true },
      },
    },
  },
};

const old: JsonObject = {
  apiVersion: 'example.com/v1',
  kind: 'Widget',
  spec: {
    replicas: 3,
    ports: [{ name: 'http', protocol: 'TCP', port: 80 }, { name: 'dns', protocol: 'UDP', port: 53 }],
    hosts: ['a', 'b'],
    extra: { free: 'form' },
  },
};

describe('correlation of old and new objects', () => {
  const updated: JsonObject = {
    ...old,
    spec: {
      replicas: 4,
      ports: [{ name: 'dns', protocol: 'UDP', port: 53 }, { name: 'http', protocol: 'TCP', port: 8080 }, { name: 'new', protocol: 'TCP', port: 1 }],
      hosts: ['b', 'a'],
      extra: { free: 'form' },
    },
  };
  const root = correlate(updated, old, schema);

  it('correlates properties by key and map-list items by their keys, whatever their order', () => {
    expect(correlatedOldValue(root, ['spec', 'replicas'])).toBe(3);
    expect(correlatedOldValue(root, ['spec', 'ports', 0])).toEqual({ name: 'dns', protocol: 'UDP', port: 53 });
    expect(correlatedOldValue(root, ['spec', 'ports', 1, 'port'])).toBe(80);
    expect(nodeAt(root, ['spec', 'ports', 2])).toBeUndefined();
  });

  it('never correlates set items one by one', () => {
    expect(nodeAt(root, ['spec', 'hosts', 0])).toBeUndefined();
    expect(nodeAt(root, ['spec', 'hosts'])?.deepEqual()).toBe(false);
  });

  it('ratchets an error where some correlated node on its path is unchanged', () => {
    expect(isRatcheted(root, ['spec', 'ports', 0, 'port'])).toBe(true);
    expect(isRatcheted(root, ['spec', 'ports', 1, 'port'])).toBe(false);
    expect(isRatcheted(root, ['spec', 'ports', 2, 'port'])).toBe(false);
    expect(isRatcheted(root, ['spec', 'replicas'])).toBe(false);
  });

  it('treats objects with fields outside the schema as changed (they cannot correlate)', () => {
    expect(nodeAt(root, ['spec', 'extra'])?.deepEqual()).toBe(false);
  });

  it('never ratchets the root apiVersion and kind by themselves (only an unchanged root would)', () => {
    const same = correlate(old, old, schema);
    expect(isRatcheted(same, ['kind'])).toBe(false);
    expect(isRatcheted(same, ['spec', 'replicas'])).toBe(true);
  });
});

describe('correlation of map-list items by a single key', () => {
  const listSchema: JSONSchemaProps = {
    type: 'object',
    properties: {
      items: {
        type: 'array',
        'x-kubernetes-list-type': 'map',
        'x-kubernetes-list-map-keys': ['name'],
        items: { type: 'object', properties: { name: { 'x-kubernetes-int-or-string': true }, v: { type: 'integer' } } },
      },
    },
  };
  const oldItems: JsonObject[] = [{ name: '1', v: 1 }, { name: 1, v: 2 }, { name: true, v: 3 }, { v: 4 }, { name: null, v: 5 }, { name: '[{"missing":true}]', v: 6 }, { name: 1, v: 7 }];
  const newItems: JsonObject[] = [{ name: true }, { name: 1 }, { name: '1' }, { name: null }, { v: 0 }, { name: 'true' }, { name: '[{"missing":true}]' }];
  const root = correlate({ items: newItems }, { items: oldItems }, listSchema);

  it('tells 1, "1" and true apart, keeps the first old item of a key, and never mistakes a key for a missing one', () => {
    expect(newItems.map((_, i) => correlatedOldValue(root, ['items', i]))).toEqual([
      { name: true, v: 3 },
      { name: 1, v: 2 },
      { name: '1', v: 1 },
      { name: null, v: 5 },
      { v: 4 },
      undefined,
      { name: '[{"missing":true}]', v: 6 },
    ]);
  });
});
