import type { UserInfo } from '../admission/types.js';
import type { ProfileIndex } from '../profiles/profile.js';
import type { JsonObject, JsonValue } from '../util/json.js';
import { isJsonObject } from '../util/json.js';
import type { ReviewParts } from './build-review.js';
import { admissionReviewV1, operationOptions } from './build-review.js';

/** AuditConversion is an AdmissionReview made from an audit event, or why the event was skipped. */
export type AuditConversion =
  | { readonly kind: 'review'; readonly review: JsonObject }
  | { readonly kind: 'skip'; readonly reason: string };

/** isAuditEvent tells an audit.k8s.io Event (one line of an apiserver audit log). */
export function isAuditEvent(value: unknown): value is JsonObject {
  return isJsonObject(value) && value.kind === 'Event' && typeof value.apiVersion === 'string' && value.apiVersion.startsWith('audit.k8s.io/');
}

// API groups served by kube-apiserver itself (and aggregated metrics): never custom resources.
const BUILT_IN_GROUPS: ReadonlySet<string> = new Set([
  '', 'apps', 'batch', 'autoscaling', 'policy', 'extensions',
  'admissionregistration.k8s.io', 'apiextensions.k8s.io', 'apiregistration.k8s.io', 'apidiscovery.k8s.io',
  'authentication.k8s.io', 'authorization.k8s.io', 'certificates.k8s.io', 'coordination.k8s.io',
  'discovery.k8s.io', 'events.k8s.io', 'flowcontrol.apiserver.k8s.io', 'internal.apiserver.k8s.io',
  'networking.k8s.io', 'node.k8s.io', 'rbac.authorization.k8s.io', 'resource.k8s.io', 'scheduling.k8s.io',
  'storage.k8s.io', 'storagemigration.k8s.io', 'metrics.k8s.io', 'custom.metrics.k8s.io', 'external.metrics.k8s.io',
]);

type Verb = 'create' | 'update' | 'patch' | 'delete';
const ADMITTED_VERBS: ReadonlySet<string> = new Set<Verb>(['create', 'update', 'patch', 'delete']);

function text(value: JsonValue | undefined): string | undefined {
  return typeof value === 'string' && value.length > 0 ? value : undefined;
}

function object(value: JsonValue | undefined): JsonObject | null {
  return isJsonObject(value) ? value : null;
}

function userInfo(value: JsonValue | undefined): UserInfo {
  if (!isJsonObject(value)) return {};
  const groups = Array.isArray(value.groups) ? value.groups.filter((g): g is string => typeof g === 'string') : undefined;
  const extra = isJsonObject(value.extra) ? (value.extra as Record<string, string[]>) : undefined;
  return {
    ...(text(value.username) ? { username: text(value.username) } : {}),
    ...(text(value.uid) ? { uid: text(value.uid) } : {}),
    ...(groups ? { groups } : {}),
    ...(extra ? { extra } : {}),
  };
}

function query(requestURI: string | undefined): URLSearchParams {
  const at = requestURI?.indexOf('?') ?? -1;
  return new URLSearchParams(at >= 0 && requestURI ? requestURI.slice(at + 1) : '');
}

/** Which objects an event gives the review, by verb: the audit log never holds the old object of an update. */
function objectsFor(verb: Verb, event: JsonObject): { operation: ReviewParts['operation']; object: JsonObject | null; oldObject: JsonObject | null } | string {
  const requestObject = object(event.requestObject);
  const responseObject = object(event.responseObject);
  const status = isJsonObject(event.responseStatus) ? event.responseStatus.code : undefined;
  switch (verb) {
    case 'create':
    case 'update':
      if (!requestObject) return `${verb} event without requestObject (audit level Request or RequestResponse needed)`;
      return { operation: verb === 'create' ? 'CREATE' : 'UPDATE', object: requestObject, oldObject: null };
    case 'patch':
      // requestObject holds the patch document; the patched object is only in responseObject.
      if (!responseObject || responseObject.kind === 'Status') return 'patch event without the patched object (audit level RequestResponse needed)';
      return { operation: status === 201 ? 'CREATE' : 'UPDATE', object: responseObject, oldObject: null };
    case 'delete':
      return { operation: 'DELETE', object: null, oldObject: responseObject && responseObject.kind !== 'Status' ? responseObject : null };
  }
}

