import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { decodeReview } from '../../src/admission/codec.js';
import { FIXTURES, jsonLines, PROJECT_ROOT, runCrdAdmission } from './cli-helpers.js';

const UNKNOWN_GADGET_WARNING = 'crd-admission: no CustomResourceDefinition loaded for gadgets.v1alpha1.widgets.acme.io; the request was not checked';

function temp(): string {
  return mkdtempSync(join(tmpdir(), 'crda-replay-'));
}

describe('crd-admission replay', () => {
  it('prints a table row per review and the summary line', async () => {
    const result = await runCrdAdmission(['replay', `${FIXTURES}/reviews`]);
    expect(result.code).toBe(0);
    const lines = result.stdout.trimEnd().split('\n');
    expect(lines[0]).toMatch(/^RESOURCE\s+NAME\s+OP\s+VERDICT\s+PATCH\s+MESSAGE$/);
    expect(lines).toHaveLength(5);
    expect(result.stdout).toMatch(/crontabs\.stable\.example\.com\s+default\/backup\s+CREATE/);
    expect(result.stdout).toMatch(/crontabs\.stable\.example\.com\s+default\/backup\s+UPDATE/);
    expect(result.stdout).toMatch(/gadgets\.widgets\.acme\.io\s+default\/sprocket\s+CREATE\s+allowed\s+0\s+crd-admission: no CustomResourceDefinition/);
    expect(result.stderr).toMatch(/^4 reviews, \d+ allowed, \d+ denied, \d+ patched, 0 mismatched, in \d+\.\d+ s$/m);
  });

  it('writes one JSON object per review with the response, the patch and the patched object', async () => {
    const result = await runCrdAdmission(['replay', '--output', 'json', `${FIXTURES}/reviews.jsonl`, `${FIXTURES}/reviews/gadget-create-v1.json`]);
    expect(result.code).toBe(0);
    const lines = jsonLines(result.stdout);
    expect(lines.map((l) => l.input)).toEqual([
      `${FIXTURES}/reviews.jsonl:1`,
      `${FIXTURES}/reviews.jsonl:2`,
      `${FIXTURES}/reviews.jsonl:3`,
      `${FIXTURES}/reviews/gadget-create-v1.json:1`,
    ]);
    const gadget = lines[3] as { response: { uid: string; allowed: boolean; warnings: string[] }; patch: unknown[]; patchedObject: { spec: unknown } };
    expect(gadget.response).toEqual({ uid: '3e0f3b77-54ca-4f6e-8d84-9a4c5c3d2b04', allowed: true, warnings: [UNKNOWN_GADGET_WARNING] });
    expect(gadget.patch).toEqual([]);
    expect(gadget.patchedObject.spec).toEqual({ teeth: 12 });
    for (const line of lines) expect(line).toHaveProperty('patchedObject');
  });

  it('writes a JUnit report with one testcase per review and an error per unreadable input', async () => {
    const result = await runCrdAdmission(['replay', '--output', 'junit', `${FIXTURES}/reviews`, `${FIXTURES}/malformed/empty.json`]);
    expect(result.code).toBe(2);
    expect(result.stdout.startsWith('<?xml version="1.0" encoding="UTF-8"?>\n<testsuites')).toBe(true);
    expect(result.stdout.match(/<testcase /g)).toHaveLength(5);
    expect(result.stdout).toContain(`<testcase name="${FIXTURES}/reviews/gadget-create-v1.json:1 CREATE gadgets.widgets.acme.io default/sprocket" classname="gadgets.widgets.acme.io"></testcase>`);
    expect(result.stdout).toContain('<error message="empty input: no AdmissionReview or audit event found" type="unreadable input">');
    expect(result.stdout.trimEnd().endsWith('</testsuite>\n</testsuites>')).toBe(true);
  });

  it('exits 0 under --check when every recorded response matches', async () => {
    const result = await runCrdAdmission(['replay', '--check', `${FIXTURES}/captured`]);
    expect(result.stderr).not.toContain('mismatch:');
    expect(result.code).toBe(0);
    expect(result.stdout.match(/ ok( |$)/gm)).toHaveLength(5);
    expect(result.stdout).toMatch(/webapps\.platform\.example\.com\s+shop\/oversized\s+CREATE\s+denied\s+0\s+ok\s+WebApp\.platform\.example\.com "oversized" is invalid/);
    expect(result.stderr).toMatch(/^5 reviews, 4 allowed, 1 denied, 0 patched, 0 mismatched/m);
  });

  it('exits 1 under --check naming the review, its input line and every difference', async () => {
    const dir = temp();
    const lines = readFileSync(join(PROJECT_ROOT, FIXTURES, 'captured/stable-pairs.jsonl'), 'utf8').trimEnd().split('\n');
    const changed = JSON.parse(lines[0] ?? '') as { response: Record<string, unknown> };
    changed.response = {
      uid: '6b3c6eaa-87fd-4c91-90b7-cd7f8f605e06',
      allowed: false,
      status: { code: 422, status: 'Failure', reason: 'Invalid', message: 'Gadget.widgets.acme.io "sprocket" is invalid', details: { causes: [{ reason: 'FieldValueInvalid', field: 'spec.teeth', message: 'Invalid value' }] } },
    };
    const file = join(dir, 'pairs.jsonl');
    writeFileSync(file, [JSON.stringify(changed), ...lines.slice(1)].join('\n') + '\n');
    const result = await runCrdAdmission(['replay', '--check', file]);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(`1 mismatch:\n  ${file}:1: CREATE gadgets.widgets.acme.io default/sprocket\n`);
    expect(result.stderr).toContain('    allowed: recorded false, replayed true');
    expect(result.stderr).toContain('    causes: recorded but not replayed: spec.teeth (FieldValueInvalid)');
    expect(result.stderr).toContain(`    warnings: replayed but not recorded: ${UNKNOWN_GADGET_WARNING}`);
    expect(result.stderr).toMatch(/^3 reviews, 3 allowed, 0 denied, 0 patched, 1 mismatched/m);
  });

  it('refreshes recorded responses with --output record, and a changed configuration then fails --check', async () => {
    const dir = temp();
    const recorded = await runCrdAdmission(['replay', '--output', 'record', `${FIXTURES}/reviews`, `${FIXTURES}/audit`]);
    expect(recorded.code).toBe(0);
    const file = join(dir, 'recorded.jsonl');
    writeFileSync(file, recorded.stdout);
    const same = await runCrdAdmission(['replay', '--check', file]);
    expect(same.stderr).toMatch(/^10 reviews, .* 0 mismatched/m);
    expect(same.code).toBe(0);
    // Without the CronTab CRD the same reviews are no longer checked: --check must say so, review by review.
    const changed = await runCrdAdmission(['replay', '--check', '--crds', 'manifests/examples/crds/webapp.yaml', file]);
    expect(changed.code).toBe(1);
    expect(changed.stderr).toContain(`${file}:1: CREATE crontabs.stable.example.com default/backup`);
    expect(changed.stderr).toContain('warnings: replayed but not recorded: crd-admission: no CustomResourceDefinition loaded for crontabs.v1.stable.example.com');
    expect(changed.stderr).not.toContain('WebApp');
  });

  it('reports malformed files, truncated lines, empty inputs and non-reviews with exit 2, keeping every other result', async () => {
    const result = await runCrdAdmission(['replay', '--output', 'json', `${FIXTURES}/malformed`, `${FIXTURES}/reviews/gadget-create-v1.json`]);
    expect(result.code).toBe(2);
    const lines = jsonLines(result.stdout);
    expect(lines.filter((l) => 'response' in l).map((l) => l.input)).toEqual([
      `${FIXTURES}/malformed/truncated.jsonl:1`,
      `${FIXTURES}/malformed/truncated.jsonl:3`,
      `${FIXTURES}/reviews/gadget-create-v1.json:1`,
    ]);
    expect(result.stderr).toContain('5 unreadable inputs:');
    expect(result.stderr).toContain(`${FIXTURES}/malformed/broken.json:6: malformed JSON: `);
    expect(result.stderr).toContain(`${FIXTURES}/malformed/empty.json:1: empty input: no AdmissionReview or audit event found`);
    expect(result.stderr).toContain(`${FIXTURES}/malformed/plain-manifest.yaml:1: not an AdmissionReview or an audit event: found stable.example.com/v1 CronTab`);
    expect(result.stderr).toContain(`${FIXTURES}/malformed/review-without-uid.json:1: not an AdmissionReview: request.uid is required`);
    expect(result.stderr).toContain(`${FIXTURES}/malformed/truncated.jsonl:2: malformed or truncated JSON line: `);
    expect(result.stderr).toMatch(/^3 reviews, /m);
  });

  it('reads standard input with -, as JSON Lines or as one pretty-printed review', async () => {
    const lines = readFileSync(join(PROJECT_ROOT, FIXTURES, 'reviews.jsonl'), 'utf8');
    const fromLines = await runCrdAdmission(['replay', '--output', 'json', '-'], lines);
    expect(fromLines.code).toBe(0);
    expect(jsonLines(fromLines.stdout).map((l) => l.input)).toEqual(['-:1', '-:2', '-:3']);
    const pretty = readFileSync(join(PROJECT_ROOT, FIXTURES, 'reviews/crontab-create-v1.json'), 'utf8');
    const fromPretty = await runCrdAdmission(['replay', '-'], pretty);
    expect(fromPretty.code).toBe(0);
    expect(fromPretty.stdout).toContain('default/backup');
    const empty = await runCrdAdmission(['replay', '-'], '');
    expect(empty.code).toBe(2);
    expect(empty.stderr).toContain('-:1: empty input: no AdmissionReview or audit event found');
  });

  it('replays audit log lines of custom resources and counts the events it skipped', async () => {
    const result = await runCrdAdmission(['replay', '--output', 'json', `${FIXTURES}/audit/kube-apiserver-audit.log`]);
    expect(result.code).toBe(0);
    const reviews = jsonLines(result.stdout).map((l) => [l.input, l.review, l.uid]);
    const log = `${FIXTURES}/audit/kube-apiserver-audit.log`;
    expect(reviews).toEqual([
      [`${log}:2`, 'CREATE crontabs.stable.example.com default/nightly-report', '6f1e2a6c-0c61-4f7a-9d4b-1a2b3c4d5e01'],
      [`${log}:4`, 'UPDATE webapps.platform.example.com shop/storefront', 'b27c9e10-4d3a-4e8f-8c2b-3e4f5a6b7c03'],
      [`${log}:5`, 'UPDATE crontabs.stable.example.com default/nightly-report', 'c3d8f0a2-5e4b-4f90-9d3c-4f5a6b7c8d04'],
      [`${log}:8`, 'CREATE gadgets.widgets.acme.io default/sprocket', 'f6abc3d5-8b7e-42c3-a06f-7c8d9e0f1a07'],
      [`${log}:9`, 'UPDATE crontabs.stable.example.com/scale default/nightly-report', '0a1bc4e6-9c8f-43d4-b170-8d9e0f1a2b08'],
      [`${log}:11`, 'DELETE crontabs.stable.example.com default/nightly-report', '2c3de6a8-1eab-45f6-8392-0f1a2b3c4d10'],
    ]);
    expect(result.stderr).toContain('note: skipped 1 audit event: audit stage RequestReceived');
    expect(result.stderr).toContain('note: skipped 1 audit event: verb get is not admitted by webhooks');
    expect(result.stderr).toContain('note: skipped 1 audit event: not a custom resource');
    expect(result.stderr).toContain('note: skipped 1 audit event: audit level Metadata has no request object');
    expect(result.stderr).toContain('note: skipped 1 audit event: request refused by authorization');
  });

  it('shows the patch as a unified diff of YAML with --diff', async () => {
    const file = `${FIXTURES}/reviews/webapp-create-v1.yaml`;
    const table = await runCrdAdmission(['replay', '--diff', file]);
    const json = await runCrdAdmission(['replay', '--output', 'json', '--diff', file]);
    expect([table.code, json.code]).toEqual([0, 0]);
    const [line] = jsonLines(json.stdout) as { patch: { op: string; path: string }[]; diff: string }[];
    if (!line) throw new Error('no result');
    if (line.patch.length === 0) {
      expect(line.diff).toBe('');
      return;
    }
    expect(line.diff.startsWith(`--- ${file}:1 (object)\n+++ ${file}:1 (patched)\n@@ -`)).toBe(true);
    const added = line.diff.split('\n').filter((l) => l.startsWith('+') && !l.startsWith('+++'));
    expect(added.length).toBeGreaterThanOrEqual(line.patch.filter((op) => op.op === 'add').length);
    expect(table.stdout).toContain(line.diff);
  });

  it('rejects a bad flag or no input with exit 2 and the usage', async () => {
    const noInput = await runCrdAdmission(['replay']);
    expect(noInput.code).toBe(2);
    expect(noInput.stderr).toContain('no INPUT given');
    const badOutput = await runCrdAdmission(['replay', '--output', 'xml', '-']);
    expect(badOutput.code).toBe(2);
    expect(badOutput.stderr).toContain('--output must be one of table, json, junit, record');
  });
});

