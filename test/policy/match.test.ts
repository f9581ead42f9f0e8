import { describe, expect, it } from 'vitest';
import type { AdmissionRequest } from '../../src/admission/types.js';
import type { JsonValue } from '../../src/util/json.js';
import type { MatchResources, ResourceAttributes } from '../../src/policy/match-resources.js';
import { readMatchResources } from '../../src/policy/match-resources.js';
import type { RequestFacts } from '../../src/policy/match.js';
import { matchesResources } from '../../src/policy/match.js';
import { NamespaceStore } from '../../src/policy/objects.js';
import { readLabelSelector, selectorMatches } from '../../src/policy/selector.js';
import { ShapeReader } from '../../src/policy/shape.js';

function compile(value: JsonValue): MatchResources {
  const reader = new ShapeReader();
  const match = readMatchResources(reader, value, 'spec.matchConstraints', true);
  expect(reader.errors).toEqual([]);
  return match;
}

const own: ResourceAttributes = { group: 'stable.example.com', version: 'v1', resource: 'crontabs', subresource: '', scope: 'Namespaced' };

function facts(overrides: Partial<AdmissionRequest> = {}, resource: Partial<ResourceAttributes> = {}): RequestFacts {
  const request = {
    uid: 'u',
    kind: { group: 'stable.example.com', version: 'v1', kind: 'CronTab' },
    resource: { group: 'stable.example.com', version: 'v1', resource: 'crontabs' },
    name: 'nightly',
    namespace: 'production',
    operation: 'CREATE',
    userInfo: {},
    object: { metadata: { name: 'nightly', labels: { app: 'cron' } } },
    oldObject: null,
    dryRun: false,
    options: null,
    ...overrides,
  } as AdmissionRequest;
  return {
    request,
    object: request.object,
    oldObject: request.oldObject,
    resource: { own: { ...own, ...resource }, equivalents: [{ ...own, ...resource, version: 'v1beta1' }] },
    namespaces: new NamespaceStore([]),
  };
}

const rule = (extra: Record<string, JsonValue>): JsonValue => ({
  resourceRules: [{ apiGroups: ['stable.example.com'], apiVersions: ['v1'], operations: ['CREATE'], resources: ['crontabs'], ...extra }],
});

describe('resource rules', () => {
  it('matches resources but not their subresources unless listed', () => {
    expect(matchesResources(compile(rule({})), facts()).match).toBe(true);
    expect(matchesResources(compile(rule({})), facts({}, { subresource: 'status' })).match).toBe(false);
    expect(matchesResources(compile(rule({ resources: ['crontabs/*'] })), facts({}, { subresource: 'status' })).match).toBe(true);
    expect(matchesResources(compile(rule({ resources: ['*/status'] })), facts({}, { subresource: 'status' })).match).toBe(true);
    expect(matchesResources(compile(rule({ resources: ['*'] })), facts({}, { subresource: 'status' })).match).toBe(false);
  });

  it('checks operations, scope and resourceNames', () => {
    expect(matchesResources(compile(rule({})), facts({ operation: 'UPDATE' })).match).toBe(false);
    expect(matchesResources(compile(rule({ scope: 'Cluster' })), facts()).match).toBe(false);
    expect(matchesResources(compile(rule({ resourceNames: ['other'] })), facts())).toEqual({
      match: false,
      skip: 'no resourceRules entry matches the request',
    });
  });

  it('applies a rule written for another served version under matchPolicy Equivalent only', () => {
    const v1beta1 = { resourceRules: [{ apiGroups: ['*'], apiVersions: ['v1beta1'], operations: ['*'], resources: ['crontabs'] }] };
    expect(matchesResources(compile(v1beta1), facts()).match).toBe(true);
    expect(matchesResources(compile({ ...v1beta1, matchPolicy: 'Exact' }), facts()).match).toBe(false);
  });

  it('excludes before it includes', () => {
    const match = compile({ ...(rule({}) as object), excludeResourceRules: [{ apiGroups: ['*'], apiVersions: ['*'], operations: ['*'], resources: ['*'], resourceNames: ['nightly'] }] });
    expect(matchesResources(match, facts())).toEqual({ match: false, skip: 'the request matches excludeResourceRules' });
  });

  it('rejects conflicting wildcards as the apiserver does', () => {
    const reader = new ShapeReader();
    readMatchResources(reader, rule({ resources: ['crontabs/*', 'crontabs/status', '*', 'jobs'] }), 'spec.matchConstraints', true);
    expect(reader.errors.map((e) => e.detail)).toEqual([
      "if 'crontabs/*' is present, must not specify crontabs/status",
      "if '*' is present, must not specify other resources without subresources",
    ]);
  });
});

describe('label selectors', () => {
  const select = (value: JsonValue) => readLabelSelector(new ShapeReader(), value, 'selector');

  it('evaluates In, NotIn, Exists and DoesNotExist as labels.Selector does', () => {
    const labels = { env: 'prod', team: 'a' };
    expect(selectorMatches(select({ matchLabels: { env: 'prod' } }), labels)).toBe(true);
    expect(selectorMatches(select({ matchExpressions: [{ key: 'env', operator: 'NotIn', values: ['dev'] }] }), labels)).toBe(true);
    expect(selectorMatches(select({ matchExpressions: [{ key: 'tier', operator: 'NotIn', values: ['x'] }] }), {})).toBe(true);
    expect(selectorMatches(select({ matchExpressions: [{ key: 'team', operator: 'Exists' }] }), labels)).toBe(true);
    expect(selectorMatches(select({ matchExpressions: [{ key: 'team', operator: 'DoesNotExist' }] }), labels)).toBe(false);
    expect(selectorMatches(select({}), {})).toBe(true);
  });

  it('matches the objectSelector against the old object when the new one does not match', () => {
    const match = compile({ ...(rule({ operations: ['*'] }) as object), objectSelector: { matchLabels: { app: 'cron' } } });
    const deleted = facts({ operation: 'DELETE', object: null, oldObject: { metadata: { labels: { app: 'cron' } } } });
    expect(matchesResources(match, deleted).match).toBe(true);
    expect(matchesResources(match, facts({ object: { metadata: {} } })).match).toBe(false);
  });

  it('reports invalid selectors', () => {
    const reader = new ShapeReader();
    readLabelSelector(reader, { matchExpressions: [{ key: 'env', operator: 'In' }, { key: 'x', operator: 'Near', values: ['y'] }] }, 'selector');
    expect(reader.errors.map((e) => `${e.field}: ${e.type}`)).toEqual([
      'selector.matchExpressions[0].values: FieldValueRequired',
      'selector.matchExpressions[1].operator: FieldValueNotSupported',
    ]);
  });
});

describe('namespaceSelector', () => {
  it('uses the namespace labels, with kubernetes.io/metadata.name for any namespace', () => {
    const match = compile({ ...(rule({}) as object), namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'production' } } });
    expect(matchesResources(match, facts()).match).toBe(true);
    expect(matchesResources(match, facts({ namespace: 'staging' })).match).toBe(false);
  });
});
