import { Re2SyntaxError, compileRe2 } from '../util/re2.js';
import type { JsonValue } from '../util/json.js';
import { isJsonObject } from '../util/json.js';
import type { JSONSchemaProps } from './types.js';

/**
 * StructuralProblem is one reason the apiserver would refuse a CRD schema:
 * the JSON path inside the schema and the reason in the apiserver's words
 * (`Required value: must not be empty for specified object fields`).
 */
export interface StructuralProblem {
  readonly path: string;
  readonly reason: string;
}

const TYPES = ['array', 'boolean', 'integer', 'number', 'object', 'string'];
const FORBIDDEN: Readonly<Record<string, string>> = {
  id: 'id is not supported',
  $ref: '$ref is not supported',
  definitions: 'definitions are not supported',
  dependencies: 'dependencies are not supported',
  patternProperties: 'patternProperties is not supported',
  additionalItems: 'additionalItems is not supported',
  $schema: '$schema is not supported',
};
// Keywords allowed in allOf/anyOf/oneOf/not only if false/empty ("value validations" must stay structural).
const NOT_IN_VALUE_VALIDATION = ['type', 'default', 'title', 'description', 'additionalProperties', 'x-kubernetes-preserve-unknown-fields',
  'x-kubernetes-embedded-resource', 'x-kubernetes-int-or-string', 'x-kubernetes-list-type', 'x-kubernetes-list-map-keys',
  'x-kubernetes-map-type', 'x-kubernetes-validations'];
const ALLOWED_AT_ROOT_WITH_STATUS = ['description', 'type', 'format', 'title', 'maximum', 'exclusiveMaximum', 'minimum',
  'exclusiveMinimum', 'maxLength', 'minLength', 'pattern', 'maxItems', 'minItems', 'uniqueItems', 'multipleOf', 'required',
  'items', 'properties', 'externalDocs', 'example', 'x-kubernetes-preserve-unknown-fields', 'x-kubernetes-validations'];

const required = (path: string, detail: string): StructuralProblem => ({ path, reason: `Required value: ${detail}` });
const forbidden = (path: string, detail: string): StructuralProblem => ({ path, reason: `Forbidden: ${detail}` });
const invalid = (path: string, value: JsonValue, detail: string): StructuralProblem => ({
  path,
  reason: `Invalid value: ${JSON.stringify(value)}: ${detail}`,
});
const unsupported = (path: string, value: JsonValue, supported: readonly string[]): StructuralProblem => ({
  path,
  reason: `Unsupported value: ${JSON.stringify(value)}: supported values: ${supported.map((s) => JSON.stringify(s)).join(', ')}`,
});

const at = (path: string, key: string): string => (path === '' ? key : `${path}.${key}`);
const schemaOf = (value: unknown): JSONSchemaProps | undefined => (isJsonObject(value) ? (value as JSONSchemaProps) : undefined);

interface Walk {
  readonly problems: StructuralProblem[];
  /** Inside allOf/anyOf/oneOf/not. */
  readonly valueValidation: boolean;
  /** A branch of the int-or-string `anyOf: [{type: integer}, {type: string}]`, where `type` is allowed. */
  readonly intOrStringBranch?: boolean;
}

function keywordProblems(s: JSONSchemaProps, path: string, out: StructuralProblem[]): void {
  for (const [keyword, detail] of Object.entries(FORBIDDEN)) if (keyword in s) out.push(forbidden(at(path, keyword), detail));
  if (s.uniqueItems === true) out.push(forbidden(at(path, 'uniqueItems'), 'uniqueItems cannot be set to true since the runtime complexity becomes quadratic'));
  if (s.type === 'null') out.push(forbidden(at(path, 'type'), 'type cannot be set to null, use nullable as an alternative'));
  else if (s.type !== undefined && s.type !== '' && !TYPES.includes(String(s.type))) out.push(unsupported(at(path, 'type'), s.type as JsonValue, TYPES));
  if (Array.isArray(s.items)) out.push(forbidden(at(path, 'items'), 'items must be a schema object and not an array'));
  if (s.additionalProperties === false) out.push(forbidden(at(path, 'additionalProperties'), 'additionalProperties cannot be set to false'));
  if (s.properties && s.additionalProperties !== undefined && s.additionalProperties !== true) {
    out.push(forbidden(at(path, 'additionalProperties'), 'additionalProperties and properties are mutual exclusive'));
  }
  if (s['x-kubernetes-preserve-unknown-fields'] === false) out.push(invalid(at(path, 'x-kubernetes-preserve-unknown-fields'), false, 'must be true or undefined'));
  if (typeof s.pattern === 'string') {
    try {
      compileRe2(s.pattern);
    } catch (error) {
      const detail = error instanceof Re2SyntaxError ? error.message : String(error);
      out.push(invalid(at(path, 'pattern'), s.pattern, `must be a valid regular expression, but isn't: ${detail}`));
    }
  }
}

