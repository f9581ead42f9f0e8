import type { FieldError } from '../admission/field-error.js';
import { FIELD_ERROR_TYPES, fieldError, OMIT_VALUE } from '../admission/field-error.js';
import type { FieldErrorType } from '../admission/field-error.js';
import type { JsonValue } from '../util/json.js';
import { isJsonObject } from '../util/json.js';

/** RuleFindings are the checked field errors and warnings of one rule. */
export interface RuleFindings {
  readonly errors: readonly FieldError[];
  readonly warnings: readonly string[];
}

const NOTHING: RuleFindings = Object.freeze({ errors: [], warnings: [] });

function isThenable(value: unknown): value is PromiseLike<unknown> {
  return typeof value === 'object' && value !== null && typeof (value as { then?: unknown }).then === 'function';
}

/**
 * checkOutcome turns what `validate` returned into findings. Anything that is
 * not nothing, a list of field errors or `{errors, warnings}` throws: the rule
 * is then reported as failed, like a rule that throws.
 */
export function checkOutcome(outcome: unknown): RuleFindings {
  if (outcome === undefined || outcome === null) return NOTHING;
  if (isThenable(outcome)) {
    // Nobody awaits it; keep a late rejection from becoming an unhandled rejection.
    Promise.resolve(outcome).catch(() => undefined);
    throw new Error('validate returned a Promise; rules must be synchronous');
  }
  if (Array.isArray(outcome)) return { errors: outcome.map(checkFieldError), warnings: [] };
  if (!isJsonObject(outcome)) throw new Error(`validate returned ${typeof outcome}; expected field errors, {errors, warnings} or nothing`);
  const unknownKey = Object.keys(outcome).find((key) => key !== 'errors' && key !== 'warnings');
  if (unknownKey !== undefined) throw new Error(`validate returned an object with unknown field "${unknownKey}"`);
  const { errors = [], warnings = [] } = outcome as { errors?: unknown; warnings?: unknown };
  if (!Array.isArray(errors)) throw new Error('validate returned errors that are not a list');
  if (!Array.isArray(warnings) || warnings.some((w) => typeof w !== 'string')) {
    throw new Error('validate returned warnings that are not a list of strings');
  }
  return { errors: errors.map(checkFieldError), warnings: warnings as string[] };
}

function fieldErrorProblem(error: Partial<Record<keyof FieldError, unknown>> | null): string | undefined {
  if (typeof error !== 'object' || error === null) return 'is not an object';
  if (typeof error.type !== 'string' || !FIELD_ERROR_TYPES.has(error.type)) return `has an unknown type ${JSON.stringify(error.type)}`;
  if (typeof error.field !== 'string') return 'has no field path';
  if (error.detail !== undefined && typeof error.detail !== 'string') return 'has a detail that is not a string';
  return undefined;
}

/** checkFieldError accepts a FieldError made by the context helpers or written by hand. */
function checkFieldError(value: unknown, index: number): FieldError {
  const error = value as Partial<Record<keyof FieldError, unknown>> | null;
  const problem = fieldErrorProblem(error);
  if (problem !== undefined || error === null) throw new Error(`validate returned an error at index ${index} that ${problem}`);
  const badValue = error.badValue === undefined ? OMIT_VALUE : (error.badValue as JsonValue | typeof OMIT_VALUE);
  return fieldError(error.type as FieldErrorType, error.field as string, badValue, (error.detail as string | undefined) ?? '');
}
