import type { GroupVersionKind, GroupVersionResource, Operation, UserInfo } from '../admission/types.js';
import type { JsonObject } from '../util/json.js';

/** ReviewParts are the facts an AdmissionReview request is made of. */
export interface ReviewParts {
  readonly uid: string;
  readonly operation: Exclude<Operation, 'CONNECT'>;
  readonly kind: GroupVersionKind;
  readonly resource: GroupVersionResource;
  readonly subResource?: string;
  readonly name?: string;
  readonly namespace?: string;
  readonly userInfo: UserInfo;
  readonly object: JsonObject | null;
  readonly oldObject: JsonObject | null;
  readonly dryRun: boolean;
  readonly options: JsonObject | null;
}

const OPTIONS_KIND: Readonly<Record<ReviewParts['operation'], string>> = {
  CREATE: 'CreateOptions',
  UPDATE: 'UpdateOptions',
  DELETE: 'DeleteOptions',
};

/**
 * operationOptions is the options object the apiserver sends with an
 * operation: meta.k8s.io/v1 CreateOptions, UpdateOptions or DeleteOptions,
 * with `dryRun: ["All"]` on a dry run.
 */
export function operationOptions(operation: ReviewParts['operation'], dryRun: boolean, extra: JsonObject = {}): JsonObject {
  return {
    kind: OPTIONS_KIND[operation],
    apiVersion: 'meta.k8s.io/v1',
    ...extra,
    ...(dryRun ? { dryRun: ['All'] } : {}),
  };
}

/**
 * admissionReviewV1 renders parts as an admission.k8s.io/v1 AdmissionReview
 * as the apiserver sends it: requestKind/requestResource equal to the matched
 * kind and resource, `object`/`oldObject` null where absent, dryRun always set.
 */
export function admissionReviewV1(parts: ReviewParts): JsonObject {
  const kind = { ...parts.kind };
  const resource = { ...parts.resource };
  const userInfo: JsonObject = {
    ...(parts.userInfo.username !== undefined ? { username: parts.userInfo.username } : {}),
    ...(parts.userInfo.uid !== undefined ? { uid: parts.userInfo.uid } : {}),
    ...(parts.userInfo.groups !== undefined ? { groups: [...parts.userInfo.groups] } : {}),
    ...(parts.userInfo.extra !== undefined
      ? { extra: Object.fromEntries(Object.entries(parts.userInfo.extra).map(([k, v]) => [k, [...v]])) }
      : {}),
  };
  return {
    apiVersion: 'admission.k8s.io/v1',
    kind: 'AdmissionReview',
    request: {
      uid: parts.uid,
      kind,
      resource,
      ...(parts.subResource ? { subResource: parts.subResource } : {}),
      requestKind: { ...kind },
      requestResource: { ...resource },
      ...(parts.subResource ? { requestSubResource: parts.subResource } : {}),
      ...(parts.name ? { name: parts.name } : {}),
      ...(parts.namespace ? { namespace: parts.namespace } : {}),
      operation: parts.operation,
      userInfo,
      object: parts.object,
      oldObject: parts.oldObject,
      dryRun: parts.dryRun,
      options: parts.options,
    },
  };
}
