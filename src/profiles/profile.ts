import type { GroupVersionKind, GroupVersionResource } from '../admission/types.js';
import type { CustomResourceDefinitionVersion, JSONSchemaProps, LoadedCrd } from '../crd/types.js';
import type { MutationStage, ValidationStage } from '../pipeline/stage.js';

/**
 * ResourceProfile is everything compiled at load for one served version of
 * one CRD: the request path only looks it up and runs its stages.
 */
export interface ResourceProfile {
  readonly crd: LoadedCrd;
  readonly version: CustomResourceDefinitionVersion;
  readonly gvk: GroupVersionKind;
  readonly gvr: GroupVersionResource;
  readonly scope: 'Namespaced' | 'Cluster';
  readonly schema: JSONSchemaProps;
  readonly hasStatusSubresource: boolean;
  readonly hasScaleSubresource: boolean;
  /** Run in order on /mutate. */
  readonly mutators: readonly MutationStage[];
  /** Run in order on /validate. */
  readonly validators: readonly ValidationStage[];
}

/** resourceKey is the index key of a group/version/resource. */
export function resourceKey(gvr: GroupVersionResource): string {
  return `${gvr.group}/${gvr.version}/${gvr.resource}`;
}

/** kindKey is the index key of a group/version/kind. */
export function kindKey(gvk: GroupVersionKind): string {
  return `${gvk.group}/${gvk.version}/${gvk.kind}`;
}

/** ProfileIndex finds the profile of a request by resource or by kind. */
export class ProfileIndex {
  private readonly byResource = new Map<string, ResourceProfile>();
  private readonly byKind = new Map<string, ResourceProfile>();

  constructor(readonly profiles: readonly ResourceProfile[]) {
    for (const profile of profiles) {
      this.byResource.set(resourceKey(profile.gvr), profile);
      this.byKind.set(kindKey(profile.gvk), profile);
    }
  }

  /** byGroupVersionResource returns the profile serving that resource, if any. */
  byGroupVersionResource(gvr: GroupVersionResource): ResourceProfile | undefined {
    return this.byResource.get(resourceKey(gvr));
  }

  /** byGroupVersionKind returns the profile serving that kind, if any. */
  byGroupVersionKind(gvk: GroupVersionKind): ResourceProfile | undefined {
    return this.byKind.get(kindKey(gvk));
  }

  get size(): number {
    return this.profiles.length;
  }
}
