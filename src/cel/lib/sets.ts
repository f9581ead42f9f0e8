import type { Environment } from '@marcbachmann/cel-js';
import { chargeCost } from '../cost.js';
import { celEquals } from '../values.js';

class SetsNamespace {}

function contains(list: readonly unknown[], sub: readonly unknown[]): boolean {
  chargeCost(list.length * sub.length + 1);
  return sub.every((x) => list.some((y) => celEquals(x, y)));
}

/** registerSets adds cel-go ext.Sets: sets.contains, sets.equivalent, sets.intersects. */
export function registerSets(env: Environment): void {
  env.registerType('SetsNamespace', SetsNamespace);
  env.registerConstant('sets', 'SetsNamespace', new SetsNamespace());
  env.registerFunction('SetsNamespace.contains(list<A>, list<A>): bool', (_ns: unknown, a: unknown[], b: unknown[]) => contains(a, b));
  env.registerFunction('SetsNamespace.equivalent(list<A>, list<A>): bool', (_ns: unknown, a: unknown[], b: unknown[]) => contains(a, b) && contains(b, a));
  env.registerFunction('SetsNamespace.intersects(list<A>, list<A>): bool', (_ns: unknown, a: unknown[], b: unknown[]) => {
    chargeCost(a.length * b.length + 1);
    return a.some((x) => b.some((y) => celEquals(x, y)));
  });
}
