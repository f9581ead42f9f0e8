import fastJsonPatch from 'fast-json-patch';
import type { JsonPatchOperation } from '../admission/types.js';
import type { JsonObject } from '../util/json.js';

/**
 * applyOperations applies operations to a draft in place, strictly (add needs
 * an existing parent, remove an existing path), as the apiserver will.
 */
export function applyOperations(draft: JsonObject, operations: readonly JsonPatchOperation[]): void {
  fastJsonPatch.applyPatch(draft, operations as fastJsonPatch.Operation[], true, true, false);
}
