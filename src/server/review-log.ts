import type { AdmissionReviewResponse, Endpoint } from '../admission/codec.js';
import type { AdmissionRequest, GroupVersionKind, GroupVersionResource } from '../admission/types.js';

/** ReviewDecision is how a review ended, as logs and metrics name it. */
export type ReviewDecision = 'allowed' | 'denied' | 'patched';

/** ReviewLogLine is the one structured log line written per review; it never holds object contents. */
export interface ReviewLogLine {
  readonly endpoint: Endpoint;
  readonly uid: string;
  readonly kind: string;
  readonly resource: string;
  readonly namespace?: string;
  readonly name?: string;
  readonly operation: string;
  readonly dryRun: boolean;
  readonly decision: ReviewDecision;
  readonly code: number;
  readonly warnings: number;
  readonly durationMs: number;
  readonly timeoutMs?: number;
  readonly late?: boolean;
  /** Present (true) when no loaded CRD describes the resource: the review was allowed unchecked. */
  readonly unknownResource?: true;
}

function gvkText({ group, version, kind }: GroupVersionKind): string {
  return group ? `${group}/${version}/${kind}` : `${version}/${kind}`;
}

function gvrText({ group, version, resource }: GroupVersionResource, subResource?: string): string {
  const base = group ? `${group}/${version}/${resource}` : `${version}/${resource}`;
  return subResource ? `${base}/${subResource}` : base;
}

/** reviewDecision classifies an encoded response. */
export function reviewDecision(response: AdmissionReviewResponse): ReviewDecision {
  if (!response.response.allowed) return 'denied';
  return response.response.patch !== undefined ? 'patched' : 'allowed';
}

/** ReviewTiming is how long a review took, the deadline the apiserver gave it, and whether a CRD covered it. */
export interface ReviewTiming {
  readonly durationMs: number;
  readonly timeoutMs?: number;
  readonly unknownResource?: boolean;
}

/** reviewLogLine builds the per-review log fields from the request and the encoded response. */
export function reviewLogLine(endpoint: Endpoint, request: AdmissionRequest, response: AdmissionReviewResponse, timing: ReviewTiming): ReviewLogLine {
  const name = request.name ?? (request.object?.metadata as { name?: unknown } | undefined)?.name;
  return {
    endpoint,
    uid: request.uid,
    kind: gvkText(request.kind),
    resource: gvrText(request.resource, request.subResource),
    ...(request.namespace ? { namespace: request.namespace } : {}),
    ...(typeof name === 'string' && name ? { name } : {}),
    operation: request.operation,
    dryRun: request.dryRun,
    decision: reviewDecision(response),
    code: response.response.status?.code ?? 200,
    warnings: response.response.warnings?.length ?? 0,
    durationMs: Math.round(timing.durationMs * 1000) / 1000,
    ...(timing.timeoutMs !== undefined ? { timeoutMs: timing.timeoutMs, late: timing.durationMs > timing.timeoutMs } : {}),
    ...(timing.unknownResource ? { unknownResource: true as const } : {}),
  };
}
