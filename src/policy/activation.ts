import { firstLine } from './expressions.js';
import type { StoredObject } from './objects.js';
import type { RequestValues } from './request-values.js';
import type { CompiledExpression, NamedExpression } from './types.js';

/** Evaluation is a CEL result or the apiserver-worded error text. */
export type Evaluation =
  | { readonly ok: true; readonly value: unknown }
  | { readonly ok: false; readonly error: string; readonly outOfBudget?: boolean };

/** CostBudget is what is left of the cost units one binding evaluation may spend. */
export interface CostBudget {
  remaining: number;
}

/** RUNTIME_COST_BUDGET is RuntimeCELCostBudget: units per binding (and param) evaluation. */
export const RUNTIME_COST_BUDGET = 10_000_000;
/** MATCH_CONDITIONS_COST_BUDGET is RuntimeCELCostBudgetMatchConditions. */
export const MATCH_CONDITIONS_COST_BUDGET = 2_500_000;
/** OUT_OF_BUDGET is the apiserver's error once a binding's budget is spent. */
export const OUT_OF_BUDGET = 'validation failed due to running out of cost budget, no further validation rules will be run';

// The metered form of CelProgram.evaluate: the budget caps and records what an evaluation spends.
interface MeteredProgram {
  evaluate(activation: Readonly<Record<string, unknown>>, budget?: CostBudget): { ok: true; value: unknown } | { ok: false; error: string; costExceeded?: boolean };
}

/**
 * evaluate runs one compiled expression under the activation's cost budget;
 * an error reads `expression '<expr>' resulted in error: <detail>`, and a
 * spent budget gives the apiserver's out-of-budget error.
 */
export function evaluate(expression: CompiledExpression, activation: Readonly<Record<string, unknown>>, budget = budgetOf(activation)): Evaluation {
  const result = (expression.program as unknown as MeteredProgram).evaluate(activation, budget);
  if (result.ok) return result;
  if (budget !== undefined && budget.remaining <= 0 && result.costExceeded === true) return { ok: false, error: OUT_OF_BUDGET, outOfBudget: true };
  return { ok: false, error: `expression '${expression.source}' resulted in error: ${firstLine(result.error)}` };
}

function budgetOf(activation: Readonly<Record<string, unknown>>): CostBudget | undefined {
  return activation instanceof PolicyActivation ? activation.costBudget : undefined;
}

// The root variables as getters on a class: far cheaper per evaluation than defining properties.
class PolicyActivation {
  readonly #budget: CostBudget;
  readonly #values: RequestValues;
  readonly #declared: readonly NamedExpression[];
  // Results of `variables.<name>` by position, each computed on first read.
  #results: (Evaluation | undefined)[] | undefined;
  #variables: Readonly<Record<string, unknown>> | undefined;

  constructor(values: RequestValues, readonly params: unknown, variables: readonly NamedExpression[], budget: CostBudget) {
    this.#values = values;
    this.#budget = budget;
    this.#declared = variables;
  }

  // Made on first read: many evaluations never touch `variables`.
  get variables(): Readonly<Record<string, unknown>> {
    if (this.#variables) return this.#variables;
    const declared = this.#declared;
    if (declared.length === 0) return (this.#variables = NO_VARIABLES);
    const variables = { [ACTIVATION]: this };
    // One defineProperty per variable: several times cheaper than Object.defineProperties.
    for (const [name, descriptor] of variableAccessors(declared)) Object.defineProperty(variables, name, descriptor);
    return (this.#variables = variables);
  }

  get costBudget(): CostBudget {
    return this.#budget;
  }

  get object(): unknown {
    return this.#values.object;
  }

  get oldObject(): unknown {
    return this.#values.oldObject;
  }

  get request(): unknown {
    return this.#values.request;
  }

  get namespaceObject(): unknown {
    return this.#values.namespaceObject;
  }

  /** variable evaluates the variable at `index` once; an error is thrown on every read, as cel-go does. */
  variable(index: number, expression: CompiledExpression): unknown {
    const results = (this.#results ??= new Array<Evaluation | undefined>(this.#declared.length));
    const result = (results[index] ??= evaluate(expression, this as unknown as Record<string, unknown>));
    if (!result.ok) throw new Error(result.error);
    return result.value;
  }
}

const NO_VARIABLES: Readonly<Record<string, unknown>> = Object.freeze({});
// The `variables` object of an evaluation points back to its activation through this key (no string key can clash).
const ACTIVATION = Symbol('activation');
const descriptorsByList = new WeakMap<readonly NamedExpression[], readonly (readonly [string, PropertyDescriptor])[]>();

/**
 * variableAccessors gives one enumerable getter per variable, made once per
 * policy (stages ask at load) and shared by every evaluation of it. Fresh
 * getter closures per evaluation gave every `variables` object its own hidden
 * class, whose old-space transitions kept each request's values alive until a full GC.
 */
export function variableAccessors(variables: readonly NamedExpression[]): readonly (readonly [string, PropertyDescriptor])[] {
  let descriptors = descriptorsByList.get(variables);
  if (descriptors) return descriptors;
  descriptors = variables.map(({ name, expression }, index) => [
    name,
    {
      enumerable: true,
      get(this: { readonly [ACTIVATION]: PolicyActivation }): unknown {
        return this[ACTIVATION].variable(index, expression);
      },
    },
  ]);
  descriptorsByList.set(variables, descriptors);
  return descriptors;
}

/**
 * activation builds the variables of one evaluation (one binding and one
 * param); `variables.<name>` is computed on first use and then reused.
 */
export function activation(
  values: RequestValues,
  params: StoredObject | null,
  variables: readonly NamedExpression[],
  budget: CostBudget = { remaining: RUNTIME_COST_BUDGET },
): Record<string, unknown> {
  return new PolicyActivation(values, params ? params.celValue : null, variables, budget) as unknown as Record<string, unknown>;
}

/** ConditionOutcome is the verdict of matchConditions: all true, one false (skip), or an error. */
export type ConditionOutcome =
  | { readonly kind: 'match' }
  | { readonly kind: 'skip'; readonly condition: string }
  | { readonly kind: 'error'; readonly error: string };

const MATCHED: ConditionOutcome = Object.freeze({ kind: 'match' });

/**
 * evaluateConditions is matchconditions.Match: any false skips; otherwise any
 * error is an error (the caller applies the failure policy); else a match.
 */
export function evaluateConditions(conditions: readonly NamedExpression[], bindings: Readonly<Record<string, unknown>>): ConditionOutcome {
  if (conditions.length === 0) return MATCHED;
  const errors: string[] = [];
  const budget: CostBudget = { remaining: MATCH_CONDITIONS_COST_BUDGET };
  for (const condition of conditions) {
    const result = evaluate(condition.expression, bindings, budget);
    if (!result.ok) errors.push(result.error);
    else if (result.value === false) return { kind: 'skip', condition: condition.name };
    else if (result.value !== true) errors.push(`expression '${condition.expression.source}' resulted in a ${typeof result.value}, not a bool`);
  }
  if (errors.length === 0) return MATCHED;
  return { kind: 'error', error: errors.length === 1 ? (errors[0] as string) : `[${errors.join(', ')}]` };
}
