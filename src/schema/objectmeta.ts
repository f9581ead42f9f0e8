import type { FieldError } from '../admission/field-error.js';
import { forbidden, invalid, required, tooLongBytes } from '../admission/field-error.js';
import type { GroupVersionKind } from '../admission/types.js';
import type { JsonObject, JsonValue } from '../util/json.js';
import { isJsonObject } from '../util/json.js';
import {
  isDns1123Label,
  isDns1123Subdomain,
  isLabelValueValid,
  isQualifiedName,
  isQualifiedNameValid,
  isValidLabelValue,
  isValidPathSegmentName,
  maskTrailingDash,
} from '../util/k8s-names.js';

/** NameCheck is a ValidateNameFunc: messages for a name, `prefix` for generateName. */
export type NameCheck = (name: string, prefix: boolean) => string[];

/** TOTAL_ANNOTATION_SIZE_LIMIT_B is apimachinery's TotalAnnotationSizeLimitB (256 KiB). */
export const TOTAL_ANNOTATION_SIZE_LIMIT_B = 256 * (1 << 10);

/** nameIsDnsSubdomain is validation.NameIsDNSSubdomain, the rule for custom object names. */
export const nameIsDnsSubdomain: NameCheck = (name, prefix) => isDns1123Subdomain(prefix ? maskTrailingDash(name) : name);

/** pathSegmentName is path.ValidatePathSegmentName, the rule for names of embedded objects. */
export const pathSegmentName: NameCheck = (name, prefix) =>
  prefix ? isValidPathSegmentName(name).filter((m) => m.startsWith('may not contain')) : isValidPathSegmentName(name);

const text = (value: JsonValue | undefined): string => (typeof value === 'string' ? value : '');

const NO_ERRORS: readonly FieldError[] = Object.freeze([]);

// value === `${group}/${version}` (or version alone for the core group), without building the string.
function isApiVersionOf(value: JsonValue | undefined, gvk: GroupVersionKind): boolean {
  if (typeof value !== 'string') return false;
  const { group, version } = gvk;
  if (group === '') return value === version;
  return value.length === group.length + 1 + version.length && value.startsWith(group) && value.charCodeAt(group.length) === 0x2f && value.endsWith(version);
}

/** validateTypeMeta is customResourceValidator.ValidateTypeMeta: kind and apiVersion of the served version. */
export function validateTypeMeta(object: JsonObject, gvk: GroupVersionKind): readonly FieldError[] {
  if (object.kind === gvk.kind && isApiVersionOf(object.apiVersion, gvk)) return NO_ERRORS;
  const errors: FieldError[] = [];
  if (object.kind !== gvk.kind) errors.push(invalid('kind', text(object.kind), `must be ${gvk.kind}`));
  if (!isApiVersionOf(object.apiVersion, gvk)) {
    const apiVersion = gvk.group === '' ? gvk.version : `${gvk.group}/${gvk.version}`;
    errors.push(invalid('apiVersion', text(object.apiVersion), `must be ${apiVersion}`));
  }
  return errors;
}

// Label and annotation values are strings from the apiserver; anything else is checked as its String() text.
const asText = (value: JsonValue | undefined): string => (typeof value === 'string' ? value : String(value));

/**
 * validateLabels is v1validation.ValidateLabels: qualified keys, values ≤ 63
 * label characters; errors at `${parent}.labels` go to `errors`.
 */
export function validateLabels(labels: JsonValue | undefined, parent: string, errors: FieldError[]): void {
  if (!isJsonObject(labels)) return;
  for (const key in labels) {
    if (!Object.prototype.hasOwnProperty.call(labels, key)) continue;
    const value = asText(labels[key]);
    // The predicates answer the common, valid case without building messages (or the path).
    if (!isQualifiedNameValid(key)) for (const msg of isQualifiedName(key)) errors.push(invalid(`${parent}.labels`, key, msg));
    if (!isLabelValueValid(value)) for (const msg of isValidLabelValue(value)) errors.push(invalid(`${parent}.labels`, value, msg));
  }
}

/**
 * validateAnnotations is ValidateAnnotations: qualified keys (any case) and
 * 256 KiB in total; errors at `${parent}.annotations` go to `errors`.
 */
export function validateAnnotations(annotations: JsonValue | undefined, parent: string, errors: FieldError[]): void {
  if (!isJsonObject(annotations)) return;
  let total = 0;
  for (const key in annotations) {
    if (!Object.prototype.hasOwnProperty.call(annotations, key)) continue;
    const lower = key.toLowerCase();
    if (!isQualifiedNameValid(lower)) for (const msg of isQualifiedName(lower)) errors.push(invalid(`${parent}.annotations`, key, msg));
    total += Buffer.byteLength(key) + Buffer.byteLength(asText(annotations[key]));
  }
  if (total > TOTAL_ANNOTATION_SIZE_LIMIT_B) errors.push(tooLongBytes(`${parent}.annotations`, TOTAL_ANNOTATION_SIZE_LIMIT_B));
}

function validateFinalizers(finalizers: JsonValue | undefined, path: string): FieldError[] {
  if (!Array.isArray(finalizers)) return [];
  const errors: FieldError[] = [];
  for (const finalizer of finalizers) {
    if (typeof finalizer !== 'string' || isQualifiedNameValid(finalizer)) continue;
    for (const msg of isQualifiedName(finalizer)) errors.push(invalid(path, finalizer, msg));
  }
  if (finalizers.includes('orphan') && finalizers.includes('foregroundDeletion')) {
    errors.push(invalid(path, finalizers, 'finalizer orphan and foregroundDeletion cannot be both set'));
  }
  return errors;
}