describe('crd-admission review', () => {
  it('makes v1 AdmissionReviews that decode and replay', async () => {
    const dir = temp();
    const manifest = join(dir, 'crontab.yaml');
    writeFileSync(manifest, 'apiVersion: stable.example.com/v1\nkind: CronTab\nmetadata:\n  name: nightly\nspec:\n  image: busybox:1.36\n  cronSpec: "0 2 * * *"\n');
    const made = await runCrdAdmission(['review', '--operation', 'CREATE', '--namespace', 'jobs', '--user', 'jane', '--groups', 'dev,system:authenticated', '--dry-run', manifest]);
    expect(made.code).toBe(0);
    const decoded = decodeReview(JSON.parse(made.stdout));
    if (!decoded.ok) throw new Error(decoded.error.message);
    const { request } = decoded.review;
    expect(request.kind).toEqual({ group: 'stable.example.com', version: 'v1', kind: 'CronTab' });
    expect(request.resource).toEqual({ group: 'stable.example.com', version: 'v1', resource: 'crontabs' });
    expect(request.requestResource).toEqual(request.resource);
    expect(request.uid).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect([request.name, request.namespace, request.operation, request.dryRun]).toEqual(['nightly', 'jobs', 'CREATE', true]);
    expect(request.userInfo).toEqual({ username: 'jane', groups: ['dev', 'system:authenticated'] });
    expect((request.object?.metadata as { namespace: string }).namespace).toBe('jobs');
    expect(request.oldObject).toBeNull();
    expect(request.options).toMatchObject({ apiVersion: 'meta.k8s.io/v1', kind: 'CreateOptions', dryRun: ['All'] });
    const replayed = await runCrdAdmission(['replay', '-'], made.stdout);
    expect(replayed.code).toBe(0);
    expect(replayed.stdout).toMatch(/crontabs\.stable\.example\.com\s+jobs\/nightly\s+CREATE/);
  });

  it('makes UPDATE reviews with the old object and DELETE reviews with the object as oldObject, one per line', async () => {
    const dir = temp();
    const newer = join(dir, 'new.yaml');
    const older = join(dir, 'old.yaml');
    writeFileSync(newer, 'apiVersion: platform.example.com/v1\nkind: WebApp\nmetadata:\n  name: shop\n  namespace: web\nspec:\n  replicas: 4\n  containers: [{name: web, image: "nginx:1.27"}]\n');
    writeFileSync(older, 'apiVersion: platform.example.com/v1\nkind: WebApp\nmetadata:\n  name: shop\n  namespace: web\nspec:\n  replicas: 2\n  containers: [{name: web, image: "nginx:1.27"}]\n');
    const update = await runCrdAdmission(['review', '--operation', 'UPDATE', '--old', older, newer, newer]);
    expect(update.code).toBe(0);
    const lines = jsonLines(update.stdout) as { request: { operation: string; object: { spec: { replicas: number } }; oldObject: { spec: { replicas: number } }; options: { kind: string }; userInfo: unknown } }[];
    expect(lines).toHaveLength(2);
    expect(lines[0]?.request.object.spec.replicas).toBe(4);
    expect(lines[0]?.request.oldObject.spec.replicas).toBe(2);
    expect(lines[0]?.request.options.kind).toBe('UpdateOptions');
    expect(lines[0]?.request.userInfo).toEqual({ username: 'kubernetes-admin', groups: ['system:masters', 'system:authenticated'] });
    const out = join(dir, 'reviews');
    const remove = await runCrdAdmission(['review', '--operation', 'DELETE', '--out', out, older]);
    expect(remove.code).toBe(0);
    const written = JSON.parse(readFileSync(join(out, 'webapp-web-shop-delete.json'), 'utf8')) as { request: { object: unknown; oldObject: { spec: unknown }; options: unknown } };
    expect(written.request.object).toBeNull();
    expect(written.request.oldObject.spec).toEqual({ replicas: 2, containers: [{ name: 'web', image: 'nginx:1.27' }] });
    expect(written.request.options).toEqual({ kind: 'DeleteOptions', apiVersion: 'meta.k8s.io/v1', propagationPolicy: 'Background' });
    const replayed = await runCrdAdmission(['replay', '--output', 'json', out]);
    expect(replayed.code).toBe(0);
    expect(jsonLines(replayed.stdout)[0]?.review).toBe('DELETE webapps.platform.example.com web/shop');
  });

  it('makes one review per document of a multi-document manifest, each in its own served version', async () => {
    const made = await runCrdAdmission(['review', '--operation', 'CREATE', `${FIXTURES}/manifests/outcomes.yaml`]);
    expect(made.code).toBe(0);
    const reviews = jsonLines(made.stdout) as { request: { resource: { version: string }; name: string } }[];
    expect(reviews.map((r) => `${r.request.name}@${r.request.resource.version}`)).toEqual([
      'too-many@v1',
      'below-minimum@v1',
      'latest-image@v1',
      'with-extras@v1',
      'legacy@v1beta1',
    ]);
    const replayed = await runCrdAdmission(['replay', '--output', 'json', '-'], made.stdout);
    expect(replayed.code).toBe(0);
    expect(jsonLines(replayed.stdout).map((l) => l.input)).toEqual(['-:1', '-:2', '-:3', '-:4', '-:5']);
  });

  it('names the kind no loaded CRD serves, exits 2 and still prints the other reviews', async () => {
    const result = await runCrdAdmission(['review', '--operation', 'CREATE', `${FIXTURES}/malformed/plain-manifest.yaml`, 'manifests/examples/crds/crontab.yaml']);
    expect(result.code).toBe(2);
    expect(jsonLines(result.stdout)).toHaveLength(1);
    expect(result.stderr).toContain('manifests/examples/crds/crontab.yaml:4: no CustomResourceDefinition loaded for kind CustomResourceDefinition in apiextensions.k8s.io/v1');
    const update = await runCrdAdmission(['review', '--operation', 'UPDATE', `${FIXTURES}/malformed/plain-manifest.yaml`]);
    expect(update.code).toBe(2);
    expect(update.stderr).toContain('UPDATE needs the existing object: --old FILE');
  });
});
