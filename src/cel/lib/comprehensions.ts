import type { Environment } from '@marcbachmann/cel-js';
import { chargeCost } from '../cost.js';

/**
 * Two-variable comprehensions (cel-go ext.TwoVarComprehensions, Kubernetes 1.32):
 * all/exists/existsOne(k, v, pred), transformList(i, v, [filter,] expr),
 * transformMap(k, v, [filter,] expr), transformMapEntry(k, v, [filter,] expr).
 * Written against the engine's macro API (parse-time handler with typeCheck and
 * evaluate hooks); each iteration charges the cost meter.
 */

/* eslint-disable @typescript-eslint/no-explicit-any -- the engine's macro API is untyped */
type Kind = 'all' | 'exists' | 'existsOne' | 'transformList' | 'transformMap' | 'transformMapEntry';

interface Macro {
  kind: Kind;
  receiver: any;
  keyVar: string;
  valueVar: string;
  filter?: any;
  body: any;
  keyCtx?: any;
  valueCtx?: any;
  stepCost: number;
}

function identifier(node: any, kind: Kind): string {
  if (node?.op !== 'id') throw new Error(`${kind}() variable names must be simple identifiers`);
  return node.args as string;
}

function rangeTypes(checker: any, receiverType: any): [any, any] {
  if (receiverType.kind === 'list') return [checker.getType('int'), receiverType.valueType];
  if (receiverType.kind === 'map') return [receiverType.keyType, receiverType.valueType];
  if (receiverType.kind === 'dyn') return [checker.getType('dyn'), checker.getType('dyn')];
  throw checker.createError('invalid_comprehension_range', `Expression of type '${checker.formatType(receiverType)}' cannot be range of a comprehension`, undefined);
}

function typeCheck(checker: any, macro: Macro, ctx: any): any {
  const [keyType, valueType] = rangeTypes(checker, checker.check(macro.receiver, ctx));
  macro.keyCtx = ctx.forkWithVariable(macro.keyVar, keyType);
  macro.valueCtx = macro.keyCtx.forkWithVariable(macro.valueVar, valueType);
  if (macro.filter) checker.check(macro.filter, macro.valueCtx);
  const bodyType = checker.check(macro.body, macro.valueCtx);
  switch (macro.kind) {
    case 'transformList':
      return checker.registry.getListType(bodyType);
    case 'transformMap':
      return checker.registry.getMapType(keyType, bodyType);
    case 'transformMapEntry':
      return bodyType;
    default:
      return checker.getType('bool');
  }
}

function entries(range: unknown): Array<[unknown, unknown]> {
  if (Array.isArray(range)) return range.map((v, i) => [BigInt(i), v]);
  if (range instanceof Map) return [...range.entries()];
  if (range && typeof range === 'object') return Object.entries(range);
  throw new Error('expression cannot be range of a comprehension');
}

function evaluate(ev: any, macro: Macro, ctx: any): unknown {
  const keyCtx = macro.keyCtx.reuse(ctx);
  const valueCtx = macro.valueCtx.reuse(keyCtx);
  const list: unknown[] = [];
  const map = new Map<unknown, unknown>();
  let error: unknown;
  let count = 0;
  for (const [key, value] of entries(ev.run(macro.receiver, ctx))) {
    chargeCost(macro.stepCost);
    keyCtx.setIterValue(key, ev);
    valueCtx.setIterValue(value, ev);
    if (macro.filter && ev.run(macro.filter, valueCtx) !== true) continue;
    if (macro.kind === 'all' || macro.kind === 'exists') {
      const result = ev.tryEval(macro.body, valueCtx);
      if (result instanceof Error) error ??= result;
      else if (result === (macro.kind === 'exists')) return result;
      continue;
    }
    const result = ev.run(macro.body, valueCtx);
    if (macro.kind === 'existsOne') count += result === true ? 1 : 0;
    else if (macro.kind === 'transformList') list.push(result);
    else if (macro.kind === 'transformMap') map.set(key, result);
    else for (const [k, v] of entries(result)) {
      if (map.has(k)) throw new Error(`insert failed: key ${String(k)} already exists`);
      map.set(k, v);
    }
  }
  if (error !== undefined) throw error;
  switch (macro.kind) {
    case 'all': return true;
    case 'exists': return false;
    case 'existsOne': return count === 1;
    case 'transformList': return list;
    default: return map;
  }
}

function nodeSize(node: any): number {
  let n = 0;
  const stack = [node];
  while (stack.length > 0) {
    const x = stack.pop();
    if (!x || typeof x !== 'object') continue;
    if (Array.isArray(x)) stack.push(...x);
    else if (typeof x.op === 'string') {
      n++;
      stack.push(x.args);
    }
  }
  return Math.max(1, n);
}

function expander(kind: Kind, withFilter: boolean) {
  return ({ args, receiver }: { args: any[]; receiver: any }) => {
    const body = withFilter ? args[3] : args[2];
    const macro: Macro = {
      kind,
      receiver,
      keyVar: identifier(args[0], kind),
      valueVar: identifier(args[1], kind),
      ...(withFilter ? { filter: args[2] } : {}),
      body,
      stepCost: nodeSize(body) + (withFilter ? nodeSize(args[2]) : 0),
    };
    return { ...macro, typeCheck, evaluate, async: false };
  };
}

/** registerTwoVarComprehensions adds the two-variable comprehension macros. */
export function registerTwoVarComprehensions(env: Environment): void {
  const register = (signature: string, kind: Kind, withFilter: boolean): void => {
    env.registerFunction(signature, expander(kind, withFilter) as never);
  };
  register('list.all(ast, ast, ast): bool', 'all', false);
  register('list.exists(ast, ast, ast): bool', 'exists', false);
  register('list.existsOne(ast, ast, ast): bool', 'existsOne', false);
  register('list.transformList(ast, ast, ast): list<dyn>', 'transformList', false);
  register('list.transformList(ast, ast, ast, ast): list<dyn>', 'transformList', true);
  register('list.transformMap(ast, ast, ast): map<dyn, dyn>', 'transformMap', false);
  register('list.transformMap(ast, ast, ast, ast): map<dyn, dyn>', 'transformMap', true);
  register('list.transformMapEntry(ast, ast, ast): map<dyn, dyn>', 'transformMapEntry', false);
  register('list.transformMapEntry(ast, ast, ast, ast): map<dyn, dyn>', 'transformMapEntry', true);
}