function ownerReferenceErrors(ref: JsonObject, path: string): FieldError[] {
  const errors: FieldError[] = [];
  const apiVersion = text(ref.apiVersion);
  const version = apiVersion.includes('/') ? apiVersion.slice(apiVersion.indexOf('/') + 1) : apiVersion;
  if (version === '') errors.push(invalid(`${path}.apiVersion`, apiVersion, 'version must not be empty'));
  if (text(ref.kind) === '') errors.push(invalid(`${path}.kind`, text(ref.kind), 'kind must not be empty'));
  if (text(ref.name) === '') errors.push(invalid(`${path}.name`, text(ref.name), 'name must not be empty'));
  if (text(ref.uid) === '') errors.push(invalid(`${path}.uid`, text(ref.uid), 'uid must not be empty'));
  if (apiVersion === 'v1' && ref.kind === 'Event') errors.push(invalid(path, ref, '/v1, Kind=Event is disallowed from being an owner'));
  return errors;
}

/** validateOwnerReferences is ValidateOwnerReferences: each reference complete, at most one controller. */
export function validateOwnerReferences(refs: JsonValue | undefined, path: string): FieldError[] {
  if (!Array.isArray(refs)) return [];
  const errors: FieldError[] = [];
  let firstController = '';
  for (const ref of refs) {
    if (!isJsonObject(ref)) continue;
    errors.push(...ownerReferenceErrors(ref, path));
    if (ref.controller !== true) continue;
    const controller = `${text(ref.kind)}/${text(ref.name)}`;
    if (firstController === '') firstController = controller;
    else errors.push(invalid(path, refs, `Only one reference can have Controller set to true. Found "true" in references for ${firstController} and ${controller}`));
  }
  return errors;
}

function validateNames(meta: JsonObject, nameCheck: NameCheck, path: string): FieldError[] {
  const errors: FieldError[] = [];
  const generateName = text(meta.generateName);
  if (generateName !== '') for (const msg of nameCheck(generateName, true)) errors.push(invalid(`${path}.generateName`, generateName, msg));
  const name = text(meta.name);
  if (name === '') errors.push(required(`${path}.name`, 'name or generateName is required'));
  else for (const msg of nameCheck(name, false)) errors.push(invalid(`${path}.name`, name, msg));
  return errors;
}

function validateNamespace(meta: JsonObject, namespaced: boolean, path: string): FieldError[] {
  const namespace = text(meta.namespace);
  if (!namespaced) return namespace === '' ? [] : [forbidden(`${path}.namespace`, 'not allowed on this type')];
  if (namespace === '') return [required(`${path}.namespace`)];
  return isDns1123Label(namespace).map((msg) => invalid(`${path}.namespace`, namespace, msg));
}

/**
 * validateObjectMeta is ValidateObjectMetaAccessor on CREATE: name (or
 * generateName) by `nameCheck`, namespace by scope, generation, labels,
 * annotations, ownerReferences and finalizers.
 */
export function validateObjectMeta(meta: JsonObject, namespaced: boolean, nameCheck: NameCheck, path = 'metadata'): FieldError[] {
  const errors = [...validateNames(meta, nameCheck, path), ...validateNamespace(meta, namespaced, path)];
  if (typeof meta.generation === 'number' && meta.generation < 0) {
    errors.push(invalid(`${path}.generation`, meta.generation, 'must be greater than or equal to 0'));
  }
  validateLabels(meta.labels, path, errors);
  validateAnnotations(meta.annotations, path, errors);
  errors.push(...validateOwnerReferences(meta.ownerReferences, `${path}.ownerReferences`));
  errors.push(...validateFinalizers(meta.finalizers, `${path}.finalizers`));
  return errors;
}

const IMMUTABLE: readonly string[] = ['name', 'namespace', 'uid'];

/**
 * validateObjectMetaUpdate is ValidateObjectMetaAccessorUpdate: resourceVersion
 * present (when the old object has one), generation not decremented, name,
 * namespace and uid immutable, labels, annotations and ownerReferences valid.
 */
export function validateObjectMetaUpdate(meta: JsonObject, old: JsonObject, path = 'metadata'): FieldError[] {
  const errors: FieldError[] = [];
  if (text(old.resourceVersion) !== '' && text(meta.resourceVersion) === '') {
    errors.push(invalid(`${path}.resourceVersion`, '', 'must be specified for an update'));
  }
  if (typeof meta.generation === 'number' && typeof old.generation === 'number' && meta.generation < old.generation) {
    errors.push(invalid(`${path}.generation`, meta.generation, 'must not be decremented'));
  }
  for (const key of IMMUTABLE) {
    if (text(meta[key]) !== text(old[key])) errors.push(invalid(`${path}.${key}`, text(meta[key]), 'field is immutable'));
  }
  validateLabels(meta.labels, path, errors);
  validateAnnotations(meta.annotations, path, errors);
  if (meta.ownerReferences !== undefined) errors.push(...validateOwnerReferences(meta.ownerReferences, `${path}.ownerReferences`));
  return errors;
}
