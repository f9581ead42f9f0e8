import { request as httpGet } from 'node:http';
import type { Server } from 'node:http';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inspectCertificate } from '../../src/certs/inspect.js';
import { BUNDLED_EXAMPLES, loadConfiguration } from '../../src/config/load.js';
import { LATENCY_BUCKETS, createMetrics } from '../../src/metrics/metrics.js';
import type { AdmissionMetrics } from '../../src/metrics/metrics.js';
import { startMetricsServer } from '../../src/metrics/server.js';
import { DEFAULT_SETTINGS } from '../../src/pipeline/settings.js';
import { createTestPki } from '../helpers/pki.js';
import type { TestPki } from '../helpers/pki.js';
import type { RunningServer } from '../helpers/test-server.js';
import { startTestServer } from '../helpers/test-server.js';
import type { WebhookClient } from '../helpers/webhook-client.js';
import { readFixture } from '../helpers/webhook-client.js';

const HOSTILE_RULES = fileURLToPath(new URL('../fixtures/rules/hostile', import.meta.url));

let pki: TestPki;
let metrics: AdmissionMetrics;
let server: RunningServer;
let client: WebhookClient;
let scrape: string;

function sample(text: string, series: string): number | undefined {
  const line = text.split('\n').find((l) => l.startsWith(`${series} `));
  return line === undefined ? undefined : Number(line.slice(series.length + 1));
}

function loopingCronTab(): Record<string, unknown> {
  const review = readFixture('crontab-create-v1.json') as { request: { object: { metadata: Record<string, unknown> } } };
  review.request.object.metadata.labels = { loop: 'forever' };
  return review;
}

beforeAll(async () => {
  pki = await createTestPki();
  metrics = createMetrics();
  // The hostile rules: two fail on every CronTab, one loops for ever on CronTabs labelled loop=forever.
  const configuration = await loadConfiguration(
    { crdPaths: [BUNDLED_EXAMPLES], policyPaths: [], ruleDirs: [HOSTILE_RULES] },
    { ...DEFAULT_SETTINGS, ruleBudgetMs: 50 },
  );
  server = await startTestServer(pki, { metrics, configuration: { current: () => configuration } });
  client = server.client();
  expect((await client.postFixture('/validate', 'crontab-create-v1.json')).json).toMatchObject({ response: { allowed: false } });
  expect((await client.post('/validate', loopingCronTab())).json).toMatchObject({ response: { allowed: false } });
  expect((await client.postFixture('/mutate', 'webapp-create-v1.json')).status).toBe(200);
  expect((await client.postFixture('/validate', 'unknown-resource-v1.json')).status).toBe(200);
  expect((await client.post('/validate', '{"kind":')).status).toBe(400);
  const reply = await client.get('/metrics');
  expect(reply.status).toBe(200);
  expect(reply.headers['content-type']).toContain('text/plain');
  scrape = reply.text;
});
afterAll(() => server.close());

describe('GET /metrics on the serving port', () => {
  it('counts reviews by endpoint, resource, operation and decision, with unknown resources under one label', () => {
    expect(sample(scrape, 'crd_admission_requests_total{endpoint="validate",resource="stable.example.com/v1/crontabs",operation="CREATE",decision="denied"}')).toBe(2);
    expect(sample(scrape, 'crd_admission_requests_total{endpoint="mutate",resource="platform.example.com/v1/webapps",operation="CREATE",decision="allowed"}') ??
      sample(scrape, 'crd_admission_requests_total{endpoint="mutate",resource="platform.example.com/v1/webapps",operation="CREATE",decision="patched"}')).toBe(1);
    const unknown = scrape.split('\n').filter((l) => l.startsWith('crd_admission_requests_total{') && l.includes('resource="unknown"'));
    expect(unknown).toHaveLength(1);
    expect(scrape).not.toMatch(/resource="[^"]*widgets/); // the unknown resource's name never becomes a label
  });

  it('has a latency histogram resolving sub-millisecond times and the apiserver buckets', () => {
    for (const le of [0.0001, 0.0005, 0.005, 0.025, 0.1, 0.5, 1, 2.5, 10, 25]) {
      expect(LATENCY_BUCKETS).toContain(le);
      expect(scrape).toContain(`crd_admission_request_duration_seconds_bucket{le="${le}",endpoint="validate",resource="stable.example.com/v1/crontabs"}`);
    }
    expect(sample(scrape, 'crd_admission_request_duration_seconds_count{endpoint="validate",resource="stable.example.com/v1/crontabs"}')).toBe(2);
  });

  it('counts rule evaluation errors and cost-limit hits reported by the stages', () => {
    // Two failing rules per CronTab review; the looping one also runs out of budget once.
    expect(sample(scrape, 'crd_admission_rule_evaluation_errors_total{resource="stable.example.com/v1/crontabs"}')).toBeGreaterThanOrEqual(4);
    expect(sample(scrape, 'crd_admission_cost_limit_exceeded_total{resource="stable.example.com/v1/crontabs"}')).toBe(1);
  });

  it('counts bad requests by endpoint and status code', () => {
    expect(sample(scrape, 'crd_admission_bad_requests_total{endpoint="validate",code="400"}')).toBe(1);
  });

  it('exports the serving certificate notAfter as a Unix time', () => {
    const notAfter = inspectCertificate(pki.cert).notAfter.getTime() / 1000;
    expect(sample(scrape, 'crd_admission_serving_certificate_expiry_timestamp_seconds')).toBe(notAfter);
  });

  it('includes the process metrics (RSS, event loop lag) under the crd_admission_ prefix', () => {
    expect(scrape).toMatch(/^crd_admission_process_resident_memory_bytes \d+/m);
    expect(scrape).toMatch(/^crd_admission_nodejs_eventloop_lag_seconds /m);
  });

  it('counts configuration reloads by result', async () => {
    metrics.observeConfigReload(true);
    metrics.observeConfigReload(false);
    const text = (await client.get('/metrics')).text;
    expect(sample(text, 'crd_admission_config_reloads_total{result="success"}')).toBe(1);
    expect(sample(text, 'crd_admission_config_reloads_total{result="failure"}')).toBe(1);
  });
});

function plainGet(server: Server, path: string): Promise<{ status: number; text: string }> {
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return new Promise((resolve, reject) => {
    httpGet({ host: '127.0.0.1', port, path }, (res) => {
      let text = '';
      res.on('data', (chunk: Buffer) => (text += chunk.toString()));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, text }));
    }).on('error', reject).end();
  });
}

describe('a separate plain-HTTP metrics port', () => {
  it('serves the same registry over HTTP, and nothing else', async () => {
    const metricsServer = await startMetricsServer(metrics, '127.0.0.1', 0);
    try {
      const reply = await plainGet(metricsServer, '/metrics');
      expect(reply.status).toBe(200);
      expect(sample(reply.text, 'crd_admission_bad_requests_total{endpoint="validate",code="400"}')).toBe(1);
      expect((await plainGet(metricsServer, '/validate')).status).toBe(404);
    } finally {
      metricsServer.close();
    }
  });

  it('is not served on the HTTPS port when the server is told a separate port serves it', async () => {
    const other = await startTestServer(pki, { metrics: createMetrics({ defaultMetrics: false }), metricsEndpoint: false });
    try {
      expect((await other.client().get('/metrics')).status).toBe(404);
    } finally {
      await other.close();
    }
  });
});
