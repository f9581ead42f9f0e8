import { describe, expect, it } from 'vitest';
import type { AdmissionRequest } from '../../src/admission/types.js';
import type { JsonObject, JsonValue } from '../../src/util/json.js';
import type { MatchResources, ResourceAttributes } from '../../src/policy/match-resources.js';
import { readMatchResources } from '../../src/policy/match-resources.js';
import type { RequestFacts, ResourceFacts } from '../../src/policy/match.js';
import { matchesResources } from '../../src/policy/match.js';
import { OPERATIONS, canMatch, compileMatch, compiledMatches } from '../../src/policy/match-plan.js';
import type { StoredObject } from '../../src/policy/objects.js';
import { NamespaceStore } from '../../src/policy/objects.js';
import { ShapeReader } from '../../src/policy/shape.js';

function compile(value: JsonValue): MatchResources {
  const reader = new ShapeReader();
  const match = readMatchResources(reader, value, 'spec.matchResources', false);
  expect(reader.errors).toEqual([]);
  return match;
}

const rule = (extra: Record<string, JsonValue> = {}): JsonValue => ({
  apiGroups: ['stable.example.com'],
  apiVersions: ['v1beta1'],
  operations: ['CREATE', 'UPDATE'],
  resources: ['crontabs'],
  ...extra,
});

// Rule sets that exercise every part of the load-time decision: operations, versions
// (own and equivalent), subresources, scope, resourceNames, exclusions and selectors.
const MATCHES: readonly JsonValue[] = [
  {},
  { resourceRules: [rule()] },
  { resourceRules: [rule()], matchPolicy: 'Exact' },
  { resourceRules: [rule({ apiVersions: ['*'], operations: ['*'] })] },
  { resourceRules: [rule({ resources: ['crontabs/*'] })] },
  { resourceRules: [rule({ resources: ['*/status'], apiVersions: ['v1'] })] },
  { resourceRules: [rule({ scope: 'Cluster' })] },
  { resourceRules: [rule({ resourceNames: ['nightly'] }), rule({ operations: ['DELETE'], resourceNames: ['weekly'] })] },
  { resourceRules: [rule({ resourceNames: ['nightly'] }), rule({ operations: ['CREATE'] })] },
  { resourceRules: [rule({ apiVersions: ['*'], operations: ['*'] })], excludeResourceRules: [rule({ operations: ['UPDATE'] })] },
  { resourceRules: [rule({ apiVersions: ['v1'] })], excludeResourceRules: [rule({ apiVersions: ['v1'], resourceNames: ['nightly'] })] },
  { excludeResourceRules: [rule({ operations: ['*'], apiVersions: ['v1beta1'] })], matchPolicy: 'Exact' },
  { resourceRules: [rule({ apiVersions: ['v1'] })], namespaceSelector: { matchLabels: { env: 'prod' } } },
  { resourceRules: [rule({ apiVersions: ['v1'] })], objectSelector: { matchExpressions: [{ key: 'app', operator: 'In', values: ['cron'] }] } },
  { namespaceSelector: { matchExpressions: [{ key: 'env', operator: 'NotIn', values: ['dev'] }] }, objectSelector: { matchLabels: { app: 'cron' } } },
];

const own: ResourceAttributes = { group: 'stable.example.com', version: 'v1', resource: 'crontabs', subresource: '', scope: 'Namespaced' };

function resources(): ResourceFacts[] {
  const out: ResourceFacts[] = [];
  for (const subresource of ['', 'status']) {
    for (const scope of ['Namespaced', 'Cluster'] as const) {
      const base = { ...own, subresource, scope };
      out.push({ own: base, equivalents: [{ ...base, version: 'v1beta1' }] });
      out.push({ own: base, equivalents: [] });
    }
  }
  return out;
}

const labelled = (labels: JsonObject): JsonObject => ({ metadata: { name: 'nightly', labels } });
const OBJECTS: readonly (JsonObject | null)[] = [null, labelled({ app: 'cron' }), labelled({ app: 'web' })];
const namespaceObject = (name: string, labels: Record<string, string>): StoredObject => ({
  apiVersion: 'v1',
  kind: 'Namespace',
  name,
  namespace: '',
  labels,
  value: {},
  celValue: {},
  source: { file: 'namespaces.yaml', document: 0, line: 1 },
});
const namespaces = new NamespaceStore([namespaceObject('production', { env: 'prod' }), namespaceObject('playground', { env: 'dev' })]);

describe('match rules resolved at load', () => {
  it('give the same verdict as matchesResources for every operation, name, namespace and object', () => {
    const mismatches: unknown[] = [];
    let compared = 0;
    let matched = 0;
    for (const value of MATCHES) {
      const match = compile(value);
      for (const resource of resources()) {
        const compiled = compileMatch(match, resource);
        for (const operation of OPERATIONS) {
          for (const name of ['nightly', 'weekly', '']) {
            for (const namespace of ['production', 'playground', 'unknown', '']) {
              for (const object of OBJECTS) {
                for (const oldObject of OBJECTS) {
                  const request = { name, namespace, operation } as AdmissionRequest;
                  const facts: RequestFacts = { request, object, oldObject, resource, namespaces };
                  const expected = matchesResources(match, facts).match;
                  const actual = compiledMatches(compiled, { operation, name, namespace, object, oldObject, namespaces });
                  // canMatch must never drop what can match.
                  if (actual !== expected || (expected && !canMatch(compiled, operation))) {
                    mismatches.push({ value, resource, operation, name, namespace, object, oldObject, expected });
                  }
                  compared++;
                  if (expected) matched++;
                }
              }
            }
          }
        }
      }
    }
    expect(mismatches).toEqual([]);
    // Both verdicts occur often enough for the comparison to mean something.
    expect(matched).toBeGreaterThan(compared / 10);
    expect(matched).toBeLessThan(compared - compared / 10);
  });
});
