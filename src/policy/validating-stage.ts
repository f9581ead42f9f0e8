import type { Operation, StatusCause, Status } from '../admission/types.js';
import type { StageContext, ValidationResult, ValidationStage } from '../pipeline/stage.js';
import { EMPTY_VALIDATION } from '../pipeline/stage.js';
import type { RequestValues } from './request-values.js';
import { requestValues } from './request-values.js';
import type { PolicyDecision } from './evaluate-validating.js';
import { variableAccessors } from './activation.js';
import { evaluateValidatingPolicy } from './evaluate-validating.js';
import type { BoundPolicy, PolicySet } from './load.js';
import type { ResourceFacts } from './match.js';
import type { CompiledMatch, MatchRequest } from './match-plan.js';
import { canMatch, compileMatch, compiledMatches, perOperation } from './match-plan.js';
import type { PolicyReads } from './object-reads.js';
import { policyReads } from './object-reads.js';
import { collectParams } from './params.js';
import type { PolicyBinding, PolicyReason, ValidatingPolicy, ValidationAction } from './types.js';
import { forbiddenStatus } from './status.js';

/** VALIDATION_FAILURE_ANNOTATION is the audit annotation the apiserver writes for Audit actions. */
export const VALIDATION_FAILURE_ANNOTATION = 'validation.policy.admission.k8s.io/validation_failure';

/** ValidatingCandidates are the policies that can apply to one profile, per subresource ('' or 'status'). */
export type ValidatingCandidates = ReadonlyMap<string, { readonly policies: readonly BoundPolicy<ValidatingPolicy>[]; readonly resource: ResourceFacts }>;

interface Denied extends PolicyDecision {
  readonly policy: string;
  readonly binding: string;
}

interface Collector {
  readonly denied: Denied[];
  readonly warnings: string[];
  readonly failures: { message: string; policy: string; binding: string; expressionIndex: number; validationActions: ValidationAction[] }[];
  readonly annotations: Record<string, string>;
}

const REASON_CODES: Readonly<Record<PolicyReason, number>> = { Unauthorized: 401, Forbidden: 403, Invalid: 422, RequestEntityTooLarge: 413 };

// Ratcheting replaces Deny with a warning; Warn and Audit stay as they are.
function record(collector: Collector, policy: ValidatingPolicy, binding: PolicyBinding, decision: PolicyDecision): void {
  for (const action of binding.validationActions) {
    if (action === 'Deny' && decision.ratcheted) {
      collector.warnings.push(
        `Validation failed for ValidatingAdmissionPolicy '${policy.name}' with binding '${binding.name}': ${decision.message} (not enforced: the fields it checks are unchanged on this update)`,
      );
    } else if (action === 'Deny') collector.denied.push({ ...decision, policy: policy.name, binding: binding.name });
    else if (action === 'Warn') {
      collector.warnings.push(`Validation failed for ValidatingAdmissionPolicy '${policy.name}' with binding '${binding.name}': ${decision.message}`);
    } else {
      collector.failures.push({
        message: decision.message,
        policy: policy.name,
        binding: binding.name,
        expressionIndex: decision.expressionIndex,
        validationActions: [...binding.validationActions],
      });
    }
  }
}

interface BindingPlan {
  readonly binding: PolicyBinding;
  readonly match: CompiledMatch;
}

interface PolicyPlan {
  readonly policy: ValidatingPolicy;
  readonly match: CompiledMatch;
  readonly bindings: readonly BindingPlan[];
}

// What one operation on one subresource can run, resolved at load.
interface OperationPlan {
  readonly policies: readonly PolicyPlan[];
  readonly reads: PolicyReads;
}

type SubresourcePlan = Readonly<Record<Operation, OperationPlan>>;

// The policies and bindings whose rules can match the operation; the rest never run for it.
function planSubresource(policies: readonly BoundPolicy<ValidatingPolicy>[], resource: ResourceFacts): SubresourcePlan {
  // Made now, so that no request builds them.
  for (const { policy } of policies) variableAccessors(policy.variables);
  const compiled: PolicyPlan[] = policies.map(({ policy, bindings }) => ({
    policy,
    match: compileMatch(policy.matchConstraints, resource),
    bindings: bindings.map((binding) => ({ binding, match: compileMatch(binding.matchResources, resource) })),
  }));
  return perOperation((operation): OperationPlan => {
    const runnable = compiled
      .filter((p) => canMatch(p.match, operation))
      .map((p) => ({ ...p, bindings: p.bindings.filter((b) => canMatch(b.match, operation)) }))
      .filter((p) => p.bindings.length > 0);
    return { policies: runnable, reads: policyReads(runnable.map((p) => p.policy)) };
  });
}

