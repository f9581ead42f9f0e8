import type { FieldError } from '../admission/field-error.js';
import { internalError } from '../admission/field-error.js';
import type { Rule, RulePredicate, RuleRequest } from './api.js';
import { ruleContext } from './context.js';
import type { RuleFindings } from './outcome.js';
import { checkOutcome } from './outcome.js';

/** ruleFailure is the error reported for a rule that threw, misbehaved or ran out of time. */
export function ruleFailure(name: string, message: string): FieldError {
  return internalError('', `rule ${JSON.stringify(name)} failed: ${message}`);
}

function describeThrown(thrown: unknown): string {
  if (thrown instanceof Error) return thrown.message || thrown.name;
  if (typeof thrown === 'string') return thrown;
  try {
    return `threw ${JSON.stringify(thrown) ?? String(thrown)}`;
  } catch {
    return `threw ${String(thrown)}`;
  }
}

/** RuleEvaluation is what one rule found, and whether its predicate let it apply. */
export interface RuleEvaluation extends RuleFindings {
  readonly applied: boolean;
  /** The rule threw or returned something that is not a finding (counted in metrics). */
  readonly failed: boolean;
}

const NOT_APPLICABLE: RuleEvaluation = Object.freeze({ applied: false, failed: false, errors: [], warnings: [] });

/**
 * evaluateRule runs one rule on one request: its predicate (if any), then
 * validate. A rule that throws, returns something that is not a finding or
 * returns a Promise gives one error naming the rule; it never throws itself.
 */
export function evaluateRule(rule: Rule, predicate: RulePredicate | undefined, request: RuleRequest): RuleEvaluation {
  try {
    if (predicate !== undefined && !predicate(request)) return NOT_APPLICABLE;
    const { context, warnings } = ruleContext(request);
    const findings = checkOutcome(rule.validate(context));
    return { applied: true, failed: false, errors: findings.errors, warnings: [...warnings, ...findings.warnings] };
  } catch (thrown) {
    return { applied: true, failed: true, errors: [ruleFailure(rule.name, describeThrown(thrown))], warnings: [] };
  }
}
