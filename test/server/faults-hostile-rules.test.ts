import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfiguration } from '../../src/config/load.js';
import { createMetrics } from '../../src/metrics/metrics.js';
import type { AdmissionMetrics } from '../../src/metrics/metrics.js';
import { createTestPki } from '../helpers/pki.js';
import type { RunningServer } from '../helpers/test-server.js';
import { startTestServer } from '../helpers/test-server.js';
import type { Reply, WebhookClient } from '../helpers/webhook-client.js';

// A CRD whose schema `pattern` and CEL matches() use the catastrophic-backtracking ^(a+)+$ and
// whose CEL rule walks every pair of a 10,000-item list (10^8 steps), and a policy doing the same.
const FIXTURES = fileURLToPath(new URL('../fixtures/faults/', import.meta.url));

let server: RunningServer;
let client: WebhookClient;
let metrics: AdmissionMetrics;

beforeAll(async () => {
  metrics = createMetrics({ defaultMetrics: false });
  const configuration = await loadConfiguration({ crdPaths: [`${FIXTURES}crds`], policyPaths: [`${FIXTURES}policies`] });
  server = await startTestServer(await createTestPki(), { metrics, configuration: { current: () => configuration } });
  client = server.client();
});
afterAll(() => server.close());

let uid = 0;
function stressReview(spec: Record<string, unknown>, oldSpec?: Record<string, unknown>): Record<string, unknown> {
  const gv = { group: 'faults.example.com', version: 'v1' };
  const object = (s: Record<string, unknown>): Record<string, unknown> => ({ apiVersion: 'faults.example.com/v1', kind: 'Stress', metadata: { name: 'stress', namespace: 'default' }, spec: s });
  return {
    apiVersion: 'admission.k8s.io/v1',
    kind: 'AdmissionReview',
    request: {
      uid: `00000000-0000-4000-8000-${String(++uid).padStart(12, '0')}`,
      kind: { ...gv, kind: 'Stress' },
      resource: { ...gv, resource: 'stresses' },
      name: 'stress',
      namespace: 'default',
      operation: oldSpec ? 'UPDATE' : 'CREATE',
      userInfo: { username: 'mallory' },
      object: object(spec),
      oldObject: oldSpec ? object(oldSpec) : null,
      dryRun: false,
    },
  };
}

interface Answer {
  readonly allowed: boolean;
  readonly status?: { code: number; message: string };
}

function answer(reply: Reply): Answer {
  expect(reply.status).toBe(200);
  return (reply.json as { response: Answer }).response;
}

const TEN_THOUSAND = Array.from({ length: 10_000 }, (_, i) => i);
const EVIL = `${'a'.repeat(50_000)}!`;

describe('hostile rules and patterns', () => {
  it('matches ^(a+)+$ in a schema pattern in linear time (RE2): the long near-miss is refused with the pattern error', async () => {
    const reply = answer(await client.post('/validate', stressReview({ numbers: TEN_THOUSAND, name: EVIL })));
    expect(reply.allowed).toBe(false);
    expect(reply.status?.message).toContain('spec.name: Invalid value');
    expect(reply.status?.message).toContain("should match '^(a+)+$'");
    expect(answer(await client.post('/validate', stressReview({ name: 'a'.repeat(50_000) }))).allowed).toBe(true);
  });

  it('stops a nested comprehension over 10,000 items at the cost limit, in the CRD rule and in the policy, and denies the request', async () => {
    const reply = answer(await client.post('/validate', stressReview({ numbers: TEN_THOUSAND })));
    expect(reply.allowed).toBe(false);
    expect(reply.status?.message).toContain('cost limit exceeded');
    expect(reply.status?.message).toContain('numbers must be non-negative pairwise');
    // The same expression over a short list is evaluated normally.
    expect(answer(await client.post('/validate', stressReview({ numbers: [1, 2, 3] }))).allowed).toBe(true);
  });

  it('matches ^(a+)+$ in a CEL matches() in linear time: the near-miss passes, the match is refused', async () => {
    expect(answer(await client.post('/validate', stressReview({ text: EVIL }))).allowed).toBe(true);
    const reply = answer(await client.post('/validate', stressReview({ text: 'a'.repeat(50_000) })));
    expect(reply.allowed).toBe(false);
    expect(reply.status?.message).toContain("text must not be all a's");
  });

  it('counts the cost-limit hits of the CRD rule in crd_admission_cost_limit_exceeded_total', async () => {
    const text = await metrics.registry.metrics();
    const line = text.split('\n').find((l) => l.startsWith('crd_admission_cost_limit_exceeded_total{resource="faults.example.com/v1/stresses"}'));
    expect(Number(line?.split(' ')[1])).toBeGreaterThanOrEqual(1);
  });

  it('keeps answering other reviews correctly while hostile ones arrive at the same time', async () => {
    const hostile = Array.from({ length: 4 }, () => client.post('/validate', stressReview({ numbers: TEN_THOUSAND, name: EVIL })));
    const normal = Array.from({ length: 20 }, () => client.post('/validate', stressReview({ numbers: [1, 2], name: 'aaa', text: 'hello' })));
    for (const reply of await Promise.all(normal)) expect(answer(reply).allowed).toBe(true);
    for (const reply of await Promise.all(hostile)) expect(answer(reply).allowed).toBe(false);
  });

  it('counts errors dropped by ratcheting in crd_admission_ratcheted_errors_total', async () => {
    // The invalid name was already stored: an UPDATE that leaves it alone is allowed (ratcheting).
    const reply = answer(await client.post('/validate', stressReview({ name: EVIL, text: 'changed' }, { name: EVIL, text: 'before' })));
    expect(reply.allowed).toBe(true);
    const text = await metrics.registry.metrics();
    const line = text.split('\n').find((l) => l.startsWith('crd_admission_ratcheted_errors_total{resource="faults.example.com/v1/stresses"}'));
    expect(Number(line?.split(' ')[1])).toBeGreaterThanOrEqual(1);
  });
});