function extensionProblems(s: JSONSchemaProps, path: string, out: StructuralProblem[]): void {
  const intOrString = s['x-kubernetes-int-or-string'] === true;
  if (intOrString && s['x-kubernetes-preserve-unknown-fields'] === true) {
    out.push(invalid(at(path, 'x-kubernetes-preserve-unknown-fields'), true, 'must be false if x-kubernetes-int-or-string is true'));
  }
  if (intOrString && s['x-kubernetes-embedded-resource'] === true) {
    out.push(invalid(at(path, 'x-kubernetes-embedded-resource'), true, 'must be false if x-kubernetes-int-or-string is true'));
  }
  if (intOrString && s.type) out.push(invalid(at(path, 'type'), s.type, 'must be empty if x-kubernetes-int-or-string is true'));
  if (s['x-kubernetes-embedded-resource'] === true) {
    if (s.type !== 'object') out.push(s.type ? invalid(at(path, 'type'), s.type, 'must be object if x-kubernetes-embedded-resource is true') : required(at(path, 'type'), 'must be object if x-kubernetes-embedded-resource is true'));
    if (s.additionalProperties !== undefined) out.push(forbidden(at(path, 'additionalProperties'), 'must not be used if x-kubernetes-embedded-resource is set'));
    if (!s.properties && s['x-kubernetes-preserve-unknown-fields'] !== true) {
      out.push(required(at(path, 'properties'), 'must not be empty if x-kubernetes-embedded-resource is true without x-kubernetes-preserve-unknown-fields'));
    }
  }
  const mapType = s['x-kubernetes-map-type'];
  if (mapType !== undefined) {
    if (mapType !== 'atomic' && mapType !== 'granular') out.push(unsupported(at(path, 'x-kubernetes-map-type'), mapType, ['atomic', 'granular']));
    else if (s.type !== 'object') out.push(invalid(at(path, 'type'), s.type ?? '', 'must be object if x-kubernetes-map-type is specified'));
  }
  listTypeProblems(s, path, out);
}

function listTypeProblems(s: JSONSchemaProps, path: string, out: StructuralProblem[]): void {
  const listType = s['x-kubernetes-list-type'];
  const keys = s['x-kubernetes-list-map-keys'];
  if (keys !== undefined && listType !== 'map') out.push(forbidden(at(path, 'x-kubernetes-list-map-keys'), 'must not be set if x-kubernetes-list-type is not map'));
  if (listType === undefined) return;
  if (listType !== 'atomic' && listType !== 'set' && listType !== 'map') {
    out.push(unsupported(at(path, 'x-kubernetes-list-type'), listType, ['atomic', 'set', 'map']));
    return;
  }
  if (s.type !== 'array') {
    out.push(invalid(at(path, 'type'), s.type ?? '', 'must be array if x-kubernetes-list-type is specified'));
    return;
  }
  const items = schemaOf(s.items);
  if (!items) return;
  if ((listType === 'set' || listType === 'map') && items.nullable === true) out.push(forbidden(at(path, 'items.nullable'), `cannot be nullable when x-kubernetes-list-type is ${listType}`));
  if (listType === 'set') {
    if (items.type === 'object' && items['x-kubernetes-map-type'] !== 'atomic') {
      out.push(invalid(at(path, 'items.x-kubernetes-map-type'), items['x-kubernetes-map-type'] ?? null, 'must be atomic as item of a list with x-kubernetes-list-type=set'));
    }
    if (items.type === 'array' && (items['x-kubernetes-list-type'] ?? 'atomic') !== 'atomic') {
      out.push(invalid(at(path, 'items.x-kubernetes-list-type'), items['x-kubernetes-list-type'] ?? null, 'must be atomic as item of a list with x-kubernetes-list-type=set'));
    }
  }
  if (listType === 'map') mapKeyProblems(s, items, path, out);
}

