import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Configuration } from '../../src/config/load.js';
import { inspectCertificate } from '../../src/certs/inspect.js';
import { readinessProblems } from '../../src/server/health.js';
import { ServingCertificate } from '../../src/server/tls-reload.js';
import { createTestPki } from '../helpers/pki.js';
import type { TestPki } from '../helpers/pki.js';
import type { RunningServer } from '../helpers/test-server.js';
import { bundledConfiguration, startTestServer } from '../helpers/test-server.js';

let pki: TestPki;
let server: RunningServer;

beforeAll(async () => {
  pki = await createTestPki();
  server = await startTestServer(pki);
});
afterAll(() => server.close());

describe('GET /healthz', () => {
  it('answers 200 while the process serves', async () => {
    const reply = await server.client().get('/healthz');
    expect(reply.status).toBe(200);
    expect(reply.json).toEqual({ status: 'ok' });
  });
});

describe('GET /readyz', () => {
  it('answers 200 with the certificate expiry when configuration and certificate are good', async () => {
    const reply = await server.client().get('/readyz');
    expect(reply.status).toBe(200);
    expect(reply.json).toMatchObject({ status: 'ready', certificateNotAfter: expect.stringMatching(/^\d{4}-/) });
  });

  it('answers 503 with the reason when no configuration is loaded', async () => {
    const unloaded = await startTestServer(pki, {
      configuration: {
        current(): Configuration {
          throw new Error('reload in progress');
        },
      },
    });
    try {
      const reply = await unloaded.client().get('/readyz');
      expect(reply.status).toBe(503);
      expect(reply.json).toEqual({ status: 'not ready', problems: ['configuration not loaded: reload in progress'] });
    } finally {
      await unloaded.close();
    }
  });

  it('answers 503 once shutdown has begun, while reviews are still answered', async () => {
    const configuration = await bundledConfiguration();
    const draining = await startTestServer(pki, { configuration: { current: () => configuration }, isDraining: () => true });
    try {
      const client = draining.client();
      expect((await client.get('/readyz')).json).toEqual({ status: 'not ready', problems: ['shutting down'] });
      expect((await client.postFixture('/validate', 'crontab-update-v1.json')).status).toBe(200);
    } finally {
      await draining.close();
    }
  });
});

describe('readinessProblems', () => {
  it('reports a serving certificate that has expired', async () => {
    const configuration = await bundledConfiguration();
    const serving = new ServingCertificate(inspectCertificate(pki.cert));
    const later = new Date(serving.current().notAfter.getTime() + 1000);
    expect(readinessProblems({ configuration: { current: () => configuration }, serving, now: () => later })).toEqual([
      expect.stringMatching(/^serving certificate is not valid now \(valid .* to .*\)$/),
    ]);
    expect(readinessProblems({ configuration: { current: () => configuration }, serving })).toEqual([]);
  });
});
