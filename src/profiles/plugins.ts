import { CRD_RULES_PLUGIN } from '../cel/crd-rules/plugin.js';
import { DEFAULTING_PLUGIN } from '../defaulting/plugin.js';
import { POLICY_PLUGIN } from '../policy/plugin.js';
import { typescriptRulesPlugin } from '../rules/plugin.js';
import { SCHEMA_PLUGIN } from '../schema/plugin.js';
import type { ProfilePlugin } from './plugin.js';

/**
 * PROFILE_PLUGINS lists the compilers of every profile, in pipeline order:
 * their mutators run in this order on /mutate, their validators on /validate.
 * Mutation: prune, drop non-nullable nulls, schema defaults, computed defaults.
 * Validation: type/object meta and schema (with ratcheting), list types, CEL, policies, TypeScript rules.
 */
export const PROFILE_PLUGINS: readonly ProfilePlugin[] = [
  // Mutates first: prune → drop non-nullable nulls without defaults → schema defaults; strict unknown fields.
  DEFAULTING_PLUGIN,
  // Schema validation judges first: TypeMeta, ObjectMeta, OpenAPI schema with ratcheting, list types.
  SCHEMA_PLUGIN,
  // x-kubernetes-validations run after the schema stage (they skip on its blocking errors).
  CRD_RULES_PLUGIN,
  // Admission policies: computed defaults after schema defaulting, validation after schema and CEL.
  POLICY_PLUGIN,
  // TypeScript rules judge last, after schema, CEL and policies.
  typescriptRulesPlugin,
];
