import type { CustomResourceDefinition, JSONSchemaProps } from '../crd/types.js';
import type { JsonObject, JsonValue } from '../util/json.js';
import { isJsonObject } from '../util/json.js';

/** Keywords whose value is a map from names to schemas. */
const SCHEMA_MAPS = new Set(['properties', 'patternProperties', 'definitions', 'dependencies']);
/** Keywords whose value is a schema, or a list of schemas. */
const SCHEMA_VALUES = new Set(['items', 'additionalProperties', 'additionalItems', 'not', 'allOf', 'anyOf', 'oneOf']);

function compactValue(value: JsonValue): JsonValue {
  if (Array.isArray(value)) return value.map(compactValue);
  return isJsonObject(value) ? withoutDescriptions(value) : value;
}

/**
 * withoutDescriptions drops `description` from a schema node and every node
 * below it, walking the schema's structure so that a property *named*
 * description is kept. Descriptions carry no validation meaning.
 */
export function withoutDescriptions(schema: JsonObject): JsonObject {
  const out: JsonObject = {};
  for (const [key, value] of Object.entries(schema)) {
    if (key === 'description') continue;
    if (SCHEMA_MAPS.has(key) && isJsonObject(value)) {
      out[key] = Object.fromEntries(Object.entries(value).map(([name, sub]) => [name, compactValue(sub)]));
    } else if (SCHEMA_VALUES.has(key)) {
      out[key] = compactValue(value);
    } else {
      out[key] = value;
    }
  }
  return out;
}

/**
 * compactCrd is the CRD as the server needs it: schemas without
 * descriptions and no status. Real CRDs are mostly descriptions (Cluster
 * API's 17 CRDs: 2.5 MB as published), and a ConfigMap holds at most 1 MiB.
 */
export function compactCrd(crd: CustomResourceDefinition): JsonObject {
  const versions = crd.spec.versions.map((version) => {
    const schema = version.schema?.openAPIV3Schema;
    if (!schema) return version;
    return { ...version, schema: { ...version.schema, openAPIV3Schema: withoutDescriptions(schema as JsonObject) as JSONSchemaProps } };
  });
  const { status: _status, ...rest } = crd as unknown as JsonObject;
  return { ...rest, spec: { ...crd.spec, versions } } as unknown as JsonObject;
}
