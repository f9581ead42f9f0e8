import type { JSONSchemaProps } from '../../crd/types.js';
import type { JsonValue } from '../../util/json.js';
import { deepEqual, isJsonObject } from '../../util/json.js';

/**
 * Correlation helpers of CEL ratcheting (apiserver pkg/cel/common/equality.go):
 * `x-kubernetes-list-type: map` items correlate by their map keys, so a
 * reordered map list is unchanged; other lists compare in order.
 */

/** mapListKey is the identity of a map-list item (its map-key values), undefined for a non-object. */
export function mapListKey(item: JsonValue | undefined, keys: readonly string[]): string | undefined {
  if (!isJsonObject(item)) return undefined;
  return JSON.stringify(keys.map((key) => item[key] ?? null));
}

/** indexByMapKeys indexes a map list by item identity (the first item wins). */
export function indexByMapKeys(list: readonly JsonValue[], keys: readonly string[]): Map<string, JsonValue> {
  const byKey = new Map<string, JsonValue>();
  for (const item of list) {
    const key = mapListKey(item, keys);
    if (key !== undefined && !byKey.has(key)) byKey.set(key, item);
  }
  return byKey;
}

function itemsOf(schema: JSONSchemaProps | undefined): JSONSchemaProps | undefined {
  const items = schema?.items;
  return items && !Array.isArray(items) ? (items as JSONSchemaProps) : undefined;
}

function childSchema(schema: JSONSchemaProps | undefined, key: string): JSONSchemaProps | undefined {
  const property = schema?.properties?.[key];
  if (property) return property;
  const additional = schema?.additionalProperties;
  return typeof additional === 'object' && additional !== null ? additional : undefined;
}

/** correlatedEqual is CachedDeepEqual: deep equality where map-list items match by key. */
export function correlatedEqual(schema: JSONSchemaProps | undefined, value: JsonValue, old: JsonValue): boolean {
  if (value === old) return true;
  if (Array.isArray(value) && Array.isArray(old)) {
    if (value.length !== old.length) return false;
    const keys = schema?.['x-kubernetes-list-map-keys'];
    const items = itemsOf(schema);
    if (schema?.['x-kubernetes-list-type'] !== 'map' || !keys || !items) return deepEqual(value, old);
    const byKey = indexByMapKeys(old, keys);
    return value.every((item) => {
      const key = mapListKey(item, keys);
      const match = key === undefined ? undefined : byKey.get(key);
      return match !== undefined && correlatedEqual(items, item, match);
    });
  }
  if (isJsonObject(value) && isJsonObject(old)) {
    const keys = Object.keys(value);
    if (keys.length !== Object.keys(old).length) return false;
    return keys.every((key) => key in old && correlatedEqual(childSchema(schema, key), value[key] as JsonValue, old[key] as JsonValue));
  }
  return deepEqual(value, old);
}
