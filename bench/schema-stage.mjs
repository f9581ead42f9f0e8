// The schema validation stage alone (ajv, ratcheting, list types, ObjectMeta)
// on the 3 KB AppDeployment: µs per call and bytes allocated per call.
// Usage: npm run build && node --expose-gc --min-semi-space-size=256 --max-semi-space-size=256 bench/schema-stage.mjs [dist dir]
// (A/B: pass another checkout's dist, e.g. /work/main/dist; the young generation is made large enough
// that no scavenge runs while bytes are counted.)
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { makeReview } from './fixtures/make-review.mjs';

const dist = pathToFileURL(resolve(process.argv[2] ?? new URL('../dist', import.meta.url).pathname)).href;
const { decodeReview } = await import(`${dist}/admission/codec.js`);
const { loadConfiguration } = await import(`${dist}/config/load.js`);

const crds = [new URL('./fixtures/crds', import.meta.url).pathname];
const config = await loadConfiguration({ crdPaths: crds, policyPaths: [] });

// CPU time of this process per call (the machine is shared: wall time counts the neighbours too); median of 5 rounds.
function cpuMicrosPerCall(fn, rounds = 5, minMs = 300) {
  for (let i = 0; i < 2000; i++) fn();
  const samples = [];
  for (let r = 0; r < rounds; r++) {
    const start = process.cpuUsage();
    let n = 0;
    let spent = 0;
    while (spent < minMs * 1000) {
      for (let i = 0; i < 100; i++) fn();
      n += 100;
      const used = process.cpuUsage(start);
      spent = used.user + used.system;
    }
    samples.push(spent / n);
  }
  return samples.sort((a, b) => a - b)[Math.floor(rounds / 2)];
}

// Bytes allocated per call, read as heap growth between two forced GCs (needs a large young generation).
function bytesPerCall(fn, n = 2000) {
  if (typeof globalThis.gc !== 'function') return NaN;
  for (let i = 0; i < 200; i++) fn();
  globalThis.gc();
  const before = process.memoryUsage().heapUsed;
  for (let i = 0; i < n; i++) fn();
  const after = process.memoryUsage().heapUsed;
  return (after - before) / n;
}

function scenario(name, review) {
  const { request } = decodeReview(JSON.parse(JSON.stringify(review))).review;
  const profile = config.profiles.byGroupVersionResource(request.resource);
  const stage = profile.validators.find((s) => s.name === 'schema');
  const run = () => stage.validate({ request, profile, object: request.object, oldObject: request.oldObject, settings: config.settings, scratch: new Map() }, []);
  const errors = run().errors.length;
  const us = cpuMicrosPerCall(run);
  console.log(`${name}\t${us.toFixed(2)} µs\t${bytesPerCall(run).toFixed(0)} B\t${errors} errors`);
}

scenario('UPDATE 3KB', makeReview(3_000, { operation: 'UPDATE', withDefaults: true }));
scenario('CREATE 3KB', makeReview(3_000, { operation: 'CREATE', withDefaults: true }));
const bad = makeReview(3_000, { operation: 'UPDATE', withDefaults: true });
bad.request.object.spec.components[1].ports.push({ name: 'dup', port: 8080, protocol: 'TCP' });
bad.request.object.spec.replicas = 5000;
scenario('UPDATE 3KB with errors', bad);
scenario('UPDATE 30KB', makeReview(30_000, { operation: 'UPDATE', withDefaults: true }));
