// Replay throughput and memory of issue 6: generates N AdmissionReviews as
// JSON Lines in a temp file (AppDeployment objects of ~2 KB, half CREATE,
// half UPDATE with the old object), replays them with the library in a child
// process (JSON output to /dev/null, as `replay --output json` would write
// it), and prints reviews/s and the child's peak RSS. Run twice with 10x the
// reviews to see that memory stays flat.
// Usage: npm run build && node bench/replay.mjs [--reviews 100000] [--size 2000]
import { execFileSync } from 'node:child_process';
import { createWriteStream, mkdtempSync, rmSync, statSync } from 'node:fs';
import { Writable } from 'node:stream';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { makeReview } from './fixtures/make-review.mjs';

const here = fileURLToPath(new URL('.', import.meta.url));
const { values } = parseArgs({
  options: {
    reviews: { type: 'string', default: '100000' },
    size: { type: 'string', default: '2000' },
    child: { type: 'string' },
  },
});

async function child(file) {
  const { loadConfiguration } = await import('../dist/config/load.js');
  const { replayInputs } = await import('../dist/replay/replay.js');
  const { JsonReporter } = await import('../dist/replay/report-json.js');
  const { palette } = await import('../dist/replay/report.js');
  const sink = new Writable({ write: (_chunk, _encoding, done) => done() });
  const config = await loadConfiguration({ crdPaths: [join(here, 'fixtures/crds')], policyPaths: [join(here, 'fixtures/policies')] });
  const started = process.hrtime.bigint();
  const summary = await replayInputs({
    inputs: [file],
    config,
    check: false,
    stdin: process.stdin,
    reporter: new JsonReporter(sink, sink, { diff: false, colors: palette(false) }),
  });
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  const rssMiB = process.resourceUsage().maxRSS / 1024;
  process.stdout.write(JSON.stringify({ reviews: summary.reviews, allowed: summary.allowed, denied: summary.denied, patched: summary.patched, errors: summary.inputErrors.length, seconds, rssMiB }));
}

async function generate(file, count, size) {
  const out = createWriteStream(file);
  const templates = [makeReview(size, { operation: 'CREATE', withDefaults: false }), makeReview(size, { operation: 'UPDATE' })];
  for (let i = 0; i < count; i++) {
    const review = templates[i % 2];
    review.request.uid = `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`;
    review.request.name = review.request.object.metadata.name = `checkout-${i}`;
    if (!out.write(`${JSON.stringify(review)}\n`)) await new Promise((resolve) => out.once('drain', resolve));
  }
  await new Promise((resolve) => out.end(resolve));
}

async function run(count, size) {
  const dir = mkdtempSync(join(tmpdir(), 'crd-admission-replay-bench-'));
  try {
    const file = join(dir, 'reviews.jsonl');
    await generate(file, count, size);
    const bytes = statSync(file).size;
    const result = JSON.parse(execFileSync(process.execPath, [...(process.env.REPLAY_BENCH_NODE_OPTIONS ?? '').split(' ').filter(Boolean), fileURLToPath(import.meta.url), '--child', file], { encoding: 'utf8' }));
    return { ...result, bytes };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

if (values.child) {
  await child(values.child);
} else {
  const count = Number(values.reviews);
  const size = Number(values.size);
  console.log(`node ${process.version}, ${(await import('node:os')).cpus().length} cores, ${new Date().toISOString().slice(0, 10)}`);
  console.log('| reviews | input | time | reviews/s | MB/s | peak RSS |');
  console.log('|---|---|---|---|---|---|');
  for (const n of [count / 10, count]) {
    const r = await run(n, size);
    if (r.reviews !== n || r.errors !== 0) throw new Error(`replayed ${r.reviews} of ${n} with ${r.errors} errors`);
    console.log(`| ${n.toLocaleString('en')} | ${(r.bytes / 2 ** 20).toFixed(0)} MiB | ${r.seconds.toFixed(1)} s | ${Math.round(n / r.seconds).toLocaleString('en')} | ${(r.bytes / 2 ** 20 / r.seconds).toFixed(1)} | ${r.rssMiB.toFixed(0)} MiB |`);
  }
}
