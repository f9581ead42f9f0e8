import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { AdmissionRequest } from '../../src/admission/types.js';
import { loadConfiguration } from '../../src/config/load.js';
import { admit } from '../../src/pipeline/admit.js';
import type { JsonObject } from '../../src/util/json.js';
import { customResourceRequest } from '../helpers/requests.js';

const FIXTURE = fileURLToPath(new URL('../fixtures/cel/routes-crd.yaml', import.meta.url));

const SPEC: JsonObject = {
  gatewayClassName: 'public',
  listeners: [
    { name: 'http', port: 80, protocol: 'HTTP', hostname: 'a.example.com' },
    { name: 'https', port: 443, protocol: 'HTTPS', hostname: 'a.example.com' },
  ],
  filters: [{ type: 'RequestHeaderModifier', requestHeaderModifier: { set: [{ name: 'x', value: 'y' }] } }],
  path: { type: 'PathPrefix', value: '/api' },
  requirements: [{ key: 'zone', operator: 'In', values: ['a', 'b'], minValues: 2 }],
  expireAfter: '720h',
  budget: '10%',
};

function request(spec: JsonObject, oldSpec?: JsonObject): AdmissionRequest {
  const object = (s: JsonObject): JsonObject => ({ apiVersion: 'net.example.com/v1', kind: 'Route', metadata: { name: 'r', namespace: 'default' }, spec: s });
  return customResourceRequest({ group: 'net.example.com', version: 'v1', kind: 'Route' }, 'routes', object(spec), oldSpec ? object(oldSpec) : null);
}

describe('rules in the style of public CRDs (Gateway API, Karpenter)', async () => {
  const config = await loadConfiguration({ crdPaths: [FIXTURE], policyPaths: [] });
  const messages = (spec: JsonObject, oldSpec?: JsonObject): string[] =>
    (admit(request(spec, oldSpec), 'validate', config).status?.details?.causes ?? []).map((c) => `${c.field ?? ''}: ${c.message}`);

  it('accepts a valid object', () => expect(messages(SPEC)).toEqual([]));

  it.each([
    ['duplicate listener', { listeners: [{ name: 'a', port: 80, protocol: 'HTTP' }, { name: 'b', port: 80, protocol: 'HTTP' }] }, 'spec.listeners: Invalid value: "array": Combination of port, protocol and hostname must be unique for each listener'],
    ['hostname on TCP', { listeners: [{ name: 'a', port: 80, protocol: 'TCP', hostname: 'x' }] }, "spec.listeners: Invalid value: \"array\": hostname must not be specified for protocols ['TCP', 'UDP']"],
    ['repeated filter', { filters: [{ type: 'RequestHeaderModifier', requestHeaderModifier: {} }, { type: 'RequestHeaderModifier', requestHeaderModifier: {} }] }, 'spec.filters: Invalid value: "array": RequestHeaderModifier filter cannot be repeated'],
    ['filter without its config', { filters: [{ type: 'RequestHeaderModifier' }] }, 'spec.filters[0]: Invalid value: "object": filter.requestHeaderModifier must be specified for RequestHeaderModifier filter.type'],
    ['relative path', { path: { type: 'Exact', value: 'api' } }, "spec.path: Invalid value: \"object\": value must be an absolute path and start with '/' when type one of ['Exact', 'PathPrefix']"],
    ['path with a space', { path: { type: 'Exact', value: '/a b' } }, 'spec.path: Invalid value: "object": must only contain valid characters'],
    ['In without values', { requirements: [{ key: 'zone', operator: 'In', values: [] }] }, "spec.requirements[0]: Invalid value: \"object\": requirements with operator 'In' must have a value defined"],
    ['too few values for minValues', { requirements: [{ key: 'zone', operator: 'In', values: ['a'], minValues: 2 }] }, "spec.requirements[0]: Invalid value: \"object\": requirements with 'minValues' must have at least that many values"],
    ['short expireAfter', { expireAfter: '30s' }, 'spec.expireAfter: Invalid value: "string": expireAfter must be Never or at least 1m'],
    ['budget above 100%', { budget: '120%' }, 'spec.budget: Invalid value: "string": budget must be a count or a percentage up to 100%'],
  ])('refuses %s', (_name, change, expected) => {
    const found = messages({ ...SPEC, ...(change as JsonObject) });
    expect(found.some((m) => m.startsWith(expected))).toBe(true);
  });

  it('keeps gatewayClassName immutable on UPDATE', () => {
    expect(messages({ ...SPEC, gatewayClassName: 'internal' }, SPEC)).toEqual(['spec.gatewayClassName: Invalid value: "string": Value is immutable']);
  });

  it('ratchets a failing rule on a map list that was only reordered (items correlate by key)', () => {
    const listeners: JsonObject[] = [{ name: 'tcp', port: 9000, protocol: 'TCP', hostname: 'x' }, { name: 'http', port: 80, protocol: 'HTTP' }];
    const old = { ...SPEC, listeners };
    const reordered: JsonObject = { ...SPEC, listeners: [listeners[1]!, listeners[0]!] };
    const decision = admit(request(reordered, old), 'validate', config);
    expect(decision.allowed).toBe(true);
    expect(decision.warnings).toEqual(["spec.listeners: Invalid value: \"array\": hostname must not be specified for protocols ['TCP', 'UDP']"]);
    const changed: JsonObject = { ...SPEC, listeners: [listeners[0]!, { ...listeners[1]!, port: 81 }] };
    expect(messages(changed, old)).toEqual(["spec.listeners: Invalid value: \"array\": hostname must not be specified for protocols ['TCP', 'UDP']"]);
  });

  it('reads defaulted fields as the apiserver would have defaulted them', () => {
    expect(messages({ ...SPEC, path: {} })).toEqual([]);
  });
});
