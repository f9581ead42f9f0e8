import type { Environment } from '@marcbachmann/cel-js';
import type { JSONSchemaProps } from '../crd/types.js';
import type { JsonValue } from '../util/json.js';
import { isJsonObject } from '../util/json.js';
import { kubernetesEnvironment } from './environment.js';
import { escapeProperty } from './escaping.js';
import type { CelField } from './values.js';
import { celEquals, lazyObjectClass, listTypeMarker, markList, objectFieldVisible } from './values.js';
import { parseDurationValue } from './lib/time.js';

/**
 * Schema-driven CEL typing (apiserver pkg/cel/common/schemas.go SchemaDeclType):
 * every schema node gets a CEL type and a converter from JSON, both built once at
 * load. Objects with properties become registered object types (field access is
 * checked at load, `self.replicaz` is a compile error), maps `map<string, T>`,
 * arrays `list<T>`, integers int, numbers double, int-or-string dyn, string
 * formats date/date-time timestamp, duration and byte bytes. Nodes without a type
 * (preserve-unknown-fields) are not visible.
 */

/** CelNodeType is the CEL view of one schema node. */
export interface CelNodeType {
  readonly typeName: string;
  /** convert turns a non-null JSON value of this node into its CEL value. */
  readonly convert: (value: JsonValue) => unknown;
}

/** SchemaTypes is the typed environment of one CRD version's schema. */
export interface SchemaTypes {
  readonly environment: Environment;
  /** typeOf returns the CEL view of a schema node, undefined when rules cannot see it. */
  typeOf(schema: JSONSchemaProps): CelNodeType | undefined;
}

const identity = (value: JsonValue): unknown => value;
const toInt = (value: JsonValue): unknown => (typeof value === 'number' && Number.isInteger(value) ? BigInt(value) : value);
const toTimestamp = (value: JsonValue): unknown => (typeof value === 'string' ? new Date(value) : value);
const toDate = (value: JsonValue): unknown => (typeof value === 'string' ? new Date(`${value}T00:00:00Z`) : value);
const toBytes = (value: JsonValue): unknown => (typeof value === 'string' ? new Uint8Array(Buffer.from(value, 'base64')) : value);
const toDuration = (value: JsonValue): unknown => (typeof value === 'string' ? parseDurationValue(value) : value);

function scalarType(schema: JSONSchemaProps): CelNodeType | undefined {
  switch (schema.type) {
    case 'boolean':
      return { typeName: 'bool', convert: identity };
    case 'integer':
      return { typeName: 'int', convert: toInt };
    case 'number':
      return { typeName: 'double', convert: identity };
    case 'string':
      switch (schema.format) {
        case 'byte':
          return { typeName: 'bytes', convert: toBytes };
        case 'duration':
          return { typeName: 'google.protobuf.Duration', convert: toDuration };
        case 'date':
          return { typeName: 'google.protobuf.Timestamp', convert: toDate };
        case 'date-time':
          return { typeName: 'google.protobuf.Timestamp', convert: toTimestamp };
        default:
          return { typeName: 'string', convert: identity };
      }
    default:
      return undefined;
  }
}

class Builder {
  private readonly types = new Map<JSONSchemaProps, CelNodeType | undefined>();
  private readonly names = new Set<string>();

  constructor(readonly env: Environment, private readonly rootName: string) {}

  private uniqueName(path: string): string {
    let name = path;
    for (let n = 2; this.names.has(name); n++) name = `${path}_${n}`;
    this.names.add(name);
    return name;
  }

  build(schema: JSONSchemaProps, path: string, isResource: boolean): CelNodeType | undefined {
    if (this.types.has(schema)) return this.types.get(schema);
    const type = this.create(schema, path, isResource);
    this.types.set(schema, type);
    return type;
  }

  private create(schema: JSONSchemaProps, path: string, isResource: boolean): CelNodeType | undefined {
    if (schema['x-kubernetes-int-or-string'] === true) return { typeName: 'dyn', convert: toInt };
    if (schema.type === 'array') return this.list(schema, path);
    if (schema.type === 'object') {
      const additional = schema.additionalProperties;
      if (isJsonObject(additional as JsonValue) && !schema.properties) return this.map(additional as JSONSchemaProps, path);
      return this.object(schema, path, isResource || schema['x-kubernetes-embedded-resource'] === true);
    }
    return scalarType(schema);
  }

