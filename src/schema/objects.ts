import type { JsonObject } from '../util/json.js';

/**
 * The objects the apiserver validates, derived from the request without
 * mutating it (customResourceStrategy / statusStrategy PrepareFor*).
 */

function withStatusOf(object: JsonObject, source: JsonObject | null): JsonObject {
  const { status: _dropped, ...rest } = object;
  return source && 'status' in source ? { ...rest, status: source.status as JsonObject } : rest;
}

/**
 * mainResourceView is the object validated on the main resource: with the
 * status subresource enabled, status is dropped on CREATE and reset from the
 * old object on UPDATE (status changes are ignored there).
 */
export function mainResourceView(object: JsonObject, oldObject: JsonObject | null, hasStatusSubresource: boolean): JsonObject {
  if (!hasStatusSubresource) return object;
  return withStatusOf(object, oldObject);
}

/**
 * statusView is the object validated on `/status`: the old object with the
 * new status (and the new managedFields); every other change is ignored.
 */
export function statusView(object: JsonObject, oldObject: JsonObject): JsonObject {
  const view = withStatusOf(oldObject, object);
  const managedFields = typeof object.metadata === 'object' && object.metadata !== null && !Array.isArray(object.metadata)
    ? (object.metadata as JsonObject).managedFields
    : undefined;
  if (managedFields === undefined || typeof view.metadata !== 'object' || view.metadata === null || Array.isArray(view.metadata)) return view;
  return { ...view, metadata: { ...(view.metadata as JsonObject), managedFields } };
}
