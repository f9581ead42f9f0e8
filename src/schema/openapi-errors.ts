import type { ErrorObject } from 'ajv';
import type { FieldError } from '../admission/field-error.js';
import { fieldError, invalid, notSupported, required, tooLongBytes, tooMany } from '../admission/field-error.js';
import type { JSONSchemaProps } from '../crd/types.js';
import { goFloat, goQuoteString } from '../util/go-format.js';
import type { JsonValue } from '../util/json.js';
import { isJsonObject } from '../util/json.js';
import type { AjvSchema, SchemaOrigins } from './convert.js';
import { supportedFormat } from './formats.js';
import { allOfFailures, bestBranchErrors, withoutShortCircuited } from './junctors.js';
import { firstStringFailure, kubeOrder } from './order.js';
import type { LocatedError, PathSegment } from './path.js';
import { fieldOf, kubePath, pointerSegments } from './path.js';

/**
 * Translation of ajv errors into the field errors kube-openapi and
 * kubeOpenAPIResultToFieldErrors (apiextensions-apiserver
 * pkg/apiserver/validation/validation.go) produce, with their wording.
 */

/** kubeTypeOf is the JSON type kube-openapi infers for a decoded value. */
export function kubeTypeOf(value: JsonValue | undefined): string {
  if (value === null || value === undefined) return 'null';
  if (Array.isArray(value)) return 'array';
  if (typeof value === 'object') return 'object';
  if (typeof value === 'number') return isInt64(value) ? 'integer' : 'number';
  return typeof value;
}

// The apiserver decodes a JSON number as int64 when it is integral and fits, else as float64.
function isInt64(value: number): boolean {
  return Number.isInteger(value) && Math.abs(value) < 2 ** 63;
}

// The Go type kube-openapi reports when a value does not fit an int32/int64/float/double node.
function goFormatOf(value: JsonValue): string {
  if (typeof value !== 'number') return '';
  return isInt64(value) ? 'int64' : 'float64';
}

// Bounds print as int64 when the value is an integer (MaximumNativeType), else as float64 %v.
function bound(limit: number, value: JsonValue): string {
  return typeof value === 'number' && Number.isInteger(value) ? String(Math.trunc(limit)) : goFloat(limit);
}

function typeError(name: string, props: JSONSchemaProps, data: JsonValue): FieldError | undefined {
  const declared = props['x-kubernetes-int-or-string'] === true ? 'integer,string' : props.type ?? '';
  // Only formats the apiserver keeps play a part (StripUnsupportedFormats).
  const format = supportedFormat(props.type, props.format);
  const isStringLike = typeof data === 'string' || Array.isArray(data);
  if (format !== undefined && data !== null && !isStringLike) {
    const actual = goFormatOf(data);
    return fieldError('FieldValueTypeInvalid', fieldOf(name), actual, `${name} in body must be of type ${format}: ${goQuoteString(actual)}`);
  }
  // kube-openapi lets arrays through a string node that has a format.
  if (format !== undefined && props.type === 'string' && Array.isArray(data)) return undefined;
  const actual = kubeTypeOf(data);
  return fieldError('FieldValueTypeInvalid', fieldOf(name), actual, `${name} in body must be of type ${declared}: ${goQuoteString(actual)}`);
}

function count(data: JsonValue): number {
  if (Array.isArray(data)) return data.length;
  return isJsonObject(data) ? Object.keys(data).length : 0;
}

function junctorError(name: string, message: string): FieldError {
  return invalid('<nil>', '', `${goQuoteString(name)} ${message}`);
}

