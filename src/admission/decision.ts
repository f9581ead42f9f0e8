import type { FieldError } from './field-error.js';
import { aggregateText, errorBody } from './field-error.js';
import type { JsonPatchOperation, Status } from './types.js';

/**
 * PipelineCounter names what stages count for metrics: errors dropped by
 * ratcheting, rule evaluation errors and cost-limit hits.
 */
export type PipelineCounter = 'ratchetedErrors' | 'ruleErrors' | 'costLimitHits';

/** PipelineCounts are per-request counts of PipelineCounter events. */
export type PipelineCounts = Partial<Record<PipelineCounter, number>>;

/**
 * Decision is what the pipeline concludes about one request, before it is
 * encoded into an AdmissionReview response.
 */
export interface Decision {
  readonly allowed: boolean;
  /** Present on a denial (code >= 400) and on errors. */
  readonly status?: Status;
  /** Present only when there is at least one operation (mutating endpoint). */
  readonly patch?: readonly JsonPatchOperation[];
  readonly warnings: readonly string[];
  readonly auditAnnotations: Readonly<Record<string, string>>;
  /** What the stages counted (for metrics); absent when nothing was counted. */
  readonly counts?: PipelineCounts;
}

/** addCounts adds stage counts into an accumulator. */
export function addCounts(into: Record<string, number>, counts: PipelineCounts | undefined): void {
  if (!counts) return;
  for (const [key, value] of Object.entries(counts)) into[key] = (into[key] ?? 0) + (value ?? 0);
}

/** allow is an allowed decision, with optional warnings. */
export function allow(warnings: readonly string[] = []): Decision {
  return { allowed: true, warnings, auditAnnotations: {} };
}

/** patched allows the request with the given operations (none means no patch). */
export function patched(patch: readonly JsonPatchOperation[], warnings: readonly string[] = []): Decision {
  return patch.length > 0
    ? { allowed: true, patch, warnings, auditAnnotations: {} }
    : allow(warnings);
}

/** deny refuses the request with a status. */
export function deny(status: Status, warnings: readonly string[] = []): Decision {
  return { allowed: false, status, warnings, auditAnnotations: {} };
}

/** errored refuses the request because it could not be judged (code 500 etc.). */
export function errored(code: number, message: string, reason = 'InternalError'): Decision {
  return deny({ code, status: 'Failure', reason, message });
}

/** ObjectIdentity names the object in the apiserver's messages: `CronTab.stable.example.com "my-cron"`. */
export interface ObjectIdentity {
  readonly group: string;
  readonly kind: string;
  readonly name: string;
}

/** qualifiedKind renders schema.GroupKind.String(): `Kind.group`, or `Kind` for the core group. */
export function qualifiedKind(identity: Pick<ObjectIdentity, 'group' | 'kind'>): string {
  return identity.group.length > 0 ? `${identity.kind}.${identity.group}` : identity.kind;
}

/**
 * invalidStatus is apierrors.NewInvalid: code 422, reason Invalid, one cause
 * per field error, and the aggregated message.
 */
export function invalidStatus(identity: ObjectIdentity, errors: readonly FieldError[]): Status {
  const prefix = `${qualifiedKind(identity)} ${JSON.stringify(identity.name)} is invalid`;
  return {
    code: 422,
    status: 'Failure',
    reason: 'Invalid',
    message: errors.length > 0 ? `${prefix}: ${aggregateText(errors)}` : prefix,
    details: {
      name: identity.name,
      group: identity.group,
      kind: identity.kind,
      causes: errors.map((error) => ({ reason: error.type, message: errorBody(error), field: error.field })),
    },
  };
}

/** withWarnings returns a copy of the decision with more warnings appended. */
export function withWarnings(decision: Decision, ...warnings: string[]): Decision {
  return warnings.length === 0 ? decision : { ...decision, warnings: [...decision.warnings, ...warnings] };
}
