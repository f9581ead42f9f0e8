// In-process cost of admission policies (no HTTP, no other stages): one
// ValidatingAdmissionPolicy with 5 validations on /validate, a MutatingAdmissionPolicy
// and a DefaultingPolicy on /mutate, for 3 KB and 300 KB objects; and the same with
// 100 extra policies written for other resources (they are filtered out at load).
// Usage: npm run build && node bench/policies.mjs
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfiguration } from '../dist/config/load.js';
import { admit } from '../dist/pipeline/admit.js';
import { POLICY_PLUGIN } from '../dist/policy/plugin.js';
import { makeReview } from './fixtures/make-review.mjs';
import { microsPerCall } from './lib.mjs';

const crds = [new URL('./fixtures/crds', import.meta.url).pathname];
const policies = new URL('./fixtures/policy-bench', import.meta.url).pathname;

const measure = (fn, minMs = 1500) => microsPerCall(fn, { minMs });

function otherPolicies(dir, count) {
  const docs = [];
  for (let i = 0; i < count; i++) {
    docs.push(`apiVersion: admissionregistration.k8s.io/v1
kind: ValidatingAdmissionPolicy
metadata:
  name: other-${i}.bench.example.com
spec:
  matchConstraints:
    resourceRules:
      - apiGroups: ["other${i}.example.com"]
        apiVersions: ["v1"]
        operations: ["*"]
        resources: ["widgets"]
  validations:
    - expression: "object.spec.size <= ${i}"
---
apiVersion: admissionregistration.k8s.io/v1
kind: ValidatingAdmissionPolicyBinding
metadata:
  name: other-${i}-binding
spec:
  policyName: other-${i}.bench.example.com
  validationActions: [Deny]`);
  }
  writeFileSync(join(dir, 'others.yaml'), docs.join('\n---\n'));
}

const dir = mkdtempSync(join(tmpdir(), 'crd-admission-policies-'));
try {
  otherPolicies(dir, 100);
  const plugins = [POLICY_PLUGIN];
  const config = await loadConfiguration({ crdPaths: crds, policyPaths: [policies] }, undefined, plugins);
  let t = process.hrtime.bigint();
  const crowded = await loadConfiguration({ crdPaths: crds, policyPaths: [policies, dir] }, undefined, plugins);
  const loadMs = Number(process.hrtime.bigint() - t) / 1e6;
  console.log(`load with 101 policies: ${loadMs.toFixed(0)} ms`);
  console.log('\n| object | endpoint | µs/request | requests/s | µs/request with 100 other policies |');
  console.log('|---|---|---|---|---|');
  for (const size of [3_000, 300_000]) {
    for (const [endpoint, operation] of [['validate', 'UPDATE'], ['mutate', 'CREATE']]) {
      const { request } = makeReview(size, { operation });
      const decision = admit(request, endpoint, config);
      if (!decision.allowed) throw new Error(JSON.stringify(decision.status));
      const a = measure(() => admit(request, endpoint, config));
      const b = measure(() => admit(request, endpoint, crowded));
      console.log(`| ${size / 1000} KB | /${endpoint} (${operation}) | ${a.toFixed(1)} | ${Math.round(1e6 / a)} | ${b.toFixed(1)} |`);
    }
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}
