import { parseArgs } from 'node:util';
import type { ParseArgsConfig } from 'node:util';
import { UsageError } from './command.js';

/** FlagOptions is the `options` table of parseArgs. */
export type FlagOptions = NonNullable<ParseArgsConfig['options']>;

/** FlagValues is what parseFlags returns for a table of flags. */
export type FlagValues<O extends FlagOptions> = ReturnType<typeof parseArgs<{ options: O; strict: true; allowPositionals: false }>>['values'];

/**
 * parseFlags is node:util parseArgs in strict mode without positionals,
 * turning its errors (unknown flag, missing value) into UsageError (exit 2).
 */
export function parseFlags<O extends FlagOptions>(argv: readonly string[], options: O): FlagValues<O> {
  try {
    return parseArgs({ args: [...argv], options, strict: true as const, allowPositionals: false as const }).values;
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
}

/** integerFlag reads a whole number flag within bounds, or throws a UsageError naming the flag. */
export function integerFlag(name: string, value: string | undefined, fallback: number, min: number, max: number): number {
  if (value === undefined) return fallback;
  if (!/^\d+$/.test(value) || Number(value) < min || Number(value) > max) {
    throw new UsageError(`--${name} must be a whole number from ${min} to ${max}, got ${JSON.stringify(value)}`);
  }
  return Number(value);
}

/** choiceFlag reads a flag that takes one of a few words. */
export function choiceFlag<C extends string>(name: string, value: string | undefined, choices: readonly C[], fallback: C): C {
  if (value === undefined) return fallback;
  if (!(choices as readonly string[]).includes(value)) {
    throw new UsageError(`--${name} must be one of ${choices.join(', ')}, got ${JSON.stringify(value)}`);
  }
  return value as C;
}
