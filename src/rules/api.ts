/**
 * The public API of TypeScript rules: `import { defineRule } from 'crd-admission/rules'`.
 *
 * This module is bundled into every rule file when rules load, so it stays
 * small and pure: types, `defineRule` and the shape check the loader repeats.
 */
import type { FieldError } from '../admission/field-error.js';
import type { AdmissionRequest, Operation, UserInfo } from '../admission/types.js';
import { OPERATIONS } from '../admission/types.js';

export type { FieldError, FieldErrorType } from '../admission/field-error.js';
export type { GroupVersionKind, GroupVersionResource, Operation, UserInfo } from '../admission/types.js';

/** ReadonlyJsonValue is a JSON value a rule may read but not change. */
export type ReadonlyJsonValue = null | boolean | number | string | readonly ReadonlyJsonValue[] | ReadonlyJsonObject;

/** ReadonlyJsonObject is a JSON object a rule may read but not change. */
export interface ReadonlyJsonObject {
  readonly [key: string]: ReadonlyJsonValue;
}

/** isObject narrows a JSON value to an object (not a list, not null). */
export function isObject(value: ReadonlyJsonValue | undefined): value is ReadonlyJsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** isList narrows a JSON value to a list (Array.isArray does not narrow readonly lists). */
export function isList(value: ReadonlyJsonValue | undefined): value is readonly ReadonlyJsonValue[] {
  return Array.isArray(value);
}

/** RuleRequest is the decoded AdmissionRequest as a rule sees it: objects are frozen copies. */
export type RuleRequest = Omit<AdmissionRequest, 'object' | 'oldObject' | 'options'> & {
  readonly object: ReadonlyJsonObject | null;
  readonly oldObject: ReadonlyJsonObject | null;
  readonly options: ReadonlyJsonObject | null;
};

/**
 * RuleMatch selects the requests a rule judges. Every list is optional;
 * `'*'` matches anything. groups/versions/kinds/resources are resolved when
 * the configuration loads; operations and namespaces per request.
 */
export interface RuleMatch {
  readonly groups?: readonly string[];
  readonly versions?: readonly string[];
  readonly kinds?: readonly string[];
  /**
   * Plural resource names with webhook-rule semantics: `webapps` and `*` (the default) never
   * match a subresource, `webapps/status` and `*\/status` only the status, `webapps/*` and `*\/*` both.
   */
  readonly resources?: readonly string[];
  /** Default CREATE and UPDATE, the operations that carry an object. */
  readonly operations?: readonly (Operation | '*')[];
  /** Namespace names; a rule with namespaces never matches cluster-scoped objects. */
  readonly namespaces?: readonly string[];
}

/** RulePredicate decides per request whether a rule applies (it runs under the rules' time budget). */
export type RulePredicate = (request: RuleRequest) => boolean;

/** RuleContext is what `validate` receives for one request. */
export interface RuleContext {
  readonly request: RuleRequest;
  /** The new object; null on DELETE. */
  readonly object: ReadonlyJsonObject | null;
  /** The existing object on UPDATE and DELETE; null on CREATE. */
  readonly oldObject: ReadonlyJsonObject | null;
  readonly userInfo: UserInfo;
  readonly operation: Operation;
  readonly namespace: string | undefined;
  readonly name: string | undefined;
  /** get reads a field of the object by path (`spec.containers[0].image`, `metadata.labels[app]`); undefined when absent. */
  get(path: string): ReadonlyJsonValue | undefined;
  /** getOld reads a field of oldObject by path. */
  getOld(path: string): ReadonlyJsonValue | undefined;
  /** list reads a list by path; an empty list when absent or not a list. */
  list(path: string): readonly ReadonlyJsonValue[];
  /** inGroup tells whether the requesting user is in the group. */
  inGroup(group: string): boolean;
  invalid(field: string, value: ReadonlyJsonValue, detail: string): FieldError;
  required(field: string, detail?: string): FieldError;
  forbidden(field: string, detail: string): FieldError;
  notSupported(field: string, value: ReadonlyJsonValue, supported: readonly ReadonlyJsonValue[]): FieldError;
  duplicate(field: string, value: ReadonlyJsonValue): FieldError;
  /** warn adds a warning to the admission response. */
  warn(text: string): void;
}

