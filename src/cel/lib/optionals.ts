import type { Environment } from '@marcbachmann/cel-js';
import { Optional } from '@marcbachmann/cel-js';
import { CelObject } from '../values.js';

function isZero(value: unknown): boolean {
  if (value === null || value === false || value === '' || value === 0 || value === 0n) return true;
  if (Array.isArray(value)) return value.length === 0;
  if (value instanceof Map) return value.size === 0;
  if (value instanceof Uint8Array) return value.length === 0;
  if (value instanceof CelObject) return CelObject.entriesOf(value).length === 0;
  if (value !== null && typeof value === 'object' && value.constructor === Object) return Object.keys(value).length === 0;
  return false;
}

/** registerOptionals adds optional.ofNonZeroValue, which the engine's optional library lacks. */
export function registerOptionals(env: Environment): void {
  env.registerFunction('OptionalNamespace.ofNonZeroValue(A): optional<A>', (_ns: unknown, value: unknown) =>
    isZero(value) ? Optional.none() : Optional.of(value),
  );
}
