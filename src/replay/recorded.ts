import type { JsonPatchOperation } from '../admission/types.js';
import type { JsonObject, JsonValue } from '../util/json.js';
import { isJsonObject } from '../util/json.js';
import type { RecordedCause, RecordedResponse, ReplayMode } from './types.js';

/** CAPTURE_KEY is the top-level key of a captured review that says how it was captured. */
export const CAPTURE_KEY = 'capture';

/** CaptureInfo is what a capture line adds next to request and response. */
export interface CaptureInfo {
  readonly endpoint: ReplayMode;
  readonly time?: string;
  readonly durationMs?: number;
  /** JSON paths whose values were redacted before writing: a replay of them may differ. */
  readonly redacted?: readonly string[];
}

const MODES: ReadonlySet<string> = new Set<ReplayMode>(['pipeline', 'mutate', 'validate']);

function decodePatch(encoded: string): readonly JsonPatchOperation[] | string {
  try {
    const patch = JSON.parse(Buffer.from(encoded, 'base64').toString('utf8')) as unknown;
    if (!Array.isArray(patch) || patch.some((op) => !isJsonObject(op) || typeof op.op !== 'string' || typeof op.path !== 'string')) {
      return 'response.patch is not a JSON patch (a list of operations)';
    }
    return patch as JsonPatchOperation[];
  } catch {
    return 'response.patch is not base64-encoded JSON';
  }
}

function causes(status: JsonObject): RecordedCause[] {
  const details = status.details;
  if (!isJsonObject(details) || !Array.isArray(details.causes)) return [];
  return details.causes.filter(isJsonObject).map((cause) => ({
    field: typeof cause.field === 'string' ? cause.field : '',
    reason: typeof cause.reason === 'string' ? cause.reason : '',
  }));
}

function endpointOf(envelope: JsonObject): ReplayMode | undefined {
  const capture = envelope[CAPTURE_KEY];
  if (!isJsonObject(capture)) return undefined;
  const endpoint = capture.endpoint;
  return typeof endpoint === 'string' && MODES.has(endpoint) ? (endpoint as ReplayMode) : undefined;
}

/**
 * recordedResponse reads the `response` a captured review pair carries:
 * undefined when there is none, a reason string when it is not a valid
 * AdmissionResponse (allowed must be a boolean, patch base64 JSON patch).
 */
export function recordedResponse(envelope: JsonObject): RecordedResponse | string | undefined {
  const response: JsonValue | undefined = envelope.response;
  if (response === undefined || response === null) return undefined;
  if (!isJsonObject(response)) return 'response must be an object';
  if (typeof response.allowed !== 'boolean') return 'response.allowed must be a boolean';
  const status = isJsonObject(response.status) ? response.status : {};
  let patch: readonly JsonPatchOperation[] | undefined;
  if (typeof response.patch === 'string' && response.patch.length > 0) {
    const decoded = decodePatch(response.patch);
    if (typeof decoded === 'string') return decoded;
    patch = decoded;
  }
  const warnings = Array.isArray(response.warnings) ? response.warnings.filter((w): w is string => typeof w === 'string') : [];
  const endpoint = endpointOf(envelope);
  return {
    allowed: response.allowed,
    ...(typeof status.code === 'number' ? { code: status.code } : {}),
    ...(typeof status.message === 'string' ? { message: status.message } : {}),
    causes: causes(status),
    ...(patch ? { patch } : {}),
    warnings,
    ...(endpoint ? { endpoint } : {}),
  };
}

/**
 * captureRecord is one line of a capture file: the AdmissionReview as it
 * came in, the response that was sent, and how it was captured. It is itself
 * a review pair that `replay --check` reads back.
 */
export function captureRecord(
  apiVersion: string,
  request: unknown,
  response: unknown,
  info: CaptureInfo,
): Record<string, unknown> {
  return { apiVersion, kind: 'AdmissionReview', request, response, [CAPTURE_KEY]: info };
}
