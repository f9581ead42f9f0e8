import { Optional } from '@marcbachmann/cel-js';
import type { FieldError, FieldErrorType } from '../../admission/field-error.js';
import { errorText, fieldError } from '../../admission/field-error.js';
import type { JsonObject, JsonValue } from '../../util/json.js';
import { isJsonObject } from '../../util/json.js';
import type { CostBudget } from '../cost.js';
import type { CompiledRule, RuleNode } from './compile.js';
import type { CorrelatedNode } from '../../schema/correlation.js';
import { evaluateMessage, ruleErrorString, ruleMessageOrDefault } from './messages.js';

/**
 * Ratchet decides whether errors at a node become warnings: the node's nearest
 * correlated node, whose old and new values must be equal; null never ratchets.
 * (A value rather than a closure: nothing is allocated per visited node.)
 */
type Ratchet = CorrelatedNode | null;
const NEVER: Ratchet = null;

/** RuleRun is the state of one object's validation. */
export interface RuleRun {
  readonly errors: FieldError[];
  readonly warnings: string[];
  readonly budget: CostBudget;
  readonly ratcheting: boolean;
  stopped: boolean;
  /** Counted for metrics: rules that failed to evaluate, cost-limit stops, errors ratcheting turned into warnings. */
  readonly counts: { ruleErrors: number; costLimitHits: number; ratchetedErrors: number };
}

function child(path: string, name: string): string {
  return path === '' ? name : `${path}.${name}`;
}

function addError(run: RuleRun, compiled: CompiledRule, ratchet: Ratchet, error: FieldError): void {
  if (!compiled.usesOldSelf && run.ratcheting && ratchet !== null && ratchet.deepEqual()) {
    run.warnings.push(errorText(error));
    run.counts.ratchetedErrors++;
  } else run.errors.push(error);
}

function reasonError(reason: CompiledRule['rule']['reason'], path: string, typeName: string, detail: string): FieldError {
  const type: FieldErrorType = reason ?? 'FieldValueInvalid';
  // field.Duplicate(path, value) carries no detail.
  return fieldError(type, path, typeName, type === 'FieldValueDuplicate' ? '' : detail);
}

interface NodeValues {
  readonly json: JsonValue;
  readonly old: JsonValue | undefined;
  /** The node's correlation with the old object (schema/correlation.ts), when it has one. */
  readonly corr?: CorrelatedNode | undefined;
  /** The CEL value of the node when an ancestor already converted it (no second conversion). */
  readonly cel?: unknown;
  readonly oldCel?: unknown;
}

// The CEL value of a child inside its parent's CEL value, when the parent was converted.
function celChild(parent: unknown, key: string | number, celName: string | undefined): unknown {
  if (parent === undefined || parent === null) return undefined;
  if (typeof key === 'number') return Array.isArray(parent) ? parent[key] : undefined;
  if (parent instanceof Map) return parent.get(key);
  if (celName === undefined || key === 'metadata') return undefined;
  return (parent as Record<string, unknown>)[celName];
}

function displayPath(path: string): string {
  return path === '' ? '<nil>' : path;
}

// A rule that could not be evaluated: the apiserver's wording; a cost error stops the object's rules.
function evaluationFailed(run: RuleRun, compiled: CompiledRule, where: string, typeName: string, error: string, costExceeded: boolean): void {
  const name = ruleErrorString(compiled.rule);
  let detail: string;
  if (costExceeded) run.counts.costLimitHits++;
  else run.counts.ruleErrors++;
  if (costExceeded) {
    detail = run.budget.remaining <= 0
      ? 'validation failed due to running out of cost budget, no further validation rules will be run'
      : `'${error}': no further validation rules will be run due to call cost exceeds limit for rule: ${name}`;
    run.stopped = true;
  } else if (error.startsWith('no such overload') || error.startsWith('found no matching overload')) {
    detail = `'${error}': call arguments did not match a supported operator, function or macro signature for rule: ${name}`;
  } else {
    detail = `${error} evaluating rule: ${name}`;
  }
  run.errors.push(fieldError('FieldValueInvalid', where, typeName, detail));
}

function runRule(run: RuleRun, node: RuleNode, compiled: CompiledRule, path: string, activation: Record<string, unknown>, ratchet: Ratchet): void {
  const typeName = node.schema.type ?? '';
  const where = displayPath(path);
  const result = compiled.program.evaluate(activation, run.budget);
  if (!result.ok) return evaluationFailed(run, compiled, where, typeName, result.error, result.costExceeded === true);
  if (result.value === true) return;
  const errorPath = compiled.fieldPath !== undefined ? child(path, compiled.fieldPath) : where;
  let detail = ruleMessageOrDefault(compiled.rule);
  if (compiled.messageProgram) {
    const message = evaluateMessage(compiled.messageProgram, activation, run.budget);
    if (message.kind === 'ok') detail = message.text;
    else if (message.kind === 'stop') {
      addError(run, compiled, ratchet, fieldError('FieldValueInvalid', errorPath, typeName, message.text));
      run.counts.costLimitHits++;
      run.stopped = true;
      return;
    }
  }
  addError(run, compiled, ratchet, reasonError(compiled.rule.reason, errorPath, typeName, detail));
}

const IDENTITY = (value: JsonValue): unknown => value;

