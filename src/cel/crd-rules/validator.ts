import { Optional } from '@marcbachmann/cel-js';
import type { FieldError, FieldErrorType } from '../../admission/field-error.js';
import { errorText, fieldError } from '../../admission/field-error.js';
import type { JsonObject, JsonValue } from '../../util/json.js';
import { isJsonObject } from '../../util/json.js';
import type { CostBudget } from '../cost.js';
import type { CompiledRule, RuleNode } from './compile.js';
import type { CorrelatedNode } from '../../schema/correlation.js';
import type { PathSegment } from '../../schema/path.js';
import { evaluateMessage, ruleErrorString, ruleMessageOrDefault } from './messages.js';

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

/**
 * Walk is the position of the validation in the object: the path as a stack of
 * segments, so that neither the path text nor the ratcheting correlation is built
 * for nodes whose rules pass (nearly all of them): both are derived on an error.
 */
class Walk {
  readonly segments: PathSegment[] = [];
  // Whether each segment prints as `[key]` (map keys, list indices) rather than `.key`.
  readonly bracketed: boolean[] = [];
  /** One activation for every evaluation (it is read synchronously, never kept by the engine). */
  readonly activation: { self: unknown; oldSelf: unknown } = { self: undefined, oldSelf: undefined };

  constructor(readonly run: RuleRun, private readonly correlation: CorrelatedNode | undefined) {}

  push(segment: PathSegment, bracketed: boolean): void {
    this.segments.push(segment);
    this.bracketed.push(bracketed);
  }

  pop(): void {
    this.segments.pop();
    this.bracketed.pop();
  }

  /** path is the current position in field.Path form (`spec.items[0]`, `spec.labels[app]`), '' at the root. */
  path(): string {
    let out = '';
    for (let i = 0; i < this.segments.length; i++) {
      const segment = this.segments[i] as PathSegment;
      if (this.bracketed[i]) out += `[${segment}]`;
      else out = out === '' ? String(segment) : `${out}.${segment}`;
    }
    return out;
  }

  /**
   * ratchet is the nearest correlated node of the current position, whose old and
   * new values must be equal for errors to become warnings; null never ratchets
   * (CREATE, and the root's apiVersion and kind).
   */
  ratchet(): CorrelatedNode | null {
    let node: CorrelatedNode | undefined = this.correlation;
    if (node === undefined) return null;
    const first = this.segments[0];
    if (first === 'apiVersion' || first === 'kind') return null;
    for (const segment of this.segments) {
      const next: CorrelatedNode | undefined = node.child(segment);
      if (next === undefined) break;
      node = next;
    }
    return node;
  }
}

function child(path: string, name: string): string {
  return path === '' ? name : `${path}.${name}`;
}

function addError(walk: Walk, compiled: CompiledRule, error: FieldError): void {
  const { run } = walk;
  if (!compiled.usesOldSelf && run.ratcheting && walk.ratchet()?.deepEqual() === true) {
    run.warnings.push(errorText(error));
    run.counts.ratchetedErrors++;
  } else run.errors.push(error);
}

