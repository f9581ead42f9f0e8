import { Environment } from '@marcbachmann/cel-js';
import type { ASTNode, ParseResult } from '@marcbachmann/cel-js';
import { Re2SyntaxError, compileRe2 } from '../util/re2.js';
import { applyListSemantics, callSites, guardIntegers, meterComprehensions, nodeCount, rejectRepeatedMapKeys, renameCall, stringLiteral, usesVariable } from './ast.js';
import type { CostBudget } from './cost.js';
import { CostLimitExceeded, CostMeter, PER_CALL_COST_LIMIT, PER_CALL_TIME_LIMIT_MS, enterMeter, leaveMeter } from './cost.js';
import { registerKubernetesLibraries, REGEX_FUNCTIONS, RE2_MATCHES } from './lib/index.js';
import { celEquals, concatLists } from './values.js';
import { readObjectFields, readObjectVariables } from './field-access.js';

/**
 * CelDeclaration declares one variable of an expression. `type` is a CEL type
 * name as the engine spells it ('dyn', 'map<string, dyn>', 'optional<dyn>', or a
 * type registered by `schemaTypes`).
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
  | { readonly ok: true; readonly value: unknown; readonly cost: number }
  | { readonly ok: false; readonly error: string; readonly cost: number; readonly costExceeded?: boolean };

/** CelProgram is a compiled expression, evaluated many times. */
export interface CelProgram {
  readonly expression: string;
  /** The type the checker inferred ('bool', 'string', ...). */
  readonly resultType: string;
  /** usesVariable tells whether the expression reads a variable (`oldSelf`...). */
  usesVariable(name: string): boolean;
  /**
   * evaluate runs the expression. With a budget, the evaluation may spend at most
   * min(costLimit, budget.remaining) units, and what it spent is taken from the budget.
   */
  evaluate(activation: Readonly<Record<string, unknown>>, budget?: CostBudget): CelEvaluation;
}

/** CelCompileOptions tune one compilation. */
export interface CelCompileOptions {
  /** The environment to compile in (one with schema types); the Kubernetes base environment by default. */
  readonly environment?: Environment;
  /** Cost units one evaluation may spend (default 1,000,000, Kubernetes' PerCallLimit). */
  readonly costLimit?: number;
  /** Wall-clock limit of one evaluation in milliseconds (default 250). */
  readonly timeLimitMs?: number;
}

let base: Environment | undefined;

/**
 * kubernetesEnvironment is the base environment: cel-go's standard library as
 * Kubernetes configures it (optionals, homogeneous literals) plus the Kubernetes
 * libraries. Clone it to add types or variables.
 */
export function kubernetesEnvironment(): Environment {
  if (!base) {
    base = new Environment({ enableOptionalTypes: true, homogeneousAggregateLiterals: true });
    registerKubernetesLibraries(base);
  }
  return base;
}

function columnOf(error: unknown): number | undefined {
  const range = (error as { range?: { start: number } }).range;
  return range ? range.start + 1 : undefined;
}

function summary(error: unknown): string {
  const e = error as { summary?: string; message?: string };
  const text = e.summary ?? (e.message ?? String(error)).split('\n')[0] ?? '';
  return text.replaceAll(RE2_MATCHES, 'matches');
}

// matches() of the engine is a backtracking JS RegExp; ours is RE2 (linear time). A
// literal pattern is compiled now, so an invalid one is a compile error.
function rewriteRegexCalls(expression: string, ast: ASTNode): void {
  for (const site of callSites(ast)) {
    if (!REGEX_FUNCTIONS.has(site.name)) continue;
    if (site.name === 'matches') renameCall(site, RE2_MATCHES);
    const pattern = site.args[1];
    const literal = pattern ? stringLiteral(pattern) : undefined;
    if (literal === undefined) continue;
    try {
      compileRe2(literal);
    } catch (error) {
      const detail = error instanceof Re2SyntaxError ? error.message : String(error);
      throw new CelCompileError(expression, `invalid regular expression ${JSON.stringify(literal)}: ${detail}`, (pattern?.start ?? 0) + 1);
    }
  }
}

