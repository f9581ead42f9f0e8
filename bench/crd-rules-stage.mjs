// x-kubernetes-validations stage alone on the 3 KB UPDATE of bench/pipeline.mjs, A/B-able:
//   node bench/crd-rules-stage.mjs [distDir ...]   (default ./dist; e.g. /work/main/dist dist)
// Prints CPU µs/request per dist, interleaved rounds, and the medians. The schema
// stage runs once per request first (as in the pipeline), so its correlation is shared.
import { fileURLToPath, pathToFileURL } from 'node:url';
import { resolve } from 'node:path';
import { makeReview } from './fixtures/make-review.mjs';
import { median } from './lib.mjs';

const crds = fileURLToPath(new URL('./fixtures/crds', import.meta.url));
const dists = process.argv.length > 2 ? process.argv.slice(2) : ['dist'];
const rounds = Number(process.env.ROUNDS ?? 5);

async function setup(dist) {
  const url = (p) => pathToFileURL(resolve(dist, p)).href;
  const { decodeReview } = await import(url('admission/codec.js'));
  const { loadConfiguration } = await import(url('config/load.js'));
  const config = await loadConfiguration({ crdPaths: [crds], policyPaths: [] });
  const body = JSON.stringify(makeReview(3_000, { operation: 'UPDATE', withDefaults: true }));
  const { request } = decodeReview(JSON.parse(body)).review;
  const profile = config.profiles.byGroupVersionResource(request.resource);
  const stage = profile.validators.find((s) => s.name === 'x-kubernetes-validations');
  const schema = profile.validators.find((s) => s.name === 'schema');
  const context = () => ({ request, profile, object: request.object, oldObject: request.oldObject, settings: config.settings, scratch: new Map() });
  // The stage alone (correlation built inside, as bench/pipeline.mjs measures it).
  const alone = () => stage.validate(context(), []);
  // The stage after the schema stage (minus the schema stage's own time).
  const shared = [];
  for (let i = 0; i < 64; i++) { const c = context(); schema.validate(c, []); shared.push(c); }
  let n = 0;
  const after = () => { const c = shared[n++ & 63]; c.scratch = new Map(c.scratch); stage.validate(c, []); };
  return { alone, after };
}

// CPU time per call (process.cpuUsage): steadier than wall time on a shared machine.
function microsPerCall(fn, { minMs, warmup }) {
  for (let i = 0; i < warmup; i++) fn();
  const start = process.cpuUsage();
  let n = 0;
  let spent = 0;
  while (spent < minMs * 1000) {
    for (let i = 0; i < 100; i++) fn();
    n += 100;
    const used = process.cpuUsage(start);
    spent = used.user + used.system;
  }
  return spent / n;
}

const runs = [];
for (const dist of dists) runs.push({ dist, ...(await setup(dist)), a: [], b: [] });
for (let r = 0; r < rounds; r++) {
  for (const run of runs) {
    run.a.push(microsPerCall(run.alone, { minMs: 700, warmup: 2000 }));
    run.b.push(microsPerCall(run.after, { minMs: 700, warmup: 2000 }));
  }
}
for (const run of runs) {
  console.log(`${run.dist}: stage alone median ${median(run.a).toFixed(2)} min ${Math.min(...run.a).toFixed(2)} µs; after schema median ${median(run.b).toFixed(2)} min ${Math.min(...run.b).toFixed(2)} µs`);
}
