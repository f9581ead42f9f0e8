import type { JsonPatchOperation, Status } from '../admission/types.js';
import type { MutationResult, MutationStage, StageContext } from '../pipeline/stage.js';
import { EMPTY_MUTATION } from '../pipeline/stage.js';
import type { JsonObject } from '../util/json.js';
import type { CostBudget } from './activation.js';
import { RUNTIME_COST_BUDGET, activation, evaluateConditions, variableAccessors } from './activation.js';
import type { BoundPolicy, PolicySet } from './load.js';
import type { ResourceFacts } from './match.js';
import type { CompiledMatch, MatchRequest } from './match-plan.js';
import { compileMatch, compiledMatches } from './match-plan.js';
import { runMutation } from './mutations.js';
import type { PolicyReads } from './object-reads.js';
import { policyReads } from './object-reads.js';
import { requestValues } from './request-values.js';
import type { StoredObject } from './objects.js';
import { collectParams } from './params.js';
import { applyPatchShared, isNoOp } from './patch-apply.js';
import { forbiddenStatus } from './status.js';
import type { MutatingPolicy, PolicyBinding } from './types.js';

/** MutatingCandidates are the mutating and defaulting policies that can apply to one profile, per subresource. */
export type MutatingCandidates = ReadonlyMap<string, { readonly policies: readonly BoundPolicy<MutatingPolicy>[]; readonly resource: ResourceFacts }>;

type Invocation = { readonly ok: true; readonly object: JsonObject; readonly patch: readonly JsonPatchOperation[] } | { readonly ok: false; readonly error: string };

// Applies one invocation's mutations in order on a copy of the object; any failure voids the whole invocation.
function invoke(bound: PlannedPolicy, object: JsonObject, context: StageContext, set: PolicySet, param: StoredObject | null): Invocation | undefined {
  const { policy, reads } = bound;
  const { schema } = context.profile;
  const namespace = set.namespaces.get(context.request.namespace ?? '');
  const values = requestValues(context.request, object, namespace, reads);
  // One budget for the whole invocation, however many times the object changes.
  const budget: CostBudget = { remaining: RUNTIME_COST_BUDGET };
  const bindings = activation(values, param, policy.variables, budget);
  const conditions = evaluateConditions(policy.matchConditions, bindings);
  if (conditions.kind === 'skip') return undefined;
  if (conditions.kind === 'error') return { ok: false, error: conditions.error };
  let draft = object;
  let current = bindings;
  let currentFor = object;
  const patch: JsonPatchOperation[] = [];
  for (const mutation of policy.mutations) {
    if (draft !== currentFor) {
      // Each mutation sees the object as the previous ones left it.
      current = activation(requestValues(context.request, draft, namespace, reads), param, policy.variables, budget);
      currentFor = draft;
    }
    const outcome = runMutation(mutation, draft, current, context.request.operation, schema);
    if (!outcome.ok) return outcome;
    try {
      for (const operation of outcome.operations) {
        // Operations that change nothing are dropped, so a second pass yields no patch.
        if (isNoOp(draft, operation)) continue;
        draft = applyPatchShared(draft, [operation]);
        patch.push(operation);
      }
    } catch (error) {
      const source = mutation.expression.source;
      return { ok: false, error: `the JSONPatch of expression '${source}' cannot be applied: ${(error as Error).message}` };
    }
  }
  return { ok: true, object: draft, patch };
}

function policyLabel(policy: MutatingPolicy, binding: PolicyBinding): string {
  return policy.kind === 'DefaultingPolicy'
    ? `DefaultingPolicy '${policy.name}'`
    : `MutatingAdmissionPolicy '${policy.name}' with binding '${binding.name}'`;
}

function failureText(policy: MutatingPolicy, binding: PolicyBinding, error: string): string {
  return policy.kind === 'DefaultingPolicy'
    ? `DefaultingPolicy '${policy.name}' denied request: ${error}`
    : `policy '${policy.name}' with binding '${binding.name}' denied request: ${error}`;
}

