// TypeScript rules: load time (esbuild bundling + import) and per-request cost.
// Run after `npm run build`: node bench/rules.mjs
import { readFileSync } from 'node:fs';
import { BUNDLED_EXAMPLES, loadConfiguration } from '../dist/config/load.js';
import { decodeReview } from '../dist/admission/codec.js';
import { admit } from '../dist/pipeline/admit.js';
import { BUNDLED_EXAMPLE_RULES, loadRules } from '../dist/rules/load.js';
import { runWithTimeout } from '../dist/rules/guard.js';
import { ruleRequest } from '../dist/rules/context.js';

const ms = (start) => (performance.now() - start).toFixed(1);

function perCall(label, iterations, fn) {
  for (let i = 0; i < Math.min(iterations, 2000); i++) fn();
  const start = performance.now();
  for (let i = 0; i < iterations; i++) fn();
  const micros = ((performance.now() - start) * 1000) / iterations;
  console.log(`${label.padEnd(58)} ${micros.toFixed(1).padStart(8)} µs/call`);
}

// Load time. The first bundle starts esbuild's service process.
let start = performance.now();
await import('esbuild');
console.log(`import('esbuild')                                          ${ms(start)} ms`);
start = performance.now();
await loadRules([BUNDLED_EXAMPLE_RULES]);
console.log(`loadRules, 2 example rules, cold (service start, import)   ${ms(start)} ms`);
start = performance.now();
await loadRules([BUNDLED_EXAMPLE_RULES]);
console.log(`loadRules again (warm service, modules cached)             ${ms(start)} ms`);
await loadConfiguration({ crdPaths: [BUNDLED_EXAMPLES], policyPaths: [] }); // warm-up of the CRD path
start = performance.now();
const withoutRules = await loadConfiguration({ crdPaths: [BUNDLED_EXAMPLES], policyPaths: [] });
console.log(`loadConfiguration, example CRDs, no rules                  ${ms(start)} ms`);
start = performance.now();
const withRules = await loadConfiguration({ crdPaths: [BUNDLED_EXAMPLES], policyPaths: [], ruleDirs: [BUNDLED_EXAMPLE_RULES] });
console.log(`loadConfiguration, example CRDs + rules (warm)             ${ms(start)} ms`);

// Per request.
const body = JSON.parse(readFileSync(new URL('../test/fixtures/rules/reviews/webapp-update-scale-up.json', import.meta.url), 'utf8'));
const decoded = decodeReview(body);
if (!decoded.ok) throw new Error(decoded.error.message);
const request = { ...decoded.review.request, userInfo: { username: 'ops', groups: ['platform-team'] } };
console.log(`request object: ${JSON.stringify(request.object).length} bytes`);
perCall('vm timeout guard around an empty function', 20000, () => runWithTimeout(() => undefined, 100));
perCall('frozen copy of the request', 20000, () => ruleRequest(request));
perCall('admit /validate, no rules loaded', 20000, () => admit(request, 'validate', withoutRules));
perCall('admit /validate, the 2 example rules', 20000, () => admit(request, 'validate', withRules));

// A 3 KB WebApp: twelve containers with env, ports and resources.
const containers = Array.from({ length: 12 }, (_, i) => ({
  name: `c${i}`,
  image: `registry.example.com/team/app-${i}:1.${i}.0`,
  env: [{ name: 'LOG_LEVEL', value: 'info' }],
  ports: [{ containerPort: 8000 + i, protocol: 'TCP' }],
  resources: { limits: { cpu: '500m', memory: '256Mi' } },
}));
const large = { ...request, object: { ...request.object, spec: { ...request.object.spec, containers } }, oldObject: null, operation: 'CREATE' };
console.log(`request object: ${JSON.stringify(large.object).length} bytes`);
perCall('frozen copy of the request, 3 KB object', 20000, () => ruleRequest(large));
perCall('admit /validate, the 2 example rules, 3 KB object', 20000, () => admit(large, 'validate', withRules));
