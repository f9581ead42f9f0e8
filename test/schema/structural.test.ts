import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../src/config/errors.js';
import { loadConfiguration } from '../../src/config/load.js';
import { FIXTURES } from './cases.js';

const ROOT = 'spec.versions[0].schema.openAPIV3Schema';

// Each broken CRD with the line of its document, the JSON path in the CRD and the apiserver's reason.
const CASES: readonly [file: string, line: number, path: string, reason: string][] = [
  ['missing-type.yaml', 1, `${ROOT}.properties.spec.properties.x.type`, 'Required value: must not be empty for specified object fields'],
  ['array-without-items.yaml', 1, `${ROOT}.properties.spec.properties.items.items`, 'Required value: must be specified'],
  [
    'lookahead-pattern.yaml',
    1,
    `${ROOT}.properties.spec.properties.name.pattern`,
    'Invalid value: "^(?!admin).*$": must be a valid regular expression, but isn\'t: error parsing regexp: invalid or unsupported Perl syntax: `(?!`',
  ],
  ['unique-items.yaml', 1, `${ROOT}.properties.spec.properties.hosts.uniqueItems`, 'Forbidden: uniqueItems cannot be set to true since the runtime complexity becomes quadratic'],
  ['map-key-not-required.yaml', 1, `${ROOT}.properties.spec.properties.ports.x-kubernetes-list-map-keys[0]`, 'Required value: all map keys must be required or have a default value'],
  ['type-in-anyof.yaml', 1, `${ROOT}.properties.spec.anyOf[0].type`, 'Forbidden: must be empty to be structural'],
  [
    'unspecified-in-oneof.yaml',
    1,
    `${ROOT}.properties.spec.properties.gpu`,
    `Required value: because it is defined in ${ROOT}.properties.spec.oneOf[1].properties.gpu`,
  ],
  ['properties-not-a-map.yaml', 1, `${ROOT}.properties.spec.properties`, 'Invalid value: "oops": must be a map of schemas'],
  [
    'root-junctor-with-status.yaml',
    1,
    ROOT,
    'Forbidden: only [description type format title maximum exclusiveMaximum minimum exclusiveMinimum maxLength minLength pattern maxItems minItems uniqueItems multipleOf required items properties externalDocs example x-kubernetes-preserve-unknown-fields x-kubernetes-validations] fields are allowed at the root of the schema if the status subresource is enabled',
  ],
  ['second-document.yaml', 24, `${ROOT}.additionalProperties`, 'Forbidden: must not be used at the root'],
];

describe('structural schema checks at load', () => {
  it.each(CASES)('%s is refused at line %i, %s', async (file, line, path, reason) => {
    const source = fileURLToPath(new URL(`broken/${file}`, FIXTURES));
    const error = await loadConfiguration({ crdPaths: [source], policyPaths: [] }).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(ConfigError);
    const configError = error as ConfigError;
    expect({ file: configError.file, line: configError.line, path: configError.path, problem: configError.problem }).toEqual({ file: source, line, path, problem: reason });
    expect(configError.message).toBe(`${source}:${line}: ${path}: ${reason}`);
  });
});
