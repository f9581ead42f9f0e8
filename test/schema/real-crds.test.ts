import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';
import { beforeAll, describe, expect, it } from 'vitest';
import type { AdmissionRequest } from '../../src/admission/types.js';
import type { Configuration } from '../../src/config/load.js';
import { loadConfiguration } from '../../src/config/load.js';
import { listManifestFiles } from '../../src/config/manifest-files.js';
import { admit } from '../../src/pipeline/admit.js';
import type { JsonObject } from '../../src/util/json.js';
import { FIXTURES } from './cases.js';

// The real CRDs live in the shared fixtures (../shared from the project root), never copied here.
const REAL_CRDS = fileURLToPath(new URL('../../../shared/fixtures/real-crds', import.meta.url));

function object(file: string): JsonObject {
  return parse(readFileSync(new URL(`objects/${file}`, FIXTURES), 'utf8')) as JsonObject;
}

function createRequest(value: JsonObject, resource: string): AdmissionRequest {
  const [group = '', version = ''] = String(value.apiVersion).split('/');
  return {
    uid: '6b9f7c2e-1d0a-4c55-8e1b-3a2f4d5e6f70',
    kind: { group, version, kind: String(value.kind) },
    resource: { group, version, resource },
    operation: 'CREATE',
    userInfo: { username: 'kubernetes-admin' },
    object: value,
    oldObject: null,
    dryRun: false,
    options: null,
  };
}

describe('real CRDs of cert-manager, Cluster API and Kueue', () => {
  let config: Configuration;
  beforeAll(async () => {
    config = await loadConfiguration({ crdPaths: [REAL_CRDS], policyPaths: [] });
  }, 120_000);

  it('loads and compiles every file, each served version becoming a profile', async () => {
    const files = await listManifestFiles([REAL_CRDS]);
    expect(files.length).toBe(34);
    expect(config.profiles.size).toBe(64);
    const kinds = new Set(config.profiles.profiles.map((p) => p.gvk.kind));
    for (const kind of ['Certificate', 'ClusterIssuer', 'KubeadmControlPlane', 'ClusterClass', 'Workload', 'ClusterQueue']) {
      expect(kinds).toContain(kind);
    }
  });

  it('allows a valid cert-manager Certificate and reports every error of a broken one', () => {
    const valid = object('certificate.yaml');
    expect(admit(createRequest(valid, 'certificates'), 'validate', config).allowed).toBe(true);
    const spec = valid.spec as JsonObject;
    const broken: JsonObject = {
      ...valid,
      spec: { ...spec, duration: 5, privateKey: { ...(spec.privateKey as JsonObject), algorithm: 'DSA' }, issuerRef: { kind: 'Issuer' } },
    };
    const decision = admit(createRequest(broken, 'certificates'), 'validate', config);
    expect(decision.status?.details?.causes?.map((c) => `${c.field}: ${c.message}`)).toEqual([
      'spec.duration: Invalid value: "integer": spec.duration in body must be of type string: "integer"',
      'spec.issuerRef.name: Required value',
      'spec.privateKey.algorithm: Unsupported value: "DSA": supported values: "RSA", "ECDSA", "Ed25519"',
    ]);
  });

  it('checks a Kueue ClusterQueue quantity with the CRD pattern (RE2) and its enums', () => {
    const valid = object('clusterqueue.yaml');
    expect(admit(createRequest(valid, 'clusterqueues'), 'validate', config).allowed).toBe(true);
    const broken = structuredClone(valid) as { spec: { queueingStrategy: string; resourceGroups: { flavors: { resources: { nominalQuota: unknown }[] }[] }[] } };
    broken.spec.queueingStrategy = 'Random';
    const resource = broken.spec.resourceGroups[0]?.flavors[0]?.resources[0];
    if (resource) resource.nominalQuota = 'lots';
    const decision = admit(createRequest(broken as unknown as JsonObject, 'clusterqueues'), 'validate', config);
    const fields = decision.status?.details?.causes?.map((c) => c.field);
    // ClusterQueue carries x-kubernetes-validations: after a blocking error the apiserver adds its single "not checked" error.
    expect(fields).toEqual(['spec.queueingStrategy', 'spec.resourceGroups[0].flavors[0].resources[0].nominalQuota', '<nil>']);
    expect(decision.status?.details?.causes?.[1]?.message).toMatch(/^Invalid value: "lots": spec\.resourceGroups\[0\]\.flavors\[0\]\.resources\[0\]\.nominalQuota in body should match '\^\(\\\+\|-\)\?/);
  });

  it('matches a Go RE2 pattern with a (?i) flag, as the apiserver does', () => {
    const valid = object('admissioncheck.yaml');
    expect(admit(createRequest(valid, 'admissionchecks'), 'validate', config).allowed).toBe(true);
    const spec = valid.spec as JsonObject;
    const broken: JsonObject = { ...valid, spec: { ...spec, parameters: { ...(spec.parameters as JsonObject), kind: 'Provisioning_Config' } } };
    const decision = admit(createRequest(broken, 'admissionchecks'), 'validate', config);
    expect(decision.status?.message).toBe(
      'AdmissionCheck.kueue.x-k8s.io "prov-test" is invalid: spec.parameters.kind: Invalid value: "Provisioning_Config": spec.parameters.kind in body should match \'^(?i)[a-z]([-a-z0-9]*[a-z0-9])?$\'',
    );
  });
});
