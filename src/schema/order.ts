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

const SUBTREE_RANK: Readonly<Record<string, number>> = { items: 5, additionalProperties: 7.5, properties: 8 };

/**
 * A walked error: at each level a rank and either a sub-rank or the name of
 * the property/item subtree entered (replaced by its first position later,
 * so that a subtree's errors stay together).
 */
type Walked = (number | string)[];

// Walks an error's schemaPath alongside its instancePath, once. A subtree is
// named by the junctor branches taken and the instance path: short keys.
function walk(error: ErrorObject): Walked {
  const schema = error.schemaPath.split('/');
  const instance = pointerParts(error.instancePath);
  const out: Walked = [];
  let trail = '';
  let instancePrefix = '';
  let depth = 0;
  for (let i = 1; i < schema.length; i++) {
    const segment = schema[i] as string;
    const last = i === schema.length - 1;
    if ((segment === 'properties' || segment === 'additionalProperties' || segment === 'items') && !last) {
      if (segment === 'properties') i++;
      instancePrefix += `/${instance[depth++] ?? ''}`;
      out.push(SUBTREE_RANK[segment] ?? 10, `${trail}\u0000${instancePrefix}`);
    } else if ((segment === 'allOf' || segment === 'anyOf' || segment === 'oneOf') && !last) {
      const branch = Number(schema[++i]);
      trail += `${segment[1]}${branch}.${depth}`;
      out.push(1, branch);
    } else if (segment === 'not' && !last) {
      trail += `n.${depth}`;
      out.push(1, 0);
    } else {
      out.push(TERMINAL_RANK[segment] ?? 10, -1);
    }
  }
  return out;
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
  const walked = errors.map(walk);
  const first = new Map<string, number>();
  walked.forEach((parts, index) => {
    for (const part of parts) if (typeof part === 'string' && !first.has(part)) first.set(part, index);
  });
  const keyed = errors.map((error, index) => ({
    error,
    index,
    key: (walked[index] as Walked).map((part) => (typeof part === 'string' ? (first.get(part) ?? 0) : part)),
  }));
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
