// Schema validation benchmark: run `npm run build && node bench/schema.mjs`.
// Validates a ~3 KB and a ~300 KB object against a ~50-property schema through
// admit() (TypeMeta, ObjectMeta, ajv schema, list types, ratcheting), then
// compiles every real CRD of ../shared/fixtures/real-crds.
import { cpus } from 'node:os';
import { fileURLToPath } from 'node:url';
import { loadConfiguration } from '../dist/config/load.js';
import { DEFAULT_SETTINGS } from '../dist/pipeline/settings.js';
import { admit } from '../dist/pipeline/admit.js';
import { compileProfiles } from '../dist/profiles/compile.js';
import { PROFILE_PLUGINS } from '../dist/profiles/plugins.js';

const REAL_CRDS = fileURLToPath(new URL('../../shared/fixtures/real-crds', import.meta.url));

// ~50 properties: scalars with bounds, patterns, enums, formats, nested objects, a map list and a set.
function benchSchema() {
  const scalars = {};
  for (let i = 0; i < 12; i++) scalars[`name${i}`] = { type: 'string', maxLength: 63, pattern: '^[a-z0-9]([-a-z0-9]*[a-z0-9])?$' };
  for (let i = 0; i < 10; i++) scalars[`count${i}`] = { type: 'integer', minimum: 0, maximum: 1000 };
  for (let i = 0; i < 6; i++) scalars[`mode${i}`] = { type: 'string', enum: ['Always', 'IfNotPresent', 'Never'] };
  for (let i = 0; i < 4; i++) scalars[`flag${i}`] = { type: 'boolean' };
  for (let i = 0; i < 4; i++) scalars[`when${i}`] = { type: 'string', format: 'date-time' };
  scalars.port = { 'x-kubernetes-int-or-string': true, anyOf: [{ type: 'integer' }, { type: 'string' }] };
  scalars.resources = { type: 'object', properties: { cpu: { type: 'string' }, memory: { type: 'string' } } };
  scalars.labels = { type: 'object', additionalProperties: { type: 'string', maxLength: 63 } };
  scalars.hosts = { type: 'array', 'x-kubernetes-list-type': 'set', maxItems: 64, items: { type: 'string', format: 'hostname' } };
  scalars.containers = {
    type: 'array',
    'x-kubernetes-list-type': 'map',
    'x-kubernetes-list-map-keys': ['name'],
    items: {
      type: 'object',
      required: ['name', 'image'],
      properties: {
        name: { type: 'string', maxLength: 63, pattern: '^[a-z0-9]([-a-z0-9]*[a-z0-9])?$' },
        image: { type: 'string', minLength: 1 },
        port: { type: 'integer', minimum: 1, maximum: 65535 },
        pullPolicy: { type: 'string', enum: ['Always', 'IfNotPresent', 'Never'] },
        args: { type: 'array', items: { type: 'string' } },
        env: { type: 'object', additionalProperties: { type: 'string' } },
      },
    },
  };
  const status = { type: 'object', properties: { phase: { type: 'string', enum: ['Pending', 'Ready'] }, observedGeneration: { type: 'integer' } } };
  return { type: 'object', properties: { apiVersion: { type: 'string' }, kind: { type: 'string' }, metadata: { type: 'object' }, spec: { type: 'object', required: ['name0'], properties: scalars }, status } };
}

const crd = {
  apiVersion: 'apiextensions.k8s.io/v1',
  kind: 'CustomResourceDefinition',
  metadata: { name: 'benchapps.bench.example.com' },
  spec: {
    group: 'bench.example.com',
    scope: 'Namespaced',
    names: { plural: 'benchapps', singular: 'benchapp', kind: 'BenchApp' },
    versions: [{ name: 'v1', served: true, storage: true, subresources: { status: {} }, schema: { openAPIV3Schema: benchSchema() } }],
  },
};

