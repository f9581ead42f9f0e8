/**
 * The apiserver's own field validation for the objects `manifests` generates,
 * written from kubernetes/kubernetes pkg/apis/admissionregistration/validation,
 * apimachinery util/validation and apiserver util/webhook (see
 * kubernetes-semantics.md section 2.1). Each check returns errors as
 * `path: detail`; an empty list means the apiserver would accept the object.
 */

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const strings = (v: unknown): string[] => (Array.isArray(v) ? v.map(String) : []);

const DNS1123_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const DNS1035_LABEL = /^[a-z]([-a-z0-9]*[a-z0-9])?$/;
const QUALIFIED_NAME_PART = /^([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]$/;
const LABEL_VALUE = /^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$/;
const IANA_SVC_NAME = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;

export function isDns1123Label(v: string): boolean {
  return v.length <= 63 && DNS1123_LABEL.test(v);
}
export function isDns1035Label(v: string): boolean {
  return v.length <= 63 && DNS1035_LABEL.test(v);
}
export function isDns1123Subdomain(v: string): boolean {
  return v.length <= 253 && v.split('.').every((part) => DNS1123_LABEL.test(part));
}
/** isQualifiedName is IsQualifiedName: label and annotation keys. */
export function isQualifiedName(v: string): boolean {
  const parts = v.split('/');
  if (parts.length > 2) return false;
  const name = parts.length === 2 ? parts[1]! : parts[0]!;
  if (parts.length === 2 && (parts[0] === '' || !isDns1123Subdomain(parts[0]!))) return false;
  return name.length <= 63 && QUALIFIED_NAME_PART.test(name);
}
export function isLabelValue(v: string): boolean {
  return v.length <= 63 && LABEL_VALUE.test(v);
}
/** isPortName is IsValidPortName (IANA_SVC_NAME). */
export function isPortName(v: string): boolean {
  return v.length <= 15 && IANA_SVC_NAME.test(v) && /[a-z]/.test(v) && !v.includes('--');
}

/** labelSelectorErrors is metav1validation.ValidateLabelSelector. */
export function labelSelectorErrors(selector: unknown, path: string): string[] {
  if (selector === undefined) return [];
  if (!isObj(selector)) return [`${path}: must be an object`];
  const errors: string[] = [];
  for (const [k, v] of Object.entries(isObj(selector.matchLabels) ? selector.matchLabels : {})) {
    if (!isQualifiedName(k)) errors.push(`${path}.matchLabels: Invalid key ${k}`);
    if (!isLabelValue(String(v))) errors.push(`${path}.matchLabels: Invalid value ${String(v)}`);
  }
  (Array.isArray(selector.matchExpressions) ? selector.matchExpressions : []).forEach((e: unknown, i) => {
    const p = `${path}.matchExpressions[${i}]`;
    if (!isObj(e)) return void errors.push(`${p}: must be an object`);
    const values = strings(e.values);
    if (!isQualifiedName(String(e.key))) errors.push(`${p}.key: Invalid value`);
    if (e.operator === 'In' || e.operator === 'NotIn') {
      if (values.length === 0) errors.push(`${p}.values: Required value: must be specified when \`operator\` is 'In' or 'NotIn'`);
    } else if (e.operator === 'Exists' || e.operator === 'DoesNotExist') {
      if (values.length > 0) errors.push(`${p}.values: Forbidden: may not be specified when \`operator\` is 'Exists' or 'DoesNotExist'`);
    } else {
      errors.push(`${p}.operator: Invalid value: ${String(e.operator)}: not a valid selector operator`);
    }
    for (const v of values) if (!isLabelValue(v)) errors.push(`${p}.values: Invalid value: ${v}`);
  });
  return errors;
}

/** objectMetaErrors is ValidateObjectMeta for names, namespace, labels and annotation keys. */
export function objectMetaErrors(metadata: unknown, nameIsValid: (name: string) => boolean, namespaced: boolean): string[] {
  if (!isObj(metadata)) return ['metadata: Required value'];
  const errors: string[] = [];
  if (typeof metadata.name !== 'string' || !nameIsValid(metadata.name)) errors.push(`metadata.name: Invalid value: ${String(metadata.name)}`);
  if (namespaced && (typeof metadata.namespace !== 'string' || !isDns1123Label(metadata.namespace))) {
    errors.push(`metadata.namespace: Invalid value: ${String(metadata.namespace)}`);
  }
  if (!namespaced && metadata.namespace !== undefined) errors.push('metadata.namespace: Forbidden: not allowed on this type');
  for (const [k, v] of Object.entries(isObj(metadata.labels) ? metadata.labels : {})) {
    if (!isQualifiedName(k)) errors.push(`metadata.labels: Invalid value: ${k}`);
    if (typeof v !== 'string' || !isLabelValue(v)) errors.push(`metadata.labels: Invalid value: ${String(v)}`);
  }
  for (const k of Object.keys(isObj(metadata.annotations) ? metadata.annotations : {})) {
    if (!isQualifiedName(k.toLowerCase())) errors.push(`metadata.annotations: Invalid value: ${k}`);
  }
  return errors;
}
