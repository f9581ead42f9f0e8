import type { ErrorObject } from 'ajv';

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

// The first position of every property/additional-property subtree, so that a property's errors stay together.
function firstPositions(errors: readonly ErrorObject[]): Map<string, number> {
  const first = new Map<string, number>();
  errors.forEach((error, index) => {
    const schema = error.schemaPath.split('/');
    const instance = pointerParts(error.instancePath);
    let depth = 0;
    for (let i = 1; i < schema.length; i++) {
      const segment = schema[i];
      if (segment === 'properties' || segment === 'additionalProperties' || segment === 'items') {
        depth++;
        const key = `${schema.slice(0, i + 1 + (segment === 'properties' ? 1 : 0)).join('/')}\u0000${instance.slice(0, depth).join('/')}`;
        if (!first.has(key)) first.set(key, index);
        if (segment === 'properties') i++;
      } else if (segment === 'allOf' || segment === 'anyOf' || segment === 'oneOf') {
        i++;
      }
    }
  });
  return first;
}

function sortKey(error: ErrorObject, first: Map<string, number>): number[] {
  const schema = error.schemaPath.split('/');
  const instance = pointerParts(error.instancePath);
  const key: number[] = [];
  let depth = 0;
  for (let i = 1; i < schema.length; i++) {
    const segment = schema[i] as string;
    const last = i === schema.length - 1;
    if (segment === 'properties' && !last) {
      depth++;
      key.push(8, first.get(`${schema.slice(0, i + 2).join('/')}\u0000${instance.slice(0, depth).join('/')}`) ?? 0);
      i++;
    } else if ((segment === 'additionalProperties' || segment === 'items') && !last) {
      depth++;
      key.push(segment === 'items' ? 5 : 7.5, first.get(`${schema.slice(0, i + 1).join('/')}\u0000${instance.slice(0, depth).join('/')}`) ?? 0);
    } else if ((segment === 'allOf' || segment === 'anyOf' || segment === 'oneOf') && !last) {
      key.push(1, Number(schema[i + 1]));
      i++;
    } else if (segment === 'not' && !last) {
      key.push(1, 0);
    } else {
      key.push(TERMINAL_RANK[segment] ?? 10, -1);
    }
  }
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
