import fastJsonPatch from 'fast-json-patch';
import { describe, expect, it } from 'vitest';
import { BUNDLED_EXAMPLE_POLICIES, BUNDLED_EXAMPLES, loadConfiguration } from '../../src/config/load.js';
import { admit } from '../../src/pipeline/admit.js';
import type { JsonObject } from '../../src/util/json.js';
import { deepClone } from '../../src/util/json.js';
import { fixture, webApp } from './requests.js';

const config = await loadConfiguration({
  crdPaths: [BUNDLED_EXAMPLES],
  policyPaths: [BUNDLED_EXAMPLE_POLICIES],
  namespacePaths: [fixture('namespaces.yaml')],
});

describe('the example policies', () => {
  const spec = (image: string, replicas = 2) => ({ replicas, containers: [{ name: 'web', image }] });

  it('deny more than 5 replicas unless the user is in platform-team', () => {
    const denied = admit(webApp(spec('registry.example.com/web:1', 8)), 'validate', config);
    expect(denied.status?.message).toContain('spec.replicas is 8; more than 5 replicas need the platform team');
    expect(denied.status?.code).toBe(403);
    expect(admit(webApp(spec('registry.example.com/web:1', 8), { groups: ['platform-team'] }), 'validate', config).allowed).toBe(true);
  });

  it('deny images from other registries, except in namespaces labelled sandbox', () => {
    expect(admit(webApp(spec('docker.io/nginx:1.27')), 'validate', config).status?.message).toContain(
      'containers web must use images from registry.example.com',
    );
    expect(admit(webApp(spec('docker.io/nginx:1.27'), { namespace: 'playground' }), 'validate', config).allowed).toBe(true);
  });

  it('record the creator as owner team and annotation on CREATE', () => {
    const request = webApp(spec('registry.example.com/web:1'));
    const decision = admit(request, 'mutate', config);
    const result = fastJsonPatch.applyPatch(deepClone(request.object as JsonObject), [...(decision.patch ?? [])] as fastJsonPatch.Operation[], true, true).newDocument;
    expect(result.spec).toMatchObject({ owner: { team: 'jane' } });
    expect((result.metadata as JsonObject).annotations).toEqual({ 'platform.example.com/created-by': 'jane@example.com' });
  });
});
