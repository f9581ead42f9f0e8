import type { ManifestDocument } from '../config/manifest-files.js';
import type { CustomResourceDefinition, CustomResourceDefinitionVersion } from '../crd/types.js';
import type { JsonValue } from '../util/json.js';
import { isJsonObject } from '../util/json.js';

/** Operation is an admission operation a rule can name. */
export type Operation = 'CREATE' | 'UPDATE' | 'DELETE' | 'CONNECT';

/** WebhookRule is admissionregistration/v1 RuleWithOperations as we generate it. */
export interface WebhookRule {
  operations: Operation[];
  apiGroups: string[];
  apiVersions: string[];
  resources: string[];
  scope: 'Namespaced' | 'Cluster';
}

/** SubresourceSet says which subresources a webhook wants listed. */
export interface SubresourceSet {
  readonly status: boolean;
  readonly scale: boolean;
}

function resourcesOf(plural: string, version: CustomResourceDefinitionVersion, wanted: SubresourceSet): string[] {
  const resources = [plural];
  if (wanted.status && version.subresources?.status != null) resources.push(`${plural}/status`);
  if (wanted.scale && version.subresources?.scale != null) resources.push(`${plural}/scale`);
  return resources;
}

/**
 * crdRules lists the rules of one CRD: its served versions grouped by the
 * subresources they enable (a `/status` rule only where a version has it),
 * versions and groups sorted so the output does not depend on file order.
 */
export function crdRules(crd: CustomResourceDefinition, operations: readonly Operation[], wanted: SubresourceSet): WebhookRule[] {
  const byResources = new Map<string, { resources: string[]; versions: string[] }>();
  for (const version of crd.spec.versions) {
    if (!version.served) continue;
    const resources = resourcesOf(crd.spec.names.plural, version, wanted);
    const key = resources.join(',');
    const entry = byResources.get(key) ?? { resources, versions: [] };
    entry.versions.push(version.name);
    byResources.set(key, entry);
  }
  return [...byResources.values()]
    .map((entry) => ({
      operations: [...operations],
      apiGroups: [crd.spec.group],
      apiVersions: [...entry.versions].sort(),
      resources: entry.resources,
      scope: crd.spec.scope,
    }))
    .sort((a, b) => compareStrings(a.resources.join(','), b.resources.join(',')));
}

/** compareStrings orders by code unit, independent of the locale. */
export function compareStrings(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function strings(value: JsonValue | undefined): string[] {
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];
}

function ruleCovers(rule: JsonValue, group: string, plural: string): boolean {
  if (!isJsonObject(rule)) return false;
  const groups = strings(rule.apiGroups);
  const resources = strings(rule.resources);
  const operations = strings(rule.operations);
  const groupMatches = groups.includes('*') || groups.includes(group);
  // `x/*` names only the subresources of x; `*` and `*/*` include the resource itself.
  const resourceMatches = resources.some((r) => r === '*' || r === '*/*' || r === plural);
  const deletes = operations.includes('*') || operations.includes('DELETE');
  return groupMatches && resourceMatches && deletes;
}

/**
 * policiesDeleting tells whether a ValidatingAdmissionPolicy among the
 * documents asks for DELETE of the CRD's resource in matchConstraints.resourceRules.
 * Only DELETE matters here: CREATE and UPDATE are always registered.
 */
export function policiesDeleting(documents: readonly ManifestDocument[], crd: CustomResourceDefinition): boolean {
  return documents.some(({ value }) => {
    if (!isJsonObject(value) || value.kind !== 'ValidatingAdmissionPolicy') return false;
    const spec = value.spec;
    const constraints = isJsonObject(spec) ? spec.matchConstraints : undefined;
    const rules = isJsonObject(constraints) && Array.isArray(constraints.resourceRules) ? constraints.resourceRules : [];
    return rules.some((rule) => ruleCovers(rule, crd.spec.group, crd.spec.names.plural));
  });
}
