import type { Environment } from '@marcbachmann/cel-js';
import { chargeCost } from '../cost.js';
import { celEquals } from '../values.js';

/** compareCel orders two comparable CEL values (numbers, strings, bools, timestamps, durations, bytes). */
export function compareCel(a: unknown, b: unknown): number {
  if ((typeof a === 'bigint' || typeof a === 'number') && (typeof b === 'bigint' || typeof b === 'number')) {
    if (typeof a === typeof b) return a < b ? -1 : a > b ? 1 : 0;
    const x = Number(a);
    const y = Number(b);
    return x < y ? -1 : x > y ? 1 : 0;
  }
  if (typeof a === 'string' && typeof b === 'string') return a < b ? -1 : a > b ? 1 : 0;
  if (typeof a === 'boolean' && typeof b === 'boolean') return Number(a) - Number(b);
  if (a instanceof Date && b instanceof Date) return Math.sign(a.getTime() - b.getTime());
  if (a instanceof Uint8Array && b instanceof Uint8Array) return Buffer.compare(a, b);
  const av = (a as { valueOf(): unknown })?.valueOf?.();
  const bv = (b as { valueOf(): unknown })?.valueOf?.();
  if (typeof av === 'number' && typeof bv === 'number') return Math.sign(av - bv);
  throw new Error('no such overload');
}

const INT64_MAX = 9223372036854775807n;
const INT64_MIN = -9223372036854775808n;

function sumInts(list: readonly bigint[]): bigint {
  chargeCost(list.length);
  let total = 0n;
  for (const v of list) {
    total += v;
    if (total > INT64_MAX || total < INT64_MIN) throw new Error('integer overflow');
  }
  return total;
}

function extreme(list: readonly unknown[], sign: number, name: string): unknown {
  chargeCost(list.length);
  if (list.length === 0) throw new Error(`${name} called on empty list`);
  let best = list[0];
  for (const v of list) if (compareCel(v, best) * sign > 0) best = v;
  return best;
}

function indexOf(list: readonly unknown[], value: unknown, fromEnd: boolean): bigint {
  chargeCost(list.length);
  if (fromEnd) {
    for (let i = list.length - 1; i >= 0; i--) if (celEquals(list[i], value)) return BigInt(i);
  } else {
    for (let i = 0; i < list.length; i++) if (celEquals(list[i], value)) return BigInt(i);
  }
  return -1n;
}

/** registerLists adds Kubernetes' lists library: isSorted, sum, min, max, indexOf, lastIndexOf. */
export function registerLists(env: Environment): void {
  env.registerFunction('list<A>.isSorted(): bool', (list: unknown[]) => {
    chargeCost(list.length);
    for (let i = 1; i < list.length; i++) if (compareCel(list[i - 1], list[i]) > 0) return false;
    return true;
  });
  env.registerFunction('list<int>.sum(): int', sumInts);
  env.registerFunction('list<double>.sum(): double', (list: number[]) => (chargeCost(list.length), list.reduce((a, b) => a + b, 0)));
  env.registerFunction('list<A>.min(): A', (list: unknown[]) => extreme(list, -1, 'min'));
  env.registerFunction('list<A>.max(): A', (list: unknown[]) => extreme(list, 1, 'max'));
  env.registerFunction('list<A>.indexOf(A): int', (list: unknown[], v: unknown) => indexOf(list, v, false));
  env.registerFunction('list<A>.lastIndexOf(A): int', (list: unknown[], v: unknown) => indexOf(list, v, true));
}
