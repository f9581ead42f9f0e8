import type { GroupVersionKind, GroupVersionResource } from '../admission/types.js';
import type { ManifestDocument } from '../config/manifest-files.js';
import type { CustomResourceDefinitionVersion, JSONSchemaProps, LoadedCrd } from '../crd/types.js';
import type { PipelineSettings } from '../pipeline/settings.js';
import type { MutationStage, ValidationStage } from '../pipeline/stage.js';
import type { LoadedRule } from '../rules/match.js';

/** ProfileTarget is one served CRD version, before its stages are compiled. */
export interface ProfileTarget {
  readonly crd: LoadedCrd;
  readonly version: CustomResourceDefinitionVersion;
  /** Index of the version in spec.versions, for schema paths in error messages. */
  readonly versionIndex: number;
  readonly gvk: GroupVersionKind;
  readonly gvr: GroupVersionResource;
  readonly scope: 'Namespaced' | 'Cluster';
  readonly schema: JSONSchemaProps;
  readonly hasStatusSubresource: boolean;
  readonly hasScaleSubresource: boolean;
}

/**
 * ConfigInputs is everything read from disk besides CRDs, handed to every
 * plugin at compile time (policies, params, namespaces, rules).
 */
export interface ConfigInputs {
  readonly policyDocuments: readonly ManifestDocument[];
  readonly paramDocuments: readonly ManifestDocument[];
  readonly namespaceDocuments: readonly ManifestDocument[];
  /** TypeScript rules, already imported (loading is async, compiling is not); absent means none. */
  readonly rules?: readonly LoadedRule[];
  readonly settings: PipelineSettings;
}

/** CompiledStages is what a plugin contributes to one profile. */
export interface CompiledStages {
  readonly mutators?: readonly MutationStage[];
  readonly validators?: readonly ValidationStage[];
}

/**
 * ProfilePlugin compiles one concern (schema validation, defaulting, CEL,
 * policies, ...) for a CRD version. It throws a ConfigError for a broken
 * definition: load stops with the file and the schema path.
 */
export interface ProfilePlugin {
  readonly name: string;
  compile(target: ProfileTarget, inputs: ConfigInputs): CompiledStages;
}
