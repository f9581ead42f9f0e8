import type { AdmissionRequest } from '../admission/types.js';
import type { ProfileTarget } from '../profiles/plugin.js';
import type { JsonObject } from '../util/json.js';
import type { MatchResources, NamedRule, ResourceAttributes } from './match-resources.js';
import { ruleMatchesRequest, ruleMatchesResource } from './match-resources.js';
import type { NamespaceStore } from './objects.js';
import { namespaceLabelsMatch, objectLabelsMatch } from './match-plan.js';

/** MatchOutcome is a typed verdict of a matching predicate: Match, or Skip with the reason. */
export type MatchOutcome = { readonly match: true } | { readonly match: false; readonly skip: string };

const MATCH: MatchOutcome = Object.freeze({ match: true });
const skip = (reason: string): MatchOutcome => ({ match: false, skip: reason });

/** ResourceFacts are the resource attributes of one profile: its own and its equivalents (other served versions). */
export interface ResourceFacts {
  readonly own: ResourceAttributes;
  readonly equivalents: readonly ResourceAttributes[];
}

/** resourceFacts describes a profile target for the given subresource. */
export function resourceFacts(target: ProfileTarget, subresource: string): ResourceFacts {
  const base = { group: target.gvr.group, resource: target.gvr.resource, subresource, scope: target.scope };
  return {
    own: { ...base, version: target.gvr.version },
    equivalents: target.crd.crd.spec.versions
      .filter((version) => version.served && version.name !== target.gvr.version)
      .map((version) => ({ ...base, version: version.name })),
  };
}

/** RequestFacts are what the per-request predicates look at. */
export interface RequestFacts {
  readonly request: AdmissionRequest;
  readonly object: JsonObject | null;
  readonly oldObject: JsonObject | null;
  readonly resource: ResourceFacts;
  readonly namespaces: NamespaceStore;
}

/**
 * couldMatch is the load-time part of matching: whether any resource rule can
 * match this resource for some operation and name (exclusions wait for the request).
 */
export function couldMatch(match: MatchResources, facts: ResourceFacts): boolean {
  if (match.resourceRules.length === 0) return true;
  const candidates = match.matchPolicy === 'Equivalent' ? [facts.own, ...facts.equivalents] : [facts.own];
  return match.resourceRules.some((rule) => candidates.some((attributes) => ruleMatchesResource(rule, attributes)));
}

function rulesMatch(rules: readonly NamedRule[], match: MatchResources, facts: RequestFacts): boolean {
  const name = facts.request.name ?? '';
  const { operation } = facts.request;
  if (rules.some((rule) => ruleMatchesRequest(rule, facts.resource.own, operation, name))) return true;
  if (match.matchPolicy === 'Exact') return false;
  return rules.some((rule) => facts.resource.equivalents.some((attributes) => ruleMatchesRequest(rule, attributes, operation, name)));
}

/** namespaceSelectorMatches is MatchNamespaceSelector: cluster-scoped objects are never skipped by it. */
export function namespaceSelectorMatches(match: MatchResources, facts: RequestFacts): MatchOutcome {
  const namespace = facts.request.namespace ?? '';
  if (match.namespaceSelector.requirements.length === 0) return MATCH;
  return namespaceLabelsMatch(match.namespaceSelector, namespace, facts.namespaces)
    ? MATCH
    : skip(`namespace ${JSON.stringify(namespace)} does not match the namespaceSelector`);
}

/** objectSelectorMatches is MatchObjectSelector: the new or the old object's labels must match. */
export function objectSelectorMatches(match: MatchResources, facts: RequestFacts): MatchOutcome {
  const selector = match.objectSelector;
  if (selector.requirements.length === 0) return MATCH;
  return objectLabelsMatch(selector, facts.object, facts.oldObject) ? MATCH : skip('the object does not match the objectSelector');
}

/** resourceRulesMatch checks excludeResourceRules, then resourceRules (none means everything). */
export function resourceRulesMatch(match: MatchResources, facts: RequestFacts): MatchOutcome {
  if (rulesMatch(match.excludeResourceRules, match, facts)) return skip('the request matches excludeResourceRules');
  if (match.resourceRules.length === 0 || rulesMatch(match.resourceRules, match, facts)) return MATCH;
  return skip('no resourceRules entry matches the request');
}

const PREDICATES = [namespaceSelectorMatches, objectSelectorMatches, resourceRulesMatch] as const;

/** matchesResources runs the predicates in the apiserver's order and stops at the first Skip. */
export function matchesResources(match: MatchResources, facts: RequestFacts): MatchOutcome {
  for (const predicate of PREDICATES) {
    const outcome = predicate(match, facts);
    if (!outcome.match) return outcome;
  }
  return MATCH;
}
