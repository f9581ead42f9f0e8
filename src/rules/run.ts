import type { FieldError } from '../admission/field-error.js';
import { internalError } from '../admission/field-error.js';
import type { ValidationResult } from '../pipeline/stage.js';
import type { RuleRequest } from './api.js';
import { ruleContext } from './context.js';
import { runWithTimeout } from './guard.js';
import type { RequestMatcher } from './match.js';
import { checkOutcome } from './outcome.js';

/** DEFAULT_RULE_BUDGET_MS is the wall-clock time all TypeScript rules of one request may take together. */
export const DEFAULT_RULE_BUDGET_MS = 100;

/** ruleFailure is the error reported for a rule that threw, misbehaved or ran out of time. */
export function ruleFailure(name: string, message: string): FieldError {
  return internalError('', `rule ${JSON.stringify(name)} failed: ${message}`);
}

function describeThrown(thrown: unknown): string {
  if (thrown instanceof Error) return thrown.message || thrown.name;
  if (typeof thrown === 'string') return thrown;
  return `threw ${String(thrown)}`;
}

interface RunState {
  next: number;
  readonly errors: FieldError[];
  readonly warnings: string[];
}

function runOne(matcher: RequestMatcher, request: RuleRequest, state: RunState): void {
  const { rule } = matcher.loaded;
  try {
    if (matcher.predicate !== undefined && !matcher.predicate(request)) return;
    const { context, warnings } = ruleContext(request);
    const findings = checkOutcome(rule.validate(context));
    state.errors.push(...findings.errors);
    state.warnings.push(...warnings, ...findings.warnings);
  } catch (thrown) {
    state.errors.push(ruleFailure(rule.name, describeThrown(thrown)));
  }
}

function timeoutErrors(matchers: readonly RequestMatcher[], index: number, budgetMs: number): FieldError[] {
  const culprit = matchers[index]?.loaded.rule.name ?? '';
  const errors = [ruleFailure(culprit, `did not finish within the time budget of ${budgetMs}ms for the rules of one request`)];
  const skipped = matchers.slice(index + 1).map((m) => JSON.stringify(m.loaded.rule.name));
  if (skipped.length > 0) {
    errors.push(internalError('', `rules ${skipped.join(', ')} were not run: the time budget for the rules of this request ran out`));
  }
  return errors;
}

/**
 * runRules runs the rules that apply to a request, in order, under one
 * wall-clock budget. A rule that throws, returns something that is not a
 * finding, or returns a Promise is reported as that rule's error and the
 * next rule still runs. When the budget runs out the running rule is
 * reported and the remaining ones are listed as not run.
 */
export function runRules(matchers: readonly RequestMatcher[], request: RuleRequest, budgetMs: number): ValidationResult {
  const state: RunState = { next: 0, errors: [], warnings: [] };
  const outcome = runWithTimeout(() => {
    for (; state.next < matchers.length; state.next++) runOne(matchers[state.next] as RequestMatcher, request, state);
  }, budgetMs);
  if (outcome === 'timed-out') state.errors.push(...timeoutErrors(matchers, state.next, budgetMs));
  return { errors: state.errors, warnings: state.warnings };
}
