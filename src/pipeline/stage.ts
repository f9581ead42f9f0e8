import type { PipelineCounts } from '../admission/decision.js';
import type { FieldError } from '../admission/field-error.js';
import type { AdmissionRequest, JsonPatchOperation, Status } from '../admission/types.js';
import type { ResourceProfile } from '../profiles/profile.js';
import type { JsonObject } from '../util/json.js';
import type { PipelineSettings } from './settings.js';

/**
 * StageContext is what every stage sees of one request. It is built once per
 * request by admit(); `scratch` lets stages share per-request work (such as
 * the old/new correlation used by both schema and CEL ratcheting).
 */
export interface StageContext {
  readonly request: AdmissionRequest;
  readonly profile: ResourceProfile;
  /** The object the stage judges or mutates (for mutation: after the earlier stages' patches). */
  readonly object: JsonObject | null;
  readonly oldObject: JsonObject | null;
  readonly settings: PipelineSettings;
  readonly scratch: Map<symbol, unknown>;
}

/** ValidationResult is what one validation stage found. */
export interface ValidationResult {
  readonly errors: readonly FieldError[];
  readonly warnings: readonly string[];
  /** Events worth counting in metrics (optional; absent means none). */
  readonly counts?: PipelineCounts;
  readonly auditAnnotations?: Readonly<Record<string, string>>;
  /**
   * A denial that is not a list of field errors (an admission policy's
   * message with its own code). Field errors, if any, still go in `errors`.
   */
  readonly denial?: Status;
}

/** ValidationStage judges an object; it never throws for a user's mistake. */
export interface ValidationStage {
  readonly name: string;
  /** `prior` holds the field errors of the earlier stages (CEL skips on blocking errors). */
  validate(context: StageContext, prior: readonly FieldError[]): ValidationResult;
}

/** MutationResult is the operations one mutation stage wants, against `context.object`. */
export interface MutationResult {
  readonly patch: readonly JsonPatchOperation[];
  readonly warnings: readonly string[];
  /** Events worth counting in metrics (optional; absent means none). */
  readonly counts?: PipelineCounts;
  /** Set when the mutation cannot be computed (e.g. a computed default failing under failurePolicy Fail). */
  readonly denial?: Status;
}

/** MutationStage computes patch operations; it never throws for a user's mistake. */
export interface MutationStage {
  readonly name: string;
  mutate(context: StageContext): MutationResult;
}

export type { PipelineCounter, PipelineCounts } from '../admission/decision.js';

export const EMPTY_VALIDATION: ValidationResult = Object.freeze({ errors: [], warnings: [] });
export const EMPTY_MUTATION: MutationResult = Object.freeze({ patch: [], warnings: [] });
