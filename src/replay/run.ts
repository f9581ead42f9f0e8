import type { AdmissionResponseBody } from '../admission/codec.js';
import { encodeReview } from '../admission/codec.js';
import type { Decision } from '../admission/decision.js';
import { errored } from '../admission/decision.js';
import type { AdmissionReviewRequest, JsonPatchOperation } from '../admission/types.js';
import type { Configuration } from '../config/load.js';
import { admit } from '../pipeline/admit.js';
import { applyOperations } from '../pipeline/apply-patch.js';
import type { JsonObject } from '../util/json.js';
import { deepClone } from '../util/json.js';
import type { ReplayMode } from './types.js';

/** ReplayOutcome is what the pipeline answered for one review. */
export interface ReplayOutcome {
  readonly mode: ReplayMode;
  /** The combined decision: the mutation's denial, else the validation's verdict, with both stages' warnings. */
  readonly decision: Decision;
  /** The response the webhook would send (for the pipeline: as /mutate would, with the final verdict). */
  readonly response: AdmissionResponseBody;
  /** The operations /mutate answered (empty when none or denied). */
  readonly patch: readonly JsonPatchOperation[];
  /** request.object with the patch applied (the object /validate judged); null for DELETE. */
  readonly patchedObject: JsonObject | null;
}

/**
 * applyPatchStrictly applies a JSON patch to a copy of the object with RFC
 * 6902 strictness, as the apiserver applies a webhook's patch. It returns the
 * patched copy, or the reason the patch does not apply.
 */
export function applyPatchStrictly(object: JsonObject | null, patch: readonly JsonPatchOperation[]): JsonObject | null | string {
  if (patch.length === 0) return object;
  if (object === null) return 'attempted to modify the object, which is not supported for this operation';
  const draft = deepClone(object);
  try {
    applyOperations(draft, patch);
    return draft;
  } catch (error) {
    return `the patch does not apply: ${(error as Error).message.split('\n')[0]}`;
  }
}

function combine(mutation: Decision, validation: Decision, patch: readonly JsonPatchOperation[]): Decision {
  return {
    ...validation,
    ...(validation.allowed && patch.length > 0 ? { patch } : {}),
    warnings: [...mutation.warnings, ...validation.warnings],
    auditAnnotations: { ...mutation.auditAnnotations, ...validation.auditAnnotations },
  };
}

function outcome(mode: ReplayMode, review: AdmissionReviewRequest, decision: Decision, patchedObject: JsonObject | null): ReplayOutcome {
  const endpoint = mode === 'validate' ? 'validate' : 'mutate';
  const response = encodeReview(review.apiVersion, review.request.uid, decision, endpoint).response;
  return { mode, decision, response, patch: decision.allowed ? (decision.patch ?? []) : [], patchedObject };
}

/**
 * replayReview runs one review through the server's own pipeline: admit on
 * /mutate, the patch applied strictly to request.object, then admit on
 * /validate with the patched object, as the apiserver calls the two
 * webhooks. Mode `mutate` or `validate` replays only that endpoint (for a
 * response captured from it).
 */
export function replayReview(review: AdmissionReviewRequest, config: Configuration, mode: ReplayMode = 'pipeline'): ReplayOutcome {
  const { request } = review;
  if (mode === 'validate') return outcome(mode, review, admit(request, 'validate', config), request.object);
  const mutation = admit(request, 'mutate', config);
  if (!mutation.allowed) return outcome(mode, review, mutation, request.object);
  const patch = mutation.patch ?? [];
  const patched = applyPatchStrictly(request.object, patch);
  if (typeof patched === 'string') return outcome(mode, review, errored(500, `crd-admission: ${patched}`), request.object);
  if (mode === 'mutate') return outcome(mode, review, mutation, patched);
  const validation = admit({ ...request, object: patched }, 'validate', config);
  return outcome(mode, review, combine(mutation, validation, patch), patched);
}
