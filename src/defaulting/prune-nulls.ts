import type { JsonPatchOperation } from '../admission/types.js';
import type { JsonValue } from '../util/json.js';
import { isJsonObject } from '../util/json.js';
import { PatchBuilder } from './patch.js';
import type { SchemaNode } from './schema-node.js';
import { propertyOrAdditional } from './schema-node.js';

function walk(x: JsonValue | undefined, s: SchemaNode | undefined, builder: PatchBuilder): void {
  // Without a schema nothing below can be a non-nullable field.
  if (!s) return;
  if (Array.isArray(x)) {
    x.forEach((item, index) => {
      if (item === null || typeof item !== 'object') return;
      builder.push(index);
      walk(item, s.items, builder);
      builder.pop();
    });
    return;
  }
  if (!isJsonObject(x)) return;
  for (const key of Object.keys(x)) {
    const value = x[key];
    const child = propertyOrAdditional(s, key);
    if (value === null) {
      if (child && !child.nullable && child.rawDefault === undefined) builder.remove(key);
    } else if (typeof value === 'object') {
      builder.push(key);
      walk(value, child, builder);
      builder.pop();
    }
  }
}

/**
 * pruneNonNullableNulls is PruneNonNullableNullsWithoutDefaults as `remove`
 * operations: object keys whose value is null, whose schema is not nullable
 * and has no default, go. Array items are never removed; nulls that have a
 * default are left for defaulting to replace.
 */
export function pruneNonNullableNulls(object: JsonValue, root: SchemaNode): JsonPatchOperation[] {
  const builder = new PatchBuilder();
  walk(object, root, builder);
  return builder.operations;
}
