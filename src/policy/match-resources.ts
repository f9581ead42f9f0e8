import { invalid, notSupported, required } from '../admission/field-error.js';
import type { Operation } from '../admission/types.js';
import type { JsonObject, JsonValue } from '../util/json.js';
import { isJsonObject } from '../util/json.js';
import type { LabelSelector } from './selector.js';
import { EVERYTHING, readLabelSelector } from './selector.js';
import type { ShapeReader } from './shape.js';

/** RuleScope is admissionregistration ScopeType. */
export type RuleScope = 'Cluster' | 'Namespaced' | '*';

/** ResourcePattern is one entry of `resources`: a resource, optionally with a subresource, either of them possibly a wildcard. */
export interface ResourcePattern {
  readonly resource: string;
  /** '' for the resource itself, '*' for every subresource. */
  readonly subresource: string;
}

/** NamedRule is a NamedRuleWithOperations, checked and split up. */
export interface NamedRule {
  readonly operations: ReadonlySet<string>;
  readonly apiGroups: readonly string[];
  readonly apiVersions: readonly string[];
  readonly resources: readonly ResourcePattern[];
  readonly scope: RuleScope;
  readonly resourceNames: readonly string[];
}

/** MatchPolicy is how a rule written for one version applies to another version of the same resource. */
export type MatchPolicy = 'Exact' | 'Equivalent';

/** MatchResources is admissionregistration MatchResources, compiled. */
export interface MatchResources {
  readonly namespaceSelector: LabelSelector;
  readonly objectSelector: LabelSelector;
  readonly resourceRules: readonly NamedRule[];
  readonly excludeResourceRules: readonly NamedRule[];
  readonly matchPolicy: MatchPolicy;
}

/** MATCH_EVERYTHING is an absent binding matchResources: it narrows nothing. */
export const MATCH_EVERYTHING: MatchResources = Object.freeze({
  namespaceSelector: EVERYTHING,
  objectSelector: EVERYTHING,
  resourceRules: [],
  excludeResourceRules: [],
  matchPolicy: 'Equivalent',
});

const OPERATION_VALUES = ['*', 'CONNECT', 'CREATE', 'DELETE', 'UPDATE'] as const;

/**
 * readMatchResources checks and compiles a MatchResources. For a policy's
 * matchConstraints `resourceRules` is required; a binding's may be empty.
 */
export function readMatchResources(
  reader: ShapeReader,
  value: JsonValue | undefined,
  path: string,
  requireRules: boolean,
): MatchResources {
  const match = reader.object(value, path, false, ['namespaceSelector', 'objectSelector', 'resourceRules', 'excludeResourceRules', 'matchPolicy']);
  if (!match) {
    if (requireRules) reader.add(required(`${path}.resourceRules`));
    return MATCH_EVERYTHING;
  }
  const rules = (field: 'resourceRules' | 'excludeResourceRules'): NamedRule[] =>
    reader.list(match[field], `${path}.${field}`).flatMap((rule, i) => readNamedRule(reader, rule, `${path}.${field}[${i}]`));
  const resourceRules = rules('resourceRules');
  if (requireRules && (!Array.isArray(match.resourceRules) || match.resourceRules.length === 0)) {
    reader.add(required(`${path}.resourceRules`));
  }
  return {
    namespaceSelector: readLabelSelector(reader, match.namespaceSelector, `${path}.namespaceSelector`),
    objectSelector: readLabelSelector(reader, match.objectSelector, `${path}.objectSelector`),
    resourceRules,
    excludeResourceRules: rules('excludeResourceRules'),
    matchPolicy: reader.oneOf(match.matchPolicy, `${path}.matchPolicy`, ['Equivalent', 'Exact'] as const, 'Equivalent'),
  };
}

