import type { ErrorObject } from 'ajv';
import { NUMBER_KEYWORD } from './number-keyword.js';

/**
 * kube-openapi's order of errors. At each schema node its validators run in
 * this order: type, allOf/anyOf/oneOf/not, string (maxLength, minLength,
 * pattern, stopping at the first failure), format, number (multipleOf,
 * minimum, maximum), array (items, then minItems, maxItems), enum, object
 * (min/maxProperties, additionalProperties, properties, required). ajv uses
 * another order; these helpers restore kube-openapi's.
 */

const TERMINAL_RANK: Readonly<Record<string, number>> = {
  type: 0,
  anyOf: 1,
  oneOf: 1,
  not: 1,
  maxLength: 2,
  minLength: 2.1,
  pattern: 2.2,
  format: 3,
  multipleOf: 4,
  minimum: 4.1,
  exclusiveMinimum: 4.1,
  maximum: 4.2,
  exclusiveMaximum: 4.2,
  [NUMBER_KEYWORD]: 4,
  minItems: 5.5,
  maxItems: 5.6,
  enum: 6,
  minProperties: 7,
  maxProperties: 7,
  required: 9,
};

const STRING_KEYWORDS = new Set(['maxLength', 'minLength', 'pattern']);

function pointerParts(pointer: string): string[] {
  return pointer === '' ? [] : pointer.slice(1).split('/');
}

interface Step {
  /** Rank of the step at its node, then a sub-rank (property/item position, branch index). */
  readonly rank: number;
  readonly sub: number;
}

// Walks an error's schemaPath alongside its instancePath; `subtree` names each property/item subtree met.
function walk(error: ErrorObject, visit: (subtree: string | undefined, step: Step | undefined, segment: string) => void): void {
  const schema = error.schemaPath.split('/');
  const instance = pointerParts(error.instancePath);
  let schemaPrefix = schema[0] ?? '#';
  let instancePrefix = '';
  let depth = 0;
  for (let i = 1; i < schema.length; i++) {
    const segment = schema[i] as string;
    const last = i === schema.length - 1;
    schemaPrefix += `/${segment}`;
    if ((segment === 'properties' || segment === 'additionalProperties' || segment === 'items') && !last) {
      if (segment === 'properties') schemaPrefix += `/${schema[++i] ?? ''}`;
      instancePrefix += `/${instance[depth++] ?? ''}`;
      visit(`${schemaPrefix}\u0000${instancePrefix}`, undefined, segment);
    } else if ((segment === 'allOf' || segment === 'anyOf' || segment === 'oneOf') && !last) {
      const branch = Number(schema[++i]);
      schemaPrefix += `/${branch}`;
      visit(undefined, { rank: 1, sub: branch }, segment);
    } else if (segment === 'not' && !last) {
      visit(undefined, { rank: 1, sub: 0 }, segment);
    } else {
      visit(undefined, { rank: TERMINAL_RANK[segment] ?? 10, sub: -1 }, segment);
    }
  }
}

const SUBTREE_RANK: Readonly<Record<string, number>> = { items: 5, additionalProperties: 7.5, properties: 8 };

// The first position of every property/item subtree, so that a subtree's errors stay together.
function firstPositions(errors: readonly ErrorObject[]): Map<string, number> {
  const first = new Map<string, number>();
  errors.forEach((error, index) => {
    walk(error, (subtree) => {
      if (subtree !== undefined && !first.has(subtree)) first.set(subtree, index);
    });
  });
  return first;
}

function sortKey(error: ErrorObject, first: Map<string, number>): number[] {
  const key: number[] = [];
  walk(error, (subtree, step, segment) => {
    if (subtree !== undefined) key.push(SUBTREE_RANK[segment] ?? 10, first.get(subtree) ?? 0);
    else if (step) key.push(step.rank, step.sub);
  });
  return key;
}

function compareKeys(a: readonly number[], b: readonly number[]): number {
  for (let i = 0; i < Math.min(a.length, b.length); i++) {
    const diff = (a[i] as number) - (b[i] as number);
    if (diff !== 0) return diff;
  }
  return a.length - b.length;
}

/** kubeOrder sorts ajv errors into kube-openapi's order (stable for ties). */
export function kubeOrder(errors: readonly ErrorObject[]): ErrorObject[] {
  const first = firstPositions(errors);
  const keyed = errors.map((error, index) => ({ error, index, key: sortKey(error, first) }));
  keyed.sort((a, b) => compareKeys(a.key, b.key) || a.index - b.index);
  return keyed.map((k) => k.error);
}

/** firstStringFailure keeps, per string value, only the first of maxLength, minLength, pattern (the string validator returns at once). */
export function firstStringFailure(errors: readonly ErrorObject[]): ErrorObject[] {
  const seen = new Set<string>();
  return errors.filter((error) => {
    if (!STRING_KEYWORDS.has(error.keyword)) return true;
    const node = `${error.schemaPath.slice(0, error.schemaPath.lastIndexOf('/'))}\u0000${error.instancePath}`;
    if (seen.has(node)) return false;
    seen.add(node);
    return true;
  });
}
