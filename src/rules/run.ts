import type { FieldError } from '../admission/field-error.js';
import { internalError } from '../admission/field-error.js';
import type { ValidationResult } from '../pipeline/stage.js';
import type { RuleRequest } from './api.js';
import { evaluateRule, ruleFailure } from './evaluate.js';
import { runWithTimeout } from './guard.js';
import type { RequestMatcher } from './match.js';

/** DEFAULT_RULE_BUDGET_MS is the wall-clock time all TypeScript rules of one request may take together. */
export const DEFAULT_RULE_BUDGET_MS = 100;

interface RunState {
  next: number;
  failed: number;
  readonly errors: FieldError[];
  readonly warnings: string[];
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
 * reported and the remaining ones are listed as not run. Failed rules and
 * budget overruns are counted for metrics (ruleErrors, costLimitHits).
 */
export function runRules(matchers: readonly RequestMatcher[], request: RuleRequest, budgetMs: number): ValidationResult {
  const state: RunState = { next: 0, failed: 0, errors: [], warnings: [] };
  const outcome = runWithTimeout(() => {
    for (; state.next < matchers.length; state.next++) {
      const matcher = matchers[state.next] as RequestMatcher;
      const findings = evaluateRule(matcher.loaded.rule, matcher.predicate, request);
      state.errors.push(...findings.errors);
      state.warnings.push(...findings.warnings);
      if (findings.failed) state.failed++;
    }
  }, budgetMs);
  if (outcome === 'finished') {
    return { errors: state.errors, warnings: state.warnings, ...(state.failed > 0 ? { counts: { ruleErrors: state.failed } } : {}) };
  }
  state.errors.push(...timeoutErrors(matchers, state.next, budgetMs));
  return { errors: state.errors, warnings: state.warnings, counts: { ruleErrors: state.failed + 1, costLimitHits: 1 } };
}
