import type { JsonObject } from '../util/json.js';
import { isJsonObject } from '../util/json.js';
import { webhookAuditAnnotations } from './audit-annotations.js';
import type { Decision } from './decision.js';
import type {
  AdmissionApiVersion,
  AdmissionRequest,
  AdmissionReviewRequest,
  GroupVersionKind,
  GroupVersionResource,
  Operation,
  UserInfo,
} from './types.js';
import { ADMISSION_API_VERSIONS, OPERATIONS } from './types.js';
import { normalizeWarnings } from './warnings.js';

/** CodecError says why a body is not an AdmissionReview; httpStatus is 400 for all of them. */
export interface CodecError {
  readonly httpStatus: number;
  readonly message: string;
}

export type DecodeResult =
  | { readonly ok: true; readonly review: AdmissionReviewRequest }
  | { readonly ok: false; readonly error: CodecError };

class ReviewShapeError extends Error {}

function fail(message: string): never {
  throw new ReviewShapeError(message);
}

function optionalString(value: unknown, path: string): string | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string') fail(`${path} must be a string, got ${describe(value)}`);
  return value;
}

function requiredString(value: unknown, path: string): string {
  const text = optionalString(value, path);
  if (text === undefined) fail(`${path} is required`);
  return text;
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  return `a ${typeof value}`;
}

function objectAt(value: unknown, path: string): Record<string, unknown> {
  if (!isJsonObject(value)) fail(`${path} must be an object, got ${describe(value)}`);
  return value;
}

function gvk(value: unknown, path: string): GroupVersionKind {
  const o = objectAt(value, path);
  return {
    group: optionalString(o.group, `${path}.group`) ?? '',
    version: requiredString(o.version, `${path}.version`),
    kind: requiredString(o.kind, `${path}.kind`),
  };
}

function gvr(value: unknown, path: string): GroupVersionResource {
  const o = objectAt(value, path);
  return {
    group: optionalString(o.group, `${path}.group`) ?? '',
    version: requiredString(o.version, `${path}.version`),
    resource: requiredString(o.resource, `${path}.resource`),
  };
}

function rawObject(value: unknown, path: string): JsonObject | null {
  if (value === undefined || value === null) return null;
  if (!isJsonObject(value)) fail(`${path} must be an object or null, got ${describe(value)}`);
  return value;
}

function userInfo(value: unknown): UserInfo {
  if (value === undefined || value === null) return {};
  const o = objectAt(value, 'request.userInfo');
  const groups = o.groups;
  if (groups !== undefined && groups !== null) {
    if (!Array.isArray(groups) || groups.some((g) => typeof g !== 'string')) {
      fail('request.userInfo.groups must be a list of strings');
    }
  }
  const extra = o.extra;
  if (extra !== undefined && extra !== null) {
    const e = objectAt(extra, 'request.userInfo.extra');
    for (const [key, values] of Object.entries(e)) {
      if (!Array.isArray(values) || values.some((v) => typeof v !== 'string')) {
        fail(`request.userInfo.extra[${key}] must be a list of strings`);
      }
    }
  }
  return {
    ...(typeof o.username === 'string' ? { username: o.username } : {}),
    ...(typeof o.uid === 'string' ? { uid: o.uid } : {}),
    ...(Array.isArray(groups) ? { groups: groups as string[] } : {}),
    ...(isJsonObject(extra) ? { extra: extra as Record<string, string[]> } : {}),
  };
}

function operation(value: unknown): Operation {
  const text = requiredString(value, 'request.operation');
  if (!(OPERATIONS as readonly string[]).includes(text)) {
    fail(`request.operation must be one of ${OPERATIONS.join(', ')}, got ${JSON.stringify(text)}`);
  }
  return text as Operation;
}