/**
 * reviewFromAuditEvent builds the AdmissionReview the apiserver would have
 * sent for an audit event of a custom resource: objectRef gives the resource,
 * namespace and name, verb the operation (patch answered 201 is a CREATE),
 * user (or impersonatedUser) the userInfo, auditID the uid, and the request
 * URI the dryRun and fieldManager. Events the webhook never sees (other
 * verbs, built-in resources, requests refused by authorization, earlier
 * stages, Metadata level) are skipped with the reason.
 */
export function reviewFromAuditEvent(event: JsonObject, profiles: ProfileIndex): AuditConversion {
  const ref = isJsonObject(event.objectRef) ? event.objectRef : {};
  const gvr = { group: text(ref.apiGroup) ?? '', version: text(ref.apiVersion) ?? '', resource: text(ref.resource) ?? '' };
  const profile = profiles.byGroupVersionResource(gvr);
  const reason = skipReason(event, gvr, profile !== undefined);
  if (reason) return { kind: 'skip', reason };
  const objects = objectsFor(text(event.verb) as Verb, event);
  if (typeof objects === 'string') return { kind: 'skip', reason: objects };
  const kind = profile?.gvk.kind ?? text((objects.object ?? objects.oldObject)?.kind);
  if (!kind) return { kind: 'skip', reason: 'cannot tell the kind of the object' };
  const params = query(text(event.requestURI));
  const dryRun = params.getAll('dryRun').includes('All');
  const fieldManager = params.get('fieldManager');
  const requestObject = object(event.requestObject);
  const options = objects.operation === 'DELETE' && requestObject?.kind === 'DeleteOptions'
    ? requestObject
    : operationOptions(objects.operation, dryRun, fieldManager && objects.operation !== 'DELETE' ? { fieldManager } : {});
  const [namespace, name, subResource] = [text(ref.namespace), text(ref.name), text(ref.subresource)];
  const review = admissionReviewV1({
    uid: text(event.auditID) ?? `audit-${objects.operation}-${namespace ?? ''}-${name ?? ''}`,
    operation: objects.operation,
    kind: { group: gvr.group, version: gvr.version, kind },
    resource: gvr,
    ...(subResource ? { subResource } : {}),
    ...(name ? { name } : {}),
    ...(namespace ? { namespace } : {}),
    userInfo: userInfo(event.impersonatedUser ?? event.user),
    object: objects.object,
    oldObject: objects.oldObject,
    dryRun,
    options,
  });
  return { kind: 'review', review };
}

/** skipReason says why the webhook never saw an event, or undefined when it did. */
function skipReason(event: JsonObject, gvr: { group: string; version: string; resource: string }, served: boolean): string | undefined {
  const stage = text(event.stage);
  if (stage !== undefined && stage !== 'ResponseComplete') return `audit stage ${stage}`;
  const verb = text(event.verb) ?? '';
  if (!ADMITTED_VERBS.has(verb)) return `verb ${verb || '(none)'} is not admitted by webhooks`;
  if (!gvr.resource || !gvr.version) return 'event without objectRef.resource/apiVersion';
  if (!served && BUILT_IN_GROUPS.has(gvr.group)) return 'not a custom resource';
  const annotations = isJsonObject(event.annotations) ? event.annotations : {};
  if (annotations['authorization.k8s.io/decision'] === 'forbid') return 'request refused by authorization';
  const level = text(event.level);
  if (level !== 'Request' && level !== 'RequestResponse') return `audit level ${level ?? '(none)'} has no request object`;
  return undefined;
}
