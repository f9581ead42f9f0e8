import type { AdmissionRequest, Operation } from '../admission/types.js';
import type { ProfileTarget } from '../profiles/plugin.js';
import type { Rule, RuleMatch, RulePredicate } from './api.js';

/** LoadedRule is a rule and the file it came from. */
export interface LoadedRule {
  readonly rule: Rule;
  readonly file: string;
}

/** Subresource is the part of a resource a validation request is for (scale requests are never validated). */
export type Subresource = '' | 'status';

const DEFAULT_OPERATIONS: readonly Operation[] = ['CREATE', 'UPDATE'];

const listMatches = (list: readonly string[] | undefined, value: string): boolean =>
  list === undefined || list.includes('*') || list.includes(value);

/**
 * resourceMatches applies the apiserver's webhook-rule resource semantics
 * (admission/plugin/webhook/predicates/rules): `webapps` and `*` never match
 * a subresource; `webapps/status` and `*\/status` match only it; `webapps/*`
 * and `*\/*` match the resource and every subresource.
 */
function resourceMatches(resources: readonly string[] | undefined, resource: string, subresource: Subresource): boolean {
  for (const entry of resources ?? ['*']) {
    const [name = '', sub] = entry.split('/', 2);
    if (name !== '*' && name !== resource) continue;
    if (sub === undefined ? subresource === '' : sub === '*' || sub === subresource) return true;
  }
  return false;
}

/** matchesTarget decides, at load, whether a rule can apply to a CRD version and subresource. */
export function matchesTarget(rule: Rule, target: Pick<ProfileTarget, 'gvk' | 'gvr'>, subresource: Subresource): boolean {
  if (typeof rule.match === 'function') return true;
  const match: RuleMatch = rule.match;
  return (
    listMatches(match.groups, target.gvk.group) &&
    listMatches(match.versions, target.gvk.version) &&
    listMatches(match.kinds, target.gvk.kind) &&
    resourceMatches(match.resources, target.gvr.resource, subresource)
  );
}

/** RequestScope is what the static part of a match reads of a request. */
export type RequestScope = Pick<AdmissionRequest, 'operation' | 'namespace'>;

/** RequestMatcher is the part of a rule's match decided per request, prepared at load. */
export interface RequestMatcher {
  readonly loaded: LoadedRule;
  /** Checked before the guarded run: operations and namespaces. */
  appliesTo(request: RequestScope): boolean;
  /** A predicate `match`, called inside the guarded run because it is user code. */
  readonly predicate: RulePredicate | undefined;
}

/** requestMatcher prepares the per-request part of a rule's match. */
export function requestMatcher(loaded: LoadedRule): RequestMatcher {
  const { match } = loaded.rule;
  if (typeof match === 'function') return { loaded, appliesTo: () => true, predicate: match };
  const operations = new Set<string>(match.operations ?? DEFAULT_OPERATIONS);
  const allOperations = operations.has('*');
  const namespaces = match.namespaces === undefined ? undefined : new Set(match.namespaces);
  const anyNamespace = namespaces?.has('*') ?? false;
  const namespaceMatches = (namespace: string | undefined): boolean =>
    namespaces === undefined || (namespace !== undefined && namespace !== '' && (anyNamespace || namespaces.has(namespace)));
  const appliesTo = (request: RequestScope): boolean =>
    (allOperations || operations.has(request.operation)) && namespaceMatches(request.namespace);
  return { loaded, appliesTo, predicate: undefined };
}
