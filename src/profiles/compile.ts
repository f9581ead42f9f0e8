import type { LoadedCrd } from '../crd/types.js';
import type { MutationStage, ValidationStage } from '../pipeline/stage.js';
import type { ConfigInputs, ProfilePlugin, ProfileTarget } from './plugin.js';
import type { ResourceProfile } from './profile.js';
import { ProfileIndex } from './profile.js';

/** profileTargets lists the served versions of a CRD. */
export function profileTargets(loaded: LoadedCrd): ProfileTarget[] {
  const { spec } = loaded.crd;
  const targets: ProfileTarget[] = [];
  spec.versions.forEach((version, versionIndex) => {
    if (!version.served) return;
    const schema = version.schema?.openAPIV3Schema;
    if (!schema) return;
    targets.push({
      crd: loaded,
      version,
      versionIndex,
      gvk: { group: spec.group, version: version.name, kind: spec.names.kind },
      gvr: { group: spec.group, version: version.name, resource: spec.names.plural },
      scope: spec.scope,
      schema,
      hasStatusSubresource: version.subresources?.status != null,
      hasScaleSubresource: version.subresources?.scale != null,
    });
  });
  return targets;
}

/** compileProfile runs every plugin over one target. */
export function compileProfile(
  target: ProfileTarget,
  inputs: ConfigInputs,
  plugins: readonly ProfilePlugin[],
): ResourceProfile {
  const mutators: MutationStage[] = [];
  const validators: ValidationStage[] = [];
  for (const plugin of plugins) {
    const stages = plugin.compile(target, inputs);
    if (stages.mutators) mutators.push(...stages.mutators);
    if (stages.validators) validators.push(...stages.validators);
  }
  return { ...target, mutators, validators };
}

/** compileProfiles compiles every served version of every CRD into an index. */
export function compileProfiles(
  crds: readonly LoadedCrd[],
  inputs: ConfigInputs,
  plugins: readonly ProfilePlugin[],
): ProfileIndex {
  const profiles: ResourceProfile[] = [];
  for (const crd of crds) {
    for (const target of profileTargets(crd)) profiles.push(compileProfile(target, inputs, plugins));
  }
  return new ProfileIndex(profiles);
}
