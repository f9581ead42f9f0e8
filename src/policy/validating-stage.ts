import type { StatusCause, Status } from '../admission/types.js';
import type { StageContext, ValidationResult, ValidationStage } from '../pipeline/stage.js';
import { EMPTY_VALIDATION } from '../pipeline/stage.js';
import type { RequestValues } from './activation.js';
import { requestValues } from './activation.js';
import type { PolicyDecision } from './evaluate-validating.js';
import { evaluateValidatingPolicy } from './evaluate-validating.js';
import type { BoundPolicy, PolicySet } from './load.js';
import type { RequestFacts, ResourceFacts } from './match.js';
import { matchesResources } from './match.js';
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

function evaluateBound(bound: BoundPolicy<ValidatingPolicy>, facts: RequestFacts, set: PolicySet, values: () => RequestValues, collector: Collector): void {
  const { policy } = bound;
  if (!matchesResources(policy.matchConstraints, facts).match) return;
  const published = new Map<string, string[]>();
  const ratcheting = facts.request.operation === 'UPDATE' ? { object: facts.object, oldObject: facts.oldObject } : undefined;
  for (const binding of bound.bindings) {
    if (!matchesResources(binding.matchResources, facts).match) continue;
    const lookup = collectParams(set.params, policy.paramKind, binding.paramRef, facts.request.namespace ?? '');
    if (!lookup.ok) {
      if (policy.failurePolicy === 'Fail') {
        const message = `failed to configure binding: ${lookup.error}`;
        collector.denied.push({ message, reason: 'Invalid', expressionIndex: -1, policy: policy.name, binding: binding.name });
      }
      continue;
    }
    for (const param of lookup.params) {
      const outcome = evaluateValidatingPolicy(policy, values(), param, ratcheting);
      for (const decision of outcome.decisions) record(collector, policy, binding, decision);
      for (const { key, value } of outcome.audit) {
        const list = published.get(key) ?? [];
        if (!list.includes(value)) list.push(value);
        published.set(key, list);
      }
    }
  }
  for (const [key, list] of published) collector.annotations[`${policy.name}/${key}`] = list.join(', ');
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
  return {
    name: 'admission-policies',
    validate(context: StageContext): ValidationResult {
      const entry = candidates.get(context.request.subResource ?? '');
      if (!entry || entry.policies.length === 0) return EMPTY_VALIDATION;
      const { request } = context;
      const facts: RequestFacts = { request, object: context.object, oldObject: context.oldObject, resource: entry.resource, namespaces: set.namespaces };
      let cached: RequestValues | undefined;
      const values = (): RequestValues => (cached ??= requestValues(request, context.object, set.namespaces.get(request.namespace ?? '')));
      const collector: Collector = { denied: [], warnings: [], failures: [], annotations: {} };
      for (const bound of entry.policies) evaluateBound(bound, facts, set, values, collector);
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
