import type { AdmissionRequest, GroupVersionKind } from '../../src/admission/types.js';
import type { JsonObject } from '../../src/util/json.js';

/**
 * customResourceRequest builds the AdmissionRequest the apiserver sends for a
 * custom object: CREATE without an old object, UPDATE with one.
 */
export function customResourceRequest(
  gvk: GroupVersionKind,
  resource: string,
  object: JsonObject,
  oldObject: JsonObject | null = null,
  overrides: Partial<AdmissionRequest> = {},
): AdmissionRequest {
  return {
    uid: 'u1',
    kind: gvk,
    resource: { group: gvk.group, version: gvk.version, resource },
    namespace: 'default',
    operation: oldObject ? 'UPDATE' : 'CREATE',
    userInfo: { username: 'alice' },
    object,
    oldObject,
    dryRun: false,
    options: null,
    ...overrides,
  };
}
