import type { JsonPatchOperation } from '../admission/types.js';
import type { JSONSchemaProps } from '../crd/types.js';
import type { JsonObject, JsonValue } from '../util/json.js';
import { deepEqual, isJsonObject, setOwn } from '../util/json.js';
import { escapePointerToken } from './mutations.js';

/**
 * ApplyConfiguration mutations merged as the apiserver's structured-merge-diff
 * does for a MutatingAdmissionPolicy: objects and granular maps merge field by
 * field, `x-kubernetes-list-type: map` lists merge items by their keys, `set`
 * lists take the union, scalars are replaced; an apply configuration that
 * contains an atomic list, map or object is refused (validatePatch), as are
 * fields the schema does not declare.
 */

type Shape =
  | { readonly kind: 'struct'; readonly schema: JSONSchemaProps; readonly atomic: boolean }
  | { readonly kind: 'map'; readonly items: JSONSchemaProps | undefined; readonly atomic: boolean }
  | { readonly kind: 'list'; readonly schema: JSONSchemaProps }
  | { readonly kind: 'deduced' }
  | { readonly kind: 'scalar' };

const STRING: JSONSchemaProps = { type: 'string' };
const STRING_MAP: JSONSchemaProps = { type: 'object', additionalProperties: STRING };
/** OBJECT_META is the part of ObjectMeta's merge schema an apply configuration may touch. */
const OBJECT_META: JSONSchemaProps = {
  type: 'object',
  properties: {
    name: STRING,
    generateName: STRING,
    namespace: STRING,
    labels: STRING_MAP,
    annotations: STRING_MAP,
    finalizers: { type: 'array', items: STRING, 'x-kubernetes-list-type': 'set' },
    ownerReferences: {
      type: 'array',
      'x-kubernetes-list-type': 'map',
      'x-kubernetes-list-map-keys': ['uid'],
      items: {
        type: 'object',
        properties: { apiVersion: STRING, kind: STRING, name: STRING, uid: STRING, controller: { type: 'boolean' }, blockOwnerDeletion: { type: 'boolean' } },
      },
    },
  },
};

function propertyOf(schema: JSONSchemaProps, key: string): JSONSchemaProps | undefined {
  const declared = schema.properties?.[key];
  if (declared) return declared;
  const atRoot = schema['x-kubernetes-embedded-resource'] === true || schema.__root === true;
  if (atRoot && (key === 'apiVersion' || key === 'kind')) return STRING;
  if (atRoot && key === 'metadata') return OBJECT_META;
  return undefined;
}

function shapeOf(schema: JSONSchemaProps | undefined): Shape {
  if (!schema || schema['x-kubernetes-int-or-string'] === true) return schema ? { kind: 'scalar' } : { kind: 'deduced' };
  if (schema.type === 'array') return { kind: 'list', schema };
  if (schema.type !== 'object') return { kind: 'scalar' };
  const atomic = schema['x-kubernetes-map-type'] === 'atomic';
  if (isJsonObject(schema.additionalProperties as JsonValue) || schema.additionalProperties === true) {
    const items = typeof schema.additionalProperties === 'object' ? schema.additionalProperties : undefined;
    return { kind: 'map', items, atomic };
  }
  if (!schema.properties && schema['x-kubernetes-preserve-unknown-fields'] === true && schema['x-kubernetes-embedded-resource'] !== true) {
    return { kind: 'deduced' };
  }
  return { kind: 'struct', schema, atomic };
}

const render = (path: string): string => path || '.';

/** findProblems lists atomic values and undeclared fields in an apply configuration, with their paths. */
function findProblems(value: JsonValue, schema: JSONSchemaProps | undefined, path: string, atomics: string[], undeclared: string[]): void {
  const shape = shapeOf(schema);
  if (Array.isArray(value)) {
    const listType = shape.kind === 'list' ? (shape.schema['x-kubernetes-list-type'] ?? 'atomic') : 'atomic';
    if (shape.kind !== 'list' || listType === 'atomic') atomics.push(render(path));
    const items = shape.kind === 'list' && !Array.isArray(shape.schema.items) ? (shape.schema.items as JSONSchemaProps | undefined) : undefined;
    value.forEach((item, i) => findProblems(item, items, `${path}[${i}]`, atomics, undeclared));
    return;
  }
  if (!isJsonObject(value)) return;
  if ((shape.kind === 'struct' || shape.kind === 'map') && shape.atomic) atomics.push(render(path));
  for (const [key, child] of Object.entries(value)) {
    if (shape.kind === 'map') findProblems(child, shape.items, `${path}.${key}`, atomics, undeclared);
    else if (shape.kind === 'struct') {
      const property = propertyOf(shape.schema, key);
      if (!property && shape.schema['x-kubernetes-preserve-unknown-fields'] !== true) undeclared.push(`${path}.${key}`);
      findProblems(child, property, `${path}.${key}`, atomics, undeclared);
    } else findProblems(child, undefined, `${path}.${key}`, atomics, undeclared);
  }
}