// The state of one request through the stage; values and collector are made on first need.
interface Run {
  readonly context: StageContext;
  readonly set: PolicySet;
  readonly match: MatchRequest;
  readonly reads: PolicyReads;
  values: RequestValues | undefined;
  collector: Collector | undefined;
}

function collectorOf(run: Run): Collector {
  return (run.collector ??= { denied: [], warnings: [], failures: [], annotations: {} });
}

function valuesOf(run: Run): RequestValues {
  const { request, object } = run.context;
  return (run.values ??= requestValues(request, object, run.set.namespaces.get(request.namespace ?? ''), run.reads));
}

function evaluatePlan(plan: PolicyPlan, run: Run): void {
  const { policy } = plan;
  if (!compiledMatches(plan.match, run.match)) return;
  const { request } = run.context;
  let published: Map<string, string[]> | undefined;
  const ratcheting = policy.ratcheting && request.operation === 'UPDATE' ? { object: run.context.object, oldObject: run.context.oldObject } : undefined;
  for (const { binding, match } of plan.bindings) {
    if (!compiledMatches(match, run.match)) continue;
    const lookup = collectParams(run.set.params, policy.paramKind, binding.paramRef, request.namespace ?? '');
    if (!lookup.ok) {
      if (policy.failurePolicy === 'Fail') {
        const message = `failed to configure binding: ${lookup.error}`;
        collectorOf(run).denied.push({ message, reason: 'Invalid', expressionIndex: -1, policy: policy.name, binding: binding.name });
      }
      continue;
    }
    for (const param of lookup.params) {
      const outcome = evaluateValidatingPolicy(policy, valuesOf(run), param, ratcheting);
      for (const decision of outcome.decisions) record(collectorOf(run), policy, binding, decision);
      for (const { key, value } of outcome.audit) {
        published ??= new Map();
        const list = published.get(key) ?? [];
        if (!list.includes(value)) list.push(value);
        published.set(key, list);
      }
    }
  }
  if (published) for (const [key, list] of published) collectorOf(run).annotations[`${policy.name}/${key}`] = list.join(', ');
}

function deniedStatus(denied: readonly Denied[], context: StageContext): Status {
  const text = (d: Denied): string => `ValidatingAdmissionPolicy '${d.policy}' with binding '${d.binding}' denied request: ${d.message}`;
  const first = denied[0] as Denied;
  const causes: StatusCause[] = denied.map((d) => ({ reason: d.reason, message: text(d), ...(d.field ? { field: d.field } : {}) }));
  return forbiddenStatus(context.request, text(first), first.reason, REASON_CODES[first.reason], causes);
}

/**
 * validatingStage evaluates the ValidatingAdmissionPolicies that can apply
 * to a profile: selectors and conditions per request, then each binding's
 * validationActions (Deny, Warn, Audit) with the apiserver's wording.
 */
export function validatingStage(set: PolicySet, candidates: ValidatingCandidates): ValidationStage {
  const plans = new Map<string, SubresourcePlan>();
  for (const [subresource, entry] of candidates) plans.set(subresource, planSubresource(entry.policies, entry.resource));
  return {
    name: 'admission-policies',
    validate(context: StageContext): ValidationResult {
      const { request } = context;
      const plan = plans.get(request.subResource ?? '')?.[request.operation];
      if (!plan || plan.policies.length === 0) return EMPTY_VALIDATION;
      const match: MatchRequest = {
        operation: request.operation,
        name: request.name ?? '',
        namespace: request.namespace ?? '',
        object: context.object,
        oldObject: context.oldObject,
        namespaces: set.namespaces,
      };
      const run: Run = { context, set, match, reads: plan.reads, values: undefined, collector: undefined };
      for (const policy of plan.policies) evaluatePlan(policy, run);
      const { collector } = run;
      if (!collector) return EMPTY_VALIDATION;
      if (collector.failures.length > 0) collector.annotations[VALIDATION_FAILURE_ANNOTATION] = JSON.stringify(collector.failures);
      const hasAnnotations = Object.keys(collector.annotations).length > 0;
      return {
        errors: [],
        warnings: collector.warnings,
        ...(hasAnnotations ? { auditAnnotations: collector.annotations } : {}),
        ...(collector.denied.length > 0 ? { denial: deniedStatus(collector.denied, context) } : {}),
      };
    },
  };
}
