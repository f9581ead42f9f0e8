import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { clientCertificate, createTestPki } from '../helpers/pki.js';
import type { TestPki } from '../helpers/pki.js';
import type { RunningServer } from '../helpers/test-server.js';
import { startTestServer } from '../helpers/test-server.js';

let pki: TestPki;
let otherPki: TestPki;
let server: RunningServer;

beforeAll(async () => {
  [pki, otherPki] = await Promise.all([createTestPki(), createTestPki()]);
  // The apiserver's client certificates are signed by a CA the webhook is told about with --client-ca.
  server = await startTestServer(pki, { tls: { cert: pki.cert, key: pki.key, clientCa: pki.ca.certPem } });
});
afterAll(() => server.close());

describe('with a client CA configured', () => {
  it('refuses a client that presents no certificate', async () => {
    await expect(server.client().postFixture('/validate', 'crontab-update-v1.json')).rejects.toThrow();
  });

  it('refuses a client whose certificate another CA signed', async () => {
    const stranger = await clientCertificate(otherPki.ca);
    await expect(server.client(stranger).postFixture('/validate', 'crontab-update-v1.json')).rejects.toThrow();
  });

  it('serves a client whose certificate the CA signed', async () => {
    const apiserver = await clientCertificate(pki.ca);
    const reply = await server.client(apiserver).postFixture('/validate', 'crontab-update-v1.json');
    expect(reply.status).toBe(200);
    expect(reply.json).toMatchObject({ response: { allowed: true } });
  });
});
