// CEL benchmark: run with `npm run build && node bench/cel.mjs`.
// 1. A realistic CRD with 10 x-kubernetes-validations rules on a ~3 KB object:
//    validations per second (CREATE, and UPDATE with transition rules and ratcheting).
// 2. Hostile rules: how long until the cost limit stops them, while the next request is served.
import { performance } from 'node:perf_hooks';
import { compileCel } from '../dist/cel/environment.js';
import { compileRuleTree } from '../dist/cel/crd-rules/compile.js';
import { crdRulesStage } from '../dist/cel/crd-rules/plugin.js';
import { loadCrds } from '../dist/crd/load.js';
import { DEFAULT_SETTINGS } from '../dist/pipeline/settings.js';
import { profileTargets } from '../dist/profiles/compile.js';

const str = { type: 'string' };
const int = { type: 'integer' };
const crd = {
  apiVersion: 'apiextensions.k8s.io/v1',
  kind: 'CustomResourceDefinition',
  metadata: { name: 'deployments.bench.example.com' },
  spec: {
    group: 'bench.example.com',
    scope: 'Namespaced',
    names: { plural: 'deployments', kind: 'Deployment' },
    versions: [{
      name: 'v1', served: true, storage: true,
      schema: { openAPIV3Schema: {
        type: 'object',
        properties: {
          apiVersion: str, kind: str, metadata: { type: 'object' },
          spec: {
            type: 'object',
            'x-kubernetes-validations': [
              { rule: 'self.minReplicas <= self.replicas && self.replicas <= self.maxReplicas', message: 'replicas out of range' },
              { rule: 'self.strategy == oldSelf.strategy', message: 'strategy is immutable' },
              { rule: "self.containers.all(c, c.image.matches('^[a-z0-9./-]+(:[a-zA-Z0-9._-]+)?$'))", message: 'bad image' },
              { rule: 'self.containers.all(c, self.containers.exists_one(d, d.name == c.name))', message: 'duplicate container names' },
              { rule: "!has(self.serviceAccount) || !format.dns1123Subdomain().validate(self.serviceAccount).hasValue()", message: "bad service account" },
              { rule: "self.containers.all(c, !has(c.resources) || quantity(c.resources.memory).isLessThan(quantity('16Gi')))", message: 'memory too large' },
            ],
            properties: {
              replicas: int, minReplicas: int, maxReplicas: int, strategy: str, serviceAccount: str,
              labels: { type: 'object', additionalProperties: str, 'x-kubernetes-validations': [{ rule: "self.all(k, k.size() <= 63)", message: 'label key too long' }] },
              containers: {
                type: 'array', 'x-kubernetes-list-type': 'map', 'x-kubernetes-list-map-keys': ['name'],
                items: {
                  type: 'object',
                  'x-kubernetes-validations': [
                    { rule: "!self.image.endsWith(':latest')", message: 'pin the image' },
                    { rule: 'self.ports.all(p, p.containerPort > 0 && p.containerPort < 65536)', message: 'bad port' },
                  ],
                  properties: {
                    name: str, image: str,
                    args: { type: 'array', items: str },
                    env: { type: 'array', items: { type: 'object', properties: { name: str, value: str } } },
                    resources: { type: 'object', properties: { memory: str, cpu: str } },
                    ports: { type: 'array', items: { type: 'object', properties: { name: str, containerPort: int } } },
                  },
                },
              },
              hosts: { type: 'array', 'x-kubernetes-list-type': 'set', items: str, 'x-kubernetes-validations': [{ rule: "self.all(h, h.endsWith('.example.com'))", message: 'foreign host' }] },
            },
          },
        },
      } },
    }],
  },
};

const [loaded] = loadCrds([{ source: { file: 'bench', document: 0, line: 1 }, value: crd }]);
const [target] = profileTargets(loaded);
let t = performance.now();
const stage = crdRulesStage(compileRuleTree(target));
const compileMs = performance.now() - t;

