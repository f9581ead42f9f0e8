import { randomUUID } from 'node:crypto';
import type { GroupVersionKind } from '../admission/types.js';
import type { ProfileIndex } from '../profiles/profile.js';
import type { JsonObject } from '../util/json.js';
import { deepClone, isJsonObject } from '../util/json.js';
import type { ReviewParts } from './build-review.js';
import { admissionReviewV1, operationOptions } from './build-review.js';

/** DEFAULT_USER and DEFAULT_GROUPS are who a kubeadm cluster's admin kubeconfig authenticates as. */
export const DEFAULT_USER = 'kubernetes-admin';
export const DEFAULT_GROUPS: readonly string[] = ['system:masters', 'system:authenticated'];

/** MakeReviewOptions describe the request a manifest is sent with. */
export interface MakeReviewOptions {
  readonly operation: ReviewParts['operation'];
  readonly username: string;
  readonly groups: readonly string[];
  /** --namespace: the request namespace, as kubectl's; `default` when absent. */
  readonly namespace?: string;
  readonly dryRun: boolean;
  readonly newUid?: () => string;
}

// The field managers kubectl sends (kubectl create / kubectl replace); delete cascades in the background.
const OPTIONS_EXTRA: Readonly<Record<ReviewParts['operation'], JsonObject>> = {
  CREATE: { fieldManager: 'kubectl-create', fieldValidation: 'Strict' },
  UPDATE: { fieldManager: 'kubectl-replace', fieldValidation: 'Strict' },
  DELETE: { propagationPolicy: 'Background' },
};

/** groupVersionKindOf reads apiVersion and kind of a manifest, or says what is missing. */
export function groupVersionKindOf(manifest: JsonObject): GroupVersionKind | string {
  const { apiVersion, kind } = manifest;
  if (typeof apiVersion !== 'string' || apiVersion.length === 0) return 'the object has no apiVersion';
  if (typeof kind !== 'string' || kind.length === 0) return 'the object has no kind';
  const slash = apiVersion.lastIndexOf('/');
  return { group: slash < 0 ? '' : apiVersion.slice(0, slash), version: apiVersion.slice(slash + 1), kind };
}

function metadataOf(manifest: JsonObject): JsonObject {
  return isJsonObject(manifest.metadata) ? manifest.metadata : {};
}

/** objectIdentity names a manifest for matching and messages: `CronTab default/my-cron`. */
export function objectIdentity(manifest: JsonObject): string {
  const metadata = metadataOf(manifest);
  const ns = typeof metadata.namespace === 'string' ? `${metadata.namespace}/` : '';
  const name = typeof metadata.name === 'string' ? metadata.name : typeof metadata.generateName === 'string' ? `${metadata.generateName}*` : '(no name)';
  return `${typeof manifest.kind === 'string' ? manifest.kind : '(no kind)'} ${ns}${name}`;
}

function resolveNamespace(manifest: JsonObject, requested: string | undefined): string | { error: string } {
  const own = metadataOf(manifest).namespace;
  if (typeof own === 'string' && own.length > 0) {
    if (requested !== undefined && requested !== own) {
      return { error: `the namespace from the provided object "${own}" does not match the namespace "${requested}"` };
    }
    return own;
  }
  return requested ?? 'default';
}

/** withNamespace sets metadata.namespace on a copy, as the apiserver fills it from the request URL. */
function withNamespace(manifest: JsonObject | null, namespace: string | undefined): JsonObject | null {
  if (manifest === null || namespace === undefined) return manifest;
  const copy = deepClone(manifest);
  copy.metadata = { ...metadataOf(copy), namespace };
  return copy;
}

/**
 * reviewFromManifest builds the admission.k8s.io/v1 AdmissionReview the
 * apiserver sends a webhook for a plain manifest: kind, resource and scope
 * from the loaded CRDs, a fresh uid, the namespace (from the object, else
 * --namespace, else `default` for namespaced kinds), userInfo, and the
 * object/oldObject and options of the operation (DELETE: object null, the
 * manifest is the old object). It returns a message naming the kind when no
 * loaded CRD serves it.
 */
export function reviewFromManifest(
  manifest: JsonObject,
  old: JsonObject | null,
  profiles: ProfileIndex,
  options: MakeReviewOptions,
): JsonObject | string {
  const gvk = groupVersionKindOf(manifest);
  if (typeof gvk === 'string') return `${objectIdentity(manifest)}: ${gvk}`;
  const profile = profiles.byGroupVersionKind(gvk);
  if (!profile) {
    const served = profiles.profiles.filter((p) => p.gvk.kind === gvk.kind && p.gvk.group === gvk.group).map((p) => p.gvk.version);
    const hint = served.length > 0 ? ` (served versions: ${served.join(', ')})` : '; load its CustomResourceDefinition with --crds';
    return `no CustomResourceDefinition loaded for kind ${gvk.kind} in ${gvk.group ? `${gvk.group}/` : ''}${gvk.version}${hint}`;
  }
  let namespace: string | undefined;
  if (profile.scope === 'Namespaced') {
    const resolved = resolveNamespace(manifest, options.namespace);
    if (typeof resolved !== 'string') return `${objectIdentity(manifest)}: ${resolved.error}`;
    namespace = resolved;
  }
  const name = metadataOf(manifest).name;
  const isDelete = options.operation === 'DELETE';
  return admissionReviewV1({
    uid: (options.newUid ?? randomUUID)(),
    operation: options.operation,
    kind: profile.gvk,
    resource: profile.gvr,
    ...(typeof name === 'string' && name ? { name } : {}),
    ...(namespace ? { namespace } : {}),
    userInfo: { username: options.username, groups: options.groups },
    object: isDelete ? null : withNamespace(manifest, namespace),
    oldObject: isDelete ? withNamespace(manifest, namespace) : withNamespace(old, namespace),
    dryRun: options.dryRun,
    options: operationOptions(options.operation, options.dryRun, OPTIONS_EXTRA[options.operation]),
  });
}

/**
 * matchOldObject finds the old object of a manifest among the --old
 * documents: the only one, or the one with the same kind, namespace and name.
 */
export function matchOldObject(manifest: JsonObject, olds: readonly JsonObject[]): JsonObject | undefined {
  if (olds.length === 1) return olds[0];
  const want = metadataOf(manifest);
  return olds.find((old) => {
    const have = metadataOf(old);
    const sameNamespace = have.namespace === undefined || want.namespace === undefined || have.namespace === want.namespace;
    return old.kind === manifest.kind && have.name === want.name && sameNamespace;
  });
}
