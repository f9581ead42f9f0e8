/**
 * The parts of `object`, `oldObject` and `request` policy expressions can read,
 * found at load, so that a request converts only those parts to CEL values. A part no
 * expression names can never be observed, so leaving it out changes no result.
 */
import { toCelValue } from '../cel/environment.js';
import type { JsonValue } from '../util/json.js';
import { isJsonObject } from '../util/json.js';
import { variablePaths } from './cel-source.js';
import type { MutatingPolicy, ValidatingPolicy } from './types.js';

/** ReadTree is what is read of one value: WHOLE, or some of its fields by name, with what is read below each. */
export type ReadTree = typeof WHOLE | readonly ReadField[];

/** ReadField is one field a ReadTree names. */
export interface ReadField {
  readonly key: string;
  readonly below: ReadTree;
}

/** WHOLE marks a value read as a whole (used directly, iterated, indexed by a computed key...). */
export const WHOLE = true;

/** PolicyReads are the parts of `object`, `oldObject` and `request` policies read (undefined: none reads it). */
export interface PolicyReads {
  readonly object: ReadTree | undefined;
  readonly oldObject: ReadTree | undefined;
  readonly request: ReadTree | undefined;
}

/** READ_ALL converts every part whole. */
export const READ_ALL: PolicyReads = Object.freeze({ object: WHOLE, oldObject: WHOLE, request: WHOLE });

// Only plain one-quote literals without escapes are taken as field names: anything else ends the path.
const PLAIN_STRING = /^(?:"[^"\\\n]*"|'[^'\\\n]*')$/;
const plainFieldName = (literal: string): string | undefined => (PLAIN_STRING.test(literal) ? literal.slice(1, -1) : undefined);

/**
 * readPaths lists the field paths an expression reads under the top-level
 * variable `root` (`object.spec.replicas` → ["spec", "replicas"]). It errs on
 * the side of reading more: a path stops at any step that is not a plain
 * field name, and a trailing method call reads its receiver whole.
 */
export function readPaths(source: string, root: string): string[][] {
  return variablePaths(source, root, plainFieldName).map((path) => {
    // A key that is special to JavaScript objects is read whole from its parent.
    const special = path.indexOf('__proto__');
    return special < 0 ? path : path.slice(0, special);
  });
}

const hasOwn = (object: object, key: string): boolean => Object.prototype.hasOwnProperty.call(object, key);

type MutableTree = typeof WHOLE | Map<string, MutableTree>;

/** readTree merges the paths `root` is read by in all the given expressions; undefined when none reads it. */
export function readTree(sources: readonly string[], root: string): ReadTree | undefined {
  let tree: MutableTree | undefined;
  for (const source of sources) {
    for (const path of readPaths(source, root)) {
      if (path.length === 0) return WHOLE;
      tree ??= new Map();
      let node: MutableTree = tree;
      for (let k = 0; k < path.length && node !== WHOLE; k++) {
        const key = path[k] as string;
        const last = k === path.length - 1;
        const next: MutableTree | undefined = node.get(key);
        if (last) node.set(key, WHOLE);
        else if (next === undefined) node.set(key, new Map());
        node = node.get(key) as MutableTree;
      }
    }
  }
  return tree === undefined ? undefined : frozen(tree);
}

// Fields as an array: a request walks it with no iterator allocations.
function frozen(tree: MutableTree): ReadTree {
  return tree === WHOLE ? WHOLE : [...tree].map(([key, below]) => ({ key, below: frozen(below) }));
}

/**
 * readValue is toCelValue for the parts of a value a ReadTree names: an
 * object keeps only the named fields; anything else (a list, a scalar, a
 * field read whole) is converted whole, so errors read exactly the same.
 */
export function readValue(value: JsonValue, tree: ReadTree): unknown {
  // The engine types a map by its `constructor`: a field of that name must stay, so the object is converted whole.
  if (tree === WHOLE || !isJsonObject(value) || hasOwn(value, 'constructor')) return toCelValue(value);
  const out: Record<string, unknown> = {};
  for (const { key, below } of tree) {
    const field = value[key];
    if (field !== undefined && hasOwn(value, key)) out[key] = readValue(field, below);
  }
  return out;
}

// Every expression of a policy, wherever it sits: any of them may run on a request.
function sourcesOf(policy: ValidatingPolicy | MutatingPolicy): string[] {
  const sources = [...policy.matchConditions, ...policy.variables].map((named) => named.expression.source);
  if (policy.kind === 'ValidatingAdmissionPolicy') {
    for (const validation of policy.validations) {
      sources.push(validation.expression.source);
      if (validation.messageExpression) sources.push(validation.messageExpression.source);
    }
    for (const annotation of policy.auditAnnotations) sources.push(annotation.valueExpression.source);
  } else {
    for (const mutation of policy.mutations) sources.push(mutation.expression.source);
  }
  return sources;
}

/** policyReads are the parts of `object`, `oldObject` and `request` any of the policies can read. */
export function policyReads(policies: readonly (ValidatingPolicy | MutatingPolicy)[]): PolicyReads {
  const sources = policies.flatMap(sourcesOf);
  return { object: readTree(sources, 'object'), oldObject: readTree(sources, 'oldObject'), request: readTree(sources, 'request') };
}
