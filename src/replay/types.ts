import type { AdmissionReviewRequest, JsonPatchOperation } from '../admission/types.js';
import type { Endpoint } from '../admission/codec.js';

/** InputLocation names where an item came from: a file (or `-` for stdin) and a 1-based line. */
export interface InputLocation {
  readonly file: string;
  readonly line: number;
}

/** formatLocation renders a location as `file:line` (just `file` when the whole file is meant, line 0). */
export function formatLocation(at: InputLocation): string {
  return at.line > 0 ? `${at.file}:${at.line}` : at.file;
}

/**
 * ReplayMode says which webhook calls a review is replayed through: the whole
 * pipeline (/mutate, patch, then /validate, as the apiserver calls them), or
 * the one endpoint a captured response came from.
 */
export type ReplayMode = 'pipeline' | Endpoint;

/** RecordedCause is a recorded status cause reduced to what --check compares. */
export interface RecordedCause {
  readonly field: string;
  readonly reason: string;
}

/** RecordedResponse is the response a captured review pair carries, decoded for comparison. */
export interface RecordedResponse {
  readonly allowed: boolean;
  readonly code?: number;
  readonly message?: string;
  readonly causes: readonly RecordedCause[];
  /** The decoded JSON patch, when the response had one. */
  readonly patch?: readonly JsonPatchOperation[];
  readonly warnings: readonly string[];
  /** The endpoint that answered, when the capture says so (our capture files do). */
  readonly endpoint?: ReplayMode;
}

/** ReplayItem is one review to replay: where it came from, the request, and a recorded response if any. */
export interface ReplayItem {
  readonly at: InputLocation;
  readonly review: AdmissionReviewRequest;
  readonly recorded?: RecordedResponse;
}
