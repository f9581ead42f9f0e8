import type { FieldError } from '../admission/field-error.js';
import type { JSONSchemaProps } from '../crd/types.js';
import type { StageContext, ValidationResult, ValidationStage } from '../pipeline/stage.js';
import { EMPTY_VALIDATION } from '../pipeline/stage.js';
import type { ProfileTarget } from '../profiles/plugin.js';
import type { JsonObject } from '../util/json.js';
import { isJsonObject } from '../util/json.js';
import type { CorrelatedNode } from './correlation.js';
import { isRatcheted, requestCorrelation } from './correlation.js';
import { validateEmbeddedResources } from './embedded.js';
import { validateListSetsAndMaps, validateListSetsAndMapsAgainst } from './listtype.js';
import { hasStrayNull, withoutStrayNulls } from './nulls.js';
import { validatedObjects } from './objects.js';
import { nameIsDnsSubdomain, validateObjectMeta, validateObjectMetaUpdate, validateTypeMeta } from './objectmeta.js';
import type { LocatedError } from './path.js';
import { validateScaleSpec, validateScaleStatus } from './scale.js';
import type { CompiledSchema } from './validator.js';

/** CompiledVersion is what the schema stage holds for one served version. */
export interface CompiledVersion {
  readonly target: ProfileTarget;
  readonly schema: CompiledSchema;
  /** The validator of `status` alone, used on `/status` requests (statusStrategy). */
  readonly status: CompiledSchema | undefined;
}

const metadataOf = (object: JsonObject): JsonObject => (isJsonObject(object.metadata) ? object.metadata : {});

/** Tally counts the errors ratcheting dropped in one request (for metrics). */
interface Tally {
  ratcheted: number;
}

function ratchet(errors: readonly LocatedError[], root: CorrelatedNode | undefined, tally: Tally, skip = 0): FieldError[] {
  if (!root) return errors.map((e) => e.error);
  const kept = errors.filter((e) => !isRatcheted(root, e.location.slice(skip))).map((e) => e.error);
  tally.ratcheted += errors.length - kept.length;
  return kept;
}

function listTypeErrors(object: JsonObject, oldObject: JsonObject | null, schema: JSONSchemaProps): FieldError[] {
  // Duplicates are reported on UPDATE only if the old object had none (strategy.go).
  if (!oldObject) return validateListSetsAndMaps(object, schema);
  if (validateListSetsAndMaps(oldObject, schema).length > 0) return [];
  return validateListSetsAndMapsAgainst(object, oldObject, schema);
}

/**
 * schemaErrors validates the object against the schema; if an error is about
 * a null the apiserver would have pruned or defaulted first, it validates the
 * object as the apiserver would see it instead (returned as `view`).
 */
function schemaErrors(version: CompiledVersion, object: JsonObject): { view: JsonObject; errors: LocatedError[] } {
  const errors = version.schema.validate(object);
  if (!hasStrayNull(errors, object)) return { view: object, errors };
  const view = withoutStrayNulls(object, version.target.schema);
  return { view, errors: version.schema.validate(view) };
}

function create(version: CompiledVersion, object: JsonObject): FieldError[] {
  const { target } = version;
  const typeErrors = validateTypeMeta(object, target.gvk);
  if (typeErrors.length > 0) return typeErrors;
  const { view, errors } = schemaErrors(version, object);
  return [
    ...validateObjectMeta(metadataOf(view), target.scope === 'Namespaced', nameIsDnsSubdomain),
    ...errors.map((e) => e.error),
    ...validateScaleSpec(view, target.version.subresources?.scale),
    ...validateScaleStatus(view, target.version.subresources?.scale),
    ...validateEmbeddedResources(view, target.schema),
    ...listTypeErrors(view, null, target.schema),
  ];
}

function update(version: CompiledVersion, context: StageContext, object: JsonObject, oldObject: JsonObject, tally: Tally): FieldError[] {
  const { target } = version;
  const typeErrors = validateTypeMeta(object, target.gvk);
  if (typeErrors.length > 0) return typeErrors;
  const { view, errors } = schemaErrors(version, object);
  const root = context.settings.ratcheting ? requestCorrelation(context, view, oldObject, target.schema).root : undefined;
  return [
    ...validateObjectMetaUpdate(metadataOf(view), metadataOf(oldObject)),
    ...ratchet(errors, root, tally),
    ...validateScaleSpec(view, target.version.subresources?.scale),
    ...validateScaleStatus(view, target.version.subresources?.scale),
    ...validateEmbeddedResources(view, target.schema),
    ...listTypeErrors(view, oldObject, target.schema),
  ];
}

function updateStatus(version: CompiledVersion, context: StageContext, view: JsonObject, oldObject: JsonObject, tally: Tally): FieldError[] {
  const { target } = version;
  const typeErrors = validateTypeMeta(view, target.gvk);
  if (typeErrors.length > 0) return typeErrors;
  const root = context.settings.ratcheting ? requestCorrelation(context, view, oldObject, target.schema).root : undefined;
  const statusErrors = version.status && view.status !== undefined ? version.status.validate(view.status, ['status']) : [];
  const statusRoot = root?.child('status');
  return [
    ...validateObjectMetaUpdate(metadataOf(view), metadataOf(oldObject)),
    ...(root && !statusRoot ? statusErrors.map((e) => e.error) : ratchet(statusErrors, statusRoot, tally, 1)),
    ...validateScaleStatus(view, target.version.subresources?.scale),
    ...validateEmbeddedResources(view, target.schema),
    ...listTypeErrors(view, oldObject, target.schema),
  ];
}

/**
 * schemaValidationStage is the first validation stage: TypeMeta, ObjectMeta,
 * the OpenAPI schema (ratcheted on UPDATE), scale paths, embedded resources
 * and list-type uniqueness, in the order of the apiserver's strategy.Validate.
 */
export function schemaValidationStage(version: CompiledVersion): ValidationStage {
  return {
    name: 'schema',
    validate(context: StageContext): ValidationResult {
      const { request } = context;
      const views = validatedObjects(context);
      if (!views) return EMPTY_VALIDATION;
      const { object, oldObject } = views;
      const tally: Tally = { ratcheted: 0 };
      let errors: FieldError[];
      if (request.subResource === 'status') {
        if (request.operation !== 'UPDATE' || !oldObject) return EMPTY_VALIDATION;
        errors = updateStatus(version, context, object, oldObject, tally);
      } else if (request.operation === 'CREATE') {
        errors = create(version, object);
      } else if (request.operation === 'UPDATE' && oldObject) {
        errors = update(version, context, object, oldObject, tally);
      } else {
        return EMPTY_VALIDATION;
      }
      const counts = tally.ratcheted > 0 ? { counts: { ratchetedErrors: tally.ratcheted } } : {};
      return errors.length > 0 || tally.ratcheted > 0 ? { errors, warnings: [], ...counts } : EMPTY_VALIDATION;
    },
  };
}
