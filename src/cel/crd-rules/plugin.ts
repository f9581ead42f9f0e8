import type { FieldError, FieldErrorType } from '../../admission/field-error.js';
import { fieldError } from '../../admission/field-error.js';
import type { ProfilePlugin } from '../../profiles/plugin.js';
import type { PipelineCounter, PipelineCounts, StageContext, ValidationResult, ValidationStage } from '../../pipeline/stage.js';
import { EMPTY_VALIDATION } from '../../pipeline/stage.js';
import { requestCorrelation } from '../../schema/correlation.js';
import { validatedObjects } from '../../schema/objects.js';
import { newCostBudget } from '../cost.js';
import type { RuleNode } from './compile.js';
import { compileRuleTree } from './compile.js';
import type { RuleRun } from './validator.js';
import { validateObject } from './validator.js';

/** BLOCKING_ERROR_TYPES are the schema errors after which the apiserver does not run CEL (hasBlockingErr). */
export const BLOCKING_ERROR_TYPES: ReadonlySet<FieldErrorType> = new Set<FieldErrorType>([
  'FieldValueNotSupported',
  'FieldValueRequired',
  'FieldValueTooLong',
  'FieldValueTooMany',
  'FieldValueTypeInvalid',
]);

/** RULES_SKIPPED_MESSAGE is the apiserver's single error when CEL is skipped. */
export const RULES_SKIPPED_MESSAGE =
  'some validation rules were not checked because the object was invalid; correct the existing errors to complete validation';

/** rulesSkippedError is that error as the apiserver builds it: field.Invalid(nil, nil, ...). */
export function rulesSkippedError(): FieldError {
  return fieldError('FieldValueInvalid', '<nil>', 'null', RULES_SKIPPED_MESSAGE);
}

/** nonZero keeps the counters that counted something (metrics add what is there). */
function nonZero(counts: Record<PipelineCounter, number>): PipelineCounts {
  return Object.fromEntries(Object.entries(counts).filter(([, value]) => value > 0)) as PipelineCounts;
}

/** crdRulesStage is the validation stage of one CRD version's x-kubernetes-validations. */
export function crdRulesStage(root: RuleNode): ValidationStage {
  return {
    name: 'x-kubernetes-validations',
    validate(context: StageContext, prior: readonly FieldError[]): ValidationResult {
      const { request } = context;
      if (context.object === null || request.operation === 'DELETE' || request.operation === 'CONNECT') return EMPTY_VALIDATION;
      if (prior.some((error) => BLOCKING_ERROR_TYPES.has(error.type))) return { errors: [rulesSkippedError()], warnings: [] };
      // The objects as the apiserver validates them (status reset on the main resource), and
      // the old/new correlation the schema stage built, shared through context.scratch.
      const views = validatedObjects(context);
      if (!views) return EMPTY_VALIDATION;
      const old = request.operation === 'UPDATE' ? views.oldObject ?? undefined : undefined;
      const correlation = old ? requestCorrelation(context, views.object, old, context.profile.schema).root : undefined;
      const counts = { ruleErrors: 0, costLimitHits: 0, ratchetedErrors: 0 };
      const run: RuleRun = { errors: [], warnings: [], budget: newCostBudget(), ratcheting: context.settings.ratcheting, stopped: false, counts };
      validateObject(run, root, views.object, correlation);
      if (run.errors.length === 0 && run.warnings.length === 0) return EMPTY_VALIDATION;
      const counted = counts.ruleErrors + counts.costLimitHits + counts.ratchetedErrors > 0;
      return { errors: run.errors, warnings: run.warnings, ...(counted ? { counts: nonZero(counts) } : {}) };
    },
  };
}

/**
 * CRD_RULES_PLUGIN compiles the x-kubernetes-validations rules of every CRD
 * version at load (a broken rule stops the load with its schema path) and
 * evaluates them on /validate after the schema stage.
 */
export const CRD_RULES_PLUGIN: ProfilePlugin = {
  name: 'x-kubernetes-validations',
  compile(target) {
    const root = compileRuleTree(target);
    return root ? { validators: [crdRulesStage(root)] } : {};
  },
};
