import { decodeReview } from '../admission/codec.js';
import type { ProfileIndex } from '../profiles/profile.js';
import { isJsonObject } from '../util/json.js';
import { isAuditEvent, reviewFromAuditEvent } from './audit.js';
import { recordedResponse } from './recorded.js';
import type { InputLocation, ReplayItem } from './types.js';

/** ClassifiedDocument is an input document turned into a review to replay, a skip, or an input error. */
export type ClassifiedDocument =
  | { readonly kind: 'item'; readonly item: ReplayItem }
  | { readonly kind: 'skip'; readonly reason: string }
  | { readonly kind: 'error'; readonly reason: string };

function describeKind(value: unknown): string {
  if (!isJsonObject(value)) return Array.isArray(value) ? 'a list' : `a ${value === null ? 'null' : typeof value}`;
  const kind = typeof value.kind === 'string' ? value.kind : '(no kind)';
  return typeof value.apiVersion === 'string' ? `${value.apiVersion} ${kind}` : kind;
}

/**
 * classifyDocument decodes one input document: an AdmissionReview (v1 or
 * v1beta1, with or without a recorded response) goes through decodeReview as
 * on the server; an audit event becomes the review the apiserver would send.
 */
export function classifyDocument(value: unknown, at: InputLocation, profiles: ProfileIndex): ClassifiedDocument {
  let envelope = value;
  if (isAuditEvent(value)) {
    const converted = reviewFromAuditEvent(value, profiles);
    if (converted.kind === 'skip') return converted;
    envelope = converted.review;
  } else if (!isJsonObject(value) || value.kind !== 'AdmissionReview') {
    const hint = isJsonObject(value) && isJsonObject(value.metadata)
      ? ' (a plain manifest: make a review of it with `crd-admission review --operation CREATE FILE`)'
      : '';
    return { kind: 'error', reason: `not an AdmissionReview or an audit event: found ${describeKind(value)}${hint}` };
  }
  const decoded = decodeReview(envelope);
  if (!decoded.ok) return { kind: 'error', reason: decoded.error.message };
  const recorded = isJsonObject(envelope) ? recordedResponse(envelope) : undefined;
  if (typeof recorded === 'string') return { kind: 'error', reason: `recorded ${recorded}` };
  return { kind: 'item', item: { at, review: decoded.review, ...(recorded ? { recorded } : {}) } };
}
