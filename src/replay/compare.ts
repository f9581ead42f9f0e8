import type { AdmissionRequest } from '../admission/types.js';
import type { JsonValue } from '../util/json.js';
import { deepEqual, isJsonObject } from '../util/json.js';
import type { ReplayOutcome } from './run.js';
import { applyPatchStrictly } from './run.js';
import type { RecordedCause, RecordedResponse } from './types.js';

/** Mismatch is one difference between a recorded response and the replayed one. */
export interface Mismatch {
  readonly aspect: 'allowed' | 'code' | 'causes' | 'patched object' | 'warnings';
  readonly detail: string;
}

const MAX_PATHS = 5;

function pointer(segments: readonly string[]): string {
  return segments.length === 0 ? '/' : segments.map((s) => `/${s.replace(/~/g, '~0').replace(/\//g, '~1')}`).join('');
}

function brief(value: JsonValue | undefined): string {
  if (value === undefined) return '(absent)';
  const text = JSON.stringify(value);
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}

/** valueDifferences lists (up to a few) JSON pointers where two values differ, with both sides. */
export function valueDifferences(recorded: JsonValue | undefined, replayed: JsonValue | undefined, at: string[] = [], out: string[] = []): string[] {
  if (out.length >= MAX_PATHS || deepEqual(recorded, replayed)) return out;
  const bothObjects = isJsonObject(recorded) && isJsonObject(replayed);
  const bothLists = Array.isArray(recorded) && Array.isArray(replayed) && recorded.length === replayed.length;
  if (bothObjects) {
    const keys = [...new Set([...Object.keys(recorded), ...Object.keys(replayed)])].sort();
    for (const key of keys) valueDifferences(recorded[key], replayed[key], [...at, key], out);
  } else if (bothLists) {
    recorded.forEach((item, i) => valueDifferences(item, replayed[i], [...at, String(i)], out));
  } else {
    out.push(`${pointer(at)}: recorded ${brief(recorded)}, replayed ${brief(replayed)}`);
  }
  return out;
}

function causeKey(cause: RecordedCause): string {
  return `${cause.field || '(no field)'} (${cause.reason || 'no reason'})`;
}

function setDifference(recorded: readonly string[], replayed: readonly string[]): string | undefined {
  const a = new Set(recorded);
  const b = new Set(replayed);
  const missing = [...a].filter((x) => !b.has(x));
  const extra = [...b].filter((x) => !a.has(x));
  if (missing.length === 0 && extra.length === 0) return undefined;
  const parts: string[] = [];
  if (missing.length > 0) parts.push(`recorded but not replayed: ${missing.join('; ')}`);
  if (extra.length > 0) parts.push(`replayed but not recorded: ${extra.join('; ')}`);
  return parts.join('; ');
}

function comparePatched(request: AdmissionRequest, recorded: RecordedResponse, outcome: ReplayOutcome): Mismatch[] {
  // A response from a validating webhook never carries a patch: only compare what a mutating answer decides.
  const mutating = recorded.endpoint === 'mutate' || recorded.endpoint === 'pipeline' || recorded.patch !== undefined;
  if (!mutating || !recorded.allowed || !outcome.decision.allowed) return [];
  const expected = applyPatchStrictly(request.object, recorded.patch ?? []);
  if (typeof expected === 'string') return [{ aspect: 'patched object', detail: `recorded ${expected}` }];
  const paths = valueDifferences(expected, outcome.patchedObject);
  return paths.length === 0 ? [] : [{ aspect: 'patched object', detail: paths.join('; ') }];
}

/**
 * compareOutcome lists every difference between a recorded response and the
 * replayed one: allowed, status code (on denials), causes as a set of
 * field+reason, the patched object (recorded patch against ours, both
 * applied to request.object), and warnings as a set when the capture names
 * the endpoint it came from.
 */
export function compareOutcome(request: AdmissionRequest, recorded: RecordedResponse, outcome: ReplayOutcome): Mismatch[] {
  const mismatches: Mismatch[] = [];
  const replayed = outcome.decision;
  if (recorded.allowed !== replayed.allowed) {
    const why = replayed.status?.message ?? recorded.message;
    mismatches.push({ aspect: 'allowed', detail: `recorded ${recorded.allowed}, replayed ${replayed.allowed}${why ? ` (${why})` : ''}` });
  }
  if (!recorded.allowed && !replayed.allowed && recorded.code !== undefined && recorded.code !== replayed.status?.code) {
    mismatches.push({ aspect: 'code', detail: `recorded ${recorded.code}, replayed ${replayed.status?.code ?? '(none)'}` });
  }
  const causes = setDifference(recorded.causes.map(causeKey), (replayed.status?.details?.causes ?? []).map((c) => causeKey({ field: c.field ?? '', reason: c.reason })));
  if (causes) mismatches.push({ aspect: 'causes', detail: causes });
  mismatches.push(...comparePatched(request, recorded, outcome));
  if (recorded.endpoint !== undefined) {
    const warnings = setDifference(recorded.warnings, outcome.response.warnings ?? []);
    if (warnings) mismatches.push({ aspect: 'warnings', detail: warnings });
  }
  return mismatches;
}
