import type { FieldError } from '../admission/field-error.js';
import { invalid, required } from '../admission/field-error.js';
import type { JSONSchemaProps } from '../crd/types.js';
import type { JsonObject, JsonValue } from '../util/json.js';
import { isJsonObject } from '../util/json.js';
import { isDns1035Label } from './names.js';
import { pathSegmentName, validateObjectMeta } from './objectmeta.js';
import { relevantChildren } from './schema-facts.js';

/**
 * validateEmbeddedResources is apiextensions `schema/objectmeta` Validate for
 * nodes with `x-kubernetes-embedded-resource: true`: apiVersion and kind are
 * required strings (kind a DNS-1035 label ignoring case), metadata is
 * validated as ObjectMeta with path-segment names. Map values are `path[key]`.
 */
export function validateEmbeddedResources(value: JsonValue | undefined, schema: JSONSchemaProps): FieldError[] {
  const errors: FieldError[] = [];
  visit(value, schema, '', errors);
  return errors;
}

const child = (path: string, key: string): string => (path === '' ? key : `${path}.${key}`);

function visit(value: JsonValue | undefined, schema: JSONSchemaProps, path: string, errors: FieldError[]): void {
  if (value === undefined) return;
  const relevant = relevantChildren(schema, 'embedded');
  if (Array.isArray(value)) {
    const items = relevant.items;
    if (items) value.forEach((item, i) => visit(item, items, `${path}[${i}]`, errors));
    return;
  }
  if (!isJsonObject(value)) return;
  if (schema['x-kubernetes-embedded-resource'] === true) errors.push(...embeddedResource(value, path));
  for (const [key, property] of relevant.properties) if (key in value) visit(value[key], property, child(path, key), errors);
  const additional = relevant.additional;
  if (!additional) return;
  for (const [key, item] of Object.entries(value)) if (!schema.properties?.[key]) visit(item, additional, `${path}[${key}]`, errors);
}

function groupVersionError(apiVersion: string): string | undefined {
  if (apiVersion === '/') return undefined;
  return apiVersion.split('/').length > 2 ? `unexpected GroupVersion string: ${apiVersion}` : undefined;
}

function typeMeta(value: JsonObject, key: 'apiVersion' | 'kind', path: string): FieldError[] {
  const field = child(path, key);
  if (!(key in value)) return [required(field)];
  const item = value[key] as JsonValue;
  if (typeof item !== 'string') return [invalid(field, item, 'must be a string')];
  if (item === '') return [invalid(field, item, 'must not be empty')];
  if (key === 'apiVersion') {
    const problem = groupVersionError(item);
    return problem ? [invalid(field, item, problem)] : [];
  }
  const messages = isDns1035Label(item.toLowerCase());
  return messages.length > 0 ? [invalid(field, item, `may have mixed case, but should otherwise match: ${messages.join(',')}`)] : [];
}

function embeddedResource(value: JsonObject, path: string): FieldError[] {
  const errors = [...typeMeta(value, 'apiVersion', path), ...typeMeta(value, 'kind', path)];
  if ('metadata' in value) {
    const metadata = value.metadata as JsonValue;
    if (!isJsonObject(metadata)) {
      errors.push(invalid(child(path, 'metadata'), metadata, 'must be an object'));
    } else {
      // Upstream sets a fake name when there is none: embedded objects need no name.
      const meta = typeof metadata.name === 'string' && metadata.name !== '' ? metadata : { ...metadata, name: 'fakename' };
      const namespaced = typeof meta.namespace === 'string' && meta.namespace !== '';
      errors.push(...validateObjectMeta(meta, namespaced, pathSegmentName, child(path, 'metadata')));
    }
  }
  return errors;
}
