import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { AdmissionRequest } from '../../src/admission/types.js';
import { BUNDLED_EXAMPLES, loadConfiguration } from '../../src/config/load.js';
import { admit } from '../../src/pipeline/admit.js';
import type { JsonObject } from '../../src/util/json.js';
import { deepClone } from '../../src/util/json.js';
import { customResourceRequest } from '../helpers/requests.js';

const webapp = JSON.parse(readFileSync(new URL('../fixtures/cel/webapp.json', import.meta.url), 'utf8')) as JsonObject;

const WEBAPP = { group: 'platform.example.com', version: 'v1', kind: 'WebApp' };
const request = (object: JsonObject, oldObject: JsonObject | null = null): AdmissionRequest =>
  customResourceRequest(WEBAPP, 'webapps', object, oldObject);

function edit(change: (spec: JsonObject) => void): JsonObject {
  const copy = deepClone(webapp);
  change(copy.spec as JsonObject);
  return copy;
}

describe('the bundled WebApp example rules', async () => {
  const config = await loadConfiguration({ crdPaths: [BUNDLED_EXAMPLES], policyPaths: [] });
  const messages = (object: JsonObject, old: JsonObject | null = null): string[] =>
    (admit(request(object, old), 'validate', config).status?.details?.causes ?? []).map((c) => `${c.field ?? ''}: ${c.message}`);

  it('allows a valid WebApp', () => {
    expect(messages(webapp)).toEqual([]);
  });

  it('refuses autoscaling.minReplicas above maxReplicas, at the rule fieldPath', () => {
    const object = edit((spec) => { spec.autoscaling = { minReplicas: 8, maxReplicas: 4 }; });
    expect(messages(object)).toContain('spec.autoscaling.minReplicas: Invalid value: "object": autoscaling.minReplicas must not exceed autoscaling.maxReplicas');
  });

  it('refuses an unpinned image on the container item', () => {
    const object = edit((spec) => { (spec.containers as JsonObject[])[1]!.image = 'nginx:latest'; });
    expect(messages(object)).toContain('spec.containers[1]: Invalid value: "object": images must be pinned to a tag or digest other than latest');
  });

  it('forbids changing the tier on UPDATE, not on CREATE', () => {
    const moved = edit((spec) => { spec.tier = 'batch'; });
    expect(messages(moved)).toEqual([]);
    expect(messages(moved, webapp)).toContain('spec.tier: Forbidden: tier is immutable');
  });

  it('ratchets an unpinned image that was already there to a warning', () => {
    const old = edit((spec) => { (spec.containers as JsonObject[])[1]!.image = 'nginx:latest'; });
    const updated = edit((spec) => { (spec.containers as JsonObject[])[1]!.image = 'nginx:latest'; spec.replicas = 4; });
    const decision = admit(request(updated, old), 'validate', config);
    expect(decision.allowed).toBe(true);
    expect(decision.warnings).toContain('spec.containers[1]: Invalid value: "object": images must be pinned to a tag or digest other than latest');
  });
});
