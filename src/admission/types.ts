import type { JsonObject, JsonValue } from '../util/json.js';

/** AdmissionApiVersion lists the AdmissionReview versions the apiserver may send. */
export type AdmissionApiVersion = 'admission.k8s.io/v1' | 'admission.k8s.io/v1beta1';

export const ADMISSION_API_VERSIONS: readonly AdmissionApiVersion[] = [
  'admission.k8s.io/v1',
  'admission.k8s.io/v1beta1',
];

/** Operation is the operation the apiserver performed. */
export type Operation = 'CREATE' | 'UPDATE' | 'DELETE' | 'CONNECT';

export const OPERATIONS: readonly Operation[] = ['CREATE', 'UPDATE', 'DELETE', 'CONNECT'];

export interface GroupVersionKind {
  readonly group: string;
  readonly version: string;
  readonly kind: string;
}

export interface GroupVersionResource {
  readonly group: string;
  readonly version: string;
  readonly resource: string;
}

/** UserInfo is authentication/v1 UserInfo; every field may be absent on the wire. */
export interface UserInfo {
  readonly username?: string;
  readonly uid?: string;
  readonly groups?: readonly string[];
  readonly extra?: Readonly<Record<string, readonly string[]>>;
}

/** AdmissionRequest is admission/v1 AdmissionRequest, decoded and checked. */
export interface AdmissionRequest {
  readonly uid: string;
  readonly kind: GroupVersionKind;
  readonly resource: GroupVersionResource;
  readonly subResource?: string;
  readonly requestKind?: GroupVersionKind;
  readonly requestResource?: GroupVersionResource;
  readonly requestSubResource?: string;
  readonly name?: string;
  readonly namespace?: string;
  readonly operation: Operation;
  readonly userInfo: UserInfo;
  /** The new object; null for DELETE. Never re-serialised: patches are computed against it. */
  readonly object: JsonObject | null;
  /** The existing object for UPDATE and DELETE; null for CREATE. */
  readonly oldObject: JsonObject | null;
  readonly dryRun: boolean;
  readonly options: JsonObject | null;
}

/** AdmissionReviewRequest is a decoded review: the version it came in and its request. */
export interface AdmissionReviewRequest {
  readonly apiVersion: AdmissionApiVersion;
  readonly request: AdmissionRequest;
}

/** StatusCause is metav1.StatusCause. */
export interface StatusCause {
  readonly reason: string;
  readonly message: string;
  readonly field?: string;
}

/** Status is the part of metav1.Status a webhook answers with. */
export interface Status {
  readonly code: number;
  readonly status: 'Failure';
  readonly reason: string;
  readonly message: string;
  readonly details?: {
    readonly name?: string;
    readonly group?: string;
    readonly kind?: string;
    readonly causes?: readonly StatusCause[];
  };
}

/** JsonPatchOperation is one RFC 6902 operation. */
export type JsonPatchOperation =
  | { readonly op: 'add' | 'replace' | 'test'; readonly path: string; readonly value: JsonValue }
  | { readonly op: 'remove'; readonly path: string }
  | { readonly op: 'move' | 'copy'; readonly path: string; readonly from: string };
