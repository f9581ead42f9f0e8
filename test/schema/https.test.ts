import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Configuration } from '../../src/config/load.js';
import { loadConfiguration } from '../../src/config/load.js';
import type { TestPki } from '../helpers/pki.js';
import { createTestPki } from '../helpers/pki.js';
import type { RunningServer } from '../helpers/test-server.js';
import { startTestServer } from '../helpers/test-server.js';
import { readFixture } from '../helpers/webhook-client.js';
import { caseRequest, FIXTURES, readCaseFile } from './cases.js';

interface Reply {
  apiVersion: string;
  response: { uid: string; allowed: boolean; status?: { code: number; reason: string; message: string; details?: { causes?: unknown[] } } };
}

let pki: TestPki;
let server: RunningServer;
let config: Configuration;

beforeAll(async () => {
  config = await loadConfiguration({ crdPaths: [fileURLToPath(new URL('crds/widgets.yaml', FIXTURES))], policyPaths: [] });
  pki = await createTestPki();
  server = await startTestServer(pki, { configuration: { current: () => config } });
}, 60_000);
afterAll(() => server.close());

describe('schema validation through the HTTPS webhook', () => {
  it.each(['create.yaml', 'ratcheting.yaml', 'status.yaml'])('answers the cases of %s as admit() does, in an AdmissionReview', async (file) => {
    const client = server.client();
    for (const c of readCaseFile(file).cases) {
      if (c.settings) continue;
      const request = caseRequest(c);
      const reply = await client.post('/validate', { apiVersion: 'admission.k8s.io/v1', kind: 'AdmissionReview', request });
      expect(reply.status).toBe(200);
      const body = reply.json as Reply;
      expect([c.name, body.response.uid, body.response.allowed]).toEqual([c.name, request.uid, c.expect.allowed]);
      if (c.expect.allowed) continue;
      expect(body.response.status?.code).toBe(422);
      expect(body.response.status?.reason).toBe('Invalid');
      expect(body.response.status?.message).toBe(c.expect.message);
      expect(body.response.status?.details?.causes).toEqual(c.expect.causes);
    }
  });
});

describe('the bundled CronTab over HTTPS', () => {
  let bundledServer: RunningServer;
  beforeAll(async () => {
    bundledServer = await startTestServer(pki);
  });
  afterAll(() => bundledServer.close());

  it('denies a CronTab out of its schema with the apiserver message, in the review version asked', async () => {
    const review = readFixture('crontab-create-v1beta1.json') as { request: { object: { spec: Record<string, unknown> } } };
    review.request.object.spec = { cronSpec: 'every minute', replicas: 15 };
    const reply = await bundledServer.client().post('/validate', review);
    const body = reply.json as Reply;
    expect(body.apiVersion).toBe('admission.k8s.io/v1beta1');
    expect(body.response.allowed).toBe(false);
    expect(body.response.status?.code).toBe(422);
    expect(body.response.status?.message).toBe(
      'CronTab.stable.example.com "nightly-report" is invalid: [spec.cronSpec: Invalid value: "every minute": spec.cronSpec in body should match \'^(\\d+|\\*)(/\\d+)?(\\s+(\\d+|\\*)(/\\d+)?){4}$\', spec.replicas: Invalid value: 15: spec.replicas in body should be less than or equal to 10, spec.image: Required value, <nil>: Invalid value: "null": some validation rules were not checked because the object was invalid; correct the existing errors to complete validation]',
    );
  });
});
