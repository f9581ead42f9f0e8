import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ReviewedEvent } from '../../src/server/types.js';
import type { TestPki } from '../helpers/pki.js';
import { createTestPki } from '../helpers/pki.js';
import type { RunningServer } from '../helpers/test-server.js';
import { startTestServer } from '../helpers/test-server.js';
import type { WebhookClient } from '../helpers/webhook-client.js';
import { readFixture } from '../helpers/webhook-client.js';

interface ReviewReply {
  apiVersion: string;
  kind: string;
  response: { uid: string; allowed: boolean; patch?: string; patchType?: string; warnings?: string[]; status?: { code: number } };
}

const FIXTURES = [
  'crontab-create-v1.json',
  'crontab-create-v1beta1.json',
  'crontab-update-v1.json',
  'crontab-delete-v1.json',
  'webapp-create-v1.json',
  'webapp-update-v1beta1.json',
  'unknown-resource-v1.json',
];

function requestOf(fixture: string): { uid: string; operation: string; namespace: string; name: string } {
  return readFixture(fixture).request as { uid: string; operation: string; namespace: string; name: string };
}

let pki: TestPki;
let server: RunningServer;
let client: WebhookClient;
const reviewed: ReviewedEvent[] = [];

beforeAll(async () => {
  pki = await createTestPki();
  server = await startTestServer(pki, { onReviewed: (event) => reviewed.push(event) });
  client = server.client();
});
afterAll(() => server.close());

describe.each(FIXTURES)('POST a recorded review %s', (fixture) => {
  const sent = () => readFixture(fixture);

  it('answers /validate in the review version, echoing the uid, never with a patch', async () => {
    const reply = await client.postFixture('/validate', fixture);
    expect(reply.status).toBe(200);
    expect(reply.headers['content-type']).toMatch(/^application\/json/);
    const body = reply.json as ReviewReply;
    expect(body.apiVersion).toBe(sent().apiVersion);
    expect(body.kind).toBe('AdmissionReview');
    expect(body.response.uid).toBe(requestOf(fixture).uid);
    expect(body.response.allowed).toBe(true);
    expect(body.response).not.toHaveProperty('patch');
    expect(body.response).not.toHaveProperty('patchType');
  });

  it('answers /mutate with patch and patchType together or neither', async () => {
    const reply = await client.postFixture('/mutate', fixture);
    expect(reply.status).toBe(200);
    const body = reply.json as ReviewReply;
    expect(body.apiVersion).toBe(sent().apiVersion);
    expect(body.response.uid).toBe(requestOf(fixture).uid);
    expect('patch' in body.response).toBe('patchType' in body.response);
    if (body.response.patch !== undefined) {
      expect(body.response.patchType).toBe('JSONPatch');
      expect(Array.isArray(JSON.parse(Buffer.from(body.response.patch, 'base64').toString('utf8')))).toBe(true);
    }
    if (requestOf(fixture).operation === 'DELETE') expect(body.response).not.toHaveProperty('patch');
  });
});

describe('reviews of resources no CRD describes', () => {
  it('are allowed with a warning naming the resource, on both endpoints', async () => {
    for (const path of ['/validate', '/mutate']) {
      const body = (await client.postFixture(path, 'unknown-resource-v1.json')).json as ReviewReply;
      expect(body.response.allowed).toBe(true);
      expect(body.response.warnings).toEqual([expect.stringContaining('widgets.v1alpha1.widgets.example.org')]);
    }
    const line = server.logs.find((l) => l.msg === 'review' && l.uid === requestOf('unknown-resource-v1.json').uid);
    expect(line).toMatchObject({ resource: 'widgets.example.org/v1alpha1/widgets', warnings: 1, unknownResource: true });
  });
});

describe('the per-review log line', () => {
  it('names the review and its outcome without any object contents', async () => {
    await client.postFixture('/validate', 'webapp-update-v1beta1.json');
    const line = server.logs.find((l) => l.msg === 'review' && l.uid === requestOf('webapp-update-v1beta1.json').uid);
    expect(line).toMatchObject({
      endpoint: 'validate',
      kind: 'platform.example.com/v1/WebApp',
      resource: 'platform.example.com/v1/webapps',
      namespace: 'shop',
      name: 'storefront',
      operation: 'UPDATE',
      dryRun: true,
      decision: 'allowed',
      code: 200,
      warnings: 0,
    });
    expect(typeof line?.durationMs).toBe('number');
    const everything = JSON.stringify(server.logs);
    expect(everything).not.toContain('registry.example.com/shop/storefront');
    expect(everything).not.toContain('checkout@example.com');
  });

  it('is the only line a review writes (fastify request logging is off)', async () => {
    const before = server.logs.length;
    await client.postFixture('/validate', 'crontab-create-v1.json');
    await new Promise((resolve) => setImmediate(resolve));
    expect(server.logs.slice(before).map((l) => l.msg)).toEqual(['review']);
  });
});

describe('?timeout', () => {
  it('is accepted and recorded in the log line', async () => {
    const reply = await client.post('/validate?timeout=10s', readFixture('crontab-update-v1.json'));
    expect(reply.status).toBe(200);
    const line = server.logs.find((l) => l.msg === 'review' && l.uid === requestOf('crontab-update-v1.json').uid && l.timeoutMs !== undefined);
    expect(line).toMatchObject({ timeoutMs: 10_000, late: false });
  });

  it('is ignored when it is not a duration', async () => {
    const reply = await client.post('/validate?timeout=soon', readFixture('crontab-update-v1.json'));
    expect(reply.status).toBe(200);
  });
});

describe('onReviewed', () => {
  it('receives the review, the response and the duration after the reply', async () => {
    await client.postFixture('/mutate', 'crontab-delete-v1.json');
    const event = reviewed.find((e) => e.review.request.uid === requestOf('crontab-delete-v1.json').uid && e.endpoint === 'mutate');
    expect(event?.response.response.uid).toBe(requestOf('crontab-delete-v1.json').uid);
    expect(event?.durationMs).toBeGreaterThanOrEqual(0);
  });

  it('cannot break a request by throwing', async () => {
    const failing = await startTestServer(pki, {
      onReviewed: () => {
        throw new Error('capture disk full');
      },
    });
    try {
      const reply = await failing.client().postFixture('/validate', 'crontab-create-v1.json');
      expect(reply.status).toBe(200);
      expect((reply.json as ReviewReply).response.allowed).toBe(true);
      await new Promise((resolve) => setImmediate(resolve));
      expect(failing.logs.some((l) => l.msg === 'onReviewed hook failed')).toBe(true);
    } finally {
      await failing.close();
    }
  });
});