function sameKeys(a: JsonValue, b: JsonValue, keys: readonly string[]): boolean {
  return isJsonObject(a) && isJsonObject(b) && keys.every((key) => deepEqual(a[key], b[key]));
}

function mergeList(live: JsonValue[], patch: JsonValue[], schema: JSONSchemaProps): JsonValue[] {
  const items = Array.isArray(schema.items) ? undefined : (schema.items as JSONSchemaProps | undefined);
  const out = [...live];
  if (schema['x-kubernetes-list-type'] === 'set') {
    for (const item of patch) if (!out.some((existing) => deepEqual(existing, item))) out.push(item);
    return out;
  }
  const keys = schema['x-kubernetes-list-map-keys'] ?? [];
  for (const item of patch) {
    const index = out.findIndex((existing) => sameKeys(existing, item, keys));
    if (index < 0) out.push(item);
    else out[index] = merge(out[index] as JsonValue, item, items);
  }
  return out;
}

function merge(live: JsonValue | undefined, patch: JsonValue, schema: JSONSchemaProps | undefined): JsonValue {
  const shape = shapeOf(schema);
  if (Array.isArray(patch)) return shape.kind === 'list' && Array.isArray(live) ? mergeList(live, patch, shape.schema) : patch;
  if (!isJsonObject(patch) || !isJsonObject(live)) return patch;
  const out: JsonObject = { ...live };
  for (const [key, child] of Object.entries(patch)) {
    const childSchema = shape.kind === 'map' ? shape.items : shape.kind === 'struct' ? propertyOf(shape.schema, key) : undefined;
    setOwn(out, key, merge(live[key], child, childSchema));
  }
  return out;
}

/** diffOperations lists the add/replace operations that turn `before` into `after` (which only grows or changes). */
export function diffOperations(before: JsonValue, after: JsonValue, path = ''): JsonPatchOperation[] {
  if (deepEqual(before, after)) return [];
  if (!isJsonObject(before) || !isJsonObject(after)) return [{ op: 'replace', path, value: after }];
  const operations: JsonPatchOperation[] = [];
  for (const [key, value] of Object.entries(after)) {
    const childPath = `${path}/${escapePointerToken(key)}`;
    if (!Object.prototype.hasOwnProperty.call(before, key)) operations.push({ op: 'add', path: childPath, value });
    else operations.push(...diffOperations(before[key] as JsonValue, value, childPath));
  }
  for (const key of Object.keys(before)) {
    if (!Object.prototype.hasOwnProperty.call(after, key)) operations.push({ op: 'remove', path: `${path}/${escapePointerToken(key)}` });
  }
  return operations;
}

/** ApplyOutcome is the merged object's operations, or the reason the apply configuration is refused. */
export type ApplyOutcome = { readonly ok: true; readonly operations: readonly JsonPatchOperation[] } | { readonly ok: false; readonly error: string };

/**
 * applyConfigurationOperations merges an apply configuration into `object`
 * under the CRD version's schema and returns the operations that do it.
 */
export function applyConfigurationOperations(object: JsonObject, configuration: JsonValue, schema: JSONSchemaProps): ApplyOutcome {
  if (!isJsonObject(configuration)) return { ok: false, error: 'an ApplyConfiguration expression must return an Object' };
  const root: JSONSchemaProps = { ...schema, __root: true };
  const atomics: string[] = [];
  const undeclared: string[] = [];
  findProblems(configuration, root, '', atomics, undeclared);
  if (undeclared.length > 0) {
    return { ok: false, error: `error applying patch: failed to convert patch object to typed object: ${undeclared.map((p) => `${p}: field not declared in schema`).join(', ')}` };
  }
  if (atomics.length > 0) {
    return { ok: false, error: `error applying patch: invalid ApplyConfiguration: may not mutate atomic arrays, maps or structs: ${atomics.join(', ')}` };
  }
  return { ok: true, operations: diffOperations(object, merge(object, configuration, root)) };
}
