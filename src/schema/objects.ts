import type { StageContext } from '../pipeline/stage.js';
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
  // Without a status on either side the view would be a copy of the object itself.
  if (!hasStatusSubresource || (!('status' in object) && !(oldObject && 'status' in oldObject))) return object;
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

/** ValidatedObjects are the new and old objects as the apiserver validates them for one request. */
export interface ValidatedObjects {
  readonly object: JsonObject;
  readonly oldObject: JsonObject | null;
}

/**
 * validatedObjects derives, from a request, the objects the apiserver's
 * strategy validates (and runs CEL rules on): on `/status` the old object
 * with the new status; on the main resource with the status subresource,
 * the new object with the old status. Undefined when there is nothing to
 * validate (DELETE, CONNECT, `/status` without an old object).
 */
export function validatedObjects(context: StageContext): ValidatedObjects | undefined {
  if (context.scratch.has(VIEWS_KEY)) return context.scratch.get(VIEWS_KEY) as ValidatedObjects | undefined;
  const views = deriveViews(context);
  context.scratch.set(VIEWS_KEY, views);
  return views;
}

// Cached per request so that every stage gets the very same objects (and the same correlation).
const VIEWS_KEY: unique symbol = Symbol('crd-admission.schema.validated-objects');

function deriveViews(context: StageContext): ValidatedObjects | undefined {
  const { request, object, oldObject, profile } = context;
  if (!object) return undefined;
  if (request.subResource === 'status') return oldObject ? { object: statusView(object, oldObject), oldObject } : undefined;
  return { object: mainResourceView(object, oldObject, profile.hasStatusSubresource), oldObject };
}