function mapKeyProblems(s: JSONSchemaProps, items: JSONSchemaProps, path: string, out: StructuralProblem[]): void {
  const keys: unknown = s['x-kubernetes-list-map-keys'] ?? [];
  if (!Array.isArray(keys) || keys.length === 0 || !keys.every((k) => typeof k === 'string')) {
    out.push(required(at(path, 'x-kubernetes-list-map-keys'), 'must not be empty if x-kubernetes-list-type is map'));
    return;
  }
  if (items.type !== 'object') {
    out.push(invalid(at(path, 'items.type'), items.type ?? '', 'must be object if parent array\'s x-kubernetes-list-type is map'));
    return;
  }
  if (new Set(keys).size !== keys.length) out.push(invalid(at(path, 'x-kubernetes-list-map-keys'), [...keys], 'must not contain duplicate entries'));
  keys.forEach((key, i) => {
    const keyPath = `${at(path, 'x-kubernetes-list-map-keys')}[${i}]`;
    const property = items.properties?.[key];
    if (!property) {
      out.push(invalid(keyPath, key, 'entries must all be names of item properties'));
      return;
    }
    const scalar = property['x-kubernetes-int-or-string'] === true || ['string', 'integer', 'number', 'boolean'].includes(String(property.type));
    if (!scalar) out.push(invalid(keyPath, key, 'must be a scalar type if parent array\'s x-kubernetes-list-type is map'));
    if (property.nullable === true) out.push(invalid(keyPath, key, 'must not be nullable if parent array\'s x-kubernetes-list-type is map'));
    if (!(items.required ?? []).includes(key) && property.default === undefined) {
      out.push(required(keyPath, 'all map keys must be required or have a default value'));
    }
  });
}

function valueValidationProblems(s: JSONSchemaProps, path: string, out: StructuralProblem[], intOrStringBranch: boolean): void {
  for (const keyword of NOT_IN_VALUE_VALIDATION) {
    if (s[keyword] === undefined || s[keyword] === false) continue;
    if (keyword === 'type' && intOrStringBranch) continue;
    const detail = keyword === 'type' ? 'must be empty to be structural' : 'must be undefined to be structural';
    out.push(forbidden(at(path, keyword), detail));
  }
  if (s.nullable === true) out.push(forbidden(at(path, 'nullable'), 'must be false to be structural'));
}

function typeRequired(s: JSONSchemaProps, path: string, detail: string, out: StructuralProblem[]): void {
  if (s.type || s['x-kubernetes-int-or-string'] === true || s['x-kubernetes-preserve-unknown-fields'] === true) return;
  out.push(required(at(path, 'type'), detail));
}

// A hand-written CRD may put anything anywhere: refuse non-objects before looking inside.
function shapeProblem(s: unknown, path: string): StructuralProblem | undefined {
  if (!isJsonObject(s)) return invalid(path, (s ?? null) as JsonValue, 'must be a schema object');
  if (s.properties !== undefined && !isJsonObject(s.properties)) return invalid(at(path, 'properties'), s.properties, 'must be a map of schemas');
  if (s.items !== undefined && !isJsonObject(s.items) && !Array.isArray(s.items)) return invalid(at(path, 'items'), s.items as JsonValue, 'must be a schema object');
  const additional = s.additionalProperties;
  if (additional !== undefined && typeof additional !== 'boolean' && !isJsonObject(additional)) {
    return invalid(at(path, 'additionalProperties'), additional as JsonValue, 'must be a schema object or a boolean');
  }
  for (const junctor of ['allOf', 'anyOf', 'oneOf'] as const) {
    if (s[junctor] !== undefined && !Array.isArray(s[junctor])) return invalid(at(path, junctor), s[junctor] as JsonValue, 'must be a list of schemas');
  }
  if (s.required !== undefined && !(Array.isArray(s.required) && s.required.every((r) => typeof r === 'string'))) {
    return invalid(at(path, 'required'), s.required as JsonValue, 'must be a list of property names');
  }
  return undefined;
}

function walk(s: JSONSchemaProps, path: string, state: Walk): void {
  const out = state.problems;
  const shape = shapeProblem(s, path);
  if (shape) {
    out.push(shape);
    return;
  }
  keywordProblems(s, path, out);
  if (state.valueValidation) valueValidationProblems(s, path, out, state.intOrStringBranch === true);
  else extensionProblems(s, path, out);
  if (!state.valueValidation && s.type === 'array' && s.items === undefined) out.push(required(at(path, 'items'), 'must be specified'));
  for (const [key, child] of Object.entries(s.properties ?? {})) {
    const childPath = at(at(path, 'properties'), key);
    if (!state.valueValidation) typeRequired(child, childPath, 'must not be empty for specified object fields', out);
    walk(child, childPath, state);
  }
  const additional = schemaOf(s.additionalProperties);
  if (additional) {
    if (!state.valueValidation) typeRequired(additional, at(path, 'additionalProperties'), 'must not be empty for specified object fields', out);
    walk(additional, at(path, 'additionalProperties'), state);
  }
  const items = schemaOf(s.items);
  if (items) {
    if (!state.valueValidation) typeRequired(items, at(path, 'items'), 'must not be empty for specified array items', out);
    walk(items, at(path, 'items'), state);
  }
  for (const junctor of ['allOf', 'anyOf', 'oneOf'] as const) {
    const intOrStringBranch = junctor === 'anyOf' && isIntOrStringPair(s.anyOf);
    (s[junctor] ?? []).forEach((branch, i) => {
      const branchPath = `${at(path, junctor)}[${i}]`;
      if (!state.valueValidation) completenessProblems(s, path, branch, branchPath, out);
      walk(branch, branchPath, { problems: out, valueValidation: true, intOrStringBranch });
    });
  }
  if (s.not) {
    if (!state.valueValidation) completenessProblems(s, path, s.not, at(path, 'not'), out);
    walk(s.not, at(path, 'not'), { problems: out, valueValidation: true });
  }
}

