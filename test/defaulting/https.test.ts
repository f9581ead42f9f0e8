import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { BUNDLED_EXAMPLES, loadConfiguration } from '../../src/config/load.js';
import type { JsonObject } from '../../src/util/json.js';
import { createTestPki } from '../helpers/pki.js';
import type { RunningServer } from '../helpers/test-server.js';
import { startTestServer } from '../helpers/test-server.js';
import { applyStrictly, FIXTURES } from './harness.js';

interface MutateReply {
  response: { uid: string; allowed: boolean; patchType?: string; patch?: string; warnings?: string[] };
}

let server: RunningServer;

beforeAll(async () => {
  const configuration = await loadConfiguration({ crdPaths: [BUNDLED_EXAMPLES], policyPaths: [] });
  server = await startTestServer(await createTestPki(), { configuration: { current: () => configuration } });
});
afterAll(() => server.close());

describe('/mutate over HTTPS', () => {
  it('answers a base64 JSONPatch that the apiserver can apply to the object it sent', async () => {
    const body = readFileSync(new URL('webapp-create-review.json', FIXTURES), 'utf8');
    const review = JSON.parse(body) as { request: { uid: string; object: JsonObject } };
    const expected = parse(readFileSync(new URL('webapp-create-mutated.yaml', FIXTURES), 'utf8')) as { object: JsonObject; warnings: string[] };

    const reply = await server.client().post('/mutate', body);
    expect(reply.status).toBe(200);
    const { response } = reply.json as MutateReply;
    expect(response).toMatchObject({ uid: review.request.uid, allowed: true, patchType: 'JSONPatch', warnings: expected.warnings });
    const patch = JSON.parse(Buffer.from(response.patch ?? '', 'base64').toString('utf8'));
    expect(applyStrictly(review.request.object, patch)).toEqual(expected.object);

    // The apiserver calls again with the mutated object (reinvocationPolicy: IfNeeded): nothing more to do.
    const again = await server.client().post('/mutate', { ...review, request: { ...review.request, object: expected.object } });
    const second = (again.json as MutateReply).response;
    expect(second.allowed).toBe(true);
    expect(second.patch).toBeUndefined();
    expect(second.patchType).toBeUndefined();
  });
});