function benchObject(containers) {
  const spec = { port: 'http', resources: { cpu: '500m', memory: '1Gi' }, labels: { app: 'bench', tier: 'web' }, hosts: ['a.example.com', 'b.example.com'] };
  for (let i = 0; i < 12; i++) spec[`name${i}`] = `name-${i}`;
  for (let i = 0; i < 10; i++) spec[`count${i}`] = i * 10;
  for (let i = 0; i < 6; i++) spec[`mode${i}`] = 'IfNotPresent';
  for (let i = 0; i < 4; i++) spec[`flag${i}`] = i % 2 === 0;
  for (let i = 0; i < 4; i++) spec[`when${i}`] = '2024-05-01T10:00:00Z';
  spec.containers = Array.from({ length: containers }, (_, i) => ({
    name: `container-${i}`, image: `registry.example.com/team/app-${i}:1.2.${i}`, port: 8000 + (i % 1000), pullPolicy: 'IfNotPresent',
    args: ['--verbose', `--shard=${i}`], env: { LOG_LEVEL: 'info', SHARD: String(i) },
  }));
  return {
    apiVersion: 'bench.example.com/v1', kind: 'BenchApp',
    metadata: { name: 'bench-app', namespace: 'default', resourceVersion: '42', labels: { app: 'bench' }, annotations: { 'example.com/owner': 'team-a' } },
    spec,
  };
}

function request(object, oldObject) {
  return {
    uid: 'bench', kind: { group: 'bench.example.com', version: 'v1', kind: 'BenchApp' },
    resource: { group: 'bench.example.com', version: 'v1', resource: 'benchapps' },
    operation: oldObject ? 'UPDATE' : 'CREATE', userInfo: {}, object, oldObject, dryRun: false, options: null,
  };
}

// Best of three 1-second rounds: the figure least disturbed by other processes on the machine.
function measure(label, config, req) {
  for (let i = 0; i < 50; i++) admit(req, 'validate', config);
  let best = Infinity;
  for (let round = 0; round < 3; round++) {
    let runs = 0;
    let elapsed = 0;
    const start = process.hrtime.bigint();
    while (elapsed < 1000) {
      for (let i = 0; i < 10; i++) admit(req, 'validate', config);
      runs += 10;
      elapsed = Number(process.hrtime.bigint() - start) / 1e6;
    }
    best = Math.min(best, (elapsed * 1000) / runs);
  }
  console.log(`${label.padEnd(44)} ${String(Math.round(1e6 / best)).padStart(8)} ops/s ${best.toFixed(1).padStart(9)} µs/validation`);
}

function configWith(profiles, ratcheting) {
  return { profiles, settings: { ...DEFAULT_SETTINGS, ratcheting }, sources: { crdPaths: [], policyPaths: [] }, loadedAt: new Date() };
}

const inputs = { policyDocuments: [], paramDocuments: [], namespaceDocuments: [], settings: DEFAULT_SETTINGS };
const profiles = compileProfiles([{ crd, source: { file: 'bench', document: 0, line: 1 } }], inputs, PROFILE_PLUGINS);
console.log(`node ${process.version}, ${cpus().length} cores (${cpus()[0]?.model ?? 'unknown'})`);
for (const [label, containers] of [['3 KB', 11], ['300 KB', 1500]]) {
  const object = benchObject(containers);
  const size = Buffer.byteLength(JSON.stringify(object));
  // The update changes one container's image: ratcheting walks the correlation for nothing but that.
  const changed = structuredClone(object);
  changed.spec.containers[0].image = 'registry.example.com/team/app-0:2.0.0';
  console.log(`\n${label} object (${(size / 1024).toFixed(1)} KiB, ${containers} map-list items)`);
  measure('CREATE', configWith(profiles, true), request(object, null));
  measure('UPDATE, ratcheting on', configWith(profiles, true), request(changed, object));
  measure('UPDATE, ratcheting off', configWith(profiles, false), request(changed, object));
  // An update of an object that is invalid under a tightened schema: every error goes through ratcheting.
  const invalidOld = structuredClone(object);
  for (const c of invalidOld.spec.containers) c.port = 70000;
  const invalidNew = structuredClone(invalidOld);
  invalidNew.spec.count0 = 1;
  measure('UPDATE of an object with ratcheted errors', configWith(profiles, true), request(invalidNew, invalidOld));
}

console.log('\nCompiling every real CRD (cert-manager, Cluster API, Kueue)');
global.gc?.();
const heapBefore = process.memoryUsage().heapUsed;
const start = performance.now();
const real = await loadConfiguration({ crdPaths: [REAL_CRDS], policyPaths: [] });
const ms = performance.now() - start;
global.gc?.();
const heapMiB = (process.memoryUsage().heapUsed - heapBefore) / 2 ** 20;
console.log(`${real.profiles.size} served versions in ${Math.round(ms)} ms, heap +${heapMiB.toFixed(0)} MiB${global.gc ? '' : ' (run with --expose-gc for a settled figure)'}`);