function denial(context: StageContext, message: string): Status {
  return forbiddenStatus(context.request, message, 'Forbidden', 403, [{ reason: 'Forbidden', message }], false);
}

interface Progress {
  object: JsonObject;
  readonly patch: JsonPatchOperation[];
  readonly warnings: string[];
}

// A policy with its matching resolved for the resource and the parts of the request its expressions read, at load.
interface PlannedPolicy {
  readonly policy: MutatingPolicy;
  readonly match: CompiledMatch;
  readonly bindings: readonly { readonly binding: PolicyBinding; readonly match: CompiledMatch }[];
  readonly reads: PolicyReads;
}

function plan({ policy, bindings }: BoundPolicy<MutatingPolicy>, resource: ResourceFacts): PlannedPolicy {
  variableAccessors(policy.variables); // made now, so that no request builds them
  return {
    policy,
    match: compileMatch(policy.matchConstraints, resource),
    bindings: bindings.map((binding) => ({ binding, match: compileMatch(binding.matchResources, resource) })),
    reads: policyReads([policy]),
  };
}

// Object selectors see the object as the policies and bindings before left it.
function matchRequest(context: StageContext, set: PolicySet, object: JsonObject): MatchRequest {
  const { request } = context;
  return { operation: request.operation, name: request.name ?? '', namespace: request.namespace ?? '', object, oldObject: context.oldObject, namespaces: set.namespaces };
}

function applyBound(bound: PlannedPolicy, context: StageContext, set: PolicySet, progress: Progress): Status | undefined {
  const { policy } = bound;
  if (!compiledMatches(bound.match, matchRequest(context, set, progress.object))) return undefined;
  for (const { binding, match } of bound.bindings) {
    if (!compiledMatches(match, matchRequest(context, set, progress.object))) continue;
    const lookup = collectParams(set.params, policy.paramKind, binding.paramRef, context.request.namespace ?? '');
    const params = lookup.ok ? lookup.params : [];
    const failures: string[] = lookup.ok ? [] : [`failed to configure binding: ${lookup.error}`];
    for (const param of params) {
      const result = invoke(bound, progress.object, context, set, param);
      if (!result) continue;
      if (!result.ok) {
        failures.push(result.error);
        continue;
      }
      if (result.patch.length === 0) continue;
      progress.object = result.object;
      progress.patch.push(...result.patch);
    }
    for (const failure of failures) {
      if (policy.failurePolicy === 'Fail') return denial(context, failureText(policy, binding, failure));
      progress.warnings.push(`${policyLabel(policy, binding)} was skipped (failurePolicy Ignore): ${failure}`);
    }
  }
  return undefined;
}

/**
 * mutatingStage applies the MutatingAdmissionPolicies (JSONPatch) and
 * DefaultingPolicies that can apply to a profile, in name order, each on
 * the object the previous ones produced. It runs after schema defaulting.
 */
export function mutatingStage(set: PolicySet, candidates: MutatingCandidates): MutationStage {
  const planned = new Map<string, readonly PlannedPolicy[]>();
  for (const [subresource, { policies, resource }] of candidates) planned.set(subresource, policies.map((bound) => plan(bound, resource)));
  return {
    name: 'mutating-policies',
    mutate(context: StageContext): MutationResult {
      const { operation } = context.request;
      if (operation === 'DELETE' || operation === 'CONNECT' || context.object === null) return EMPTY_MUTATION;
      const policies = planned.get(context.request.subResource ?? '');
      if (!policies || policies.length === 0) return EMPTY_MUTATION;
      const progress: Progress = { object: context.object, patch: [], warnings: [] };
      for (const bound of policies) {
        const denied = applyBound(bound, context, set, progress);
        if (denied) return { patch: [], warnings: progress.warnings, denial: denied };
      }
      return { patch: progress.patch, warnings: progress.warnings };
    },
  };
}
