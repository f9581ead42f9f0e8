import fastJsonPatch from 'fast-json-patch';
import { describe, expect, it } from 'vitest';
import type { AdmissionRequest, JsonPatchOperation } from '../../src/admission/types.js';
import type { Configuration } from '../../src/config/load.js';
import { admit } from '../../src/pipeline/admit.js';
import type { JsonObject } from '../../src/util/json.js';
import { deepClone } from '../../src/util/json.js';
import { cronTab, loadPolicyMutations, webApp } from './requests.js';

const config = await loadPolicyMutations('mutating.yaml');

function patchedObject(request: AdmissionRequest, patch: readonly JsonPatchOperation[] | undefined): JsonObject {
  const original = deepClone(request.object as JsonObject);
  return fastJsonPatch.applyPatch(original, (patch ?? []) as fastJsonPatch.Operation[], true, true).newDocument;
}

// The second pass of reinvocation: the same request with the mutated object must need no patch.
function reinvoke(request: AdmissionRequest, object: JsonObject, configuration: Configuration): ReturnType<typeof admit> {
  return admit({ ...request, object }, 'mutate', configuration);
}

describe('DefaultingPolicy: computed defaults', () => {
  const containers = [{ name: 'web', image: 'registry.example.com/web:1' }];

  it('sets fields from userInfo and from other fields, only when absent, as a patch that applies to the original', () => {
    const request = webApp({ tier: 'frontend', containers });
    const decision = admit(request, 'mutate', config);
    expect(decision.allowed).toBe(true);
    const result = patchedObject(request, decision.patch);
    expect(result.spec).toMatchObject({ owner: { team: 'jane' } });
    expect(result.metadata).toMatchObject({
      annotations: { 'platform.example.com/created-by': 'jane@example.com' },
      labels: { 'platform.example.com/tier': 'frontend' },
    });
    expect(decision.patch?.map((op) => op.path)).toEqual([
      '/spec/owner',
      '/metadata/annotations',
      '/metadata/labels',
    ]);
    expect(reinvoke(request, result, config).patch).toBeUndefined();
  });

  it('keeps values the user set, escapes keys into existing maps, and leaves the field unset on null', () => {
    const request = webApp({ containers, owner: { team: 'payments' } }, {}, { annotations: { note: 'x' } });
    const decision = admit(request, 'mutate', config);
    expect(decision.patch).toEqual([
      { op: 'add', path: '/metadata/annotations/platform.example.com~1created-by', value: 'jane@example.com' },
    ]);
  });

  it('applies CREATE-only defaults on CREATE only', () => {
    const old = webApp({ containers }).object;
    const decision = admit(webApp({ containers, tier: 'batch' }, { operation: 'UPDATE', oldObject: old }), 'mutate', config);
    expect(decision.patch).toEqual([{ op: 'add', path: '/metadata/labels', value: { 'platform.example.com/tier': 'batch' } }]);
  });

  it('never patches on DELETE', () => {
    expect(admit(webApp({ containers }, { operation: 'DELETE' }), 'mutate', config).patch).toBeUndefined();
  });
});

describe('MutatingAdmissionPolicy: JSONPatch mutations', () => {
  it('adds a label with jsonpatch.escapeKey and caps replicas; a second pass gives no patch', () => {
    const request = cronTab({ image: 'cron:1', replicas: 12 });
    const decision = admit(request, 'mutate', config);
    expect(decision.patch).toEqual([
      { op: 'add', path: '/metadata/labels', value: {} },
      { op: 'add', path: '/metadata/labels/example.com~1managed-by', value: 'crd-admission' },
      { op: 'replace', path: '/spec/replicas', value: 10 },
    ]);
    const result = patchedObject(request, decision.patch);
    expect(result.metadata).toMatchObject({ labels: { 'example.com/managed-by': 'crd-admission' } });
    expect(reinvoke(request, result, config).patch).toBeUndefined();
  });
});