function request(value: unknown): AdmissionRequest {
  if (value === undefined || value === null) fail('request is required');
  const r = objectAt(value, 'request');
  const uid = requiredString(r.uid, 'request.uid');
  if (uid.length === 0) fail('request.uid must not be empty');
  const op = operation(r.operation);
  const dryRun = r.dryRun;
  if (dryRun !== undefined && dryRun !== null && typeof dryRun !== 'boolean') {
    fail(`request.dryRun must be a boolean, got ${describe(dryRun)}`);
  }
  const subResource = optionalString(r.subResource, 'request.subResource');
  const requestSubResource = optionalString(r.requestSubResource, 'request.requestSubResource');
  const name = optionalString(r.name, 'request.name');
  const namespace = optionalString(r.namespace, 'request.namespace');
  return {
    uid,
    kind: gvk(r.kind, 'request.kind'),
    resource: gvr(r.resource, 'request.resource'),
    ...(subResource ? { subResource } : {}),
    ...(r.requestKind != null ? { requestKind: gvk(r.requestKind, 'request.requestKind') } : {}),
    ...(r.requestResource != null ? { requestResource: gvr(r.requestResource, 'request.requestResource') } : {}),
    ...(requestSubResource ? { requestSubResource } : {}),
    ...(name ? { name } : {}),
    ...(namespace ? { namespace } : {}),
    operation: op,
    userInfo: userInfo(r.userInfo),
    object: rawObject(r.object, 'request.object'),
    oldObject: rawObject(r.oldObject, 'request.oldObject'),
    dryRun: dryRun === true,
    options: rawObject(r.options, 'request.options'),
  };
}

/**
 * decodeReview checks a parsed JSON body and returns the typed review, or a
 * precise reason why it is not an AdmissionReview this server can answer.
 */
export function decodeReview(body: unknown): DecodeResult {
  try {
    const envelope = objectAt(body, 'body');
    const kind = envelope.kind;
    if (kind !== 'AdmissionReview') {
      fail(`kind must be "AdmissionReview", got ${kind === undefined ? 'nothing' : JSON.stringify(kind)}`);
    }
    const apiVersion = envelope.apiVersion;
    if (typeof apiVersion !== 'string' || !(ADMISSION_API_VERSIONS as readonly string[]).includes(apiVersion)) {
      fail(
        `apiVersion must be one of ${ADMISSION_API_VERSIONS.join(', ')}, got ${
          apiVersion === undefined ? 'nothing' : JSON.stringify(apiVersion)
        }`,
      );
    }
    return { ok: true, review: { apiVersion: apiVersion as AdmissionApiVersion, request: request(envelope.request) } };
  } catch (error) {
    if (error instanceof ReviewShapeError) {
      return { ok: false, error: { httpStatus: 400, message: `not an AdmissionReview: ${error.message}` } };
    }
    throw error;
  }
}

/** AdmissionResponseBody is admission/v1 AdmissionResponse as sent on the wire. */
export interface AdmissionResponseBody {
  readonly uid: string;
  readonly allowed: boolean;
  readonly status?: Decision['status'];
  readonly patch?: string;
  readonly patchType?: 'JSONPatch';
  readonly warnings?: readonly string[];
  readonly auditAnnotations?: Readonly<Record<string, string>>;
}

/** AdmissionReviewResponse is the envelope the webhook answers with. */
export interface AdmissionReviewResponse {
  readonly apiVersion: AdmissionApiVersion;
  readonly kind: 'AdmissionReview';
  readonly response: AdmissionResponseBody;
}

/** Endpoint is the webhook path a review came in on: it decides whether a patch may be sent. */
export type Endpoint = 'validate' | 'mutate';

/**
 * encodeReview builds the response envelope in the version the review came
 * in, echoing the uid. A patch is sent (with patchType) only from the
 * mutating endpoint and only when there are operations.
 */
export function encodeReview(
  apiVersion: AdmissionApiVersion,
  uid: string,
  decision: Decision,
  endpoint: Endpoint,
): AdmissionReviewResponse {
  const warnings = normalizeWarnings(decision.warnings);
  const sendPatch = endpoint === 'mutate' && decision.allowed && decision.patch !== undefined && decision.patch.length > 0;
  const response: AdmissionResponseBody = {
    uid,
    allowed: decision.allowed,
    ...(decision.status && !decision.allowed ? { status: decision.status } : {}),
    ...(sendPatch
      ? { patch: Buffer.from(JSON.stringify(decision.patch)).toString('base64'), patchType: 'JSONPatch' as const }
      : {}),
    ...(warnings.length > 0 ? { warnings } : {}),
    ...(Object.keys(decision.auditAnnotations).length > 0 ? { auditAnnotations: webhookAuditAnnotations(decision.auditAnnotations) } : {}),
  };
  return { apiVersion, kind: 'AdmissionReview', response };
}