  private list(schema: JSONSchemaProps, path: string): CelNodeType | undefined {
    const items = schema.items;
    if (!items || Array.isArray(items)) return undefined;
    const item = this.build(items as JSONSchemaProps, `${path}.item`, false);
    if (!item) return undefined;
    const listType = schema['x-kubernetes-list-type'];
    const keys = schema['x-kubernetes-list-map-keys'];
    const convertItem = item.convert;
    const marker = listType === 'set' || listType === 'map' ? listTypeMarker(listType, keys) : undefined;
    return {
      typeName: `list<${item.typeName}>`,
      convert: (value) => {
        if (!Array.isArray(value)) return value;
        const out = new Array<unknown>(value.length);
        for (let i = 0; i < value.length; i++) {
          const v = value[i] as JsonValue;
          out[i] = v === null ? null : convertItem(v);
        }
        return marker ? markList(out, marker) : out;
      },
    };
  }

  private map(valueSchema: JSONSchemaProps, path: string): CelNodeType | undefined {
    const value = this.build(valueSchema, `${path}.value`, false);
    if (!value) return undefined;
    const convertValue = value.convert;
    return {
      typeName: `map<string, ${value.typeName}>`,
      convert: (json) => {
        if (!isJsonObject(json)) return json;
        const out = new Map<string, unknown>();
        for (const key of Object.keys(json)) {
          const v = json[key] as JsonValue;
          out.set(key, v === null ? null : convertValue(v));
        }
        return out;
      },
    };
  }

  private object(schema: JSONSchemaProps, path: string, isResource: boolean): CelNodeType {
    const name = this.uniqueName(path);
    const fieldTypes: Record<string, string> = {};
    let fields: CelField[] = [];
    for (const [property, propertySchema] of Object.entries(schema.properties ?? {})) {
      const celName = escapeProperty(property);
      if (celName === undefined || !objectFieldVisible(celName)) continue;
      const type = this.build(propertySchema, `${name}.${celName}`, false);
      if (!type) continue;
      fieldTypes[celName] = type.typeName;
      const hasDefault = propertySchema.default !== undefined && propertySchema.default !== null;
      const direct = type.convert === identity;
      fields.push({ celName, jsonName: property, convert: type.convert, direct, ...(hasDefault ? { fallback: type.convert(propertySchema.default as JsonValue) } : {}) });
    }
    if (isResource) fields = this.withTypeAndObjectMeta(name, fieldTypes, fields);
    const Ctor = lazyObjectClass(name, fields);
    this.env.registerType({ name, ctor: Ctor, fields: fieldTypes });
    this.env.registerOperator(`${name} == ${name}`, celEquals);
    return { typeName: name, convert: (json) => (isJsonObject(json) ? new Ctor(json) : json) };
  }

  // At the root and embedded resources rules see apiVersion, kind, metadata.name and metadata.generateName.
  private withTypeAndObjectMeta(name: string, fieldTypes: Record<string, string>, fields: CelField[]): CelField[] {
    const metaName = this.uniqueName(`${name}.metadata`);
    const text = (value: JsonValue): unknown => (typeof value === 'string' ? value : undefined);
    const Meta = lazyObjectClass(metaName, [
      { celName: 'name', jsonName: 'name', convert: text },
      { celName: 'generateName', jsonName: 'generateName', convert: text },
    ]);
    this.env.registerType({ name: metaName, ctor: Meta, fields: { name: 'string', generateName: 'string' } });
    this.env.registerOperator(`${metaName} == ${metaName}`, celEquals);
    fieldTypes.apiVersion = 'string';
    fieldTypes.kind = 'string';
    fieldTypes.metadata = metaName;
    const typeMeta = new Set(['apiVersion', 'kind', 'metadata']);
    return [
      ...fields.filter((f) => !typeMeta.has(f.celName)),
      { celName: 'apiVersion', jsonName: 'apiVersion', convert: identity, direct: true },
      { celName: 'kind', jsonName: 'kind', convert: identity, direct: true },
      { celName: 'metadata', jsonName: 'metadata', convert: (json) => new Meta(isJsonObject(json) ? json : {}) },
    ];
  }
}

/**
 * schemaTypes registers the CEL types of a CRD version's schema in a clone of
 * the Kubernetes environment. `kind` names the types (`CronTab.spec.item`...).
 */
export function schemaTypes(root: JSONSchemaProps, kind: string): SchemaTypes {
  const env = kubernetesEnvironment().clone();
  const builder = new Builder(env, kind);
  builder.build(root, kind, true);
  return {
    environment: env,
    typeOf: (schema) => builder.build(schema, `${kind}.node`, false),
  };
}
