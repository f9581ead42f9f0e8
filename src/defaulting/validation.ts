import type { FieldError } from '../admission/field-error.js';
import { forbidden, invalid } from '../admission/field-error.js';
import type { JSONSchemaProps } from '../crd/types.js';
import type { JsonValue } from '../util/json.js';
import { deepEqual, isJsonObject } from '../util/json.js';
import { RESOURCE_META_FIELDS } from './object-meta.js';
import { pruneValue } from './pruning.js';
import type { SchemaNode } from './schema-node.js';

/**
 * DefaultValueCheck validates a default against its own schema, returning
 * field errors under `path` (the default's schema path); none when valid.
 */
export type DefaultValueCheck = (value: JsonValue, schema: JSONSchemaProps, path: string) => readonly FieldError[];

const JUNCTOR_DETAIL = 'must be undefined to be structural';
const META_ADDITIONAL_DETAIL = 'must not be set inside additionalProperties applying to object metadata';

interface PlacementContext {
  /** Why a default is refused here, if it is. */
  readonly forbiddenDetail?: string;
  readonly insideResourceMeta: boolean;
}

function hasDefault(schema: JSONSchemaProps): boolean {
  return schema.default !== undefined && schema.default !== null;
}

function schemaAt(value: unknown): JSONSchemaProps | undefined {
  return isJsonObject(value) ? (value as JSONSchemaProps) : undefined;
}

// Where defaults may sit (apis/apiextensions/validation withForbiddenDefaults, structural junctor rules).
function checkPlacement(schema: JSONSchemaProps, path: string, ctx: PlacementContext, isRoot: boolean, out: FieldError[]): void {
  if (hasDefault(schema) && ctx.forbiddenDetail) out.push(forbidden(`${path}.default`, ctx.forbiddenDetail));
  const additional = schemaAt(schema.additionalProperties);
  if (additional) {
    const sub = ctx.insideResourceMeta && !ctx.forbiddenDetail ? { ...ctx, forbiddenDetail: META_ADDITIONAL_DETAIL } : ctx;
    checkPlacement(additional, `${path}.additionalProperties`, sub, false, out);
  }
  for (const [key, child] of Object.entries(schema.properties ?? {})) {
    let sub = ctx;
    if ((isRoot || schema['x-kubernetes-embedded-resource'] === true) && RESOURCE_META_FIELDS.has(key)) {
      sub = { ...sub, insideResourceMeta: true };
      if (isRoot && !sub.forbiddenDetail) sub = { ...sub, forbiddenDetail: `must not be set in top-level ${key}` };
    }
    if (schemaAt(child)) checkPlacement(child, `${path}.properties.${key}`, sub, false, out);
  }
  const junctor = { ...ctx, forbiddenDetail: JUNCTOR_DETAIL };
  const not = schemaAt(schema.not);
  if (not) checkPlacement(not, `${path}.not`, junctor, false, out);
  for (const keyword of ['allOf', 'anyOf', 'oneOf'] as const) {
    (schema[keyword] ?? []).forEach((sub, i) => {
      if (schemaAt(sub)) checkPlacement(sub, `${path}.${keyword}[${i}]`, junctor, false, out);
    });
  }
  const items = schemaAt(schema.items);
  if (items) checkPlacement(items, `${path}.items`, ctx, false, out);
}

// ValidateDefaults: follows properties and items (defaults under additionalProperties are not checked upstream).
function checkValues(
  schema: JSONSchemaProps,
  node: SchemaNode,
  path: string,
  insideMeta: boolean,
  check: DefaultValueCheck | undefined,
  out: FieldError[],
): void {
  const value = schema.default;
  if (value !== undefined && value !== null) {
    if (!insideMeta && !deepEqual(pruneValue(value, node, false), value)) {
      out.push(invalid(`${path}.default`, value, 'must not have unknown fields'));
    } else {
      if (check) out.push(...check(value, schema, `${path}.default`));
    }
  }
  const items = schemaAt(schema.items);
  if (items && node.items) checkValues(items, node.items, `${path}.items`, insideMeta && !node.items.embeddedResource, check, out);
  for (const [key, child] of Object.entries(schema.properties ?? {})) {
    const childNode = node.properties?.get(key);
    if (!childNode || !schemaAt(child)) continue;
    const childMeta = (node.embeddedResource && RESOURCE_META_FIELDS.has(key)) || (insideMeta && !childNode.embeddedResource);
    checkValues(child, childNode, `${path}.properties.${key}`, childMeta, check, out);
  }
}

/**
 * checkDefaults is the apiserver's CRD-write checks of defaults, as field
 * errors with paths relative to `path` (the openAPIV3Schema): no default under
 * the root's metadata/apiVersion/kind, inside allOf/anyOf/oneOf/not, or in
 * additionalProperties of resource metadata; every default already pruned;
 * and, given `check`, every default valid against its own schema.
 */
export function checkDefaults(schema: JSONSchemaProps, root: SchemaNode, path: string, check?: DefaultValueCheck): FieldError[] {
  const out: FieldError[] = [];
  checkPlacement(schema, path, { insideResourceMeta: false }, true, out);
  if (out.length > 0) return out;
  checkValues(schema, root, path, false, check, out);
  return out;
}
