import type { Environment } from '@marcbachmann/cel-js';
import { chargeCost } from '../cost.js';
import { celEquals } from '../values.js';
import { compareCel } from './lists.js';

/**
 * cel-go ext.Lists (v3, in the Kubernetes base environment since 1.34): lists.range,
 * slice, flatten, distinct, reverse, sort and the sortBy macro.
 */

/* eslint-disable @typescript-eslint/no-explicit-any -- the engine's macro API is untyped */
class ListsNamespace {}

function slice(list: unknown[], start: bigint, end: bigint): unknown[] {
  chargeCost(1 + list.length);
  if (start < 0n || end < 0n) throw new Error(`cannot slice(${start}, ${end}), negative indexes not supported`);
  if (start > end) throw new Error(`cannot slice(${start}, ${end}), start index must be less than or equal to end index`);
  if (end > BigInt(list.length)) throw new Error(`cannot slice(${start}, ${end}), list is length ${list.length}`);
  return list.slice(Number(start), Number(end));
}

function flatten(list: unknown[], depth: bigint): unknown[] {
  if (depth < 0n) throw new Error('level must be non-negative');
  chargeCost(1 + list.length);
  const out: unknown[] = [];
  for (const item of list) {
    if (Array.isArray(item) && depth > 0n) out.push(...flatten(item, depth - 1n));
    else out.push(item);
  }
  return out;
}

function distinct(list: unknown[]): unknown[] {
  chargeCost(1 + list.length * list.length);
  const out: unknown[] = [];
  for (const item of list) if (!out.some((x) => celEquals(x, item))) out.push(item);
  return out;
}

function sortByKeys(list: readonly unknown[], keys: readonly unknown[]): unknown[] {
  chargeCost(1 + list.length * Math.ceil(Math.log2(list.length + 1)));
  const order = list.map((_, i) => i);
  order.sort((a, b) => compareCel(keys[a], keys[b]) || a - b);
  return order.map((i) => list[i]);
}

function sortByMacro({ args, receiver }: { args: any[]; receiver: any }): unknown {
  if (args[0]?.op !== 'id') throw new Error('sortBy(var, expr) requires a simple identifier');
  const macro: any = {
    receiver,
    name: args[0].args as string,
    key: args[1],
    typeCheck(checker: any, m: any, ctx: any) {
      const listType = checker.check(m.receiver, ctx);
      const item = listType.kind === 'list' ? listType.valueType : checker.getType('dyn');
      m.iterCtx = ctx.forkWithVariable(m.name, item);
      checker.check(m.key, m.iterCtx);
      return listType;
    },
    evaluate(ev: any, m: any, ctx: any) {
      const list = ev.run(m.receiver, ctx) as unknown[];
      const iter = m.iterCtx.reuse(ctx);
      const keys = list.map((item) => {
        chargeCost(1);
        iter.setIterValue(item, ev);
        return ev.run(m.key, iter);
      });
      return sortByKeys(list, keys);
    },
    async: false,
  };
  return macro;
}

/** registerListsExt adds cel-go's ext.Lists functions. */
export function registerListsExt(env: Environment): void {
  env.registerType('ListsNamespace', ListsNamespace);
  env.registerConstant('lists', 'ListsNamespace', new ListsNamespace());
  env.registerFunction('ListsNamespace.range(int): list<int>', (_ns: unknown, n: bigint) => {
    chargeCost(1 + Number(n > 0n ? n : 0n));
    return Array.from({ length: Number(n > 0n ? n : 0n) }, (_, i) => BigInt(i));
  });
  env.registerFunction('list<A>.slice(int, int): list<A>', slice);
  env.registerFunction('list.flatten(): list<dyn>', (list: unknown[]) => flatten(list, 1n));
  env.registerFunction('list.flatten(int): list<dyn>', flatten);
  env.registerFunction('list<A>.distinct(): list<A>', distinct);
  env.registerFunction('list<A>.reverse(): list<A>', (list: unknown[]) => (chargeCost(1 + list.length), [...list].reverse()));
  env.registerFunction('list<A>.sort(): list<A>', (list: unknown[]) => sortByKeys(list, list));
  env.registerFunction('list.sortBy(ast, ast): list<dyn>', sortByMacro as never);
}
