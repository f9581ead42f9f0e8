import type { JSONSchemaProps } from '../crd/types.js';
import type { JsonValue } from '../util/json.js';
import { isJsonObject } from '../util/json.js';

/**
 * SchemaNode is the part of a structural schema that pruning, null pruning and
 * defaulting read (apiextensions' Structural without value validations):
 * properties, additionalProperties, items and the generic/extension flags.
 * Junctors (allOf/anyOf/oneOf/not) never declare fields, so they are absent.
 */
export interface SchemaNode {
  readonly properties: ReadonlyMap<string, SchemaNode> | undefined;
  /**
   * A schema node for `additionalProperties: {...}`, null for
   * `additionalProperties: true|false` (keys are kept, their values have no
   * schema), undefined when additionalProperties is not set.
   */
  readonly additionalProperties: SchemaNode | null | undefined;
  readonly items: SchemaNode | undefined;
  readonly nullable: boolean;
  readonly preserveUnknownFields: boolean;
  /** x-kubernetes-embedded-resource, and true at the resource root (as PruneWithOptions treats it). */
  readonly embeddedResource: boolean;
  /** The `default` as written in the CRD (null counts as no default, as in Go). */
  readonly rawDefault: JsonValue | undefined;
  /**
   * The default as inserted: pruned like PruneDefaults does when the CRD is
   * served, then with its own children's defaults applied. Set by resolveDefaults.
   */
  effectiveDefault: JsonValue | undefined;
  /** Properties that have a default, in schema order. */
  readonly defaultedProperties: readonly (readonly [string, SchemaNode])[];
  /** True when a default exists at or below this node: defaulting skips subtrees without one. */
  readonly hasDefaults: boolean;
}

type MutableNode = { -readonly [K in keyof SchemaNode]: SchemaNode[K] };

function compileChild(schema: JSONSchemaProps | undefined): SchemaNode | undefined {
  return isJsonObject(schema) ? compileNode(schema as JSONSchemaProps, false) : undefined;
}

function compileNode(schema: JSONSchemaProps, isRoot: boolean): SchemaNode {
  let properties: Map<string, SchemaNode> | undefined;
  const defaultedProperties: [string, SchemaNode][] = [];
  if (isJsonObject(schema.properties)) {
    properties = new Map();
    for (const [key, child] of Object.entries(schema.properties)) {
      const node = compileChild(child);
      if (!node) continue;
      properties.set(key, node);
      if (node.rawDefault !== undefined) defaultedProperties.push([key, node]);
    }
  }
  const ap = schema.additionalProperties;
  const additionalProperties = typeof ap === 'boolean' ? null : compileChild(ap);
  const items = Array.isArray(schema.items) ? undefined : compileChild(schema.items as JSONSchemaProps | undefined);
  const rawDefault = schema.default === null || schema.default === undefined ? undefined : schema.default;
  const children = [...(properties?.values() ?? []), additionalProperties, items];
  const node: MutableNode = {
    properties,
    additionalProperties,
    items,
    nullable: schema.nullable === true,
    preserveUnknownFields: schema['x-kubernetes-preserve-unknown-fields'] === true,
    embeddedResource: isRoot || schema['x-kubernetes-embedded-resource'] === true,
    rawDefault,
    effectiveDefault: undefined,
    defaultedProperties,
    hasDefaults: rawDefault !== undefined || children.some((child) => child?.hasDefaults === true),
  };
  return node;
}

/** compileSchemaNode compiles the openAPIV3Schema of a CRD version; the root is a resource root. */
export function compileSchemaNode(schema: JSONSchemaProps): SchemaNode {
  return compileNode(schema, true);
}

/**
 * propertyOrAdditional is getSchemaForField: the declared property, else the
 * additionalProperties schema, else undefined (an unknown field).
 */
export function propertyOrAdditional(node: SchemaNode | undefined, key: string): SchemaNode | undefined {
  if (!node) return undefined;
  return node.properties?.get(key) ?? node.additionalProperties ?? undefined;
}
