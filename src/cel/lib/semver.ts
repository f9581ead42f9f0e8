import type { Environment } from '@marcbachmann/cel-js';

/** Semver is a parsed semantic version (blang/semver rules, as Kubernetes' semver library). */
export class Semver {
  constructor(readonly major: bigint, readonly minor: bigint, readonly patch: bigint, readonly pre: readonly string[]) {}

  compare(o: Semver): number {
    for (const [a, b] of [[this.major, o.major], [this.minor, o.minor], [this.patch, o.patch]] as const) if (a !== b) return a < b ? -1 : 1;
    if (this.pre.length === 0 || o.pre.length === 0) return this.pre.length === o.pre.length ? 0 : this.pre.length === 0 ? 1 : -1;
    for (let i = 0; i < Math.min(this.pre.length, o.pre.length); i++) {
      const a = this.pre[i] as string;
      const b = o.pre[i] as string;
      if (a === b) continue;
      const an = /^\d+$/.test(a);
      const bn = /^\d+$/.test(b);
      if (an && bn) return BigInt(a) < BigInt(b) ? -1 : 1;
      if (an !== bn) return an ? -1 : 1;
      return a < b ? -1 : 1;
    }
    return Math.sign(this.pre.length - o.pre.length);
  }

  equals(other: unknown): boolean {
    return other instanceof Semver && this.compare(other) === 0;
  }
}

const STRICT = /^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)(?:-((?:0|[1-9]\d*|\d*[a-zA-Z-][0-9a-zA-Z-]*)(?:\.(?:0|[1-9]\d*|\d*[a-zA-Z-][0-9a-zA-Z-]*))*))?(?:\+([0-9a-zA-Z-]+(?:\.[0-9a-zA-Z-]+)*))?$/;

function normalize(text: string): string {
  let s = text.startsWith('v') ? text.slice(1) : text;
  const extra = /[-+]/.exec(s);
  const core = extra ? s.slice(0, extra.index) : s;
  const rest = extra ? s.slice(extra.index) : '';
  const parts = core.split('.');
  while (parts.length < 3) parts.push('0');
  s = parts.map((p) => (/^\d+$/.test(p) ? String(BigInt(p)) : p)).join('.') + rest;
  return s;
}

/** parseSemver parses a version; with normalize, a leading v, missing parts and leading zeros are accepted. */
export function parseSemver(text: string, normalizeInput = false): Semver | undefined {
  const match = STRICT.exec(normalizeInput ? normalize(text) : text);
  if (!match) return undefined;
  return new Semver(BigInt(match[1] as string), BigInt(match[2] as string), BigInt(match[3] as string), match[4] ? match[4].split('.') : []);
}

function semverProblem(text: string): string {
  const core = text.split(/[-+]/)[0] ?? '';
  if (core.split('.').length !== 3) return 'No Major.Minor.Patch elements found';
  if (core.split('.').some((part) => part.length > 1 && part.startsWith('0'))) return 'Leading zeroes are not allowed';
  return 'Invalid character(s) found';
}

function semver(text: string, normalizeInput = false): Semver {
  const v = parseSemver(text, normalizeInput);
  if (!v) throw new Error(`Semver parse error during conversion from string: ${semverProblem(text)}`);
  return v;
}

/** registerSemver adds Kubernetes' semver library (1.33). */
export function registerSemver(env: Environment): void {
  const T = 'kubernetes.Semver';
  env.registerType(T, Semver);
  env.registerOperator(`${T} == ${T}`, (a: Semver, b: Semver) => a.equals(b));
  env.registerFunction(`semver(string): ${T}`, (s: string) => semver(s));
  env.registerFunction(`semver(string, bool): ${T}`, semver);
  env.registerFunction('isSemver(string): bool', (s: string) => parseSemver(s) !== undefined);
  env.registerFunction('isSemver(string, bool): bool', (s: string, n: boolean) => parseSemver(s, n) !== undefined);
  env.registerFunction(`${T}.major(): int`, (v: Semver) => v.major);
  env.registerFunction(`${T}.minor(): int`, (v: Semver) => v.minor);
  env.registerFunction(`${T}.patch(): int`, (v: Semver) => v.patch);
  env.registerFunction(`${T}.compareTo(${T}): int`, (a: Semver, b: Semver) => BigInt(a.compare(b)));
  env.registerFunction(`${T}.isGreaterThan(${T}): bool`, (a: Semver, b: Semver) => a.compare(b) > 0);
  env.registerFunction(`${T}.isLessThan(${T}): bool`, (a: Semver, b: Semver) => a.compare(b) < 0);
}
