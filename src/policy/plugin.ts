import type { CompiledStages, ConfigInputs, ProfilePlugin, ProfileTarget } from '../profiles/plugin.js';
import type { BoundPolicy } from './load.js';
import { policySetFor } from './load.js';
import type { ResourceFacts } from './match.js';
import { couldMatch, resourceFacts } from './match.js';
import { mutatingStage } from './mutating-stage.js';
import type { PolicyCommon } from './types.js';
import { validatingStage } from './validating-stage.js';

type Candidates<P> = Map<string, { policies: BoundPolicy<P>[]; resource: ResourceFacts }>;

// The subresources that reach the policy stages: the object itself and /status (admit() skips /scale).
function subresourcesOf(target: ProfileTarget): string[] {
  return target.hasStatusSubresource ? ['', 'status'] : [''];
}

/** candidatesFor keeps, per subresource, the policies and bindings whose rules can match the target at all. */
function candidatesFor<P extends PolicyCommon>(target: ProfileTarget, bound: readonly BoundPolicy<P>[]): Candidates<P> {
  const out: Candidates<P> = new Map();
  for (const subresource of subresourcesOf(target)) {
    const resource = resourceFacts(target, subresource);
    const policies = bound
      .filter(({ policy }) => couldMatch(policy.matchConstraints, resource))
      .map(({ policy, bindings }) => ({ policy, bindings: bindings.filter((b) => couldMatch(b.matchResources, resource)) }))
      .filter(({ bindings }) => bindings.length > 0);
    if (policies.length > 0) out.set(subresource, { policies, resource });
  }
  return out;
}

/**
 * POLICY_PLUGIN compiles the admission policies of --policies for each
 * profile: a mutation stage for MutatingAdmissionPolicies and
 * DefaultingPolicies, a validation stage for ValidatingAdmissionPolicies,
 * each only when some policy can apply to that resource.
 */
export const POLICY_PLUGIN: ProfilePlugin = {
  name: 'admission-policies',
  compile(target: ProfileTarget, inputs: ConfigInputs): CompiledStages {
    const set = policySetFor(inputs);
    const validating = candidatesFor(target, set.validating);
    const mutating = candidatesFor(target, set.mutating);
    return {
      ...(mutating.size > 0 ? { mutators: [mutatingStage(set, mutating)] } : {}),
      ...(validating.size > 0 ? { validators: [validatingStage(set, validating)] } : {}),
    };
  },
};
