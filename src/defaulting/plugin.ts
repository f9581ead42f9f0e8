import { errorBody, forbidden } from '../admission/field-error.js';
import type { JsonPatchOperation } from '../admission/types.js';
import { ConfigError, ConfigErrors } from '../config/errors.js';
import type { MutationStage, StageContext, ValidationStage } from '../pipeline/stage.js';
import { EMPTY_MUTATION, EMPTY_VALIDATION } from '../pipeline/stage.js';
import type { ProfilePlugin, ProfileTarget } from '../profiles/plugin.js';
import { validateValue } from '../schema/validator.js';
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

/**
 * mutationStage prunes unknown fields (in `prune` mode), removes non-nullable
 * nulls without defaults and applies schema defaults, in this order. The three
 * walks read the same object and never touch each other's fields (defaults
 * never reach unknown fields or nulls that are removed), so their operations,
 * concatenated, apply in order to the object sent: one stage spares the
 * pipeline two copies of the object.
 */
function mutationStage(root: SchemaNode, prunes: boolean): MutationStage {
  return {
    name: 'defaulting',
    mutate(context: StageContext) {
      const object = context.object;
      if (!object) return EMPTY_MUTATION;
      let patch: JsonPatchOperation[] = [];
      let warnings: string[] = [];
      if (prunes && context.settings.pruning === 'prune') {
        const pruned = pruneUnknownFields(object, root);
        patch = [...pruned.operations];
        warnings = pruned.unknownFields.map(unknownFieldWarning);
      }
      // The apiserver skips null pruning along with pruning for preserveUnknownFields CRDs.
      if (prunes) patch.push(...pruneNonNullableNulls(object, root));
      if (root.hasDefaults) patch.push(...defaultOperations(object, root));
      return patch.length === 0 && warnings.length === 0 ? EMPTY_MUTATION : { patch, warnings };
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
 * DEFAULTING_PLUGIN contributes to /mutate one stage that prunes unknown
 * fields, removes non-nullable nulls without defaults and applies schema
 * defaults, in this order, and to /validate the unknown-field check of
 * `--pruning strict`.
 * A legacy `spec.preserveUnknownFields: true` CRD is only defaulted.
 */
export const DEFAULTING_PLUGIN: ProfilePlugin = {
  name: 'defaulting',
  compile(target) {
    const root = compileDefaultingSchema(target, validateValue);
    const prunes = target.crd.crd.spec.preserveUnknownFields !== true;
    return { mutators: [mutationStage(root, prunes)], validators: prunes ? [strictStage(root)] : [] };
  },
};
