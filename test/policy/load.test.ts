import { describe, expect, it } from 'vitest';
import { ConfigError, ConfigErrors } from '../../src/config/errors.js';
import { BUNDLED_EXAMPLE_POLICIES, BUNDLED_EXAMPLES, loadConfiguration } from '../../src/config/load.js';
import { fixture } from './requests.js';

async function loadError(file: string): Promise<string[]> {
  try {
    await loadConfiguration({ crdPaths: [BUNDLED_EXAMPLES], policyPaths: [fixture(file)] });
  } catch (error) {
    if (error instanceof ConfigErrors) return error.errors.map((e) => e.message);
    if (error instanceof ConfigError) return [error.message];
    throw error;
  }
  throw new Error(`${file} loaded without error`);
}

describe('loading policy files', () => {
  it('reports every shape problem with file, line and path, in the apiserver wording', async () => {
    const file = fixture('broken/invalid-shapes.yaml');
    expect(await loadError('broken/invalid-shapes.yaml')).toEqual([
      `${file}:1: spec.failurePolicy: Unsupported value: "Sometimes": supported values: "Fail", "Ignore"`,
      `${file}:1: spec.matchConstraints.resourceRules[0].operations: Invalid value: ["CREATE","*"]: if '*' is present, must not specify other operations`,
      `${file}:1: spec.validations: Required value: validations or auditAnnotations must contain at least one item`,
      `${file}:14: spec.validationActions: Invalid value: ["Deny","Warn"]: must not contain both Deny and Warn (repeating the same validation failure information in the API response and headers serves no purpose)`,
      `${file}:22: spec.policyName: Not found: no ValidatingAdmissionPolicy named "does-not-exist.example.com" in the --policies files`,
    ]);
  });

  it('compiles every expression at load: authorizer, syntax and undeclared variables', async () => {
    const messages = await loadError('broken/expressions.yaml');
    expect(messages).toHaveLength(3);
    expect(messages[0]).toContain('spec.validations[0].expression: Invalid value');
    expect(messages[0]).toContain('the authorizer is not available');
    expect(messages[1]).toContain('spec.validations[1].expression: Invalid value: "object.spec.replicas +": compilation failed');
    expect(messages[2]).toContain("spec.validations[2].expression: Invalid value: \"variables.undeclared > 1\": compilation failed: undefined field 'undeclared'");
  });

  it('refuses unknown fields, as strict field validation does, so typos do not pass silently', async () => {
    const file = fixture('broken/typo.yaml');
    expect(await loadError('broken/typo.yaml')).toEqual([
      `${file}:1: spec.matchConstraints.resourceRules[0].resource: Forbidden: unknown field`,
      `${file}:1: spec.matchConstraints.resourceRules[0].resources: Required value`,
      `${file}:1: spec.validations[0].messageExpresion: Forbidden: unknown field`,
    ]);
  });

  it('refuses documents of other kinds in --policies, naming the file and the kind', async () => {
    expect(await loadError('broken/other-kind.yaml')).toEqual([
      `${fixture('broken/other-kind.yaml')}:1: kind: v1 ConfigMap is not an admission policy: --policies files hold admissionregistration.k8s.io ValidatingAdmissionPolicy, MutatingAdmissionPolicy and their bindings, and crd-admission.dev/v1alpha1 DefaultingPolicy`,
    ]);
  });

  it('checks Object initializer names against their fields at load, and keeps each patch type to its literals', async () => {
    const messages = await loadError('broken/apply-mismatch.yaml');
    expect(messages).toHaveLength(2);
    expect(messages[0]).toContain(
      'spec.mutations[0].applyConfiguration.expression: Invalid value: "Object{spec: Object.spec{selector: Object.spec.wrong{}}}": compilation failed: type mismatch: Object.spec.wrong{...} is the value of spec.selector, so it must be Object.spec.selector{...}',
    );
    expect(messages[1]).toContain('spec.mutations[1].jsonPatch.expression: Invalid value');
    expect(messages[1]).toContain('object construction Object{...} is not available here (only JSONPatch{...})');
  });

  it('loads the example policies shipped with the project', async () => {
    const config = await loadConfiguration({
      crdPaths: [BUNDLED_EXAMPLES],
      policyPaths: [BUNDLED_EXAMPLE_POLICIES],
    });
    const webapps = config.profiles.byGroupVersionResource({ group: 'platform.example.com', version: 'v1', resource: 'webapps' });
    expect(webapps?.validators.map((stage) => stage.name)).toContain('admission-policies');
    expect(webapps?.mutators.map((stage) => stage.name)).toContain('mutating-policies');
  });
});
