import type { JsonPatchOperation } from '../admission/types.js';
import type { JsonObject, JsonValue } from '../util/json.js';
import { deepEqual, isJsonObject } from '../util/json.js';

/**
 * Applying JSON patches without copying whole objects: each operation copies
 * only the containers on its path (the rest is shared), so a policy that
 * sets one label on a 300 KB object costs what the label costs. Semantics are
 * the strict ones the apiserver applies: add needs an existing parent,
 * remove/replace/move/copy need an existing path, test compares deeply.
 */

/** PatchApplyError is an operation that does not apply, with the reason. */
export class PatchApplyError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'PatchApplyError';
  }
}

/** parsePointer splits an RFC 6901 pointer into unescaped keys. */
export function parsePointer(pointer: string): string[] {
  if (pointer === '') return [];
  if (!pointer.startsWith('/')) throw new PatchApplyError(`invalid JSON pointer ${JSON.stringify(pointer)}`);
  return pointer
    .slice(1)
    .split('/')
    .map((token) => token.replace(/~1/g, '/').replace(/~0/g, '~'));
}

function valueAt(root: JsonValue, keys: readonly string[]): JsonValue | undefined {
  let current: JsonValue | undefined = root;
  for (const key of keys) {
    if (Array.isArray(current)) current = /^(0|[1-9][0-9]*)$/.test(key) ? current[Number(key)] : undefined;
    else if (isJsonObject(current)) current = Object.prototype.hasOwnProperty.call(current, key) ? current[key] : undefined;
    else return undefined;
  }
  return current;
}

function arrayIndex(list: readonly JsonValue[], key: string, forAdd: boolean, path: string): number {
  if (forAdd && key === '-') return list.length;
  if (!/^(0|[1-9][0-9]*)$/.test(key)) throw new PatchApplyError(`${path}: invalid array index ${JSON.stringify(key)}`);
  const index = Number(key);
  if (index > list.length || (!forAdd && index === list.length)) throw new PatchApplyError(`${path}: index ${index} is out of range`);
  return index;
}

// Returns a copy of `node` with `edit` applied to the container at `keys` (copied along the way).
function edit(node: JsonValue, keys: readonly string[], depth: number, path: string, change: (parent: JsonObject | JsonValue[], key: string) => void): JsonValue {
  if (Array.isArray(node)) {
    const copy = [...node];
    if (depth === keys.length - 1) change(copy, keys[depth] as string);
    else {
      const index = arrayIndex(node, keys[depth] as string, false, path);
      copy[index] = edit(node[index] as JsonValue, keys, depth + 1, path, change);
    }
    return copy;
  }
  if (!isJsonObject(node)) throw new PatchApplyError(`${path}: parent is not an object or a list`);
  const copy: JsonObject = { ...node };
  const key = keys[depth] as string;
  if (depth === keys.length - 1) change(copy, key);
  else {
    if (!Object.prototype.hasOwnProperty.call(node, key)) throw new PatchApplyError(`${path}: missing ${JSON.stringify(key)} on the way`);
    copy[key] = edit(node[key] as JsonValue, keys, depth + 1, path, change);
  }
  return copy;
}

function add(root: JsonValue, path: string, value: JsonValue): JsonValue {
  const keys = parsePointer(path);
  if (keys.length === 0) return value;
  return edit(root, keys, 0, path, (parent, key) => {
    if (Array.isArray(parent)) parent.splice(arrayIndex(parent, key, true, path), 0, value);
    else Object.defineProperty(parent, key, { value, enumerable: true, writable: true, configurable: true });
  });
}

function remove(root: JsonValue, path: string): JsonValue {
  const keys = parsePointer(path);
  if (keys.length === 0) throw new PatchApplyError('cannot remove the whole object');
  return edit(root, keys, 0, path, (parent, key) => {
    if (Array.isArray(parent)) parent.splice(arrayIndex(parent, key, false, path), 1);
    else if (Object.prototype.hasOwnProperty.call(parent, key)) delete parent[key];
    else throw new PatchApplyError(`${path}: no such field to remove`);
  });
}

function replace(root: JsonValue, path: string, value: JsonValue): JsonValue {
  if (valueAt(root, parsePointer(path)) === undefined) throw new PatchApplyError(`${path}: no such field to replace`);
  return add(remove(root, path), path, value);
}

function read(root: JsonValue, path: string): JsonValue {
  const value = valueAt(root, parsePointer(path));
  if (value === undefined) throw new PatchApplyError(`${path}: no such field`);
  return value;
}

/** applyPatchShared applies operations to a copy of `root` that shares what they do not touch. */
export function applyPatchShared(root: JsonObject, operations: readonly JsonPatchOperation[]): JsonObject {
  let current: JsonValue = root;
  for (const operation of operations) {
    switch (operation.op) {
      case 'add':
        current = add(current, operation.path, operation.value);
        break;
      case 'remove':
        current = remove(current, operation.path);
        break;
      case 'replace':
        current = replace(current, operation.path, operation.value);
        break;
      case 'move': {
        const value = read(current, operation.from);
        current = add(remove(current, operation.from), operation.path, value);
        break;
      }
      case 'copy':
        current = add(current, operation.path, read(current, operation.from));
        break;
      case 'test':
        if (!deepEqual(valueAt(current, parsePointer(operation.path)), operation.value)) {
          throw new PatchApplyError(`${operation.path}: test failed`);
        }
        break;
    }
  }
  if (!isJsonObject(current)) throw new PatchApplyError('the patch replaced the object with a non-object');
  return current;
}

/**
 * isNoOp tells whether an operation leaves `root` as it is: a test, or an
 * add/replace of an object field with the value it already has.
 */
export function isNoOp(root: JsonValue, operation: JsonPatchOperation): boolean {
  if (operation.op === 'test') return true;
  if (operation.op !== 'add' && operation.op !== 'replace') return false;
  const keys = parsePointer(operation.path);
  const parent = valueAt(root, keys.slice(0, -1));
  if (keys.length === 0 || !isJsonObject(parent)) return false;
  const current = valueAt(root, keys);
  return current !== undefined && deepEqual(current, operation.value);
}
