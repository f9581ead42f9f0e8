import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Endpoint } from '../../src/admission/codec.js';
import { decodeReview, encodeReview } from '../../src/admission/codec.js';
import { invalidStatus, patched, deny } from '../../src/admission/decision.js';
import type { AdmissionReviewRequest } from '../../src/admission/types.js';
import { BUNDLED_EXAMPLES, loadConfiguration } from '../../src/config/load.js';
import { admit } from '../../src/pipeline/admit.js';
import type { CaptureEvent } from '../../src/replay/capture.js';
import { CaptureWriter, redactCapture } from '../../src/replay/capture.js';
import { compileRedactionPaths, REDACTED } from '../../src/replay/redact.js';
import { FIXTURES, jsonLines, PROJECT_ROOT, runCrdAdmission } from './cli-helpers.js';

const config = await loadConfiguration({ crdPaths: [BUNDLED_EXAMPLES], policyPaths: [] });

function temp(): string {
  return mkdtempSync(join(tmpdir(), 'crda-capture-'));
}

function fixtureReview(file: string): AdmissionReviewRequest {
  const decoded = decodeReview(JSON.parse(readFileSync(join(PROJECT_ROOT, FIXTURES, file), 'utf8')));
  if (!decoded.ok) throw new Error(decoded.error.message);
  return decoded.review;
}

/** served answers a review as the server's route does: admit, then encode. */
function served(review: AdmissionReviewRequest, endpoint: Endpoint): CaptureEvent {
  const response = encodeReview(review.apiVersion, review.request.uid, admit(review.request, endpoint, config), endpoint);
  return { endpoint, review, response, durationMs: 0.25 };
}

describe('CaptureWriter', () => {
  it('writes each review with its response, and the capture replays with --check to the same results', async () => {
    const dir = temp();
    const writer = await CaptureWriter.open({ dir });
    for (const file of ['reviews/crontab-create-v1.json', 'reviews/gadget-create-v1.json']) {
      for (const endpoint of ['mutate', 'validate'] as const) expect(writer.record(served(fixtureReview(file), endpoint))).toBe(true);
    }
    await writer.close();
    expect(writer.stats()).toMatchObject({ written: 4, dropped: 0, failed: 0 });
    expect(readdirSync(dir)).toEqual(['reviews-000001.jsonl']);
    const lines = jsonLines(readFileSync(join(dir, 'reviews-000001.jsonl'), 'utf8'));
    expect(lines[0]).toMatchObject({ apiVersion: 'admission.k8s.io/v1', kind: 'AdmissionReview', capture: { endpoint: 'mutate', durationMs: 0.25 } });
    expect(lines[0]?.response).toMatchObject({ uid: '0b7c0e44-21f7-4c3b-9a51-6d1f2f0a9e01' });
    const replay = await runCrdAdmission(['replay', '--check', dir]);
    expect(replay.stderr).toMatch(/^4 reviews, .* 0 mismatched/m);
    expect(replay.code).toBe(0);
  });

  it('rotates by size, keeps at most maxFiles and starts a new file after a restart', async () => {
    const dir = temp();
    const event = served(fixtureReview('reviews/crontab-create-v1.json'), 'validate');
    const writer = await CaptureWriter.open({ dir, maxBytes: 1, maxFiles: 2 });
    for (let i = 0; i < 3; i++) {
      writer.record(event);
      await writer.flush();
    }
    await writer.close();
    expect(readdirSync(dir).sort()).toEqual(['reviews-000002.jsonl', 'reviews-000003.jsonl']);
    const again = await CaptureWriter.open({ dir, maxBytes: 1, maxFiles: 2 });
    again.record(event);
    await again.close();
    expect(readdirSync(dir).sort()).toEqual(['reviews-000003.jsonl', 'reviews-000004.jsonl']);
  });

  it('drops and counts reviews when its queue is full instead of waiting', async () => {
    const writer = await CaptureWriter.open({ dir: temp(), queueLimit: 2 });
    const event = served(fixtureReview('reviews/crontab-create-v1.json'), 'mutate');
    expect([1, 2, 3, 4, 5].map(() => writer.record(event))).toEqual([true, true, false, false, false]);
    await writer.close();
    expect(writer.stats()).toMatchObject({ written: 2, dropped: 3, failed: 0 });
  });

  it('counts failed writes and reports them without throwing to the caller', async () => {
    const dir = temp();
    const errors: string[] = [];
    const writer = await CaptureWriter.open({ dir: join(dir, 'gone'), onError: (e) => errors.push((e as NodeJS.ErrnoException).code ?? '') });
    rmSync(join(dir, 'gone'), { recursive: true });
    expect(writer.record(served(fixtureReview('reviews/crontab-create-v1.json'), 'mutate'))).toBe(true);
    await writer.close();
    expect(writer.stats()).toMatchObject({ written: 0, failed: 1 });
    expect(errors).toEqual(['ENOENT']);
  });
});

