import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfiguration } from '../../src/config/load.js';
import { admit } from '../../src/pipeline/admit.js';
import type { JsonObject } from '../../src/util/json.js';
import { customResourceRequest } from '../helpers/requests.js';

// The validator derives paths and ratcheting correlations only when a rule fails: these
// pin both for positions below map-list items and map values, with and without oldSelf.
const limited = (rule: string, required: string[] = []): JsonObject => ({
  type: 'object',
  'x-kubernetes-validations': [{ rule, message: 'over the limit' }],
  required,
  properties: { name: { type: 'string' }, max: { type: 'integer' }, tags: { type: 'array', items: { type: 'string' } } },
});

const CRD: JsonObject = {
  apiVersion: 'apiextensions.k8s.io/v1',
  kind: 'CustomResourceDefinition',
  metadata: { name: 'widgets.walk.example.com' },
  spec: {
    group: 'walk.example.com',
    scope: 'Namespaced',
    names: { plural: 'widgets', singular: 'widget', kind: 'Widget' },
    versions: [{
      name: 'v1', served: true, storage: true,
      schema: { openAPIV3Schema: {
        type: 'object',
        properties: {
          spec: {
            type: 'object',
            properties: {
              items: { type: 'array', 'x-kubernetes-list-type': 'map', 'x-kubernetes-list-map-keys': ['name'], items: limited('self.max <= 10', ['name']) },
              quotas: { type: 'object', additionalProperties: limited('self.max <= 100') },
              growing: {
                type: 'object',
                additionalProperties: {
                  type: 'object',
                  'x-kubernetes-validations': [
                    { rule: 'self.max >= oldSelf.max', message: 'max may not shrink' },
                    { rule: 'self.max <= 1000', message: 'max is at most 1000' },
                  ],
                  properties: { max: { type: 'integer' } },
                },
              },
            },
          },
        },
      } },
    }],
  },
};

const dir = mkdtempSync(join(tmpdir(), 'crd-rules-ratcheting-'));
writeFileSync(join(dir, 'widgets.yaml'), JSON.stringify(CRD));
const config = await loadConfiguration({ crdPaths: [dir], policyPaths: [] });

const widget = (spec: JsonObject): JsonObject => ({ apiVersion: 'walk.example.com/v1', kind: 'Widget', metadata: { name: 'w', namespace: 'default' }, spec });

function outcome(spec: JsonObject, oldSpec?: JsonObject): { errors: string[]; warnings: readonly string[] } {
  const request = customResourceRequest({ group: 'walk.example.com', version: 'v1', kind: 'Widget' }, 'widgets', widget(spec), oldSpec ? widget(oldSpec) : null);
  const decision = admit(request, 'validate', config);
  return { errors: (decision.status?.details?.causes ?? []).map((c) => `${c.field ?? ''}: ${c.message}`), warnings: decision.warnings };
}

describe('x-kubernetes-validations paths and ratcheting below lists and maps', () => {
  it('names map-list items by index and map values by key', () => {
    expect(outcome({ items: [{ name: 'a', max: 1 }, { name: 'b', max: 11 }], quotas: { 'team-a': { max: 101 } } }).errors).toEqual([
      'spec.items[1]: Invalid value: "object": over the limit',
      'spec.quotas[team-a]: Invalid value: "object": over the limit',
    ]);
  });

  it('ratchets an unchanged map-list item found by key, not a changed one', () => {
    const old = { items: [{ name: 'a', max: 20 }, { name: 'b', max: 30 }] };
    const { errors, warnings } = outcome({ items: [{ name: 'c', max: 1 }, { name: 'b', max: 31 }, { name: 'a', max: 20 }] }, old);
    expect(errors).toEqual(['spec.items[1]: Invalid value: "object": over the limit']);
    expect(warnings).toEqual(['spec.items[2]: Invalid value: "object": over the limit']);
  });

  it('does not ratchet an item whose nested list changed, nor a new item', () => {
    const old = { items: [{ name: 'a', max: 20, tags: ['x'] }] };
    expect(outcome({ items: [{ name: 'a', max: 20, tags: ['x', 'y'] }, { name: 'd', max: 40 }] }, old)).toEqual({
      errors: ['spec.items[0]: Invalid value: "object": over the limit', 'spec.items[1]: Invalid value: "object": over the limit'],
      warnings: [],
    });
  });

  it('ratchets an unchanged map value by key and reports a changed one', () => {
    const old = { quotas: { x: { max: 200 }, y: { max: 300 } } };
    expect(outcome({ quotas: { y: { max: 300 }, x: { max: 201 } } }, old)).toEqual({
      errors: ['spec.quotas[x]: Invalid value: "object": over the limit'],
      warnings: ['spec.quotas[y]: Invalid value: "object": over the limit'],
    });
  });

  it('runs transition rules on correlated map values only, and never ratchets them', () => {
    const old = { growing: { a: { max: 5 }, b: { max: 2000 } } };
    expect(outcome({ growing: { a: { max: 4 }, b: { max: 2000 }, c: { max: 1 } } }, old)).toEqual({
      errors: ['spec.growing[a]: Invalid value: "object": max may not shrink'],
      warnings: ['spec.growing[b]: Invalid value: "object": max is at most 1000'],
    });
  });
});