// Every property, item and additionalProperties used in a value validation must be specified outside it.
function completenessProblems(s: JSONSchemaProps, path: string, branch: JSONSchemaProps, branchPath: string, out: StructuralProblem[]): void {
  for (const [key, child] of Object.entries(branch.properties ?? {})) {
    const outer = s.properties?.[key];
    const childPath = at(at(branchPath, 'properties'), key);
    if (!outer) out.push(required(at(at(path, 'properties'), key), `because it is defined in ${childPath}`));
    else completenessProblems(outer, at(at(path, 'properties'), key), child, childPath, out);
  }
  const branchItems = schemaOf(branch.items);
  if (branchItems) {
    const outer = schemaOf(s.items);
    if (!outer) out.push(required(at(path, 'items'), `because it is defined in ${at(branchPath, 'items')}`));
    else completenessProblems(outer, at(path, 'items'), branchItems, at(branchPath, 'items'), out);
  }
  for (const junctor of ['allOf', 'anyOf', 'oneOf'] as const) {
    (branch[junctor] ?? []).forEach((nested, i) => completenessProblems(s, path, nested, `${at(branchPath, junctor)}[${i}]`, out));
  }
  if (branch.not) completenessProblems(s, path, branch.not, at(branchPath, 'not'), out);
}

function isIntOrStringPair(anyOf: readonly JSONSchemaProps[] | undefined): boolean {
  return anyOf?.length === 2 && anyOf[0]?.type === 'integer' && anyOf[1]?.type === 'string';
}

function rootProblems(s: JSONSchemaProps, path: string, hasStatus: boolean, out: StructuralProblem[]): void {
  if (!s.type) out.push(required(at(path, 'type'), 'must not be empty at the root'));
  else if (s.type !== 'object') out.push(invalid(at(path, 'type'), s.type, 'must be object at the root'));
  if (s.additionalProperties !== undefined) out.push(forbidden(at(path, 'additionalProperties'), 'must not be used at the root'));
  const metadata = s.properties?.metadata;
  if (metadata) {
    const extra = Object.keys(metadata.properties ?? {}).filter((k) => k !== 'name' && k !== 'generateName');
    if (extra.length > 0 || metadata.additionalProperties !== undefined) {
      out.push(forbidden(at(path, 'properties.metadata'), 'must not specify anything other than name and generateName, but metadata is implicitly specified'));
    }
  }
  for (const key of ['kind', 'apiVersion']) {
    const typeMeta = s.properties?.[key];
    if (typeMeta && typeMeta.type !== 'string') out.push(invalid(at(path, `properties.${key}.type`), typeMeta.type ?? '', 'must be string'));
  }
  if (hasStatus) {
    const extra = Object.keys(s).filter((k) => !ALLOWED_AT_ROOT_WITH_STATUS.includes(k));
    if (extra.length > 0) {
      out.push(forbidden(path, `only [${ALLOWED_AT_ROOT_WITH_STATUS.join(' ')}] fields are allowed at the root of the schema if the status subresource is enabled`));
    }
  }
}

/**
 * structuralProblems checks a version's openAPIV3Schema as the apiserver does
 * when the CRD is written (ValidateStructural plus the CRD schema rules of
 * apis/apiextensions/validation): structural invariants, forbidden keywords,
 * extension rules, RE2 patterns. `path` is the schema's JSON path in the CRD.
 */
export function structuralProblems(schema: JSONSchemaProps, path: string, hasStatusSubresource: boolean): StructuralProblem[] {
  const problems: StructuralProblem[] = [];
  rootProblems(schema, path, hasStatusSubresource, problems);
  walk(schema, path, { problems, valueValidation: false });
  return problems;
}
