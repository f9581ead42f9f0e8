import type { JSONSchemaProps } from '../crd/types.js';
import type { JsonValue } from '../util/json.js';
import { normalizeFormatName, supportedFormat } from './formats.js';
import type { NumberConstraints } from './number-keyword.js';
import { NUMBER_KEYWORD } from './number-keyword.js';

/** AjvSchema is the draft-07 schema handed to ajv for one JSONSchemaProps node. */
export interface AjvSchema {
  [keyword: string]: JsonValue | AjvSchema | readonly AjvSchema[] | Record<string, AjvSchema> | undefined;
}

/**
 * SchemaOrigins maps every ajv schema node back to the JSONSchemaProps node it
 * came from: error messages quote the CRD's own values (type names, formats,
 * bounds), not the translated ones.
 */
export type SchemaOrigins = WeakMap<object, JSONSchemaProps>;

/** KUBERNETES_EXTENSIONS lists the x-kubernetes-* keywords ajv is told about (annotations for ajv). */
export const KUBERNETES_EXTENSIONS: readonly string[] = [
  'x-kubernetes-preserve-unknown-fields',
  'x-kubernetes-embedded-resource',
  'x-kubernetes-int-or-string',
  'x-kubernetes-list-map-keys',
  'x-kubernetes-list-type',
  'x-kubernetes-map-type',
  'x-kubernetes-validations',
];

const COPIED: readonly string[] = ['maxLength', 'minLength', 'maxItems', 'minItems', 'maxProperties', 'minProperties'];

function types(props: JSONSchemaProps): string[] | undefined {
  let list: string[] | undefined;
  if (props['x-kubernetes-int-or-string'] === true) list = ['integer', 'string'];
  else if (typeof props.type === 'string' && props.type !== '') list = [props.type];
  if (list && props.nullable === true) list.push('null');
  return list;
}

function numberConstraints(props: JSONSchemaProps, out: AjvSchema, origins: SchemaOrigins): void {
  const constraints: NumberConstraints = {};
  if (typeof props.multipleOf === 'number') constraints.multipleOf = props.multipleOf;
  if (typeof props.maximum === 'number') {
    constraints.maximum = props.maximum;
    constraints.exclusiveMaximum = props.exclusiveMaximum === true;
  }
  if (typeof props.minimum === 'number') {
    constraints.minimum = props.minimum;
    constraints.exclusiveMinimum = props.exclusiveMinimum === true;
  }
  if (Object.keys(constraints).length === 0) return;
  // Errors of a custom keyword carry its schema, not the parent's: map it back too.
  origins.set(constraints, props);
  out[NUMBER_KEYWORD] = constraints as unknown as AjvSchema;
}

function convertList(list: readonly JSONSchemaProps[] | undefined, origins: SchemaOrigins): AjvSchema[] | undefined {
  return Array.isArray(list) ? list.map((item) => toAjvSchema(item, origins)) : undefined;
}

function children(props: JSONSchemaProps, out: AjvSchema, origins: SchemaOrigins): void {
  if (props.properties) {
    const properties: Record<string, AjvSchema> = {};
    for (const [key, child] of Object.entries(props.properties)) properties[key] = toAjvSchema(child, origins);
    out.properties = properties;
  }
  if (typeof props.additionalProperties === 'object' && props.additionalProperties !== null) {
    out.additionalProperties = toAjvSchema(props.additionalProperties, origins);
  }
  if (props.items && !Array.isArray(props.items)) out.items = toAjvSchema(props.items as JSONSchemaProps, origins);
  const allOf = convertList(props.allOf, origins);
  if (allOf) out.allOf = allOf;
  const anyOf = convertList(props.anyOf, origins);
  if (anyOf) out.anyOf = anyOf;
  const oneOf = convertList(props.oneOf, origins);
  if (oneOf) out.oneOf = oneOf;
  if (props.not) out.not = toAjvSchema(props.not, origins);
}

/**
 * toAjvSchema translates one JSONSchemaProps (and its children) the way
 * ConvertJSONSchemaPropsWithPostProcess and StripUnsupportedFormats do:
 * int-or-string is `integer|string`, `nullable` adds `null`, bounds and
 * multipleOf follow kube-openapi (NUMBER_KEYWORD), unknown formats are dropped,
 * null never satisfies an enum (as in kube-openapi),
 * `pattern` is matched by RE2 (the ajv instance's regExp engine).
 */
export function toAjvSchema(props: JSONSchemaProps, origins: SchemaOrigins): AjvSchema {
  const out: AjvSchema = {};
  origins.set(out, props);
  const list = types(props);
  if (list) out.type = list.length === 1 ? (list[0] as string) : list;
  // kube-openapi never matches null against an enum, even a nullable field's: null is left out.
  if (Array.isArray(props.enum)) out.enum = props.enum.filter((value) => value !== null);
  numberConstraints(props, out, origins);
  for (const keyword of COPIED) if (typeof props[keyword] === 'number') out[keyword] = props[keyword] as number;
  if (typeof props.pattern === 'string') out.pattern = props.pattern;
  if (Array.isArray(props.required) && props.required.length > 0) out.required = [...props.required];
  const format = supportedFormat(props.type, props.format);
  if (format !== undefined && props.type === 'string') out.format = normalizeFormatName(format);
  for (const extension of KUBERNETES_EXTENSIONS) {
    if (props[extension] !== undefined) out[extension] = props[extension] as JsonValue;
  }
  children(props, out, origins);
  return out;
}
