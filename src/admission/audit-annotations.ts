import { createHash } from 'node:crypto';

// The apiserver stores a webhook's annotation as `<webhook name>/<key>`: the key must be the
// name part of a qualified name (no `/`, at most 63 characters), or it is logged and dropped.
const NAME_PART = /^([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]$/;
const NAME_PART_MAX = 63;

/**
 * webhookAuditKey turns an annotation key as Kubernetes' admission policies
 * name it (`<policy>/<key>`, `validation.policy.admission.k8s.io/validation_failure`)
 * into one the apiserver accepts from a webhook: `/` becomes `_`, and a key
 * still too long keeps its last part behind a short hash of the rest.
 */
export function webhookAuditKey(key: string): string {
  const flat = key.replaceAll('/', '_');
  if (flat.length <= NAME_PART_MAX && NAME_PART.test(flat)) return flat;
  const slash = key.lastIndexOf('/');
  const tail = (slash >= 0 ? key.slice(slash + 1) : key).replace(/[^-A-Za-z0-9_.]/g, '_');
  const hash = createHash('sha256').update(key).digest('hex').slice(0, 8);
  const candidate = `${hash}_${tail}`.slice(0, NAME_PART_MAX).replace(/[^A-Za-z0-9]+$/, '');
  return candidate.length > 0 ? candidate : hash;
}

/** webhookAuditAnnotations maps every key with webhookAuditKey; values are kept. */
export function webhookAuditAnnotations(annotations: Readonly<Record<string, string>>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(annotations)) out[webhookAuditKey(key)] = value;
  return out;
}
