import type { JsonObject } from '../util/json.js';
import { isJsonObject } from '../util/json.js';
import type { PathSegment } from './patch.js';

/** RESOURCE_META_FIELDS are the keys pruning skips at a resource root and in embedded resources. */
export const RESOURCE_META_FIELDS: ReadonlySet<string> = new Set(['apiVersion', 'kind', 'metadata']);

// metav1.ObjectMeta's JSON fields (k8s.io/apimachinery meta/v1 types.go).
const OBJECT_META_FIELDS: ReadonlySet<string> = new Set([
  'name',
  'generateName',
  'namespace',
  'selfLink',
  'uid',
  'resourceVersion',
  'generation',
  'creationTimestamp',
  'deletionTimestamp',
  'deletionGracePeriodSeconds',
  'labels',
  'annotations',
  'ownerReferences',
  'finalizers',
  'managedFields',
]);

const OWNER_REFERENCE_FIELDS: ReadonlySet<string> = new Set(['apiVersion', 'kind', 'name', 'uid', 'controller', 'blockOwnerDeletion']);

// fieldsV1 is raw JSON: its content is never unknown.
const MANAGED_FIELDS_ENTRY_FIELDS: ReadonlySet<string> = new Set([
  'manager',
  'operation',
  'apiVersion',
  'time',
  'fieldsType',
  'fieldsV1',
  'subresource',
]);

function unknownItemFields(list: unknown, key: string, known: ReadonlySet<string>, out: PathSegment[][]): void {
  if (!Array.isArray(list)) return;
  list.forEach((item, index) => {
    if (!isJsonObject(item)) return;
    for (const field of Object.keys(item)) if (!known.has(field)) out.push([key, index, field]);
  });
}

/**
 * unknownObjectMetaFields lists the fields of a metadata object that
 * metav1.ObjectMeta does not declare, relative to the metadata object, in the
 * order a strict JSON decode reports them (keys sorted, as Go marshals maps).
 * The apiserver's metadata coercion (GetObjectMetaWithOptions) drops them.
 */
export function unknownObjectMetaFields(metadata: JsonObject): PathSegment[][] {
  const out: PathSegment[][] = [];
  for (const key of Object.keys(metadata).sort()) {
    if (!OBJECT_META_FIELDS.has(key)) out.push([key]);
    else if (key === 'ownerReferences') unknownItemFields(metadata[key], key, OWNER_REFERENCE_FIELDS, out);
    else if (key === 'managedFields') unknownItemFields(metadata[key], key, MANAGED_FIELDS_ENTRY_FIELDS, out);
  }
  return out;
}
