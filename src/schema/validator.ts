import type { ValidateFunction } from 'ajv';
import type { FieldError } from '../admission/field-error.js';
import type { JSONSchemaProps } from '../crd/types.js';
import type { JsonValue } from '../util/json.js';
import { sharedAjv } from './ajv-instance.js';
import type { AjvSchema, SchemaOrigins } from './convert.js';
import { toAjvSchema } from './convert.js';
import { toFieldErrors } from './openapi-errors.js';
import type { LocatedError, PathSegment } from './path.js';

/** CompiledSchema validates values against one OpenAPI v3 schema, compiled once. */
export interface CompiledSchema {
  readonly schema: JSONSchemaProps;
  /** validate returns kube-openapi's errors for `value`, located under `base`. */
  validate(value: JsonValue, base?: readonly PathSegment[]): readonly LocatedError[];
}

// Shared results of the common, valid case: a validation allocates nothing of its own then.
const ROOT: readonly PathSegment[] = Object.freeze([]);
const NO_ERRORS: readonly LocatedError[] = Object.freeze([]);

/**
 * compileSchema compiles a JSONSchemaProps with ajv (Kubernetes formats, RE2
 * patterns, int-or-string, nullable). It throws on a schema ajv or RE2
 * cannot compile; CRDs are checked structurally before they get here.
 */
export function compileSchema(schema: JSONSchemaProps): CompiledSchema {
  const origins: SchemaOrigins = new WeakMap();
  const rootSchema: AjvSchema = toAjvSchema(schema, origins);
  const check: ValidateFunction = sharedAjv().compile(rootSchema);
  return {
    schema,
    validate(value, base = ROOT) {
      if (check(value)) return NO_ERRORS;
      return toFieldErrors(check.errors ?? [], { data: value, base, origins, rootSchema });
    },
  };
}

function prefixed(error: FieldError, path: string): FieldError {
  if (path === '') return error;
  const field = error.field === '<nil>' ? path : `${path}.${error.field}`;
  return { ...error, field };
}

/**
 * compileValueValidator compiles a sub-schema into `(value, path) => errors`,
 * e.g. to check at load that a `default` validates against its own schema.
 * Field paths are prefixed with `path` as the apiserver does for defaults.
 */
export function compileValueValidator(schema: JSONSchemaProps): (value: JsonValue, path?: string) => FieldError[] {
  const compiled = compileSchema(schema);
  return (value, path = '') => compiled.validate(value).map(({ error }) => prefixed(error, path));
}

type ValueValidator = (value: JsonValue, path?: string) => FieldError[];

const valueValidators = new WeakMap<JSONSchemaProps, ValueValidator>();
// Equal sub-schemas compile to equal validators: real CRDs repeat the same defaulted
// field schemas across versions and structures (262 defaults, 43 distinct schemas
// in the cert-manager, Cluster API and Kueue fixtures). Bounded so reloads cannot grow it.
const valueValidatorsByText = new Map<string, ValueValidator>();
const MAX_VALUE_VALIDATORS_BY_TEXT = 4096;

function valueValidatorFor(schema: JSONSchemaProps): ValueValidator {
  const text = JSON.stringify(schema);
  let check = valueValidatorsByText.get(text);
  if (!check) {
    if (valueValidatorsByText.size >= MAX_VALUE_VALIDATORS_BY_TEXT) valueValidatorsByText.clear();
    check = compileValueValidator(schema);
    valueValidatorsByText.set(text, check);
  }
  return check;
}

/**
 * validateValue checks a value against a sub-schema, compiling the schema on
 * first use and reusing it afterwards (cached per schema object and per schema
 * text): the shape of the defaulting stage's DefaultValueCheck, for load-time checks.
 */
export function validateValue(value: JsonValue, schema: JSONSchemaProps, path = ''): FieldError[] {
  let check = valueValidators.get(schema);
  if (!check) {
    check = valueValidatorFor(schema);
    valueValidators.set(schema, check);
  }
  return check(value, path);
}