describe('mutation failures', async () => {
  const failing = await loadPolicyMutations('mutating-fail.yaml');
  const lenient = await loadPolicyMutations('mutating-ignore.yaml');

  it('denies /mutate under failurePolicy Fail, naming the policy and the expression', () => {
    const decision = admit(cronTab({ image: 'cron:1' }), 'mutate', failing);
    expect(decision.allowed).toBe(false);
    expect(decision.status).toMatchObject({ code: 403, reason: 'Forbidden' });
    expect(decision.status?.message).toContain(
      "policy 'broken-default.example.com' with binding 'broken-default-binding' denied request: expression '[JSONPatch{op: 'add', path: '/spec/schedule', value: object.spec.missing}]' resulted in error: ",
    );
    expect(decision.status?.message).toMatch(/no such key: missing/i);
  });

  it('skips a failing DefaultingPolicy under Ignore with a warning naming it', () => {
    const request = cronTab({ image: 'cron:1' });
    const spec = request.object?.spec as JsonObject;
    delete spec.cronSpec;
    const decision = admit(request, 'mutate', lenient);
    expect(decision.allowed).toBe(true);
    expect(decision.patch).toBeUndefined();
    expect(decision.warnings).toHaveLength(1);
    expect(decision.warnings[0]).toMatch(
      /^DefaultingPolicy 'lenient-default\.example\.com' was skipped \(failurePolicy Ignore\): expression 'object\.spec\.missing' resulted in error: no such key: missing$/i,
    );
  });
});

describe('MutatingAdmissionPolicy: ApplyConfiguration', async () => {
  const applying = await loadPolicyMutations('apply.yaml');
  const containers = [{ name: 'web', image: 'registry.example.com/web:1', args: ['--port=80'] }];

  it('merges maps and structs, map-lists by key and sets by value, as a patch on the original', () => {
    const request = webApp({ tier: 'frontend', containers, hosts: ['www.example.com'], autoscaling: { minReplicas: 2 } }, {}, { labels: { 'example.com/apply': 'yes' } });
    const decision = admit(request, 'mutate', applying);
    expect(decision.allowed).toBe(true);
    const result = patchedObject(request, decision.patch);
    expect(result.metadata).toMatchObject({ labels: { 'example.com/apply': 'yes', 'platform.example.com/tier': 'frontend' } });
    expect(result.spec).toMatchObject({
      autoscaling: { minReplicas: 2, maxReplicas: 20 },
      containers: [
        { name: 'web', image: 'registry.example.com/web:1', args: ['--port=80'], imagePullPolicy: 'Always' },
        { name: 'log', image: 'registry.example.com/fluent-bit:3' },
      ],
      hosts: ['www.example.com', 'shop.example.com'],
    });
    expect(reinvoke(request, result, applying).patch).toBeUndefined();
  });

  it('refuses an apply configuration that sets an atomic list, naming its path', () => {
    const request = webApp({ containers }, {}, { labels: { 'example.com/apply': 'atomic' } });
    const decision = admit(request, 'mutate', applying);
    expect(decision.allowed).toBe(false);
    expect(decision.status?.message).toBe(
      "policy 'webapp-apply.example.com' with binding 'webapp-apply-binding' denied request: error applying patch: invalid ApplyConfiguration: may not mutate atomic arrays, maps or structs: .spec.containers[0].args",
    );
  });
});

describe('DefaultingPolicy with params and matchPolicy Equivalent', async () => {
  const withParams = await loadPolicyMutations('defaulting-params.yaml');

  it('defaults a field from a parameter object', () => {
    const decision = admit(cronTab({ replicas: 1 }), 'mutate', withParams);
    expect(decision.patch).toEqual([{ op: 'add', path: '/spec/image', value: 'registry.example.com/cron:stable' }]);
  });

  it('applies a rule written for v1 to a v1beta1 request of the same CRD', () => {
    const request = cronTab({ replicas: 1 });
    const v1beta1 = { ...request, kind: { ...request.kind, version: 'v1beta1' }, resource: { ...request.resource, version: 'v1beta1' } };
    expect(admit(v1beta1, 'mutate', withParams).patch).toEqual([{ op: 'add', path: '/spec/image', value: 'registry.example.com/cron:stable' }]);
  });
});
