import { errorBody, forbidden } from '../admission/field-error.js';
import { ConfigError, ConfigErrors } from '../config/errors.js';
import type { MutationStage, StageContext, ValidationStage } from '../pipeline/stage.js';
import { EMPTY_MUTATION, EMPTY_VALIDATION } from '../pipeline/stage.js';
import type { ProfilePlugin, ProfileTarget } from '../profiles/plugin.js';
import { defaultOperations, resolveDefaults } from './algorithm.js';
import { pruneNonNullableNulls } from './prune-nulls.js';
import { pruneUnknownFields } from './pruning.js';
import type { SchemaNode } from './schema-node.js';
import { compileSchemaNode } from './schema-node.js';
import type { DefaultValueCheck } from './validation.js';
import { checkDefaults } from './validation.js';

/** unknownFieldWarning is the apiserver's warning for a pruned field (fieldValidation=Warn). */
export function unknownFieldWarning(path: string): string {
  return `unknown field "${path}"`;
}

/** UNKNOWN_FIELD_DETAIL is the detail of a strict-mode field error, worded as the apiserver's strict field validation. */
export const UNKNOWN_FIELD_DETAIL = 'field not declared in schema';

/**
 * compileDefaultingSchema compiles a CRD version's schema for pruning and
 * defaulting, refusing misplaced, unpruned or (given `check`) invalid defaults
 * with a ConfigError naming the file, the CRD's line and the schema path.
 */
export function compileDefaultingSchema(target: ProfileTarget, check?: DefaultValueCheck): SchemaNode {
  const root = compileSchemaNode(target.schema);
  const base = `spec.versions[${target.versionIndex}].schema.openAPIV3Schema`;
  const problems = checkDefaults(target.schema, root, base, check);
  const { file, line } = target.crd.source;
  const errors = problems.map((problem) => new ConfigError(file, errorBody(problem), problem.field, line));
  if (errors.length === 1) throw errors[0] as ConfigError;
  if (errors.length > 1) throw new ConfigErrors(errors);
  resolveDefaults(root);
  return root;
}

function pruneStage(root: SchemaNode): MutationStage {
  return {
    name: 'prune-unknown-fields',
    mutate(context: StageContext) {
      if (context.settings.pruning !== 'prune' || !context.object) return EMPTY_MUTATION;
      const result = pruneUnknownFields(context.object, root);
      return { patch: result.operations, warnings: result.unknownFields.map(unknownFieldWarning) };
    },
  };
}

function nullStage(root: SchemaNode): MutationStage {
  return {
    name: 'prune-non-nullable-nulls',
    mutate(context: StageContext) {
      if (!context.object) return EMPTY_MUTATION;
      return { patch: pruneNonNullableNulls(context.object, root), warnings: [] };
    },
  };
}

function defaultStage(root: SchemaNode): MutationStage {
  return {
    name: 'schema-defaults',
    mutate(context: StageContext) {
      if (!context.object || !root.hasDefaults) return EMPTY_MUTATION;
      return { patch: defaultOperations(context.object, root), warnings: [] };
    },
  };
}

function strictStage(root: SchemaNode): ValidationStage {
  return {
    name: 'unknown-fields',
    validate(context: StageContext) {
      if (context.settings.pruning !== 'strict' || !context.object) return EMPTY_VALIDATION;
      const { unknownFields } = pruneUnknownFields(context.object, root);
      if (unknownFields.length === 0) return EMPTY_VALIDATION;
      return { errors: unknownFields.map((path) => forbidden(path, UNKNOWN_FIELD_DETAIL)), warnings: [] };
    },
  };
}

/**
 * DEFAULTING_PLUGIN contributes, in this order, pruning of unknown fields,
 * removal of non-nullable nulls without defaults and schema defaults to
 * /mutate, and the unknown-field check of `--pruning strict` to /validate.
 * A legacy `spec.preserveUnknownFields: true` CRD is only defaulted.
 */
export const DEFAULTING_PLUGIN: ProfilePlugin = {
  name: 'defaulting',
  compile(target) {
    const root = compileDefaultingSchema(target);
    const prunes = target.crd.crd.spec.preserveUnknownFields !== true;
    // The apiserver skips both pruning and null pruning for such CRDs (unstructuredSchemaCoercer.apply).
    const mutators = prunes ? [pruneStage(root), nullStage(root), defaultStage(root)] : [defaultStage(root)];
    return { mutators, validators: prunes ? [strictStage(root)] : [] };
  },
};
