import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BUNDLED_EXAMPLES, loadConfiguration } from '../../src/config/load.js';
import type { Configuration } from '../../src/config/load.js';
import { CaptureWriter } from '../../src/replay/capture.js';
import { reviewFromManifest } from '../../src/replay/make-review.js';
import type { MakeReviewOptions } from '../../src/replay/make-review.js';
import { applyPatchStrictly } from '../../src/replay/run.js';
import type { JsonObject } from '../../src/util/json.js';
import { createTestPki } from '../helpers/pki.js';
import type { RunningServer } from '../helpers/test-server.js';
import { startTestServer } from '../helpers/test-server.js';
import type { WebhookClient } from '../helpers/webhook-client.js';
import { FIXTURES, jsonLines, PROJECT_ROOT, runCrdAdmission } from './cli-helpers.js';

const RULES = 'manifests/examples/rules';

interface Answer {
  response: { allowed: boolean; patch?: string; warnings?: string[]; status?: { code: number } };
}

const crontab = (name: string, replicas: number): JsonObject => ({
  apiVersion: 'stable.example.com/v1',
  kind: 'CronTab',
  metadata: { name, namespace: 'jobs' },
  spec: { cronSpec: '0 2 * * *', image: 'registry.example.com/report:1.0', replicas },
});
const webapp = (image: string): JsonObject => ({
  apiVersion: 'platform.example.com/v1',
  kind: 'WebApp',
  metadata: { name: 'shop', namespace: 'web' },
  spec: { tier: 'frontend', containers: [{ name: 'web', image }] },
});
// No CRD serves Gadget, so `review` cannot make it: a recorded review stands in.
const gadgetReview = JSON.parse(readFileSync(join(PROJECT_ROOT, FIXTURES, 'reviews/gadget-create-v1.json'), 'utf8')) as JsonObject;

let config: Configuration;
let server: RunningServer;
let client: WebhookClient;
let writer: CaptureWriter;
const dir = mkdtempSync(join(tmpdir(), 'crda-live-capture-'));

beforeAll(async () => {
  config = await loadConfiguration({ crdPaths: [BUNDLED_EXAMPLES], policyPaths: [], ruleDirs: [RULES] });
  writer = await CaptureWriter.open({ dir });
  server = await startTestServer(await createTestPki(), { configuration: { current: () => config }, onReviewed: (event) => void writer.record(event) });
  client = server.client();
});
afterAll(() => server.close());

/** admitLikeTheApiserver calls /mutate, applies the patch, then calls /validate with the patched object. */
async function admitLikeTheApiserver(review: JsonObject): Promise<Answer[]> {
  const mutated = (await client.post('/mutate', review)).json as Answer;
  const request = review.request as JsonObject;
  const patch = mutated.response.patch ? (JSON.parse(Buffer.from(mutated.response.patch, 'base64').toString('utf8')) as []) : [];
  const object = applyPatchStrictly(request.object as JsonObject | null, patch);
  if (typeof object === 'string') throw new Error(object);
  const validated = (await client.post('/validate', { ...review, request: { ...request, uid: `${String(request.uid)}-v`, object } })).json as Answer;
  return [mutated, validated];
}

function make(manifest: JsonObject, operation: MakeReviewOptions['operation'], old: JsonObject | null = null, username = 'dev@example.com'): JsonObject {
  const review = reviewFromManifest(manifest, old, config.profiles, { operation, username, groups: ['developers', 'system:authenticated'], dryRun: false });
  if (typeof review === 'string') throw new Error(review);
  return review;
}

describe('serve capture, replayed with --check', () => {
  it('captures every outcome from the live HTTPS server and replays it to the same results', async () => {
    const answers = [
      ...(await admitLikeTheApiserver(make(crontab('small', 3), 'CREATE'))),
      ...(await admitLikeTheApiserver(make(crontab('big', 8), 'CREATE'))),
      ...(await admitLikeTheApiserver(make(webapp('docker.io/nginx:1.27'), 'UPDATE', webapp('docker.io/nginx:1.27')))),
      ...(await admitLikeTheApiserver(make(webapp('registry.example.com/shop:2.0'), 'CREATE'))),
      ...(await admitLikeTheApiserver(gadgetReview)),
      ...(await admitLikeTheApiserver(make(crontab('small', 3), 'DELETE'))),
    ];
    await writer.flush();
    expect(answers.some((a) => !a.response.allowed)).toBe(true);
    expect(answers.filter((a) => (a.response.warnings ?? []).length > 0).length).toBeGreaterThanOrEqual(2);
    const patched = answers.filter((a) => a.response.patch !== undefined).length;
    expect(patched).toBeGreaterThan(0);

    expect(readdirSync(dir)).toEqual(['reviews-000001.jsonl']);
    const captured = jsonLines(readFileSync(join(dir, 'reviews-000001.jsonl'), 'utf8'));
    expect(captured).toHaveLength(12);
    expect(captured.map((l) => (l.capture as { endpoint: string }).endpoint)).toEqual(Array.from({ length: 12 }, (_, i) => (i % 2 === 0 ? 'mutate' : 'validate')));
    expect(captured.map((l) => l.response)).toEqual(answers.map((a) => a.response));

    const replay = await runCrdAdmission(['replay', '--check', '--rules', RULES, dir]);
    expect(replay.stderr).not.toContain('mismatch:');
    expect(replay.code).toBe(0);
    const denied = answers.filter((a) => !a.response.allowed).length;
    expect(replay.stderr).toMatch(new RegExp(`^12 reviews, ${12 - denied} allowed, ${denied} denied, ${patched} patched, 0 mismatched`, 'm'));
  });

  it('fails --check when the rules change, naming each review that now answers differently', async () => {
    await writer.flush();
    const replay = await runCrdAdmission(['replay', '--check', dir]);
    expect(replay.code).toBe(1);
    expect(replay.stderr).toMatch(/reviews-000001\.jsonl:4: CREATE crontabs\.stable\.example\.com jobs\/big\n {4}allowed: recorded false, replayed true/);
    expect(replay.stderr).toContain('causes: recorded but not replayed: spec.replicas (FieldValueForbidden)');
    expect(replay.stderr).toMatch(/reviews-000001\.jsonl:6: UPDATE webapps\.platform\.example\.com web\/shop\n {4}warnings: recorded but not replayed: spec\.containers\[0\]\.image: image "docker\.io\/nginx:1\.27" is not from an allowed registry/);
  });
});