describe('redactCapture', () => {
  const review = fixtureReview('reviews/crontab-create-v1.json');
  const object = {
    ...review.request.object,
    spec: {
      image: 'x',
      auth: { password: 'hunter2', user: 'admin' },
      users: [{ name: 'a', token: 't1' }, { name: 'b', token: 't2' }],
      template: { apiVersion: 'v1', kind: 'Secret', metadata: { name: 's' }, data: { 'tls.key': 'LS0tLS1CRUdJTg==' }, stringData: { password: 'p' } },
    },
  };
  const request = { ...review.request, object };
  const patterns = compileRedactionPaths(['spec.auth.password', 'spec.users.*.token']);

  it('hides values under the configured paths and the data of embedded Secrets, keeping keys', () => {
    const line = redactCapture({ ...served({ ...review, request }, 'validate') }, patterns, new Date('2026-11-20T10:00:00Z'));
    const spec = ((line.request as { object: { spec: Record<string, unknown> } }).object.spec);
    expect(spec.auth).toEqual({ password: REDACTED, user: 'admin' });
    expect(spec.users).toEqual([{ name: 'a', token: REDACTED }, { name: 'b', token: REDACTED }]);
    expect(spec.template).toMatchObject({ data: { 'tls.key': REDACTED }, stringData: { password: REDACTED } });
    expect(line.capture).toEqual({ endpoint: 'validate', time: '2026-11-20T10:00:00.000Z', durationMs: 0.25, redacted: ['spec.auth.password', 'spec.users.*.token'] });
    expect(object.spec.auth.password).toBe('hunter2');
  });

  it('hides redacted values in patch operations and in the messages of field errors on redacted fields', () => {
    const patch = [{ op: 'add' as const, path: '/spec/auth', value: { password: 'hunter2' } }, { op: 'add' as const, path: '/spec/users/0/token', value: 't9' }];
    const mutated = encodeReview('admission.k8s.io/v1', request.uid, patched(patch), 'mutate');
    const line = redactCapture({ endpoint: 'mutate', review: { ...review, request }, response: mutated, durationMs: 1 }, patterns, new Date());
    const ops = JSON.parse(Buffer.from((line.response as { patch: string }).patch, 'base64').toString('utf8')) as unknown;
    expect(ops).toEqual([{ op: 'add', path: '/spec/auth', value: { password: REDACTED } }, { op: 'add', path: '/spec/users/0/token', value: REDACTED }]);
    const status = invalidStatus({ group: 'stable.example.com', kind: 'CronTab', name: 'x' }, [
      { type: 'FieldValueInvalid', field: 'spec.auth.password', badValue: 'hunter2', detail: 'too weak' },
      { type: 'FieldValueRequired', field: 'spec.image', badValue: '', detail: '' },
    ]);
    const denied = encodeReview('admission.k8s.io/v1', request.uid, deny(status), 'validate');
    const text = JSON.stringify(redactCapture({ endpoint: 'validate', review: { ...review, request }, response: denied, durationMs: 1 }, patterns, new Date()));
    expect(text).not.toContain('hunter2');
    expect(text).toContain('"field":"spec.image"');
  });
});