const container = (i) => ({
  name: `c${i}`, image: `registry.example.com/team/app-${i}:1.${i}.0`, args: ['--port=8080', '--verbose', `--id=${i}`],
  env: Array.from({ length: 4 }, (_, j) => ({ name: `VAR_${j}`, value: `value-${i}-${j}` })),
  resources: { memory: `${256 * (i + 1)}Mi`, cpu: '500m' },
  ports: [{ name: 'http', containerPort: 8080 }, { name: 'metrics', containerPort: 9090 }],
});
const object = {
  apiVersion: 'bench.example.com/v1', kind: 'Deployment', metadata: { name: 'web', namespace: 'default' },
  spec: {
    replicas: 3, minReplicas: 1, maxReplicas: 10, strategy: 'RollingUpdate', serviceAccount: 'web-runner',
    labels: { app: 'web', tier: 'frontend', team: 'platform' },
    containers: Array.from({ length: 7 }, (_, i) => container(i)),
    hosts: ['a.example.com', 'b.example.com', 'c.example.com'],
  },
};
const size = JSON.stringify(object).length;
const request = (operation, obj, old) => ({ uid: 'u', kind: { group: 'bench.example.com', version: 'v1', kind: 'Deployment' }, resource: { group: 'bench.example.com', version: 'v1', resource: 'deployments' }, operation, userInfo: { username: 'u' }, object: obj, oldObject: old, dryRun: false, options: null });
const profile = { hasStatusSubresource: false, schema: target.schema };
const ctx = (req) => ({ request: req, profile, object: req.object, oldObject: req.oldObject, settings: DEFAULT_SETTINGS, scratch: new Map() });

function rate(label, context) {
  const check = stage.validate(context, []);
  if (check.errors.length > 0) throw new Error(`${label}: unexpected errors ${JSON.stringify(check.errors)}`);
  for (let i = 0; i < 2000; i++) stage.validate(context, []);
  const samples = [];
  for (let s = 0; s < 5; s++) {
    let n = 0;
    const start = performance.now();
    while (performance.now() - start < 400) { stage.validate(context, []); n++; }
    samples.push(n / ((performance.now() - start) / 1000));
  }
  samples.sort((a, b) => a - b);
  console.log(`${label}: ${Math.round(samples[2]).toLocaleString('en-US')} validations/s (median of 5), ${(1e6 / samples[2]).toFixed(1)} µs each`);
}

console.log(`node ${process.version}, ${new Date().toISOString().slice(0, 10)}`);
console.log(`compile 10 rules + schema types: ${compileMs.toFixed(1)} ms; object ${size} bytes`);
rate('CREATE, 10 rules (7 containers)', ctx(request('CREATE', object, null)));
const changed = structuredClone(object);
changed.spec.replicas = 4;
rate('UPDATE, 10 rules + transition rule', ctx(request('UPDATE', changed, object)));

const hostile = [
  ['nested comprehension over 10,000 items', 'self.all(a, self.all(b, a + b >= 0))', 'list<int>', Array.from({ length: 10_000 }, (_, i) => BigInt(i))],
  ['triple nested comprehension over 10,000 items', 'self.all(a, self.all(b, self.all(c, a + b + c >= 0)))', 'list<int>', Array.from({ length: 10_000 }, (_, i) => BigInt(i))],
  ['built-in `in` over a 10,000-item list inside a loop', 'self.all(a, a in self)', 'list<int>', Array.from({ length: 10_000 }, (_, i) => BigInt(i))],
  ["evil regex '^(a+)+$' on 100,000 a's and '!'", "self.matches('^(a+)+$')", 'string', `${'a'.repeat(100_000)}!`],
  ['map over 10,000 items building 10,000-item lists', 'self.map(a, self.map(b, b)).size() > 0', 'list<int>', Array.from({ length: 10_000 }, (_, i) => BigInt(i))],
];
for (const [label, expression, type, value] of hostile) {
  const program = compileCel(expression, [{ name: 'self', type }]);
  t = performance.now();
  const result = program.evaluate({ self: value });
  const ms = performance.now() - t;
  console.log(`hostile: ${label}: ${result.ok ? `finished (${result.value})` : result.error} after ${ms.toFixed(1)} ms, ${result.cost.toLocaleString('en-US')} units`);
}
t = performance.now();
stage.validate(ctx(request('CREATE', object, null)), []);
console.log(`next request after the hostile rules: ${(performance.now() - t).toFixed(2)} ms`);
