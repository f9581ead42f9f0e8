import type { JsonObject, JsonValue } from '../util/json.js';
import { deepEqual, isJsonObject } from '../util/json.js';
import type { RequestValues } from './request-values.js';
import { OUT_OF_BUDGET, activation, evaluate, evaluateConditions } from './activation.js';
import type { StoredObject } from './objects.js';
import type { FailurePolicy, PolicyReason, ValidatingPolicy, Validation } from './types.js';

/** MAX_MESSAGE_BYTES bounds a messageExpression result, as the apiserver does. */
const MAX_MESSAGE_BYTES = 5 * 1024;
/** MAX_AUDIT_VALUE_BYTES bounds an audit annotation value. */
const MAX_AUDIT_VALUE_BYTES = 10 * 1024;

/** PolicyDecision is a validation (or evaluation error) that failed, before the binding's actions apply. */
export interface PolicyDecision {
  readonly message: string;
  readonly reason: PolicyReason;
  /** Index of the validation, for the audit annotation; -1 for errors outside validations. */
  readonly expressionIndex: number;
  /** Field path of the single field the validation reads, when there is one. */
  readonly field?: string;
  /** Set when policy ratcheting turned this failure into a warning. */
  readonly ratcheted?: boolean;
}

/** AuditValue is an audit annotation value a policy published. */
export interface AuditValue {
  readonly key: string;
  readonly value: string;
}

/** EvaluationOutcome is what one policy, binding and param produced. */
export interface EvaluationOutcome {
  readonly decisions: readonly PolicyDecision[];
  readonly audit: readonly AuditValue[];
}

const NOTHING: EvaluationOutcome = Object.freeze({ decisions: [], audit: [] });

/** RatchetingFacts are the JSON objects ratcheting compares, when the request is an UPDATE. */
export interface RatchetingFacts {
  readonly object: JsonObject | null;
  readonly oldObject: JsonObject | null;
}

function errorOutcome(failurePolicy: FailurePolicy, message: string): EvaluationOutcome {
  return failurePolicy === 'Ignore' ? NOTHING : { decisions: [{ message, reason: 'Invalid', expressionIndex: -1 }], audit: [] };
}

/**
 * evaluateValidatingPolicy is the apiserver's validator.Validate for one
 * binding and one param: matchConditions, then every validation, then the
 * audit annotations.
 */
export function evaluateValidatingPolicy(
  policy: ValidatingPolicy,
  values: RequestValues,
  param: StoredObject | null,
  ratcheting: RatchetingFacts | undefined,
): EvaluationOutcome {
  const bindings = activation(values, param, policy.variables);
  const conditions = evaluateConditions(policy.matchConditions, bindings);
  if (conditions.kind === 'skip') return NOTHING;
  if (conditions.kind === 'error') return errorOutcome(policy.failurePolicy, conditions.error);
  let decisions: PolicyDecision[] | undefined;
  const { validations } = policy;
  for (let index = 0; index < validations.length; index++) {
    const decision = validate(policy, validations[index] as Validation, index, bindings, ratcheting);
    // A spent budget stops the binding: its decisions so far are replaced by that one error.
    if (decision === OUT_OF_BUDGET) return errorOutcome(policy.failurePolicy, OUT_OF_BUDGET);
    if (decision) (decisions ??= []).push(decision);
  }
  let audit: AuditValue[] | undefined;
  for (const annotation of policy.auditAnnotations) {
    const result = evaluate(annotation.valueExpression, bindings);
    if (!result.ok && result.outOfBudget) return errorOutcome(policy.failurePolicy, OUT_OF_BUDGET);
    if (!result.ok || (result.value !== null && typeof result.value !== 'string')) {
      const error = result.ok
        ? `valueExpression '${annotation.valueExpression.source}' resulted in unsupported return type: ${typeof result.value}. Return type must be either string or null.`
        : result.error;
      if (policy.failurePolicy === 'Fail') (decisions ??= []).push({ message: error, reason: 'Invalid', expressionIndex: -1 });
      continue;
    }
    const value = typeof result.value === 'string' ? result.value.trim() : '';
    if (value.length > 0) (audit ??= []).push({ key: annotation.key, value: value.slice(0, MAX_AUDIT_VALUE_BYTES) });
  }
  return decisions || audit ? { decisions: decisions ?? NOTHING.decisions, audit: audit ?? NOTHING.audit } : NOTHING;
}

function validate(
  policy: ValidatingPolicy,
  validation: Validation,
  index: number,
  bindings: Readonly<Record<string, unknown>>,
  ratcheting: RatchetingFacts | undefined,
): PolicyDecision | typeof OUT_OF_BUDGET | undefined {
  const result = evaluate(validation.expression, bindings);
  if (!result.ok && result.outOfBudget) return OUT_OF_BUDGET;
  if (!result.ok) {
    return policy.failurePolicy === 'Ignore' ? undefined : { message: result.error, reason: 'Invalid', expressionIndex: index };
  }
  if (result.value === true) return undefined;
  const field = singleField(validation);
  return {
    message: failureMessage(validation, bindings),
    reason: validation.reason,
    expressionIndex: index,
    ...(field !== undefined ? { field } : {}),
    ...(policy.ratcheting && ratcheting && unchanged(validation, ratcheting) ? { ratcheted: true } : {}),
  };
}

// messageExpression first (trimmed, bounded), then message, then "failed expression: <expr>".
function failureMessage(validation: Validation, bindings: Readonly<Record<string, unknown>>): string {
  if (validation.messageExpression) {
    const result = evaluate(validation.messageExpression, bindings);
    if (result.ok && typeof result.value === 'string' && result.value.trim().length > 0) {
      return result.value.trim().slice(0, MAX_MESSAGE_BYTES);
    }
  }
  return validation.message ?? `failed expression: ${validation.expression.source.trim()}`;
}

function singleField(validation: Validation): string | undefined {
  const paths = new Set((validation.references ?? []).filter((path) => path.length > 0).map((path) => path.join('.')));
  return paths.size === 1 ? [...paths][0] : undefined;
}

function valueAt(object: JsonObject | null, path: readonly string[]): JsonValue | undefined {
  let current: JsonValue | undefined = object ?? undefined;
  for (const key of path) current = isJsonObject(current) ? current[key] : undefined;
  return current;
}

// A validation ratchets when it does not read oldObject and every field it reads is unchanged.
function unchanged(validation: Validation, facts: RatchetingFacts): boolean {
  if (!validation.references || facts.oldObject === null) return false;
  return validation.references.every((path) => deepEqual(valueAt(facts.object, path), valueAt(facts.oldObject, path)));
}
