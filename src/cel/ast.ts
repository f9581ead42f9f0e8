import type { ASTNode } from '@marcbachmann/cel-js';
import { chargeCost } from './cost.js';

/**
 * Walking and rewriting the engine's AST. The engine's nodes are plain objects
 * with `op`, `args` and a private `meta` (alternate = macro expansion); these
 * helpers only rely on that shape.
 */

/** RawNode is the engine's node, with the parts its typings leave out. */
export interface RawNode {
  op: string;
  args: unknown;
  start: number;
  meta?: { alternate?: RawNode; macro?: { evaluate?: unknown }; evaluate?: EvaluateFn };
  evaluate: EvaluateFn;
}
/** EvaluateFn is the evaluation function of a node. */
export type EvaluateFn = (this: RawNode, ev: unknown, ast: RawNode, ctx: unknown) => unknown;

function isNode(value: unknown): value is RawNode {
  return typeof value === 'object' && value !== null && typeof (value as RawNode).op === 'string' && 'args' in value;
}

function children(node: RawNode): RawNode[] {
  const out: RawNode[] = [];
  const visit = (value: unknown): void => {
    if (isNode(value)) out.push(value);
    else if (Array.isArray(value)) value.forEach(visit);
  };
  if (node.op === 'comprehension') {
    const args = node.args as { iterable: unknown; init: unknown; step: unknown };
    visit(args.iterable);
    visit(args.init);
    visit(args.step);
  } else {
    visit(node.args);
  }
  const alternate = node.meta?.alternate;
  if (alternate) out.push(alternate);
  return out;
}

/** walkAst visits every node of an expression, macro expansions included. */
export function walkAst(root: ASTNode, visit: (node: RawNode) => void): void {
  const stack: RawNode[] = [root as unknown as RawNode];
  const seen = new Set<RawNode>();
  while (stack.length > 0) {
    const node = stack.pop() as RawNode;
    if (seen.has(node)) continue;
    seen.add(node);
    visit(node);
    stack.push(...children(node));
  }
}

/** CallSite is one call of a named function in an expression. */
export interface CallSite {
  readonly name: string;
  readonly node: RawNode;
  /** Arguments, the receiver first for method calls. */
  readonly args: readonly RawNode[];
}

/** callSites lists the calls of an expression. */
export function callSites(root: ASTNode): CallSite[] {
  const out: CallSite[] = [];
  walkAst(root, (node) => {
    if (node.op === 'rcall') {
      const [name, receiver, args] = node.args as [string, RawNode, RawNode[]];
      out.push({ name, node, args: [receiver, ...args] });
    } else if (node.op === 'call') {
      const [name, args] = node.args as [string, RawNode[]];
      out.push({ name, node, args });
    }
  });
  return out;
}

/** renameCall renames a call in place (before type-checking), keeping positions. */
export function renameCall(site: CallSite, name: string): void {
  (site.node.args as unknown[])[0] = name;
}

/** stringLiteral returns the value of a string literal node. */
export function stringLiteral(node: RawNode): string | undefined {
  return node.op === 'value' && typeof node.args === 'string' ? node.args : undefined;
}

/** usesVariable tells whether an expression reads a variable (e.g. `oldSelf`). */
export function usesVariable(root: ASTNode, name: string): boolean {
  let found = false;
  walkAst(root, (node) => {
    if (node.op === 'id' && node.args === name) found = true;
  });
  return found;
}

/** nodeCount is the static size of an expression (nested comprehension steps excluded). */
export function nodeCount(root: RawNode | ASTNode): number {
  let count = 0;
  const stack = [root as RawNode];
  while (stack.length > 0) {
    const node = stack.pop() as RawNode;
    count++;
    // A nested comprehension charges its own steps.
    if (node.op === 'comprehension') continue;
    stack.push(...children(node));
  }
  return count;
}

/** currentEvaluate is what evaluates a node now (its own function, its macro expansion's, or its operator's). */
export function currentEvaluate(node: RawNode): EvaluateFn {
  // An earlier pass (or a first evaluation) may already have set the node's own evaluate.
  if (Object.prototype.hasOwnProperty.call(node, 'evaluate')) return node.evaluate;
  const meta = node.meta;
  const alternate = meta?.alternate;
  if (alternate) return (ev, _ast, ctx) => alternate.evaluate(ev, alternate, ctx);
  const macro = meta?.macro as { evaluate: (ev: unknown, m: unknown, ctx: unknown) => unknown } | undefined;
  if (macro) return (ev, _ast, ctx) => macro.evaluate(ev, macro, ctx);
  return meta?.evaluate ?? node.evaluate;
}

