// In-process cost of the pipeline (no HTTP): per-request µs for objects of
// 3 KB to 3 MB, and with 1 vs 200 CRDs loaded, plus start-up time to a compiled
// configuration with 200 CRDs (2,000 CEL rules).
// Usage: npm run build && node bench/pipeline.mjs
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { decodeReview } from '../dist/admission/codec.js';
import { loadConfiguration } from '../dist/config/load.js';
import { admit } from '../dist/pipeline/admit.js';
import { writeCrdCopies } from './fixtures/generate-crds.mjs';
import { makeReview } from './fixtures/make-review.mjs';
import { microsPerCall } from './lib.mjs';

const policies = [new URL('./fixtures/policies', import.meta.url).pathname];

const measure = (fn, minMs = 1500) => microsPerCall(fn, { minMs });

function perRequest(config, size, endpoint, operation) {
  const body = JSON.stringify(makeReview(size, { operation, withDefaults: endpoint === 'validate' }));
  return measure(() => {
    const decoded = decodeReview(JSON.parse(body));
    if (!decoded.ok) throw new Error(decoded.error.message);
    admit(decoded.review.request, endpoint, config);
  }, size > 1e6 ? 4000 : 1500);
}

const dir = mkdtempSync(join(tmpdir(), 'crd-admission-pipeline-'));
try {
  const one = join(dir, 'one');
  const many = join(dir, 'many');
  await import('node:fs').then((fs) => { fs.mkdirSync(one); fs.mkdirSync(many); });
  writeCrdCopies(one, 1);
  writeCrdCopies(many, 200);

  let t = process.hrtime.bigint();
  const config1 = await loadConfiguration({ crdPaths: [one], policyPaths: policies });
  const load1 = Number(process.hrtime.bigint() - t) / 1e6;
  t = process.hrtime.bigint();
  const config200 = await loadConfiguration({ crdPaths: [many], policyPaths: policies });
  const load200 = Number(process.hrtime.bigint() - t) / 1e6;

  console.log('\n| stage (3 KB object) | µs/request |\n|---|---|');
  for (const [endpoint, operation] of [['validate', 'UPDATE'], ['mutate', 'CREATE']]) {
    const body = JSON.stringify(makeReview(3_000, { operation, withDefaults: endpoint === 'validate' }));
    const { request } = decodeReview(JSON.parse(body)).review;
    const profile = config1.profiles.byGroupVersionResource(request.resource);
    const context = () => ({ request, profile, object: request.object, oldObject: request.oldObject, settings: config1.settings, scratch: new Map() });
    console.log(`| JSON.parse + decodeReview (${operation}, ${body.length} B) | ${measure(() => decodeReview(JSON.parse(body)), 800).toFixed(1)} |`);
    for (const stage of endpoint === 'validate' ? profile.validators : profile.mutators) {
      const run = endpoint === 'validate' ? () => stage.validate(context(), []) : () => stage.mutate(context());
      console.log(`| /${endpoint} ${stage.name} | ${measure(run, 800).toFixed(1)} |`);
    }
  }

  console.log(`\nload: 1 CRD ${load1.toFixed(0)} ms; 200 CRDs (2,000 CEL rules) ${load200.toFixed(0)} ms`);
  console.log('\n| object | endpoint | µs/request (1 CRD) | µs/request (200 CRDs) | µs per KB |');
  console.log('|---|---|---|---|---|');
  for (const size of [3_000, 30_000, 300_000, 3_000_000]) {
    for (const [endpoint, operation] of [['validate', 'UPDATE'], ['mutate', 'CREATE']]) {
      const a = perRequest(config1, size, endpoint, operation);
      const b = size <= 30_000 ? perRequest(config200, size, endpoint, operation) : NaN;
      console.log(`| ${size / 1000} KB | /${endpoint} (${operation}) | ${a.toFixed(1)} | ${Number.isNaN(b) ? '-' : b.toFixed(1)} | ${(a / (size / 1000)).toFixed(2)} |`);
    }
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}
