import { ConfigError } from '../config/errors.js';
import { structuralProblems } from '../crd/structural.js';
import type { JSONSchemaProps } from '../crd/types.js';
import type { CompiledStages, ProfilePlugin, ProfileTarget } from '../profiles/plugin.js';
import { schemaValidationStage } from './stage.js';
import type { CompiledSchema } from './validator.js';
import { compileSchema } from './validator.js';

function schemaPath(target: ProfileTarget): string {
  return `spec.versions[${target.versionIndex}].schema.openAPIV3Schema`;
}

function configError(target: ProfileTarget, path: string, reason: string): ConfigError {
  return new ConfigError(target.crd.source.file, reason, path, target.crd.source.line);
}

/**
 * checkStructural throws a ConfigError for the first reason the apiserver
 * would refuse this version's schema, naming the file, the CRD document's
 * line and the JSON path inside the CRD.
 */
export function checkStructural(target: ProfileTarget): void {
  const [first] = structuralProblems(target.schema, schemaPath(target), target.hasStatusSubresource);
  if (first) throw configError(target, first.path, first.reason);
}

function compileAt(target: ProfileTarget, schema: JSONSchemaProps, path: string): CompiledSchema {
  try {
    return compileSchema(schema);
  } catch (error) {
    throw configError(target, path, `cannot compile the schema: ${(error as Error).message}`);
  }
}

/**
 * SCHEMA_PLUGIN compiles, per served version, the structural schema checks
 * (at load) and the schema validation stage (per request): ajv compiled once,
 * plus the validator of `status` alone for `/status` requests.
 */
export const SCHEMA_PLUGIN: ProfilePlugin = {
  name: 'schema',
  compile(target: ProfileTarget): CompiledStages {
    checkStructural(target);
    const path = schemaPath(target);
    const schema = compileAt(target, target.schema, path);
    const statusSchema = target.hasStatusSubresource ? target.schema.properties?.status : undefined;
    const status = statusSchema ? compileAt(target, statusSchema, `${path}.properties.status`) : undefined;
    return { validators: [schemaValidationStage({ target, schema, status })] };
  },
};
