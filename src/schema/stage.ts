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
import type { ListTypePlan } from './listtype.js';
import { compileListTypes, validateListSetsAndMaps } from './listtype.js';
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

// Appends without a copy when there is nothing to add (the common case).
function append(out: FieldError[], more: readonly FieldError[]): void {
  for (let i = 0; i < more.length; i++) out.push(more[i] as FieldError);
}

// Keeps the errors ratcheting does not drop (all of them without a correlation root).
function ratchet(out: FieldError[], errors: readonly LocatedError[], root: CorrelatedNode | undefined, tally: Tally, skip = 0): void {
  for (const e of errors) {
    if (root && isRatcheted(root, skip === 0 ? e.location : e.location.slice(skip))) tally.ratcheted++;
    else out.push(e.error);
  }
}

// The request's correlation, built (once per request, shared with CEL) only when there are errors to ratchet.
function correlationRoot(context: StageContext, view: JsonObject, oldObject: JsonObject, schema: JSONSchemaProps): CorrelatedNode | undefined {
  return context.settings.ratcheting ? requestCorrelation(context, view, oldObject, schema).root : undefined;
}

function listTypeErrors(out: FieldError[], plan: ListTypePlan | undefined, object: JsonObject, oldObject: JsonObject | null): void {
  const errors = validateListSetsAndMaps(object, plan);
  // Duplicates are reported on UPDATE only if the old object had none (strategy.go): checked only when there are some.
  if (errors.length === 0 || (oldObject && validateListSetsAndMaps(oldObject, plan).length > 0)) return;
  append(out, errors);
}

/**
 * schemaErrors validates the object against the schema; if an error is about
 * a null the apiserver would have pruned or defaulted first, it validates the
 * object as the apiserver would see it instead (returned as `view`).
 */
function schemaErrors(version: CompiledVersion, object: JsonObject): { view: JsonObject; errors: readonly LocatedError[] } {
  const errors = version.schema.validate(object);
  if (errors.length === 0 || !hasStrayNull(errors, object)) return { view: object, errors };
  const view = withoutStrayNulls(object, version.target.schema);
  return { view, errors: version.schema.validate(view) };
}

function create(version: CompiledVersion, plan: ListTypePlan | undefined, object: JsonObject): readonly FieldError[] {
  const { target } = version;
  const typeErrors = validateTypeMeta(object, target.gvk);
  if (typeErrors.length > 0) return typeErrors;
  const { view, errors } = schemaErrors(version, object);
  const out = validateObjectMeta(metadataOf(view), target.scope === 'Namespaced', nameIsDnsSubdomain);
  for (const e of errors) out.push(e.error);
  const scale = target.version.subresources?.scale;
  if (scale) {
    append(out, validateScaleSpec(view, scale));
    append(out, validateScaleStatus(view, scale));
  }
  append(out, validateEmbeddedResources(view, target.schema));
  listTypeErrors(out, plan, view, null);
  return out;
}

function update(version: CompiledVersion, plan: ListTypePlan | undefined, context: StageContext, object: JsonObject, oldObject: JsonObject, tally: Tally): readonly FieldError[] {
  const { target } = version;
  const typeErrors = validateTypeMeta(object, target.gvk);
  if (typeErrors.length > 0) return typeErrors;
  const { view, errors } = schemaErrors(version, object);
  const out = validateObjectMetaUpdate(metadataOf(view), metadataOf(oldObject));
  if (errors.length > 0) ratchet(out, errors, correlationRoot(context, view, oldObject, target.schema), tally);
  const scale = target.version.subresources?.scale;
  if (scale) {
    append(out, validateScaleSpec(view, scale));
    append(out, validateScaleStatus(view, scale));
  }
  append(out, validateEmbeddedResources(view, target.schema));
  listTypeErrors(out, plan, view, oldObject);
  return out;
}

function updateStatus(version: CompiledVersion, plan: ListTypePlan | undefined, context: StageContext, view: JsonObject, oldObject: JsonObject, tally: Tally): readonly FieldError[] {
  const { target } = version;
  const typeErrors = validateTypeMeta(view, target.gvk);
  if (typeErrors.length > 0) return typeErrors;
  const statusErrors = version.status && view.status !== undefined ? version.status.validate(view.status, ['status']) : [];
  const out = validateObjectMetaUpdate(metadataOf(view), metadataOf(oldObject));
  if (statusErrors.length > 0) {
    const root = correlationRoot(context, view, oldObject, target.schema);
    const statusRoot = root?.child('status');
    if (root && !statusRoot) for (const e of statusErrors) out.push(e.error);
    else ratchet(out, statusErrors, statusRoot, tally, 1);
  }
  append(out, validateScaleStatus(view, target.version.subresources?.scale));
  append(out, validateEmbeddedResources(view, target.schema));
  listTypeErrors(out, plan, view, oldObject);
  return out;
}

/**
 * schemaValidationStage is the first validation stage: TypeMeta, ObjectMeta,
 * the OpenAPI schema (ratcheted on UPDATE), scale paths, embedded resources
 * and list-type uniqueness, in the order of the apiserver's strategy.Validate.
 */
export function schemaValidationStage(version: CompiledVersion): ValidationStage {
  const plan = compileListTypes(version.target.schema);
  return {
    name: 'schema',
    validate(context: StageContext): ValidationResult {
      const { request } = context;
      const views = validatedObjects(context);
      if (!views) return EMPTY_VALIDATION;
      const { object, oldObject } = views;
      const tally: Tally = { ratcheted: 0 };
      let errors: readonly FieldError[];
      if (request.subResource === 'status') {
        if (request.operation !== 'UPDATE' || !oldObject) return EMPTY_VALIDATION;
        errors = updateStatus(version, plan, context, object, oldObject, tally);
      } else if (request.operation === 'CREATE') {
        errors = create(version, plan, object);
      } else if (request.operation === 'UPDATE' && oldObject) {
        errors = update(version, plan, context, object, oldObject, tally);
      } else {
        return EMPTY_VALIDATION;
      }
      const counts = tally.ratcheted > 0 ? { counts: { ratchetedErrors: tally.ratcheted } } : {};
      return errors.length > 0 || tally.ratcheted > 0 ? { errors, warnings: [], ...counts } : EMPTY_VALIDATION;
    },
  };
}