/**
 * meterComprehensions makes every iteration of every comprehension charge the
 * static size of its step (an upper bound of the nodes it evaluates). Called
 * once, after type-checking. A tripped meter throws at the next step, so even
 * a nested loop that absorbs errors ends after one cheap throw per outer item.
 */
export function meterComprehensions(root: ASTNode): void {
  walkAst(root, (node) => {
    if (node.op !== 'comprehension') return;
    const step = (node.args as { step: RawNode }).step;
    const cost = nodeCount(step);
    const inner = currentEvaluate(step);
    step.evaluate = function meteredStep(ev, ast, ctx) {
      chargeCost(cost);
      return inner.call(this, ev, ast, ctx);
    };
  });
}

/** CheckedNode is a node after type-checking. */
export interface CheckedNode extends RawNode {
  checkedType?: { kind: string; name: string };
}

const INT64_MAX = 9223372036854775807n;
const INT64_MIN = -9223372036854775808n;
const INT_RESULT_OPS = new Set(['/', '%', '-_', '*', '+', '-']);

/**
 * guardIntegers makes int results outside int64 an error, where the engine lets
 * them through (`int(1e19)`, `MIN_INT / -1`, `-MIN_INT`), as cel-go does.
 */
export function guardIntegers(root: ASTNode): void {
  walkAst(root, (node) => {
    const checked = node as CheckedNode;
    const isIntCall = node.op === 'call' && (node.args as [string])[0] === 'int';
    if (!isIntCall && !(INT_RESULT_OPS.has(node.op) && checked.checkedType?.name === 'int')) return;
    const inner = currentEvaluate(node);
    node.evaluate = function rangeChecked(ev, ast, ctx) {
      const value = inner.call(this, ev, ast, ctx);
      if (typeof value === 'bigint' && (value > INT64_MAX || value < INT64_MIN)) throw new Error('integer overflow');
      return value;
    };
  });
}

/**
 * ListOperators are the list semantics Kubernetes gives x-kubernetes-list-type
 * set and map lists: order-insensitive equality, union and merge on `+`.
 */
export interface ListOperators {
  equals(a: unknown, b: unknown): boolean;
  concat(a: unknown[], b: unknown[]): unknown[];
}

/**
 * applyListSemantics routes `==`, `!=` and `+` on lists through the Kubernetes
 * list semantics, and makes `x in list` charge the length of the list (cel-go's cost).
 */
export function applyListSemantics(root: ASTNode, ops: ListOperators): void {
  walkAst(root, (node) => {
    if (node.op === 'in') return meterListMembership(node, ops);
    if (node.op !== '==' && node.op !== '!=' && node.op !== '+') return;
    const [left, right] = node.args as [CheckedNode, CheckedNode];
    if (left.checkedType?.kind !== 'list' && right.checkedType?.kind !== 'list') return;
    const inner = currentEvaluate(node);
    const op = node.op;
    node.evaluate = function listOperator(ev, ast, ctx) {
      const run = (n: RawNode): unknown => n.evaluate(ev, n, ctx);
      const a = run(left);
      const b = run(right);
      if (!Array.isArray(a) || !Array.isArray(b)) return inner.call(this, ev, ast, ctx);
      chargeCost(1 + Math.ceil((a.length + b.length) / 10));
      if (op === '+') return ops.concat(a, b);
      return ops.equals(a, b) === (op === '==');
    };
  });
}

function meterListMembership(node: RawNode, ops: ListOperators): void {
  const [item, list] = node.args as [CheckedNode, CheckedNode];
  // dyn too: admission policies read objects as dyn.
  if (list.checkedType?.kind !== 'list' && list.checkedType?.kind !== 'dyn') return;
  const inner = currentEvaluate(node);
  node.evaluate = function meteredMembership(ev, ast, ctx) {
    const b = list.evaluate(ev, list, ctx);
    if (!Array.isArray(b)) return inner.call(this, ev, ast, ctx);
    chargeCost(1 + b.length);
    const a = item.evaluate(ev, item, ctx);
    for (const x of b) if (ops.equals(x, a)) return true;
    return false;
  };
}

/** rejectRepeatedMapKeys makes a map literal with a repeated key an error, as in cel-go. */
export function rejectRepeatedMapKeys(root: ASTNode): void {
  walkAst(root, (node) => {
    if (node.op !== 'map') return;
    const entries = (node.args as unknown[]).length;
    const inner = currentEvaluate(node);
    node.evaluate = function uniqueKeys(ev, ast, ctx) {
      const value = inner.call(this, ev, ast, ctx);
      const size = value instanceof Map ? value.size : typeof value === 'object' && value !== null ? Object.keys(value).length : entries;
      if (size < entries) throw new Error('Failed with repeated key');
      return value;
    };
  });
}
