import type { AdmissionRequest, Status, StatusCause } from '../admission/types.js';
import { isJsonObject } from '../util/json.js';

// extractResourceName of the apiserver's admission package: name, else generateName, else "Unknown".
function resourceName(request: AdmissionRequest): string {
  const metadata = request.object?.metadata;
  if (isJsonObject(metadata)) {
    if (typeof metadata.name === 'string' && metadata.name !== '') return metadata.name;
    if (typeof metadata.generateName === 'string' && metadata.generateName !== '') return metadata.generateName;
  }
  return 'Unknown';
}

/**
 * forbiddenStatus is admission.NewForbidden with the policy's reason and
 * code: `<resource>.<group> "<name>" is forbidden: <message>`.
 */
export function forbiddenStatus(
  request: AdmissionRequest,
  message: string,
  reason: string,
  code: number,
  causes: readonly StatusCause[],
  prefixed = true,
): Status {
  const { group, resource } = request.resource;
  const qualified = group ? `${resource}.${group}` : resource;
  const name = resourceName(request);
  return {
    code,
    status: 'Failure',
    reason,
    message: prefixed ? `${qualified} ${JSON.stringify(name)} is forbidden: ${message}` : message,
    details: { name, group, kind: resource, causes },
  };
}