function readNamedRule(reader: ShapeReader, value: JsonValue, path: string): NamedRule[] {
  if (!isJsonObject(value)) {
    reader.add(invalid(path, value, 'must be an object'));
    return [];
  }
  reader.object(value, path, true, ['operations', 'apiGroups', 'apiVersions', 'resources', 'scope', 'resourceNames']);
  const operations = readWildcardList(reader, value, 'operations', path, 'operations');
  operations.forEach((op, i) => {
    if (!(OPERATION_VALUES as readonly string[]).includes(op)) reader.add(notSupported(`${path}.operations[${i}]`, op, OPERATION_VALUES));
  });
  const apiGroups = readWildcardList(reader, value, 'apiGroups', path, 'API groups');
  const apiVersions = readWildcardList(reader, value, 'apiVersions', path, 'API versions');
  apiVersions.forEach((v, i) => {
    if (v === '') reader.add(required(`${path}.apiVersions[${i}]`, 'version must not be empty'));
  });
  const resources = readResources(reader, value, `${path}.resources`);
  const scope = reader.oneOf(value.scope, `${path}.scope`, ['*', 'Cluster', 'Namespaced'] as const, '*');
  const resourceNames = reader.stringList(value.resourceNames, `${path}.resourceNames`);
  return [{ operations: new Set(operations), apiGroups, apiVersions, resources, scope, resourceNames }];
}

function readWildcardList(reader: ShapeReader, rule: JsonObject, field: string, path: string, noun: string): string[] {
  const values = reader.stringList(rule[field], `${path}.${field}`);
  if (values.length === 0) reader.add(required(`${path}.${field}`));
  if (values.length > 1 && values.includes('*')) {
    reader.add(invalid(`${path}.${field}`, values, `if '*' is present, must not specify other ${noun}`));
  }
  return values;
}

// validateResources of the admissionregistration validation: wildcard combinations that conflict.
function readResources(reader: ShapeReader, rule: JsonObject, path: string): ResourcePattern[] {
  const values = reader.stringList(rule.resources, path);
  if (values.length === 0) reader.add(required(path));
  const wildcardSub = new Set<string>();
  const wildcardRes = new Set<string>();
  let plain = false;
  const patterns: ResourcePattern[] = [];
  values.forEach((entry, i) => {
    if (entry === '') {
      reader.add(required(`${path}[${i}]`));
      return;
    }
    const slash = entry.indexOf('/');
    if (slash < 0) {
      if (entry !== '*') plain = true;
      patterns.push({ resource: entry, subresource: '' });
      return;
    }
    const resource = entry.slice(0, slash);
    const subresource = entry.slice(slash + 1);
    if (wildcardSub.has(resource)) reader.add(invalid(`${path}[${i}]`, entry, `if '${resource}/*' is present, must not specify ${entry}`));
    if (wildcardRes.has(subresource)) reader.add(invalid(`${path}[${i}]`, entry, `if '*/${subresource}' is present, must not specify ${entry}`));
    if (subresource === '*') wildcardSub.add(resource);
    if (resource === '*') wildcardRes.add(subresource);
    patterns.push({ resource, subresource });
  });
  if (values.length > 1 && values.includes('*/*')) {
    reader.add(invalid(path, values, "if '*/*' is present, must not specify other resources"));
  }
  if (values.includes('*') && plain) {
    reader.add(invalid(path, values, "if '*' is present, must not specify other resources without subresources"));
  }
  return patterns;
}

/** ResourceAttributes are the parts of a request that rules look at. */
export interface ResourceAttributes {
  readonly group: string;
  readonly version: string;
  readonly resource: string;
  readonly subresource: string;
  readonly scope: 'Cluster' | 'Namespaced';
}

const listed = (list: readonly string[], value: string): boolean => list.includes('*') || list.includes(value);

/** ruleMatchesResource is rules.Matcher without operations: group, version, resource/subresource and scope. */
export function ruleMatchesResource(rule: NamedRule, attributes: ResourceAttributes): boolean {
  if (!listed(rule.apiGroups, attributes.group) || !listed(rule.apiVersions, attributes.version)) return false;
  if (rule.scope !== '*' && rule.scope !== attributes.scope) return false;
  return rule.resources.some(
    (pattern) =>
      (pattern.resource === '*' || pattern.resource === attributes.resource) &&
      (pattern.subresource === '*' || pattern.subresource === attributes.subresource),
  );
}

/** ruleListsOperation tells whether a rule applies to an operation. */
export function ruleListsOperation(rule: NamedRule, operation: Operation): boolean {
  return rule.operations.has('*') || rule.operations.has(operation);
}

/** ruleMatchesRequest adds the operation and resourceNames (an empty list matches every name). */
export function ruleMatchesRequest(rule: NamedRule, attributes: ResourceAttributes, operation: Operation, name: string): boolean {
  if (!ruleListsOperation(rule, operation)) return false;
  if (!ruleMatchesResource(rule, attributes)) return false;
  return rule.resourceNames.length === 0 || rule.resourceNames.includes(name);
}