function reasonError(reason: CompiledRule['rule']['reason'], path: string, typeName: string, detail: string): FieldError {
  const type: FieldErrorType = reason ?? 'FieldValueInvalid';
  // field.Duplicate(path, value) carries no detail.
  return fieldError(type, path, typeName, type === 'FieldValueDuplicate' ? '' : detail);
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

function runRule(walk: Walk, node: RuleNode, compiled: CompiledRule): void {
  const { run, activation } = walk;
  const result = compiled.program.evaluate(activation, run.budget);
  if (result.ok && result.value === true) return;
  const typeName = node.schema.type ?? '';
  const path = walk.path();
  if (!result.ok) return evaluationFailed(run, compiled, displayPath(path), typeName, result.error, result.costExceeded === true);
  const errorPath = compiled.fieldPath !== undefined ? child(path, compiled.fieldPath) : displayPath(path);
  let detail = ruleMessageOrDefault(compiled.rule);
  if (compiled.messageProgram) {
    const message = evaluateMessage(compiled.messageProgram, activation, run.budget);
    if (message.kind === 'ok') detail = message.text;
    else if (message.kind === 'stop') {
      addError(walk, compiled, fieldError('FieldValueInvalid', errorPath, typeName, message.text));
      run.counts.costLimitHits++;
      run.stopped = true;
      return;
    }
  }
  addError(walk, compiled, reasonError(compiled.rule.reason, errorPath, typeName, detail));
}

const IDENTITY = (value: JsonValue): unknown => value;

/**
 * validateRules runs the rules of one node on its CEL values; `old` is the
 * correlated old value (undefined when there is none, or no rule below needs it).
 */
function validateRules(walk: Walk, node: RuleNode, self: unknown, old: JsonValue | undefined, oldSelf: unknown): void {
  const { run, activation } = walk;
  if (run.budget.remaining <= 0) {
    run.errors.push(fieldError('FieldValueInvalid', displayPath(walk.path()), node.schema.type ?? '', 'validation failed due to running out of cost budget, no further validation rules will be run'));
    run.counts.costLimitHits++;
    run.stopped = true;
    return;
  }
  for (const compiled of node.rules) {
    if (run.stopped) break;
    activation.self = self;
    if (!compiled.usesOldSelf) {
      activation.oldSelf = undefined;
      runRule(walk, node, compiled);
      continue;
    }
    // Transition rules run only with a correlated old value, unless optionalOldSelf.
    if (old === undefined && !compiled.optionalOldSelf) continue;
    const present = old === undefined ? undefined : oldSelf;
    activation.oldSelf = compiled.optionalOldSelf ? (present === undefined ? Optional.none() : Optional.of(present)) : present;
    runRule(walk, node, compiled);
  }
}

function validateChildren(walk: Walk, node: RuleNode, json: JsonValue, corr: CorrelatedNode | undefined, cel: unknown, oldCel: unknown): void {
  if (Array.isArray(json) && node.items) {
    const items = node.items;
    for (let i = 0; i < json.length; i++) {
      // Map-list items correlate by key; set and atomic list items do not (they ratchet on the list).
      const itemCorr = items.needsOld ? corr?.child(i) : undefined;
      walk.push(i, true);
      validateNode(walk, items, json[i] as JsonValue, itemCorr, celChild(cel, i, undefined), undefined);
      walk.pop();
    }
    return;
  }
  if (!isJsonObject(json)) return;
  const isRoot = walk.segments.length === 0;
  // Walk the properties that carry rules, then (for maps) every other key.
  if (node.properties) {
    for (const [key, childNode] of node.properties) {
      if (key in json) validateProperty(walk, childNode, key, false, json, corr, cel, oldCel, isRoot);
    }
  }
  if (node.additionalProperties) {
    for (const key of Object.keys(json)) {
      if (node.properties?.has(key) || isSchemaProperty(node, key)) continue;
      validateProperty(walk, node.additionalProperties, key, true, json, corr, cel, oldCel, isRoot);
    }
  }
}

function isSchemaProperty(node: RuleNode, key: string): boolean {
  return node.schema.properties !== undefined && Object.prototype.hasOwnProperty.call(node.schema.properties, key);
}

function validateProperty(
  walk: Walk, childNode: RuleNode, key: string, bracketed: boolean, json: JsonObject,
  corr: CorrelatedNode | undefined, cel: unknown, oldCel: unknown, isRoot: boolean,
): void {
  // The root's apiVersion and kind are never correlated (never ratcheted).
  const typeMeta = isRoot && (key === 'apiVersion' || key === 'kind');
  const childCorr = typeMeta || !childNode.needsOld ? undefined : corr?.child(key);
  const childCel = typeMeta ? undefined : celChild(cel, key, childNode.celName);
  // A null old value is no old value: transition rules do not run against it.
  const childOldCel = childCorr?.oldValue === undefined || childCorr.oldValue === null ? undefined : celChild(oldCel, key, childNode.celName);
  walk.push(key, bracketed);
  validateNode(walk, childNode, json[key] as JsonValue, childCorr, childCel, childOldCel);
  walk.pop();
}

/**
 * validateNode evaluates the rules of a node and its descendants. Null or
 * absent values are skipped, as the apiserver does. `corr` is the node's
 * correlation, computed only where a rule below reads oldSelf (node.needsOld).
 */
function validateNode(walk: Walk, node: RuleNode, json: JsonValue, corr: CorrelatedNode | undefined, cel: unknown, oldCel: unknown): void {
  if (json === null || json === undefined || walk.run.stopped) return;
  // A null old value is no old value.
  const old = corr?.oldValue ?? undefined;
  let self = cel;
  let oldSelf = oldCel;
  if (node.rules.length > 0) {
    const convert = node.type?.convert ?? IDENTITY;
    self ??= convert(json);
    if (old !== undefined && node.hasTransitionRules) oldSelf ??= convert(old);
    validateRules(walk, node, self, old, oldSelf);
  }
  // Children navigate these converted values instead of converting again.
  if (!walk.run.stopped) validateChildren(walk, node, json, corr, self, oldSelf);
}

/**
 * validateObject runs every rule of a CRD version on an object; on UPDATE
 * `correlation` is the request's old/new correlation (shared with the schema stage).
 */
export function validateObject(run: RuleRun, root: RuleNode, object: JsonValue, correlation: CorrelatedNode | undefined): void {
  validateNode(new Walk(run, correlation), root, object, root.needsOld ? correlation : undefined, undefined, undefined);
}
