import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { decodeReview, encodeReview } from '../../src/admission/codec.js';
import { BUNDLED_EXAMPLES, loadConfiguration } from '../../src/config/load.js';
import { admit } from '../../src/pipeline/admit.js';
import type { JsonObject } from '../../src/util/json.js';
import { applyStrictly, FIXTURES } from './harness.js';

function fixture(file: string): string {
  return readFileSync(new URL(file, FIXTURES), 'utf8');
}

describe('/mutate on the example WebApp', () => {
  it('answers the patch that turns the object sent into the defaulted, pruned object', async () => {
    const config = await loadConfiguration({ crdPaths: [BUNDLED_EXAMPLES], policyPaths: [] });
    const decoded = decodeReview(JSON.parse(fixture('webapp-create-review.json')));
    if (!decoded.ok) throw new Error(decoded.error.message);
    const { request } = decoded.review;
    const expected = parse(fixture('webapp-create-mutated.yaml')) as { object: JsonObject; warnings: string[] };

    const decision = admit(request, 'mutate', config);
    expect(decision.allowed).toBe(true);
    expect(decision.warnings).toEqual(expected.warnings);
    expect(applyStrictly(request.object as JsonObject, decision.patch ?? [])).toEqual(expected.object);

    // On the wire: base64 JSONPatch computed against the exact object the apiserver sent.
    const response = encodeReview(decoded.review.apiVersion, request.uid, decision, 'mutate') as { response: { patchType?: string; patch?: string } };
    expect(response.response.patchType).toBe('JSONPatch');
    const wirePatch = JSON.parse(Buffer.from(response.response.patch ?? '', 'base64').toString('utf8'));
    const original = (JSON.parse(fixture('webapp-create-review.json')) as { request: { object: JsonObject } }).request.object;
    expect(applyStrictly(original, wirePatch)).toEqual(expected.object);

    const again = admit({ ...request, object: expected.object }, 'mutate', config);
    expect(again.patch).toBeUndefined();
  });

  it('never patches a DELETE', async () => {
    const config = await loadConfiguration({ crdPaths: [BUNDLED_EXAMPLES], policyPaths: [] });
    const decoded = decodeReview(JSON.parse(fixture('webapp-create-review.json')));
    if (!decoded.ok) throw new Error(decoded.error.message);
    const { request } = decoded.review;
    const decision = admit({ ...request, operation: 'DELETE', object: null, oldObject: request.object }, 'mutate', config);
    expect(decision).toMatchObject({ allowed: true, warnings: [] });
    expect(decision.patch).toBeUndefined();
  });
});
