import type { Environment } from '@marcbachmann/cel-js';

/**
 * Quantity is an exact resource.Quantity value (num/den as BigInt), parsed with
 * the apimachinery grammar: sign, digits, optional fraction, and a binary-SI
 * (Ki..Ei), decimal-SI (n u m k M G T P E) or decimal-exponent (e3) suffix.
 */
export class Quantity {
  constructor(readonly num: bigint, readonly den: bigint) {}

  compare(other: Quantity): number {
    const a = this.num * other.den;
    const b = other.num * this.den;
    return a < b ? -1 : a > b ? 1 : 0;
  }

  equals(other: unknown): boolean {
    return other instanceof Quantity && this.compare(other) === 0;
  }

  toString(): string {
    return this.den === 1n ? String(this.num) : String(Number(this.num) / Number(this.den));
  }
}

const QUANTITY = /^([+-]?)([0-9]*)(?:\.([0-9]*))?(Ki|Mi|Gi|Ti|Pi|Ei|n|u|m|k|M|G|T|P|E|[eE][+-]?[0-9]+)?$/;
const BINARY: Readonly<Record<string, bigint>> = { Ki: 1n << 10n, Mi: 1n << 20n, Gi: 1n << 30n, Ti: 1n << 40n, Pi: 1n << 50n, Ei: 1n << 60n };
const DECIMAL: Readonly<Record<string, number>> = { n: -9, u: -6, m: -3, '': 0, k: 3, M: 6, G: 9, T: 12, P: 15, E: 18 };
const INT64_MAX = 9223372036854775807n;
const INT64_MIN = -9223372036854775808n;

function gcd(a: bigint, b: bigint): bigint {
  a = a < 0n ? -a : a;
  while (b !== 0n) [a, b] = [b, a % b];
  return a === 0n ? 1n : a;
}

function make(num: bigint, den: bigint): Quantity {
  const g = gcd(num, den);
  return new Quantity(num / g, den / g);
}

/** parseQuantity returns the Quantity of a string, or undefined when it is not one. */
export function parseQuantity(text: string): Quantity | undefined {
  const match = QUANTITY.exec(text);
  if (!match || text.length === 0) return undefined;
  const [, sign = '', whole = '', fraction = '', suffix = ''] = match;
  if (whole.length === 0 && fraction.length === 0) return undefined;
  let num = BigInt(`${whole}${fraction}` || '0');
  let den = 10n ** BigInt(fraction.length);
  if (sign === '-') num = -num;
  const binary = BINARY[suffix];
  if (binary !== undefined) num *= binary;
  else {
    const exp = suffix in DECIMAL ? (DECIMAL[suffix] as number) : Number(suffix.slice(1));
    if (!Number.isFinite(exp) || Math.abs(exp) > 1000) return undefined;
    if (exp >= 0) num *= 10n ** BigInt(exp);
    else den *= 10n ** BigInt(-exp);
  }
  return make(num, den);
}

// Quantities are immutable: remember recent parses (requests repeat the same strings).
const parsed = new Map<string, Quantity | undefined>();

function cachedQuantity(text: string): Quantity | undefined {
  if (parsed.has(text)) return parsed.get(text);
  const q = parseQuantity(text);
  if (parsed.size >= 1024) parsed.clear();
  parsed.set(text, q);
  return q;
}

function quantity(text: string): Quantity {
  const q = cachedQuantity(text);
  if (!q) throw new Error("quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'");
  return q;
}

function asInteger(q: Quantity): bigint {
  if (q.den !== 1n || q.num > INT64_MAX || q.num < INT64_MIN) throw new Error('cannot convert value to integer');
  return q.num;
}

const add = (a: Quantity, b: Quantity): Quantity => make(a.num * b.den + b.num * a.den, a.den * b.den);
const neg = (a: Quantity): Quantity => new Quantity(-a.num, a.den);
const fromInt = (n: bigint): Quantity => new Quantity(n, 1n);

/** registerQuantity adds Kubernetes' quantity library (1.28). */
export function registerQuantity(env: Environment): void {
  const T = 'kubernetes.Quantity';
  env.registerType(T, Quantity);
  env.registerOperator(`${T} == ${T}`, (a: Quantity, b: Quantity) => a.equals(b));
  env.registerFunction(`quantity(string): ${T}`, quantity);
  env.registerFunction('isQuantity(string): bool', (s: string) => cachedQuantity(s) !== undefined);
  env.registerFunction(`${T}.sign(): int`, (q: Quantity) => BigInt(q.num > 0n ? 1 : q.num < 0n ? -1 : 0));
  env.registerFunction(`${T}.isInteger(): bool`, (q: Quantity) => q.den === 1n && q.num <= INT64_MAX && q.num >= INT64_MIN);
  env.registerFunction(`${T}.asInteger(): int`, asInteger);
  env.registerFunction(`${T}.asApproximateFloat(): double`, (q: Quantity) => Number(q.num) / Number(q.den));
  env.registerFunction(`${T}.add(${T}): ${T}`, add);
  env.registerFunction(`${T}.add(int): ${T}`, (a: Quantity, n: bigint) => add(a, fromInt(n)));
  env.registerFunction(`${T}.sub(${T}): ${T}`, (a: Quantity, b: Quantity) => add(a, neg(b)));
  env.registerFunction(`${T}.sub(int): ${T}`, (a: Quantity, n: bigint) => add(a, fromInt(-n)));
  env.registerFunction(`${T}.compareTo(${T}): int`, (a: Quantity, b: Quantity) => BigInt(a.compare(b)));
  env.registerFunction(`${T}.isGreaterThan(${T}): bool`, (a: Quantity, b: Quantity) => a.compare(b) > 0);
  env.registerFunction(`${T}.isLessThan(${T}): bool`, (a: Quantity, b: Quantity) => a.compare(b) < 0);
}