function translate(error: ErrorObject, name: string, props: JSONSchemaProps): FieldError | undefined {
  const data = (error.data ?? null) as JsonValue;
  const field = fieldOf(name);
  const params = error.params as Record<string, unknown>;
  switch (error.keyword) {
    case 'type':
      return typeError(name, props, data);
    case 'enum':
      return notSupported(field, data, (props.enum ?? []) as JsonValue[]);
    case 'maximum':
    case 'exclusiveMaximum':
      return invalid(field, data, `${name} in body should be less than ${error.keyword === 'maximum' ? 'or equal to ' : ''}${bound(props.maximum ?? 0, data)}`);
    case 'minimum':
    case 'exclusiveMinimum':
      return invalid(field, data, `${name} in body should be greater than ${error.keyword === 'minimum' ? 'or equal to ' : ''}${bound(props.minimum ?? 0, data)}`);
    case 'multipleOf':
      return invalid(field, data, `${name} in body should be a multiple of ${bound(props.multipleOf ?? 0, data)}`);
    case 'maxLength':
      return tooLongBytes(field, props.maxLength ?? -1);
    case 'minLength':
      return invalid(field, data, `${name} in body should be at least ${props.minLength ?? 0} chars long`);
    case 'pattern':
      return invalid(field, data, `${name} in body should match '${props.pattern ?? ''}'`);
    case 'format':
      return fieldError('FieldValueTypeInvalid', field, data, `${name} in body must be of type ${props.format ?? ''}: ${goQuoteString(String(data))}`);
    case 'minItems':
      return invalid(field, count(data), `${name} in body should have at least ${props.minItems ?? 0} items`);
    case 'maxItems':
      return tooMany(field, count(data), props.maxItems ?? -1);
    case 'minProperties':
      return invalid(field, count(data), `${name} in body should have at least ${props.minProperties ?? 0} properties`);
    case 'maxProperties':
      return tooMany(field, count(data), props.maxProperties ?? -1);
    case 'required':
      return required(fieldOf(kubePath([...(name === '' ? [] : [name]), String(params.missingProperty)])));
    default:
      return translateJunctor(error, name) ?? invalid(field, data, `${name} in body is invalid (${error.keyword})`);
  }
}

// kube-openapi's junctor errors are not *Validation errors: the apiserver prints them at a nil path.
function translateJunctor(error: ErrorObject, name: string): FieldError | undefined {
  if (error.keyword === 'anyOf') return junctorError(name, 'must validate at least one schema (anyOf)');
  if (error.keyword === 'not') return junctorError(name, 'must not validate the schema (not)');
  if (error.keyword !== 'oneOf') return undefined;
  const passing = (error.params as { passingSchemas?: unknown }).passingSchemas;
  const found = Array.isArray(passing) ? `Found ${passing.length} valid alternatives` : 'Found none valid';
  return junctorError(name, `must validate one and only one schema (oneOf). ${found}`);
}

/** ErrorContext is what translating one validation run needs. */
export interface ErrorContext {
  readonly data: JsonValue;
  /** Location of `data` inside the custom object (e.g. ['status'] for the status validator). */
  readonly base: readonly PathSegment[];
  readonly origins: SchemaOrigins;
  /** The ajv schema validated against, to count allOf branches. */
  readonly rootSchema: AjvSchema;
}

function locate(pointer: string, context: ErrorContext): PathSegment[] {
  return [...context.base, ...pointerSegments(pointer, context.data)];
}

/**
 * toFieldErrors turns one ajv run into located field errors in kube-openapi's
 * shape: best-branch selection for anyOf/oneOf, the allOf summary error, the
 * min/maxProperties short circuit, and Kubernetes' error types and wording.
 */
export function toFieldErrors(ajvErrors: readonly ErrorObject[], context: ErrorContext): LocatedError[] {
  // A single error needs no reshaping (the common case).
  const errors = ajvErrors.length === 1 ? [...ajvErrors] : firstStringFailure(kubeOrder(bestBranchErrors(withoutShortCircuited(ajvErrors))));
  const allOf = allOfFailures(errors);
  const out: LocatedError[] = [];
  errors.forEach((error, index) => {
    const location = locate(error.instancePath, context);
    const props = context.origins.get((error.parentSchema ?? error.schema) as object) ?? {};
    const translated = translate(error, kubePath(location), props);
    if (translated) out.push({ error: translated, location });
    for (const failure of allOf) {
      if (failure.after !== index) continue;
      const site = locate(failure.instancePath, context);
      const total = allOfLength(context.rootSchema, failure.schemaPath);
      const none = total !== undefined && failure.failedBranches >= total ? '. None validated' : '';
      out.push({ error: junctorError(kubePath(site), `must validate all the schemas (allOf)${none}`), location: site });
    }
  });
  return out;
}

function allOfLength(root: AjvSchema, schemaPath: string): number | undefined {
  let node: unknown = root;
  for (const raw of schemaPath.split('/').slice(1)) {
    const key = raw.replaceAll('~1', '/').replaceAll('~0', '~');
    node = typeof node === 'object' && node !== null ? (node as Record<string, unknown>)[key] : undefined;
  }
  return Array.isArray(node) ? node.length : undefined;
}
