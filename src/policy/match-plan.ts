import type { Operation } from '../admission/types.js';
import type { JsonObject } from '../util/json.js';
import type { MatchResources, NamedRule, ResourceAttributes } from './match-resources.js';
import { ruleListsOperation, ruleMatchesResource } from './match-resources.js';
import type { ResourceFacts } from './match.js';
import type { NamespaceStore } from './objects.js';
import type { LabelSelector } from './selector.js';
import { labelsOf, selectorMatches } from './selector.js';

/** OPERATIONS are the admission operations a request can carry. */
export const OPERATIONS: readonly Operation[] = ['CREATE', 'UPDATE', 'DELETE', 'CONNECT'];

/** NameDecision is what rules decide for one resource and operation: every name, no name, or only these names. */
type NameDecision = boolean | ReadonlySet<string>;

/**
 * CompiledMatch is a MatchResources resolved at load for one resource: the
 * rules become one decision per operation, so a request pays only for the
 * resourceNames and selectors that exist.
 */
export interface CompiledMatch {
  readonly excluded: Readonly<Record<Operation, NameDecision>>;
  readonly included: Readonly<Record<Operation, NameDecision>>;
  /** Absent when the selector is empty (it matches everything). */
  readonly namespaceSelector?: LabelSelector;
  readonly objectSelector?: LabelSelector;
}

// rulesMatch of match.ts for a fixed resource and operation: the names that match, or all/none.
function decide(rules: readonly NamedRule[], match: MatchResources, resource: ResourceFacts, operation: Operation): NameDecision {
  const attributes: ResourceAttributes[] = match.matchPolicy === 'Exact' ? [resource.own] : [resource.own, ...resource.equivalents];
  const names = new Set<string>();
  let any = false;
  for (const rule of rules) {
    if (!ruleListsOperation(rule, operation) || !attributes.some((a) => ruleMatchesResource(rule, a))) continue;
    if (rule.resourceNames.length === 0) return true;
    any = true;
    for (const name of rule.resourceNames) names.add(name);
  }
  return any ? names : false;
}

/** perOperation tabulates a load-time answer for each admission operation. */
export function perOperation<T>(answer: (operation: Operation) => T): Readonly<Record<Operation, T>> {
  return { CREATE: answer('CREATE'), UPDATE: answer('UPDATE'), DELETE: answer('DELETE'), CONNECT: answer('CONNECT') };
}

/** compileMatch resolves a MatchResources against one resource (its own attributes and its equivalents). */
export function compileMatch(match: MatchResources, resource: ResourceFacts): CompiledMatch {
  return {
    excluded: perOperation((operation) => decide(match.excludeResourceRules, match, resource, operation)),
    included: perOperation((operation) => (match.resourceRules.length === 0 ? true : decide(match.resourceRules, match, resource, operation))),
    ...(match.namespaceSelector.requirements.length > 0 ? { namespaceSelector: match.namespaceSelector } : {}),
    ...(match.objectSelector.requirements.length > 0 ? { objectSelector: match.objectSelector } : {}),
  };
}

const holds = (decision: NameDecision, name: string): boolean => (typeof decision === 'boolean' ? decision : decision.has(name));

/** canMatch tells whether a compiled match can hold for an operation at all (some name, some labels). */
export function canMatch(match: CompiledMatch, operation: Operation): boolean {
  return match.excluded[operation] !== true && match.included[operation] !== false;
}

/** MatchRequest is what the per-request part of a compiled match reads. */
export interface MatchRequest {
  readonly operation: Operation;
  readonly name: string;
  readonly namespace: string;
  readonly object: JsonObject | null;
  readonly oldObject: JsonObject | null;
  readonly namespaces: NamespaceStore;
}

/**
 * compiledMatches gives the verdict of matchesResources (match.ts): every
 * predicate is a pure test, so the cheap per-operation decisions go first.
 */
export function compiledMatches(match: CompiledMatch, request: MatchRequest): boolean {
  if (holds(match.excluded[request.operation], request.name)) return false;
  if (!holds(match.included[request.operation], request.name)) return false;
  const { namespaceSelector, objectSelector } = match;
  if (namespaceSelector && !namespaceLabelsMatch(namespaceSelector, request.namespace, request.namespaces)) return false;
  return !objectSelector || objectLabelsMatch(objectSelector, request.object, request.oldObject);
}

/** namespaceLabelsMatch is MatchNamespaceSelector's test: cluster-scoped requests (no namespace) always pass. */
export function namespaceLabelsMatch(selector: LabelSelector, namespace: string, namespaces: NamespaceStore): boolean {
  return namespace === '' || selectorMatches(selector, namespaces.labels(namespace));
}

/** objectLabelsMatch is MatchObjectSelector's test: the new or the old object's labels must match. */
export function objectLabelsMatch(selector: LabelSelector, object: JsonObject | null, oldObject: JsonObject | null): boolean {
  return (object !== null && selectorMatches(selector, labelsOf(object))) || (oldObject !== null && selectorMatches(selector, labelsOf(oldObject)));
}
