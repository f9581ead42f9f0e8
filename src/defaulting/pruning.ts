import type { JsonPatchOperation } from '../admission/types.js';
import type { JsonObject, JsonValue } from '../util/json.js';
import { applyOperations } from '../pipeline/apply-patch.js';
import { deepClone, isJsonObject } from '../util/json.js';
import { RESOURCE_META_FIELDS, unknownObjectMetaFields } from './object-meta.js';
import type { PathSegment } from './patch.js';
import { PatchBuilder, unknownFieldPath } from './patch.js';
import type { SchemaNode } from './schema-node.js';

/** PruneResult is what pruning found: the `remove` operations and the unknown-field paths. */
export interface PruneResult {
  readonly operations: readonly JsonPatchOperation[];
  /**
   * Paths as the apiserver reports them (`spec.foo`, `spec.list[0].bar`): root
   * metadata fields first, then pruned fields, then embedded resources'
   * metadata fields, each group sorted, as the apiserver's schema coercer
   * concatenates GetObjectMeta, PruneWithOptions and CoerceWithOptions.
   */
  readonly unknownFields: readonly string[];
}

class PruneWalk {
  readonly builder: PatchBuilder;
  readonly pruned: string[] = [];
  readonly embeddedMeta: string[] = [];
  /** Depths of segments that are keys of an additionalProperties map (rendered `[key]` in ObjectMeta paths). */
  private readonly mapKeyDepths = new Set<number>();

  constructor(
    prefix: readonly PathSegment[] = [],
    private readonly coerceMetadata = true,
  ) {
    this.builder = new PatchBuilder(prefix);
  }

  /** drop records an unknown child of the current node and removes it. */
  drop(key: string, into: string[] = this.pruned): void {
    into.push(unknownFieldPath(this.builder.path(key)));
    this.builder.remove(key);
  }

  /**
   * dropMetadataFields is ObjectMeta coercion: fields metav1.ObjectMeta does
   * not declare go. Their paths follow field.Path, as objectmeta.Coerce's do:
   * keys of additionalProperties maps are written `[key]`.
   */
  dropMetadataFields(metadata: JsonValue | undefined, into: string[]): void {
    if (!isJsonObject(metadata) || !this.coerceMetadata) return;
    const prefix = this.fieldPath([...this.builder.path(), 'metadata']);
    this.builder.push('metadata');
    for (const relative of unknownObjectMetaFields(metadata)) {
      const parents = relative.slice(0, -1);
      for (const segment of parents) this.builder.push(segment);
      into.push(`${prefix}.${unknownFieldPath(relative)}`);
      this.builder.remove(relative[relative.length - 1] as string);
      for (let i = 0; i < parents.length; i++) this.builder.pop();
    }
    this.builder.pop();
  }

  private fieldPath(segments: readonly PathSegment[]): string {
    let out = '';
    segments.forEach((segment, depth) => {
      if (typeof segment === 'number' || this.mapKeyDepths.has(depth)) out += `[${segment}]`;
      else out += out.length > 0 ? `.${segment}` : segment;
    });
    return out;
  }

  /** prune is pruning/algorithm.go prune: unknown object keys go, arrays recurse into items. */
  prune(x: JsonValue | undefined, s: SchemaNode | undefined): void {
    if (s?.preserveUnknownFields) return this.skipPrune(x, s);
    if (Array.isArray(x)) return this.eachItem(x, s?.items, false);
    if (!isJsonObject(x)) return;
    for (const key of Object.keys(x)) {
      if (!s) {
        this.drop(key);
      } else if (s.embeddedResource && RESOURCE_META_FIELDS.has(key)) {
        // The root's metadata is coerced before pruning (pruneUnknownFields); embedded ones here.
        if (key === 'metadata' && this.builder.depth > 0) this.dropMetadataFields(x[key], this.embeddedMeta);
      } else {
        const declared = s.properties?.get(key);
        if (declared) this.descend(key, x[key], declared, false);
        else if (s.additionalProperties !== undefined) this.descendMapValue(key, x[key], s.additionalProperties ?? undefined);
        else this.drop(key);
      }
    }
  }

  /** skipPrune keeps unknown fields but resumes pruning under declared properties. */
  private skipPrune(x: JsonValue | undefined, s: SchemaNode): void {
    if (Array.isArray(x)) return this.eachItem(x, s.items, true);
    if (!isJsonObject(x)) return;
    for (const key of Object.keys(x)) {
      if (s.embeddedResource && RESOURCE_META_FIELDS.has(key)) {
        if (key === 'metadata' && this.builder.depth > 0) this.dropMetadataFields(x[key], this.embeddedMeta);
        continue;
      }
      const declared = s.properties?.get(key);
      if (declared) this.descend(key, x[key], declared, false);
      else if (s.additionalProperties !== undefined) this.descendMapValue(key, x[key], s.additionalProperties ?? undefined);
    }
  }

  private eachItem(x: readonly JsonValue[], items: SchemaNode | undefined, skipping: boolean): void {
    // Upstream skipPrune descends into items with skipPrune, which ends at once without a schema.
    if (skipping && !items) return;
    x.forEach((item, index) => this.descend(index, item, items, skipping));
  }

  private descendMapValue(key: string, value: JsonValue | undefined, s: SchemaNode | undefined): void {
    const depth = this.builder.depth;
    this.mapKeyDepths.add(depth);
    this.descend(key, value, s, false);
    this.mapKeyDepths.delete(depth);
  }

  private descend(segment: PathSegment, value: JsonValue | undefined, s: SchemaNode | undefined, skipping: boolean): void {
    if (value === null || typeof value !== 'object') return;
    this.builder.push(segment);
    if (skipping && s) this.skipPrune(value, s);
    else this.prune(value, s);
    this.builder.pop();
  }
}

/**
 * pruneUnknownFields finds the fields the apiserver would drop from a custom
 * object: fields its structural schema does not declare (PruneWithOptions with
 * isResourceRoot) and fields metav1.ObjectMeta does not declare, at the root
 * and in embedded resources. It returns `remove` operations against `object`.
 */
export function pruneUnknownFields(object: JsonObject, root: SchemaNode): PruneResult {
  const walk = new PruneWalk();
  const rootMeta: string[] = [];
  walk.dropMetadataFields(object.metadata, rootMeta);
  walk.prune(object, root);
  const unknownFields = [...rootMeta, ...walk.pruned.sort(), ...walk.embeddedMeta.sort()];
  return { operations: walk.builder.operations, unknownFields };
}

/**
 * pruneValue returns a pruned copy of a value governed by `node`, as
 * PruneDefaults prunes each default when a CRD is served (coercing embedded
 * metadata), or as pruning.Prune alone does (`coerceMetadata` false).
 */
export function pruneValue(value: JsonValue, node: SchemaNode, coerceMetadata = true): JsonValue {
  const wrapper: JsonObject = { value: deepClone(value) };
  const walk = new PruneWalk(['value'], coerceMetadata);
  walk.prune(wrapper.value, node);
  applyOperations(wrapper, walk.builder.operations);
  return wrapper.value as JsonValue;
}
