import type { JSONSchemaProps } from '../crd/types.js';
import type { JsonObject, JsonValue } from '../util/json.js';
import { deepClone, isJsonObject, setOwn } from '../util/json.js';
import type { LocatedError } from './path.js';
import { valueAt } from './path.js';

/**
 * What the apiserver does to `null` before it validates (defaulting
 * `Default` and `PruneNonNullableNullsWithoutDefaults`): a null under a
 * non-nullable property with a default becomes the default, without one the
 * key is dropped. The webhook normally receives objects already treated so;
 * hand-written objects (replay) may still hold such nulls.
 */

/** hasStrayNull tells whether some error is about a null the apiserver would have removed first. */
export function hasStrayNull(errors: readonly LocatedError[], object: JsonValue): boolean {
  return errors.some((e) => e.error.type === 'FieldValueTypeInvalid' && e.error.badValue === 'null' && valueAt(object, e.location) === null);
}

function childSchema(schema: JSONSchemaProps | undefined, key: string): JSONSchemaProps | undefined {
  const additional = schema?.additionalProperties;
  return schema?.properties?.[key] ?? (typeof additional === 'object' && additional !== null ? additional : undefined);
}

function treat(value: JsonValue, schema: JSONSchemaProps | undefined): JsonValue {
  // Without a schema (preserved unknown fields) nothing is pruned below.
  if (!schema) return value;
  if (Array.isArray(value)) {
    const items = schema?.items && !Array.isArray(schema.items) ? (schema.items as JSONSchemaProps) : undefined;
    return value.map((item) => (item === null ? item : treat(item, items)));
  }
  if (!isJsonObject(value)) return value;
  const out: JsonObject = {};
  for (const [key, item] of Object.entries(value)) {
    const property = childSchema(schema, key);
    if (item !== null) setOwn(out, key, treat(item, property));
    else if (!property || property.nullable === true) setOwn(out, key, null);
    else if (property.default !== undefined) setOwn(out, key, deepClone(property.default));
  }
  return out;
}

/** withoutStrayNulls returns a copy of the object with non-nullable nulls defaulted or dropped. */
export function withoutStrayNulls(object: JsonObject, schema: JSONSchemaProps): JsonObject {
  return treat(object, schema) as JsonObject;
}
