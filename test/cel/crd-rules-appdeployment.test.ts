import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { loadConfiguration } from '../../src/config/load.js';
import { admit } from '../../src/pipeline/admit.js';
import type { JsonObject } from '../../src/util/json.js';
import { deepClone } from '../../src/util/json.js';
import { customResourceRequest } from '../helpers/requests.js';

// The benchmark CRD (10 rules, 3 per component): every rule failing once, on CREATE
// and on UPDATE (ratcheted to a warning when the value is unchanged), so that the
// fast paths of the rule walk and of field reads are pinned on the object they are tuned for.
const CRDS = fileURLToPath(new URL('../../bench/fixtures/crds', import.meta.url));
const config = await loadConfiguration({ crdPaths: [CRDS], policyPaths: [] });

const component = (name: string, role: string): JsonObject => ({
  name, role, image: `registry.example.com/${name}:1.0.0`,
  ports: [{ name: 'http', port: 8080, protocol: 'TCP' }],
  resources: { limits: { cpu: '1', memory: '1Gi' }, requests: { cpu: '1', memory: '512Mi' } },
});
const SPEC: JsonObject = {
  environment: 'production', replicas: 3, minReplicas: 2, maxReplicas: 10,
  owner: { team: 'payments', email: 'payments@example.com' },
  rollout: { maxSurge: 1, maxUnavailable: 0 },
  components: [component('api', 'main'), component('worker', 'sidecar')],
};
const object = (spec: JsonObject): JsonObject => ({ apiVersion: 'bench.example.com/v1', kind: 'AppDeployment', metadata: { name: 'a', namespace: 'shop' }, spec });

function outcome(spec: JsonObject, oldSpec?: JsonObject): { errors: string[]; warnings: readonly string[] } {
  const request = customResourceRequest({ group: 'bench.example.com', version: 'v1', kind: 'AppDeployment' }, 'appdeployments', object(spec), oldSpec ? object(oldSpec) : null);
  const decision = admit(request, 'validate', config);
  return { errors: (decision.status?.details?.causes ?? []).map((c) => `${c.field ?? ''}: ${c.message}`), warnings: decision.warnings };
}

function broken(): JsonObject {
  const spec = deepClone(SPEC);
  Object.assign(spec, { environment: 'production', replicas: 1, minReplicas: 2, maxReplicas: 0, rollout: { maxSurge: 0, maxUnavailable: 0 } });
  (spec.owner as JsonObject).email = 'payments@elsewhere.com';
  const [api, worker] = spec.components as JsonObject[];
  Object.assign(api!, { role: 'sidecar', image: 'registry.example.com/api:latest', ports: [{ port: 70000, protocol: 'TCP' }] });
  Object.assign(worker!, { name: 'w'.repeat(41), resources: { limits: { memory: '1Gi' }, requests: { cpu: '1' } } });
  return spec;
}

const EVERY_RULE = [
  'spec: Invalid value: "object": replicas must be at least minReplicas',
  'spec: Invalid value: "object": replicas must be at most maxReplicas',
  'spec: Invalid value: "object": production needs at least two replicas',
  'spec: Invalid value: "object": ports must be between 1 and 65535',
  'spec: Invalid value: "object": maxSurge and maxUnavailable cannot both be zero',
  'spec: Invalid value: "object": one component must have the main role',
  'spec.owner.email: Invalid value: "object": owner must use a company address',
  'spec.components[0]: Invalid value: "object": images must be pinned',
  'spec.components[1]: Invalid value: "object": a memory limit needs a memory request',
  'spec.components[1]: Invalid value: "object": component names are at most 40 characters',
];

describe('the benchmark CRD (AppDeployment) rules', () => {
  it('passes the valid object on CREATE and UPDATE', () => {
    expect(outcome(SPEC)).toEqual({ errors: [], warnings: [] });
    expect(outcome({ ...SPEC, replicas: 4 }, SPEC)).toEqual({ errors: [], warnings: [] });
  });

  it('reports every failed rule with its path on CREATE', () => {
    expect(outcome(broken())).toEqual({ errors: EVERY_RULE, warnings: [] });
  });

  it('ratchets unchanged components and reports the changed ones on UPDATE', () => {
    const old = broken();
    const spec = deepClone(old);
    // Only the first component changes (its image stays unpinned): its error stays an error.
    ((spec.components as JsonObject[])[0] as JsonObject).command = ['/bin/app'];
    const component1 = (e: string): boolean => e.startsWith('spec.components[1]');
    // spec changed (a component changed): its rules' errors stay errors; the second component's become warnings.
    expect(outcome(spec, old)).toEqual({ errors: EVERY_RULE.filter((e) => !component1(e)), warnings: EVERY_RULE.filter(component1) });
    // Nothing changed: every error is a warning.
    expect(outcome(old, old)).toEqual({ errors: [], warnings: EVERY_RULE });
  });
});
