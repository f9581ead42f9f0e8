import type { JsonPatchOperation, Operation } from '../admission/types.js';
import { fromCelValue } from '../cel/environment.js';
import type { JSONSchemaProps } from '../crd/types.js';
import type { JsonObject, JsonValue } from '../util/json.js';
import { isJsonObject } from '../util/json.js';
import type { Evaluation } from './activation.js';
import { evaluate } from './activation.js';
import { applyConfigurationOperations } from './apply-configuration.js';
import type { FieldPath, Mutation } from './types.js';

/** MutationOutcome is the operations one mutation wants, or an error text naming the expression. */
export type MutationOutcome = { readonly ok: true; readonly operations: readonly JsonPatchOperation[] } | { readonly ok: false; readonly error: string };

const OPS = new Set(['add', 'remove', 'replace', 'move', 'copy', 'test']);

/** escapePointerToken is RFC 6901 escaping of one key: `~` → `~0`, `/` → `~1`. */
export function escapePointerToken(key: string): string {
  return key.replace(/~/g, '~0').replace(/\//g, '~1');
}

function toOperation(item: JsonValue, index: number): JsonPatchOperation | string {
  if (!isJsonObject(item)) return `element ${index} is not a JSONPatch`;
  const { op, path, from, value } = item;
  if (typeof op !== 'string' || !OPS.has(op)) return `element ${index}: op must be one of add, remove, replace, move, copy, test; got ${JSON.stringify(op ?? null)}`;
  if (typeof path !== 'string' || (path !== '' && !path.startsWith('/'))) return `element ${index}: path must be a JSON pointer; got ${JSON.stringify(path ?? null)}`;
  if (op === 'move' || op === 'copy') {
    if (typeof from !== 'string') return `element ${index}: ${op} requires from`;
    return { op, path, from };
  }
  if (op === 'remove') return { op, path };
  if (value === undefined) return `element ${index}: ${op} requires a value`;
  return { op: op as 'add' | 'replace' | 'test', path, value };
}

/** jsonPatchOperations turns the list a JSONPatch expression produced into checked operations. */
export function jsonPatchOperations(result: Evaluation, source: string): MutationOutcome {
  if (!result.ok) return result;
  const list = fromCelValue(result.value);
  if (!Array.isArray(list)) return { ok: false, error: `expression '${source}' must evaluate to a list of JSONPatch, got ${typeof list}` };
  const operations: JsonPatchOperation[] = [];
  for (const [index, item] of list.entries()) {
    const operation = toOperation(item, index);
    if (typeof operation === 'string') return { ok: false, error: `expression '${source}' produced an invalid JSONPatch: ${operation}` };
    operations.push(operation);
  }
  return { ok: true, operations };
}

function isAbsent(value: JsonValue | undefined): boolean {
  return value === undefined || value === null;
}

/**
 * defaultOperation is the single `add` that sets `field` to `value` in
 * `object`, creating missing parent objects in the same operation.
 */
export function defaultOperation(object: JsonObject, field: FieldPath, fieldText: string, value: JsonValue): MutationOutcome {
  let current: JsonObject = object;
  for (let depth = 0; depth < field.length; depth++) {
    const key = field[depth] as string;
    const next = current[key];
    if (isAbsent(next)) {
      let nested: JsonValue = value;
      for (let i = field.length - 1; i > depth; i--) nested = { [field[i] as string]: nested };
      const path = `/${field.slice(0, depth + 1).map(escapePointerToken).join('/')}`;
      return { ok: true, operations: [{ op: 'add', path, value: nested }] };
    }
    if (depth === field.length - 1) return { ok: true, operations: [] };
    if (!isJsonObject(next)) {
      return { ok: false, error: `cannot default ${fieldText}: ${field.slice(0, depth + 1).join('.')} is not an object` };
    }
    current = next;
  }
  return { ok: true, operations: [] };
}

/** fieldPresent tells whether a default's field already has a (non-null) value. */
export function fieldPresent(object: JsonObject, field: FieldPath): boolean {
  let current: JsonValue | undefined = object;
  for (const key of field) current = isJsonObject(current) ? current[key] : undefined;
  return !isAbsent(current);
}

/**
 * runMutation evaluates one mutation against the current object: a
 * JSONPatch expression, an apply configuration merged under the schema, or a default that applies only when the field is
 * absent (a null result leaves the field unset).
 */
export function runMutation(
  mutation: Mutation,
  object: JsonObject,
  bindings: Readonly<Record<string, unknown>>,
  operation: Operation,
  schema: JSONSchemaProps,
): MutationOutcome {
  if (mutation.type === 'JSONPatch') return jsonPatchOperations(evaluate(mutation.expression, bindings), mutation.expression.source);
  if (mutation.type === 'ApplyConfiguration') {
    const result = evaluate(mutation.expression, bindings);
    return result.ok ? applyConfigurationOperations(object, fromCelValue(result.value), schema) : result;
  }
  if (!mutation.operations.has(operation) || fieldPresent(object, mutation.field)) return { ok: true, operations: [] };
  const result = evaluate(mutation.expression, bindings);
  if (!result.ok) return result;
  const value = fromCelValue(result.value);
  if (value === null) return { ok: true, operations: [] };
  return defaultOperation(object, mutation.field, mutation.fieldText, value);
}