function parseChecked(expression: string, env: Environment): { parsed: ParseResult; type: string } {
  let parsed: ParseResult;
  try {
    parsed = env.parse(expression);
  } catch (error) {
    throw new CelCompileError(expression, summary(error), columnOf(error));
  }
  rewriteRegexCalls(expression, parsed.ast);
  const checked = parsed.check();
  if (!checked.valid) throw new CelCompileError(expression, summary(checked.error), columnOf(checked.error));
  // First: the passes below wrap whatever evaluates a node, this one included.
  readObjectFields(parsed.ast);
  readObjectVariables(parsed.ast);
  meterComprehensions(parsed.ast);
  guardIntegers(parsed.ast);
  rejectRepeatedMapKeys(parsed.ast);
  applyListSemantics(parsed.ast, { equals: celEquals, concat: concatLists });
  return { parsed, type: checked.type ?? 'dyn' };
}

// The engine's runtime messages, in cel-go's words (they end up in Kubernetes-style errors).
const CEL_GO_WORDING: ReadonlyArray<readonly [RegExp, string]> = [
  [/^No such key: index out of bounds, index (-?\d+) >= size \d+$/, 'index out of bounds: $1'],
  [/^No such key: (.*)$/, 'no such key: $1'],
  [/^integer overflow: .*$/, 'integer overflow'],
  [/^modulo by zero$/, 'modulus by zero'],
  [/^Optional value is not present$/, 'optional.none() dereference'],
];

function evaluationMessage(error: unknown): string {
  if (error instanceof CostLimitExceeded) return error.message;
  let text = summary(error);
  for (const [pattern, replacement] of CEL_GO_WORDING) {
    if (pattern.test(text)) {
      text = text.replace(pattern, replacement);
      break;
    }
  }
  return text;
}

/**
 * compileCel parses and type-checks an expression once, at load. It throws
 * CelCompileError for an expression the environment rejects.
 */
export function compileCel(
  expression: string,
  declarations: readonly CelDeclaration[],
  options: CelCompileOptions = {},
): CelProgram {
  const env = (options.environment ?? kubernetesEnvironment()).clone();
  for (const declaration of declarations) {
    try {
      env.registerVariable(declaration.name, declaration.type);
    } catch (error) {
      throw new CelCompileError(expression, `variable ${declaration.name}: ${(error as Error).message}`);
    }
  }
  const { parsed, type } = parseChecked(expression, env);
  const costLimit = options.costLimit ?? PER_CALL_COST_LIMIT;
  const timeLimit = options.timeLimitMs ?? PER_CALL_TIME_LIMIT_MS;
  const uses = new Map<string, boolean>();
  // Every evaluation costs at least the size of the expression, so many small rules
  // on a large object still spend the request's budget.
  const baseCost = nodeCount(parsed.ast);
  const spare = new CostMeter(costLimit, timeLimit);
  let running = false;
  return {
    expression,
    resultType: type,
    usesVariable(name) {
      let found = uses.get(name);
      if (found === undefined) uses.set(name, (found = usesVariable(parsed.ast, name)));
      return found;
    },
    evaluate(activation, budget) {
      const limit = budget ? Math.min(costLimit, budget.remaining) : costLimit;
      // metered() inlined: no closure, no result object and (unless re-entered) no meter per evaluation.
      const meter = running ? new CostMeter(limit, timeLimit, budget?.deadline) : spare.restart(limit, budget?.deadline);
      const outer = enterMeter(meter);
      const wasRunning = running;
      running = true;
      let value: unknown;
      let error: unknown;
      try {
        meter.charge(baseCost);
        value = parsed(activation as Record<string, unknown>) as unknown;
      } catch (thrown) {
        error = thrown;
      } finally {
        running = wasRunning;
        leaveMeter(outer);
      }
      // A tripped meter is the error, even when the expression absorbed it (`||`, `all`).
      if (meter.tripped) error = meter.tripped;
      const cost = meter.units;
      if (budget) budget.remaining -= cost;
      if (error === undefined) return { ok: true, value, cost };
      const costExceeded = error instanceof CostLimitExceeded;
      return { ok: false, error: evaluationMessage(error), cost, ...(costExceeded ? { costExceeded } : {}) };
    },
  };
}

export { fromCelValue, toCelValue } from './convert.js';
