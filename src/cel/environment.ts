import { Environment } from '@marcbachmann/cel-js';
import type { JsonValue } from '../util/json.js';

/**
 * CelDeclaration declares one variable of an expression. `type` is a CEL type
 * name as the engine spells it ('dyn', 'map<string, dyn>', 'optional<dyn>', ...).
 */
export interface CelDeclaration {
  readonly name: string;
  readonly type: string;
}

/** CelCompileError is an expression that does not parse or type-check, with its position. */
export class CelCompileError extends Error {
  constructor(
    readonly expression: string,
    readonly detail: string,
    /** 1-based column of the problem, when known. */
    readonly column?: number,
  ) {
    super(column !== undefined ? `compilation failed: ${detail} (column ${column})` : `compilation failed: ${detail}`);
    this.name = 'CelCompileError';
  }
}

/** CelEvaluation is the outcome of one evaluation: a value, or an error that never escapes as an exception. */
export type CelEvaluation =
  | { readonly ok: true; readonly value: unknown }
  | { readonly ok: false; readonly error: string };

/** CelProgram is a compiled expression, evaluated many times. */
export interface CelProgram {
  readonly expression: string;
  evaluate(activation: Readonly<Record<string, unknown>>): CelEvaluation;
}

const BASE = new Environment({ enableOptionalTypes: true, homogeneousAggregateLiterals: true });

/**
 * compileCel parses and type-checks an expression once, at load. It throws
 * CelCompileError for an expression the environment rejects.
 */
export function compileCel(expression: string, declarations: readonly CelDeclaration[]): CelProgram {
  const env = BASE.clone();
  for (const declaration of declarations) env.registerVariable(declaration.name, declaration.type);
  let parsed;
  try {
    parsed = env.parse(expression);
  } catch (error) {
    throw new CelCompileError(expression, (error as Error).message);
  }
  const checked = parsed.check();
  if (!checked.valid) throw new CelCompileError(expression, checked.error?.message ?? 'type check failed');
  return {
    expression,
    evaluate(activation) {
      try {
        return { ok: true, value: parsed(activation as Record<string, unknown>) };
      } catch (error) {
        return { ok: false, error: (error as Error).message };
      }
    },
  };
}

/**
 * toCelValue converts JSON into CEL values: whole numbers become int (BigInt),
 * as the apiserver reads JSON integers as int64.
 */
export function toCelValue(value: JsonValue): unknown {
  if (typeof value === 'number') return Number.isInteger(value) ? BigInt(value) : value;
  if (value === null || typeof value !== 'object') return value;
  // Copy on write: a container none of whose descendants holds an integer is shared as it is
  // (CEL never mutates its inputs), so strings-only subtrees cost no allocation.
  if (Array.isArray(value)) {
    let items: unknown[] | undefined;
    for (let i = 0; i < value.length; i++) {
      const item = value[i] as JsonValue;
      const converted = toCelValue(item);
      if (items === undefined && converted !== item) items = value.slice(0, i);
      items?.push(converted);
    }
    return items ?? value;
  }
  let out: Record<string, unknown> | undefined;
  for (const key of Object.keys(value)) {
    const item = value[key] as JsonValue;
    const converted = toCelValue(item);
    if (out === undefined && converted !== item) out = { ...value };
    if (out !== undefined) out[key] = converted;
  }
  return out ?? value;
}

/** fromCelValue converts a CEL result back into JSON (int to number). */
export function fromCelValue(value: unknown): JsonValue {
  if (typeof value === 'bigint') return Number(value);
  if (value === null || value === undefined) return null;
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') return value;
  if (Array.isArray(value)) return value.map(fromCelValue);
  if (value instanceof Map) {
    const out: Record<string, JsonValue> = {};
    for (const [k, v] of value) out[String(k)] = fromCelValue(v);
    return out;
  }
  if (typeof value === 'object') {
    const out: Record<string, JsonValue> = {};
    for (const [k, v] of Object.entries(value as Record<string, unknown>)) out[k] = fromCelValue(v);
    return out;
  }
  return String(value);
}
