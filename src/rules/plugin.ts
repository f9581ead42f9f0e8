import type { CompiledStages, ConfigInputs, ProfilePlugin, ProfileTarget } from '../profiles/plugin.js';
import type { StageContext, ValidationResult, ValidationStage } from '../pipeline/stage.js';
import { EMPTY_VALIDATION } from '../pipeline/stage.js';
import { ruleRequest } from './context.js';
import type { RequestMatcher } from './match.js';
import { matchesTarget, requestMatcher } from './match.js';
import { DEFAULT_RULE_BUDGET_MS, runRules } from './run.js';

/**
 * rulesStage runs the TypeScript rules chosen at load for one CRD version:
 * `main` for the resource itself, `status` for its status subresource.
 * Operations and namespaces are checked here; predicates and rules run under
 * one wall-clock budget per request.
 */
function rulesStage(main: readonly RequestMatcher[], status: readonly RequestMatcher[]): ValidationStage {
  return {
    name: 'typescript-rules',
    validate(context: StageContext): ValidationResult {
      const candidates = context.request.subResource === 'status' ? status : main;
      const applicable = candidates.filter((matcher) => matcher.appliesTo(context.request));
      if (applicable.length === 0) return EMPTY_VALIDATION;
      const budgetMs = context.settings.ruleBudgetMs ?? DEFAULT_RULE_BUDGET_MS;
      return runRules(applicable, ruleRequest(context.request), budgetMs);
    },
  };
}

/** typescriptRulesPlugin contributes the TypeScript rules stage; it comes last in the validation order. */
export const typescriptRulesPlugin: ProfilePlugin = {
  name: 'typescript-rules',
  compile(target: ProfileTarget, inputs: ConfigInputs): CompiledStages {
    const rules = inputs.rules ?? [];
    const main = rules.filter((loaded) => matchesTarget(loaded.rule, target, '')).map(requestMatcher);
    const status = target.hasStatusSubresource
      ? rules.filter((loaded) => matchesTarget(loaded.rule, target, 'status')).map(requestMatcher)
      : [];
    return main.length === 0 && status.length === 0 ? {} : { validators: [rulesStage(main, status)] };
  },
};
