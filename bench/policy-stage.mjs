// In-process cost of the admission-policies validation stage alone (the
// benchmark VAP: one variable, two validations, binding with Deny) on the 3 KB
// UPDATE, and the bytes the stage allocates per request (new-space growth, a
// proxy for GC pressure), then the whole /validate admit with decoding, all in
// CPU time of this process. Pass another repository root to A/B:
// Usage: npm run build && node --expose-gc bench/policy-stage.mjs [root]
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { getHeapSpaceStatistics } from 'node:v8';
import { makeReview } from './fixtures/make-review.mjs';

const root = resolve(process.argv[2] ?? new URL('..', import.meta.url).pathname);
const load = (path) => import(pathToFileURL(join(root, 'dist', path)).href);
const { decodeReview } = await load('admission/codec.js');
const { loadConfiguration } = await load('config/load.js');
const { admit } = await load('pipeline/admit.js');
const fixtures = new URL('./fixtures/', import.meta.url).pathname;
const config = await loadConfiguration({ crdPaths: [join(fixtures, 'crds')], policyPaths: [join(fixtures, 'policies')] });

const body = JSON.stringify(makeReview(3_000, { operation: 'UPDATE', withDefaults: true }));
const { request } = decodeReview(JSON.parse(body)).review;
const profile = config.profiles.byGroupVersionResource(request.resource);
const stage = profile.validators.find((s) => s.name === 'admission-policies');
const context = () => ({ request, profile, object: request.object, oldObject: request.oldObject, settings: config.settings, scratch: new Map() });
const result = stage.validate(context(), []);
if (result.denial || result.warnings.length > 0) throw new Error(`unexpected result: ${JSON.stringify(result)}`);

const newSpaceUsed = () => getHeapSpaceStatistics().find((s) => s.space_name === 'new_space').space_used_size;
function bytesPerCall(fn, calls = 20_000) {
  // Count allocation as growth of new space between forced collections, in small batches.
  let total = 0;
  const batch = 500;
  for (let done = 0; done < calls; done += batch) {
    globalThis.gc?.({ type: 'minor' });
    const before = newSpaceUsed();
    for (let i = 0; i < batch; i++) fn();
    const after = newSpaceUsed();
    if (after >= before) total += after - before;
  }
  return total / calls;
}

// CPU time, not wall time: the machine is shared, and a busy neighbour should not count.
function cpuMicrosPerCall(fn, minMs) {
  for (let i = 0; i < 200; i++) fn();
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
for (let i = 0; i < 5; i++) runs.push(cpuMicrosPerCall(() => stage.validate(context(), []), 800));
runs.sort((a, b) => a - b);
const bytes = globalThis.gc ? bytesPerCall(() => stage.validate(context(), [])) : NaN;
const whole = [];
for (let i = 0; i < 3; i++) whole.push(cpuMicrosPerCall(() => admit(decodeReview(JSON.parse(body)).review.request, 'validate', config), 800));
whole.sort((a, b) => a - b);
console.log(`${root}: admission-policies ${runs[2].toFixed(2)} µs (median of 5; min ${runs[0].toFixed(2)}), ~${Math.round(bytes)} B/request; whole /validate incl. decode ${whole[1].toFixed(1)} µs (median of 3)`);