// The activation of a transition rule (oldSelf is present, or optional).
function transitionActivation(compiled: CompiledRule, self: unknown, old: unknown): Record<string, unknown> {
  return { self, oldSelf: compiled.optionalOldSelf ? (old === undefined ? Optional.none() : Optional.of(old)) : old };
}

function validateRules(run: RuleRun, node: RuleNode, path: string, values: NodeValues, ratchet: Ratchet): NodeValues {
  if (node.rules.length === 0) return values;
  if (run.budget.remaining <= 0) {
    run.errors.push(fieldError('FieldValueInvalid', displayPath(path), node.schema.type ?? '', 'validation failed due to running out of cost budget, no further validation rules will be run'));
    run.counts.costLimitHits++;
    run.stopped = true;
    return values;
  }
  const convert = node.type?.convert ?? IDENTITY;
  const self = values.cel ?? convert(values.json);
  let oldSelf: unknown = values.oldCel;
  // One activation for every rule of the node that reads only self (evaluation never changes it).
  let selfActivation: Record<string, unknown> | undefined;
  for (const compiled of node.rules) {
    if (run.stopped) break;
    if (!compiled.usesOldSelf) {
      runRule(run, node, compiled, path, (selfActivation ??= { self }), ratchet);
      continue;
    }
    // Transition rules run only with a correlated old value, unless optionalOldSelf.
    if (values.old === undefined && !compiled.optionalOldSelf) continue;
    if (values.old !== undefined) oldSelf ??= convert(values.old);
    runRule(run, node, compiled, path, transitionActivation(compiled, self, values.old === undefined ? undefined : oldSelf), ratchet);
  }
  // Children navigate these converted values instead of converting again.
  return { json: values.json, old: values.old, corr: values.corr, cel: self, oldCel: oldSelf };
}

function validateChildren(run: RuleRun, node: RuleNode, path: string, values: NodeValues, ratchet: Ratchet, isRoot: boolean): void {
  const { json } = values;
  if (Array.isArray(json) && node.items) {
    const items = node.items;
    for (let i = 0; i < json.length; i++) {
      // Map-list items correlate by key; set and atomic list items do not and ratchet on the list.
      const corr = values.corr?.child(i);
      const oldItem = corr?.oldValue ?? undefined;
      const cel = celChild(values.cel, i, undefined);
      validateNode(run, items, `${path}[${i}]`, { json: json[i] as JsonValue, old: oldItem, corr, cel, oldCel: undefined }, corr ?? ratchet, false);
    }
    return;
  }
  if (!isJsonObject(json)) return;
  // Walk the properties that carry rules, then (for maps) every other key.
  if (node.properties) {
    for (const [key, childNode] of node.properties) {
      if (key in json) validateProperty(run, childNode, child(path, key), key, values, ratchet, isRoot);
    }
  }
  if (node.additionalProperties) {
    for (const key of Object.keys(json)) {
      if (node.properties?.has(key) || isSchemaProperty(node, key)) continue;
      validateProperty(run, node.additionalProperties, `${path}[${key}]`, key, values, ratchet, isRoot);
    }
  }
}

function isSchemaProperty(node: RuleNode, key: string): boolean {
  return node.schema.properties !== undefined && Object.prototype.hasOwnProperty.call(node.schema.properties, key);
}

function validateProperty(run: RuleRun, childNode: RuleNode, childPath: string, key: string, values: NodeValues, ratchet: Ratchet, isRoot: boolean): void {
  // The root's apiVersion and kind are never correlated (never ratcheted).
  const typeMeta = isRoot && (key === 'apiVersion' || key === 'kind');
  const corr = typeMeta ? undefined : values.corr?.child(key);
  // A null old value is no old value: transition rules do not run against it.
  const oldValue = corr?.oldValue ?? undefined;
  const value = (values.json as JsonObject)[key] as JsonValue;
  const childRatchet = typeMeta ? NEVER : corr ?? ratchet;
  const cel = typeMeta ? undefined : celChild(values.cel, key, childNode.celName);
  const oldCel = oldValue === undefined || typeMeta ? undefined : celChild(values.oldCel, key, childNode.celName);
  validateNode(run, childNode, childPath, { json: value, old: oldValue, corr, cel, oldCel }, childRatchet, false);
}

/**
 * validateNode evaluates the rules of a node and its descendants. Null or
 * absent values are skipped, as the apiserver does.
 */
export function validateNode(run: RuleRun, node: RuleNode, path: string, values: NodeValues, ratchet: Ratchet, isRoot: boolean): void {
  if (values.json === null || values.json === undefined || run.stopped) return;
  const converted = validateRules(run, node, path, values, ratchet);
  if (!run.stopped) validateChildren(run, node, path, converted, ratchet, isRoot);
}

/**
 * validateObject runs every rule of a CRD version on an object; on UPDATE
 * `correlation` is the request's old/new correlation (shared with the schema stage).
 */
export function validateObject(run: RuleRun, root: RuleNode, object: JsonValue, correlation: CorrelatedNode | undefined): void {
  const ratchet = correlation ?? NEVER;
  validateNode(run, root, '', { json: object, old: correlation?.oldValue ?? undefined, corr: correlation, cel: undefined, oldCel: undefined }, ratchet, true);
}
