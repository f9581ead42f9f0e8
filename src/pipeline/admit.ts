import type { Endpoint } from '../admission/codec.js';
import type { Decision } from '../admission/decision.js';
import { addCounts, allow, deny, errored, invalidStatus, patched } from '../admission/decision.js';
import type { FieldError } from '../admission/field-error.js';
import type { AdmissionRequest, JsonPatchOperation, Status } from '../admission/types.js';
import type { Configuration } from '../config/load.js';
import type { ResourceProfile } from '../profiles/profile.js';
import type { JsonObject } from '../util/json.js';
import { deepClone, isJsonObject } from '../util/json.js';
import { applyOperations } from './apply-patch.js';
import type { MutationStage, StageContext } from './stage.js';

/** unknownResourceWarning is the warning for a resource no loaded CRD describes. */
export function unknownResourceWarning(request: AdmissionRequest): string {
  const { group, version, resource } = request.resource;
  const name = group ? `${resource}.${version}.${group}` : `${resource}.${version}`;
  return `crd-admission: no CustomResourceDefinition loaded for ${name}; the request was not checked`;
}

function context(request: AdmissionRequest, profile: ResourceProfile, config: Configuration, object: JsonObject | null): StageContext {
  return { request, profile, object, oldObject: request.oldObject, settings: config.settings, scratch: new Map() };
}

function mutate(request: AdmissionRequest, profile: ResourceProfile, config: Configuration): Decision {
  // The apiserver refuses any patch when there is no object (DELETE) and CONNECT carries options, not the resource.
  if (request.operation === 'DELETE' || request.operation === 'CONNECT' || request.object === null) return allow();
  const original = request.object;
  let draft: JsonObject = original;
  const patch: JsonPatchOperation[] = [];
  const warnings: string[] = [];
  const counts: Record<string, number> = {};
  const scratch = new Map<symbol, unknown>();
  const stages = profile.mutators;
  for (let index = 0; index < stages.length; index++) {
    const stage = stages[index] as MutationStage;
    const result = stage.mutate({ ...context(request, profile, config, draft), scratch });
    warnings.push(...result.warnings);
    addCounts(counts, result.counts);
    if (result.denial) return withCounts(deny(result.denial, warnings), counts);
    if (result.patch.length === 0) continue;
    patch.push(...result.patch);
    // Nothing reads the draft after the last stage: copying and patching it would only cost time.
    if (index === stages.length - 1) break;
    if (draft === original) draft = deepClone(original);
    // Values are copied so that later stages editing the draft never alter this stage's operations.
    applyOperations(draft, result.patch.map((operation) => deepClone(operation as unknown as JsonObject) as unknown as JsonPatchOperation));
  }
  return withCounts(patched(patch, warnings), counts);
}

function objectName(request: AdmissionRequest): string {
  const metadata = request.object?.metadata ?? request.oldObject?.metadata;
  if (isJsonObject(metadata) && typeof metadata.name === 'string') return metadata.name;
  return request.name ?? '';
}

/**
 * withDenialCauses keeps the 422 status of field errors (the apiserver's
 * message) and appends the causes of a policy denial, so that one answer
 * lists every failed rule.
 */
function withDenialCauses(status: Status, denial: Status | undefined): Status {
  const extra = denial?.details?.causes ?? [];
  if (extra.length === 0) return status;
  return { ...status, details: { ...status.details, causes: [...(status.details?.causes ?? []), ...extra] } };
}

function validate(request: AdmissionRequest, profile: ResourceProfile, config: Configuration): Decision {
  const errors: FieldError[] = [];
  const warnings: string[] = [];
  const auditAnnotations: Record<string, string> = {};
  const counts: Record<string, number> = {};
  let denial: Status | undefined;
  const shared = context(request, profile, config, request.object);
  for (const stage of profile.validators) {
    const result = stage.validate(shared, errors);
    errors.push(...result.errors);
    warnings.push(...result.warnings);
    if (result.auditAnnotations) Object.assign(auditAnnotations, result.auditAnnotations);
    addCounts(counts, result.counts);
    denial ??= result.denial;
  }
  let decision: Decision;
  if (errors.length > 0) {
    const status = invalidStatus({ group: profile.gvk.group, kind: profile.gvk.kind, name: objectName(request) }, errors);
    decision = deny(withDenialCauses(status, denial), warnings);
  } else if (denial) {
    decision = deny(denial, warnings);
  } else {
    decision = allow(warnings);
  }
  if (Object.keys(auditAnnotations).length > 0) decision = { ...decision, auditAnnotations };
  return withCounts(decision, counts);
}

function withCounts(decision: Decision, counts: Record<string, number>): Decision {
  return Object.keys(counts).length > 0 ? { ...decision, counts } : decision;
}

/** resolveProfile finds the compiled profile for the resource the webhook was called for. */
export function resolveProfile(request: AdmissionRequest, config: Configuration): ResourceProfile | undefined {
  return config.profiles.byGroupVersionResource(request.resource);
}

/**
 * admit runs one request through the mutating or validating stages of its
 * resource's profile. It is the single road for the server and replay alike.
 * It never throws: an unexpected failure becomes a 500 decision.
 */
export function admit(request: AdmissionRequest, endpoint: Endpoint, config: Configuration): Decision {
  try {
    const profile = resolveProfile(request, config);
    if (!profile) return allow([unknownResourceWarning(request)]);
    // Scale requests carry an autoscaling/v1 Scale, not the custom object: no schema applies.
    if (request.subResource !== undefined && request.subResource !== 'status') return allow();
    return endpoint === 'mutate' ? mutate(request, profile, config) : validate(request, profile, config);
  } catch (error) {
    return errored(500, `crd-admission: internal error while admitting the request: ${(error as Error).message}`);
  }
}
