import type { CodeKeywordDefinition, KeywordCxt } from 'ajv';
import { _, Name } from 'ajv';
import { extendErrors } from 'ajv/dist/compile/errors.js';

/**
 * kube-openapi's numeric checks (numberValidator with MultipleOfNativeType,
 * MinimumNativeType, MaximumNativeType): for an integer value the bound and
 * the factor are truncated to int64 first, so `minimum: 0.5` accepts `0`;
 * for a float value a multiple is accepted within a relative error of 1e-9
 * (swag.IsFloat64AJSONInteger). ajv's own keywords differ on both points, so
 * the translated schema carries this keyword instead.
 */

/** NUMBER_KEYWORD is the ajv keyword holding a node's numeric constraints. */
export const NUMBER_KEYWORD = 'x-crd-admission-number';

/** NumberConstraints are the numeric keywords of one JSONSchemaProps node. */
export interface NumberConstraints {
  multipleOf?: number;
  maximum?: number;
  exclusiveMaximum?: boolean;
  minimum?: number;
  exclusiveMinimum?: boolean;
}

/** NumberFailure is one failed check, named by the OpenAPI keyword it comes from. */
export interface NumberFailure {
  readonly keyword: 'multipleOf' | 'minimum' | 'exclusiveMinimum' | 'maximum' | 'exclusiveMaximum';
  readonly params: Record<string, never>;
}

const EPSILON = 1e-9;

function isJsonInteger(f: number): boolean {
  if (!Number.isFinite(f)) return false;
  const g = Math.trunc(f);
  if (f === g) return true;
  const diff = Math.abs(f - g);
  if (g === 0) return diff < EPSILON * Number.MIN_VALUE;
  return diff / (Math.abs(f) + Math.abs(g)) < EPSILON;
}

function notMultiple(value: number, factor: number): boolean {
  if (Number.isInteger(value) && Math.trunc(factor) !== 0) return value % Math.trunc(factor) !== 0;
  return !isJsonInteger(value / factor);
}

function exceeds(value: number, limit: number, exclusive: boolean | undefined, above: boolean): boolean {
  const bound = Number.isInteger(value) ? Math.trunc(limit) : limit;
  if (above) return exclusive === true ? value >= bound : value > bound;
  return exclusive === true ? value <= bound : value < bound;
}

/** numberFailures checks a number in kube-openapi's order: multipleOf, minimum, maximum. */
export function numberFailures(constraints: NumberConstraints, value: number): NumberFailure[] {
  const failures: NumberFailure[] = [];
  const { multipleOf, minimum, maximum } = constraints;
  if (multipleOf !== undefined && notMultiple(value, multipleOf)) failures.push({ keyword: 'multipleOf', params: {} });
  if (minimum !== undefined && exceeds(value, minimum, constraints.exclusiveMinimum, false)) {
    failures.push({ keyword: constraints.exclusiveMinimum === true ? 'exclusiveMinimum' : 'minimum', params: {} });
  }
  if (maximum !== undefined && exceeds(value, maximum, constraints.exclusiveMaximum, true)) {
    failures.push({ keyword: constraints.exclusiveMaximum === true ? 'exclusiveMaximum' : 'maximum', params: {} });
  }
  return failures;
}

// No check fails: numberFailures(constraints, value) is empty (tested without building it, the common case).
function passes(constraints: NumberConstraints, value: number): boolean {
  const { multipleOf, minimum, maximum } = constraints;
  if (multipleOf !== undefined && notMultiple(value, multipleOf)) return false;
  if (minimum !== undefined && exceeds(value, minimum, constraints.exclusiveMinimum, false)) return false;
  return maximum === undefined || !exceeds(value, maximum, constraints.exclusiveMaximum, true);
}

const V_ERRORS = new Name('vErrors');
const ERRORS = new Name('errors');

/**
 * NUMBER_KEYWORD_DEFINITION is the ajv keyword of NUMBER_KEYWORD. Its code
 * calls `passes` inline (no validation context built per number); only a
 * failing number builds its failures, which ajv completes (instancePath,
 * schemaPath, schema, data) as for a `validate` keyword's errors.
 */
export const NUMBER_KEYWORD_DEFINITION: CodeKeywordDefinition = {
  keyword: NUMBER_KEYWORD,
  type: 'number',
  schemaType: 'object',
  trackErrors: true,
  code(cxt: KeywordCxt) {
    const { gen, data, schemaCode } = cxt;
    const passesRef = gen.scopeValue('keyword', { ref: passes });
    const failuresRef = gen.scopeValue('keyword', { ref: numberFailures });
    cxt.failResult(_`!${passesRef}(${schemaCode}, ${data})`, undefined, () => {
      const failures = gen.const('failures', _`${failuresRef}(${schemaCode}, ${data})`);
      gen.assign(V_ERRORS, _`${V_ERRORS} === null ? ${failures} : ${V_ERRORS}.concat(${failures})`);
      gen.assign(ERRORS, _`${V_ERRORS}.length`);
      extendErrors(cxt);
    });
  },
};
