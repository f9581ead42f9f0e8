import { writeFile } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inspectCertificate } from '../../src/certs/inspect.js';
import { KeyPairFileWatcher } from '../../src/server/key-pair-files.js';
import { createTestPki, reissueServingCertificate } from '../helpers/pki.js';
import type { TestPki } from '../helpers/pki.js';
import type { RunningServer } from '../helpers/test-server.js';
import { startTestServer } from '../helpers/test-server.js';
import { WebhookClient, readFixture, servedCertificateSerial } from '../helpers/webhook-client.js';

let pki: TestPki;
let watcher: KeyPairFileWatcher;
let server: RunningServer;

beforeAll(async () => {
  pki = await createTestPki();
  watcher = new KeyPairFileWatcher({ certPath: pki.certPath, keyPath: pki.keyPath }, { cert: pki.cert, key: pki.key }, { pollIntervalMs: 250, debounceMs: 50 });
  server = await startTestServer(pki, { keyPairUpdates: watcher });
});
afterAll(async () => {
  watcher.close();
  await server.close();
});

/** RequestStream keeps reviews flowing, over kept-alive connections and over fresh ones, and counts outcomes. */
class RequestStream {
  ok = 0;
  readonly failures: string[] = [];
  #running = true;
  readonly #done: Promise<void>[];

  constructor(port: number, ca: string) {
    const body = readFixture('crontab-update-v1.json');
    const keptAlive = new WebhookClient(port, { ca });
    const loop = async (fresh: boolean): Promise<void> => {
      while (this.#running) {
        const client = fresh ? new WebhookClient(port, { ca }, { keepAlive: false }) : keptAlive;
        try {
          const reply = await client.post('/validate', body);
          if (reply.status === 200) this.ok++;
          else this.failures.push(`HTTP ${reply.status}`);
        } catch (error) {
          this.failures.push((error as Error).message);
        } finally {
          if (fresh) client.close();
        }
      }
    };
    this.#keptAlive = keptAlive;
    this.#done = [loop(false), loop(false), loop(true), loop(true)];
  }

  readonly #keptAlive: WebhookClient;

  async stop(): Promise<void> {
    this.#running = false;
    await Promise.all(this.#done);
    this.#keptAlive.close();
  }
}

async function servedSerialBecomes(expected: string): Promise<string> {
  let served = '';
  for (let attempt = 0; attempt < 200 && served !== expected; attempt++) {
    served = await servedCertificateSerial(server.port, pki.ca.certPem);
    if (served !== expected) await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return served;
}

describe('certificate files replaced on disk', () => {
  it('are served to new connections without failing a single request in a running stream', async () => {
    const before = await servedCertificateSerial(server.port, pki.ca.certPem);
    const stream = new RequestStream(server.port, pki.ca.certPem);
    const rotated = await reissueServingCertificate(pki);
    const expected = inspectCertificate(rotated.cert).serialNumber;
    expect(expected).not.toBe(before);
    const served = await servedSerialBecomes(expected);
    const okAtSwap = stream.ok;
    while (stream.ok < okAtSwap + 20) await new Promise((resolve) => setTimeout(resolve, 10));
    await stream.stop();
    expect(served).toBe(expected);
    expect(stream.failures).toEqual([]);
    expect(stream.ok).toBeGreaterThan(20);
    expect(server.logs.some((l) => l.msg === 'serving certificate reloaded' && l.serial === expected)).toBe(true);
  });

  it('keep the old certificate when the new pair is broken, and take the next good one', async () => {
    const current = await servedCertificateSerial(server.port, pki.ca.certPem);
    await writeFile(pki.certPath, '-----BEGIN CERTIFICATE-----\nnot a certificate\n-----END CERTIFICATE-----\n');
    const refused = (): boolean => server.logs.some((l) => l.msg === 'new serving certificate refused; keeping the current one');
    for (let attempt = 0; attempt < 200 && !refused(); attempt++) await new Promise((resolve) => setTimeout(resolve, 25));
    expect(refused()).toBe(true);
    expect(await servedCertificateSerial(server.port, pki.ca.certPem)).toBe(current);
    expect((await server.client().postFixture('/validate', 'crontab-update-v1.json')).status).toBe(200);

    const repaired = await reissueServingCertificate(pki);
    const expected = inspectCertificate(repaired.cert).serialNumber;
    expect(await servedSerialBecomes(expected)).toBe(expected);
  });
});