/** RuleOutcome is what `validate` returns: nothing, field errors, or errors and warnings. */
export type RuleOutcome =
  | void
  | null
  | undefined
  | readonly FieldError[]
  | { readonly errors?: readonly FieldError[]; readonly warnings?: readonly string[] };

/** RuleDefinition is what a rule author writes. `validate` must be synchronous. */
export interface RuleDefinition {
  readonly name: string;
  readonly description?: string;
  readonly match: RuleMatch | RulePredicate;
  validate(context: RuleContext): RuleOutcome;
}

/** RULE_BRAND marks values made by defineRule; Symbol.for so every copy of this module agrees. */
export const RULE_BRAND: unique symbol = Symbol.for('crd-admission.rule');

/** Rule is a checked, frozen rule definition. */
export interface Rule extends RuleDefinition {
  readonly [RULE_BRAND]: true;
}

/** defineRule checks a rule definition and returns it as a Rule; a bad definition throws a TypeError. */
export function defineRule(definition: RuleDefinition): Rule {
  const problem = ruleDefinitionProblem(definition);
  if (problem !== undefined) throw new TypeError(`defineRule: ${problem}`);
  return Object.freeze({ ...definition, validate: definition.validate, [RULE_BRAND]: true as const });
}

/** isRule tells values made by defineRule from anything else. */
export function isRule(value: unknown): value is Rule {
  return typeof value === 'object' && value !== null && (value as Partial<Rule>)[RULE_BRAND] === true;
}

const DEFINITION_KEYS = new Set(['name', 'description', 'match', 'validate']);
const MATCH_KEYS = new Set(['groups', 'versions', 'kinds', 'resources', 'operations', 'namespaces']);
const OPERATION_NAMES = new Set<string>([...OPERATIONS, '*']);

/** ruleDefinitionProblem says what is wrong with a rule definition, or undefined when nothing is. */
export function ruleDefinitionProblem(definition: unknown): string | undefined {
  if (typeof definition !== 'object' || definition === null) return 'a rule must be an object';
  const rule = definition as Record<string | symbol, unknown>;
  for (const key of Object.keys(rule)) if (!DEFINITION_KEYS.has(key)) return `unknown field "${key}"`;
  if (typeof rule.name !== 'string' || rule.name.trim().length === 0) return 'name must be a non-empty string';
  const named = `rule "${rule.name}": `;
  if (rule.description !== undefined && typeof rule.description !== 'string') return `${named}description must be a string`;
  if (typeof rule.validate !== 'function') return `${named}validate must be a function`;
  if (rule.validate.constructor.name === 'AsyncFunction') {
    return `${named}validate must be synchronous (rules run inside the synchronous validation pipeline)`;
  }
  if (typeof rule.match === 'function') return undefined;
  if (typeof rule.match !== 'object' || rule.match === null) return `${named}match must be an object or a function`;
  return matchProblem(rule.match as Record<string, unknown>, named);
}

function matchProblem(match: Record<string, unknown>, named: string): string | undefined {
  for (const [key, value] of Object.entries(match)) {
    if (!MATCH_KEYS.has(key)) return `${named}unknown match field "${key}"`;
    if (value === undefined) continue;
    if (!Array.isArray(value) || value.some((item) => typeof item !== 'string' || item.length === 0)) {
      return `${named}match.${key} must be a list of non-empty strings`;
    }
    if (key === 'operations') {
      const unknown = value.find((item: string) => !OPERATION_NAMES.has(item));
      if (unknown !== undefined) return `${named}match.operations: unsupported operation "${unknown}"`;
    }
  }
  return undefined;
}
