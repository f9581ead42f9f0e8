import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../src/config/errors.js';
import { loadConfiguration } from '../../src/config/load.js';
import { DEFAULTING_PLUGIN } from '../../src/defaulting/plugin.js';
import { FIXTURES } from './harness.js';

async function loadError(file: string): Promise<ConfigError> {
  const path = new URL(`invalid-crds/${file}`, FIXTURES).pathname;
  const error = await loadConfiguration({ crdPaths: [path], policyPaths: [] }, undefined, [DEFAULTING_PLUGIN]).then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(ConfigError);
  return error as ConfigError;
}

describe('defaults checked when CRDs load', () => {
  it('refuses a default under the root metadata, naming file, line and schema path', async () => {
    const error = await loadError('default-in-metadata.yaml');
    expect(error.file).toMatch(/invalid-crds\/default-in-metadata\.yaml$/);
    expect(error.line).toBe(2);
    expect(error.path).toBe('spec.versions[0].schema.openAPIV3Schema.properties.metadata.properties.name.default');
    expect(error.problem).toBe('Forbidden: must not be set in top-level metadata');
  });

  it('refuses a default inside anyOf, in the version where it sits', async () => {
    const error = await loadError('default-in-anyof.yaml');
    expect(error.path).toBe('spec.versions[1].schema.openAPIV3Schema.properties.spec.properties.size.anyOf[0].default');
    expect(error.problem).toBe('Forbidden: must be undefined to be structural');
  });

  it('refuses a default with fields its schema does not declare, at the line of its own document', async () => {
    const error = await loadError('default-unpruned.yaml');
    expect(error.line).toBe(18);
    expect(error.path).toBe('spec.versions[0].schema.openAPIV3Schema.properties.spec.properties.strategy.default');
    expect(error.problem).toBe('Invalid value: {"surge":2,"type":"Recreate"}: must not have unknown fields');
    expect(error.message).toContain('default-unpruned.yaml:18: spec.versions[0]');
  });

  it('refuses a default for labels of an embedded resource', async () => {
    const error = await loadError('default-in-embedded-labels.yaml');
    expect(error.path).toBe(
      'spec.versions[0].schema.openAPIV3Schema.properties.spec.properties.template.properties.metadata.properties.labels.additionalProperties.default',
    );
    expect(error.problem).toBe('Forbidden: must not be set inside additionalProperties applying to object metadata');
  });

  it('refuses a default that does not validate against its own schema', async () => {
    const error = await loadError('default-invalid.yaml');
    expect(error.line).toBe(2);
    expect(error.path).toBe('spec.versions[0].schema.openAPIV3Schema.properties.spec.properties.replicas.default');
    expect(error.problem).toMatch(/^Invalid value: 20: .*should be less than or equal to 10$/);
  });
});
