import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BUNDLED_EXAMPLES, loadConfiguration } from '../../src/config/load.js';
import { createTestPki } from '../helpers/pki.js';
import type { RunningServer } from '../helpers/test-server.js';
import { startTestServer } from '../helpers/test-server.js';
import { readFixture } from '../helpers/webhook-client.js';

const EXAMPLE_RULES = fileURLToPath(new URL('../../manifests/examples/rules', import.meta.url));

interface DeniedReply {
  apiVersion: string;
  response: {
    uid: string;
    allowed: boolean;
    patch?: string;
    status: { code: number; status: string; reason: string; message: string; details: { causes: { reason: string; message: string; field: string }[] } };
  };
}

let server: RunningServer;

beforeAll(async () => {
  const configuration = await loadConfiguration({ crdPaths: [BUNDLED_EXAMPLES], policyPaths: [], ruleDirs: [EXAMPLE_RULES] });
  server = await startTestServer(await createTestPki(), { configuration: { current: () => configuration } });
});
afterAll(() => server.close());

function webAppFromDockerHub(fixture: string): Record<string, unknown> {
  const body = readFixture(fixture);
  const request = body.request as { object: { spec: { containers: { image: string }[] } } };
  const container = request.object.spec.containers[0];
  if (container) container.image = 'docker.io/library/nginx:1.27';
  return body;
}

describe('a denied review over HTTPS', () => {
  it.each(['webapp-create-v1.json', 'webapp-update-v1beta1.json'])('carries code >= 400, message, reason and causes in the version asked (%s)', async (fixture) => {
    const reply = await server.client().post('/validate', webAppFromDockerHub(fixture));
    expect(reply.status).toBe(200);
    const body = reply.json as DeniedReply;
    expect(body.apiVersion).toBe(readFixture(fixture).apiVersion);
    expect(body.response.uid).toBe((readFixture(fixture).request as { uid: string }).uid);
    expect(body.response.allowed).toBe(false);
    expect(body.response).not.toHaveProperty('patch');
    expect(body.response.status.code).toBeGreaterThanOrEqual(400);
    expect(body.response.status.reason).not.toBe('');
    expect(body.response.status.message).toContain('spec.containers[0].image');
    expect(body.response.status.details.causes).toContainEqual(expect.objectContaining({ field: 'spec.containers[0].image' }));
    const line = server.logs.find((l) => l.msg === 'review' && l.uid === body.response.uid);
    expect(line).toMatchObject({ decision: 'denied', code: body.response.status.code });
  });
});
