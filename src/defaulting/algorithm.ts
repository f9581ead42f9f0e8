import type { JsonPatchOperation } from '../admission/types.js';
import { applyOperations } from '../pipeline/apply-patch.js';
import type { JsonObject, JsonValue } from '../util/json.js';
import { deepClone, isJsonObject } from '../util/json.js';
import { RESOURCE_META_FIELDS } from './object-meta.js';
import type { PathSegment } from './patch.js';
import { PatchBuilder } from './patch.js';
import { pruneValue } from './pruning.js';
import type { SchemaNode } from './schema-node.js';

// isNonNullableNull: the value is null and the schema does not allow null.
function replacesNull(value: JsonValue | undefined, s: SchemaNode | null | undefined): s is SchemaNode {
  return value === null && s != null && !s.nullable && s.effectiveDefault !== undefined;
}

function descend(x: JsonValue | undefined, s: SchemaNode | null | undefined, segment: PathSegment, builder: PatchBuilder): void {
  if (x === null || typeof x !== 'object' || !s?.hasDefaults) return;
  builder.push(segment);
  walk(x, s, builder, false);
  builder.pop();
}

function walkObject(x: JsonObject, s: SchemaNode, builder: PatchBuilder, isRoot: boolean): void {
  for (const [key, property] of s.defaultedProperties) {
    // Root metadata, apiVersion and kind are never defaulted (defaults there are refused at load).
    if (isRoot && RESOURCE_META_FIELDS.has(key)) continue;
    const value = x[key];
    const effective = property.effectiveDefault as JsonValue;
    if (value === undefined) builder.add(key, effective);
    else if (value === null && !property.nullable) builder.replace(key, effective);
  }
  const additional = s.additionalProperties;
  for (const key of Object.keys(x)) {
    if (isRoot && RESOURCE_META_FIELDS.has(key)) continue;
    const value = x[key];
    const property = s.properties?.get(key);
    // A value just defaulted was missing or null, and its default already carries its children's defaults.
    if (property) descend(value, property, key, builder);
    else if (replacesNull(value, additional)) builder.replace(key, additional.effectiveDefault as JsonValue);
    else descend(value, additional, key, builder);
  }
}

function walk(x: JsonValue, s: SchemaNode, builder: PatchBuilder, isRoot: boolean): void {
  if (isJsonObject(x)) return walkObject(x, s, builder, isRoot);
  if (!Array.isArray(x) || !s.items) return;
  const items = s.items;
  x.forEach((item, index) => {
    if (replacesNull(item, items)) builder.replace(index, items.effectiveDefault as JsonValue);
    else descend(item, items, index, builder);
  });
}

/**
 * defaultOperations is structural defaulting (defaulting/algorithm.go Default)
 * as `add`/`replace` operations against `object`: top-down, a missing property
 * gets its default, a null one too unless nullable; additionalProperties and
 * items defaults only replace nulls, never add keys or items. Defaults carry
 * their own children's defaults, and subtrees without defaults are skipped.
 */
export function defaultOperations(object: JsonObject, root: SchemaNode): JsonPatchOperation[] {
  const builder = new PatchBuilder();
  if (root.hasDefaults) walk(object, root, builder, true);
  return builder.operations;
}

function defaultedCopy(value: JsonValue, node: SchemaNode): JsonValue {
  const wrapper: JsonObject = { value: deepClone(value) };
  const builder = new PatchBuilder(['value']);
  if (node.hasDefaults) walk(wrapper.value as JsonValue, node, builder, false);
  applyOperations(wrapper, builder.operations);
  return wrapper.value as JsonValue;
}

function resolve(node: SchemaNode | null | undefined, insideMeta: boolean): void {
  if (!node?.hasDefaults) return;
  for (const [key, child] of node.properties ?? []) resolve(child, insideMeta || (node.embeddedResource && RESOURCE_META_FIELDS.has(key)));
  resolve(node.additionalProperties, insideMeta);
  resolve(node.items, insideMeta);
  if (node.rawDefault === undefined) return;
  // Metadata defaults are coerced as ObjectMeta by the apiserver, not pruned by the schema.
  const pruned = insideMeta ? node.rawDefault : pruneValue(node.rawDefault, node);
  node.effectiveDefault = defaultedCopy(pruned, node);
}

/**
 * resolveDefaults computes every node's effective default, children first:
 * the raw default pruned as the apiserver's PruneDefaults does, then with its
 * own children's defaults applied, as Default would when it inserts it.
 */
export function resolveDefaults(root: SchemaNode): void {
  resolve(root, false);
}
