import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { BUNDLED_EXAMPLES, loadConfiguration } from '../../src/config/load.js';
import { compareOutcome } from '../../src/replay/compare.js';
import { replayExitCode, replayInputs } from '../../src/replay/replay.js';
import { palette } from '../../src/replay/report.js';
import { JsonReporter } from '../../src/replay/report-json.js';
import { replayReview } from '../../src/replay/run.js';
import { classifyDocument } from '../../src/replay/classify.js';
import { FIXTURES, jsonLines, PROJECT_ROOT } from './cli-helpers.js';

const config = await loadConfiguration({ crdPaths: [BUNDLED_EXAMPLES], policyPaths: [] });

async function replayToJson(inputs: string[], check: boolean, stdinText = '') {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  let out = '';
  let err = '';
  stdout.setEncoding('utf8').on('data', (d: string) => (out += d));
  stderr.setEncoding('utf8').on('data', (d: string) => (err += d));
  const stdin = new PassThrough();
  stdin.end(stdinText);
  const summary = await replayInputs({ inputs, config, check, stdin, reporter: new JsonReporter(stdout, stderr, { diff: false, colors: palette(false) }) });
  return { summary, lines: jsonLines(out), stderr: err };
}

describe('replayInputs', () => {
  it('streams every input through the pipeline and counts the outcomes', async () => {
    const { summary, lines } = await replayToJson([`${PROJECT_ROOT}${FIXTURES}/reviews`, `${PROJECT_ROOT}${FIXTURES}/reviews.jsonl`], false);
    expect(summary.reviews).toBe(7);
    expect(summary.allowed + summary.denied).toBe(7);
    expect(summary.checked).toBe(0);
    expect(lines).toHaveLength(7);
    expect(replayExitCode(summary)).toBe(0);
  });

  it('keeps the other results when one input is unreadable, and exits 2', async () => {
    const { summary, lines } = await replayToJson([`${PROJECT_ROOT}${FIXTURES}/malformed/truncated.jsonl`, '/nonexistent/reviews.jsonl'], false);
    expect(summary.reviews).toBe(2);
    expect(summary.inputErrors.map((e) => [e.at.line, e.reason.split(':')[0]])).toEqual([
      [2, 'malformed or truncated JSON line'],
      [0, 'cannot read'],
    ]);
    expect(lines.filter((l) => 'error' in l)).toEqual([
      { input: `${PROJECT_ROOT}${FIXTURES}/malformed/truncated.jsonl:2`, error: expect.stringContaining('malformed or truncated JSON line') as unknown },
      { input: '/nonexistent/reviews.jsonl', error: 'cannot read: ENOENT' },
    ]);
    expect(replayExitCode(summary)).toBe(2);
  });
});

describe('compareOutcome', () => {
  const captured = {
    apiVersion: 'admission.k8s.io/v1',
    kind: 'AdmissionReview',
    request: {
      uid: 'u1',
      kind: { group: 'widgets.acme.io', version: 'v1', kind: 'Gadget' },
      resource: { group: 'widgets.acme.io', version: 'v1', resource: 'gadgets' },
      operation: 'CREATE',
      userInfo: {},
      object: { apiVersion: 'widgets.acme.io/v1', kind: 'Gadget', metadata: { name: 'g' }, spec: { teeth: 12 } },
    },
    response: {
      uid: 'u1',
      allowed: true,
      patchType: 'JSONPatch',
      patch: Buffer.from(JSON.stringify([{ op: 'add', path: '/spec/color', value: 'red' }])).toString('base64'),
    },
  };

  it('compares the patched object: the recorded patch and ours, both applied to request.object', () => {
    const classified = classifyDocument(captured, { file: 'pairs.json', line: 1 }, config.profiles);
    if (classified.kind !== 'item' || !classified.item.recorded) throw new Error('expected a captured pair');
    const { item } = classified;
    const outcome = replayReview(item.review, config);
    expect(compareOutcome(item.review.request, item.recorded!, outcome)).toEqual([
      { aspect: 'patched object', detail: '/spec/color: recorded "red", replayed (absent)' },
    ]);
  });

  it('rejects a recorded patch that is not base64 JSON as an input error', () => {
    const broken = { ...captured, response: { ...captured.response, patch: 'not base64 json' } };
    expect(classifyDocument(broken, { file: 'pairs.json', line: 1 }, config.profiles)).toEqual({
      kind: 'error',
      reason: 'recorded response.patch is not base64-encoded JSON',
    });
  });
});
