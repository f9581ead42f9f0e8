import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../src/config/errors.js';
import { admit } from '../../src/pipeline/admit.js';
import { loadPolicySet } from '../../src/policy/load.js';
import { parseManifestText } from '../../src/config/manifest-files.js';
import { loadPolicies, webApp } from './requests.js';

describe('cost limits', async () => {
  const config = await loadPolicies('hostile.yaml');
  const hosts = Array.from({ length: 3000 }, (_, i) => `host-${i}.example.com`);

  it('stops a nested comprehension over 3,000 items and denies under failurePolicy Fail', () => {
    const decision = admit(webApp({ containers: [{ name: 'web', image: 'r/w:1' }], extensions: { hosts } }), 'validate', config);
    expect(decision.allowed).toBe(false);
    expect(decision.status?.message).toMatch(/operation cancelled: actual cost limit exceeded|running out of cost budget/);
  });

  it('keeps serving: the next request is judged normally', () => {
    const decision = admit(webApp({ containers: [{ name: 'web', image: 'r/w:1' }], extensions: { hosts: ['a.example.com'] } }), 'validate', config);
    expect(decision.allowed).toBe(true);
  });
});

describe('result types', () => {
  it('refuses a validation that is not a bool and a messageExpression that is not a string', () => {
    const text = `apiVersion: admissionregistration.k8s.io/v1
kind: ValidatingAdmissionPolicy
metadata: {name: types.example.com}
spec:
  matchConstraints: {resourceRules: [{apiGroups: ["*"], apiVersions: ["*"], operations: ["*"], resources: ["*"]}]}
  validations:
    - expression: "'not a bool'"
      messageExpression: "1 + 1"
`;
    let messages: string[] = [];
    try {
      loadPolicySet({ policyDocuments: parseManifestText(text, 'types.yaml'), paramDocuments: [], namespaceDocuments: [] });
    } catch (error) {
      messages = 'errors' in (error as object) ? (error as { errors: ConfigError[] }).errors.map((e) => e.message) : [(error as Error).message];
    }
    expect(messages).toEqual([
      `types.yaml:1: spec.validations[0].expression: Invalid value: "'not a bool'": compilation failed: must evaluate to bool, not string`,
      'types.yaml:1: spec.validations[0].messageExpression: Invalid value: "1 + 1": compilation failed: must evaluate to string, not int',
    ]);
  });
});
