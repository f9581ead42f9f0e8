import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMetrics } from '../../src/metrics/metrics.js';
import type { AdmissionMetrics } from '../../src/metrics/metrics.js';
import { createTestPki } from '../helpers/pki.js';
import type { RunningServer } from '../helpers/test-server.js';
import { startTestServer } from '../helpers/test-server.js';
import type { Reply } from '../helpers/webhook-client.js';
import { WebhookClient, readFixture } from '../helpers/webhook-client.js';

// test/server/bad-requests.test.ts checks each bad input alone, with its exact error;
// here they arrive all at once, interleaved with valid reviews, over many connections.

let server: RunningServer;
let metrics: AdmissionMetrics;

beforeAll(async () => {
  metrics = createMetrics({ defaultMetrics: false });
  server = await startTestServer(await createTestPki(), { metrics });
});
afterAll(() => server.close());

const valid = JSON.stringify(readFixture('crontab-update-v1.json'));

function withSpec(extra: string): string {
  return valid.replace('"spec":{', `"spec":{${extra},`);
}

interface Hostile {
  readonly name: string;
  readonly body: Buffer;
  /** Statuses the documented errors allow (413 may also be a reset while the client still sends). */
  readonly statuses: readonly number[];
}

const HOSTILE: Hostile[] = [
  { name: 'malformed', body: Buffer.from('{"apiVersion": "admission.k8s.io/v1", "kind": }'), statuses: [400] },
  { name: 'truncated', body: Buffer.from(valid.slice(0, valid.length / 2)), statuses: [400] },
  { name: 'oversized (8 MiB)', body: Buffer.from(withSpec(`"padding":"${'x'.repeat(8 * 1024 * 1024)}"`)), statuses: [413] },
  { name: 'nested 10,001 levels', body: Buffer.from(withSpec(`"deep":${'['.repeat(10_001)}${']'.repeat(10_001)}`)), statuses: [400] },
  { name: 'invalid UTF-8', body: Buffer.concat([Buffer.from(valid.slice(0, 40)), Buffer.from([0xff, 0xfe, 0xc3]), Buffer.from(valid.slice(40))]), statuses: [400] },
  { name: 'not a review', body: Buffer.from('{"kind":"Pod","apiVersion":"v1"}'), statuses: [400] },
];

async function send(client: WebhookClient, path: string, body: Buffer): Promise<Reply | Error> {
  return client.post(path, body).catch((error: Error) => error);
}

describe('a burst of hostile requests on many connections, interleaved with valid reviews', () => {
  it('answers each hostile request with its documented error (or closes it) and every valid review correctly', async () => {
    const clients = Array.from({ length: 6 }, () => new WebhookClient(server.port, { ca: server.client().tls.ca }, { maxSockets: 4 }));
    const hostile: Promise<{ input: Hostile; reply: Reply | Error }>[] = [];
    const good: Promise<Reply | Error>[] = [];
    for (let round = 0; round < 5; round++) {
      for (const [index, input] of HOSTILE.entries()) {
        const client = clients[(round + index) % clients.length] as WebhookClient;
        const path = index % 2 === 0 ? '/validate' : '/mutate';
        hostile.push(send(client, path, input.body).then((reply) => ({ input, reply })));
        good.push(send(clients[(round + index + 1) % clients.length] as WebhookClient, '/validate', Buffer.from(valid)));
      }
    }
    const outcomes = await Promise.all(hostile);
    for (const { input, reply } of outcomes) {
      if (reply instanceof Error) {
        // Only the oversized body may see the connection reset while it is still being written.
        expect(input.statuses, `${input.name}: ${reply.message}`).toContain(413);
        continue;
      }
      expect(input.statuses, `${input.name}: HTTP ${reply.status} ${reply.text.slice(0, 200)}`).toContain(reply.status);
      expect(reply.json).toMatchObject({ statusCode: reply.status });
    }
    for (const reply of await Promise.all(good)) {
      expect(reply).not.toBeInstanceOf(Error);
      expect((reply as Reply).status).toBe(200);
      expect((reply as Reply).json).toMatchObject({ response: { uid: 'c8d4f1a2-7e3b-4b6d-a1c9-5e2f0d8b7a63', allowed: true } });
    }
    for (const client of clients) client.close();

    const after = await server.client().postFixture('/mutate', 'webapp-create-v1.json');
    expect(after.status).toBe(200);
    expect(after.json).toMatchObject({ response: { allowed: true } });
  });

  it('counts the refusals in crd_admission_bad_requests_total and the valid reviews in crd_admission_requests_total', async () => {
    const text = (await server.client().get('/metrics')).text;
    const count = (pattern: RegExp): number => [...text.matchAll(pattern)].reduce((sum, match) => sum + Number(match[1]), 0);
    expect(count(/^crd_admission_bad_requests_total\{endpoint="(?:validate|mutate)",code="4\d\d"\} (\d+)$/gm)).toBeGreaterThanOrEqual(25);
    expect(count(/^crd_admission_requests_total\{endpoint="validate",resource="stable\.example\.com\/v1\/crontabs",operation="UPDATE",decision="allowed"\} (\d+)$/gm)).toBe(30);
  });
});
