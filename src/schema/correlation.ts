import type { JSONSchemaProps } from '../crd/types.js';
import type { StageContext } from '../pipeline/stage.js';
import type { JsonObject, JsonValue } from '../util/json.js';
import { deepEqual, isJsonObject } from '../util/json.js';
import type { PathSegment } from './path.js';

/**
 * Old/new correlation for ratcheting (apiserver `pkg/cel/common/equality.go`
 * CorrelatedObject). A node exists only where the old object has a value that
 * corresponds to the new one: object properties by key (when the schema
 * declares the key or an additionalProperties schema), `x-kubernetes-list-type:
 * map` items by their map keys. Set and atomic list items never correlate.
 * Not thread-safe by design: one tree per request.
 */
export class CorrelatedNode {
  private equal: boolean | undefined;
  private readonly children = new Map<PathSegment, CorrelatedNode | null>();
  private oldByKey: Map<string, JsonValue> | undefined;

  constructor(
    readonly value: JsonValue | undefined,
    readonly oldValue: JsonValue | undefined,
    readonly schema: JSONSchemaProps | undefined,
    private readonly isRoot = false,
  ) {}

  /** child is the correlated node of a property or list item, or undefined when it has none. */
  child(segment: PathSegment): CorrelatedNode | undefined {
    const cached = this.children.get(segment);
    if (cached !== undefined) return cached ?? undefined;
    const made = typeof segment === 'number' ? this.item(segment) : this.property(segment);
    this.children.set(segment, made ?? null);
    return made;
  }

  private property(key: string): CorrelatedNode | undefined {
    if (!isJsonObject(this.value) || !isJsonObject(this.oldValue)) return undefined;
    if (!(key in this.value) || !(key in this.oldValue)) return undefined;
    const schema = this.schema?.properties?.[key] ?? additionalSchema(this.schema);
    if (!schema) return undefined;
    return new CorrelatedNode(this.value[key], this.oldValue[key], schema);
  }

  private item(index: number): CorrelatedNode | undefined {
    if (!Array.isArray(this.value) || !Array.isArray(this.oldValue) || index >= this.value.length) return undefined;
    const itemSchema = itemsSchema(this.schema);
    if (!itemSchema || this.schema?.['x-kubernetes-list-type'] !== 'map') return undefined;
    const keys = this.schema['x-kubernetes-list-map-keys'] ?? [];
    this.oldByKey ??= indexByMapKeys(this.oldValue, keys);
    const old = this.oldByKey.get(mapKeyOf(this.value[index], keys));
    return old === undefined ? undefined : new CorrelatedNode(this.value[index], old, itemSchema);
  }

  /**
   * deepEqual is CachedDeepEqual: objects are equal only when every key
   * correlates and is equal; map lists when every item finds an equal old
   * item; other lists and scalars by plain deep equality.
   */
  deepEqual(): boolean {
    this.equal ??= this.computeEqual();
    return this.equal;
  }

  private computeEqual(): boolean {
    const { value, oldValue } = this;
    if (value === undefined || value === null || oldValue === undefined || oldValue === null) return value === oldValue;
    if (Array.isArray(value) !== Array.isArray(oldValue)) return false;
    if (Array.isArray(value) && Array.isArray(oldValue)) {
      if (value.length !== oldValue.length) return false;
      if (this.schema?.['x-kubernetes-list-type'] !== 'map' || !itemsSchema(this.schema)) return deepEqual(value, oldValue);
      return value.every((_, i) => this.child(i)?.deepEqual() === true);
    }
    if (isJsonObject(value) && isJsonObject(oldValue)) {
      const keys = Object.keys(value);
      if (keys.length !== Object.keys(oldValue).length) return false;
      return keys.every((key) => this.child(key)?.deepEqual() === true);
    }
    return deepEqual(value, oldValue);
  }

  /** isTypeMetaChild tells the root's apiVersion/kind, which never ratchet. */
  isTypeMetaChild(segment: PathSegment): boolean {
    return this.isRoot && (segment === 'apiVersion' || segment === 'kind');
  }
}

function additionalSchema(schema: JSONSchemaProps | undefined): JSONSchemaProps | undefined {
  const additional = schema?.additionalProperties;
  return typeof additional === 'object' && additional !== null ? additional : undefined;
}

function itemsSchema(schema: JSONSchemaProps | undefined): JSONSchemaProps | undefined {
  const items = schema?.items;
  return items && !Array.isArray(items) ? (items as JSONSchemaProps) : undefined;
}

function mapKeyOf(item: JsonValue | undefined, keys: readonly string[]): string {
  if (!isJsonObject(item)) return '\u0000';
  return JSON.stringify(keys.map((key) => (key in item ? item[key] : { missing: true })));
}

function indexByMapKeys(list: readonly JsonValue[], keys: readonly string[]): Map<string, JsonValue> {
  const index = new Map<string, JsonValue>();
  for (const item of list) {
    const key = mapKeyOf(item, keys);
    if (!index.has(key)) index.set(key, item);
  }
  return index;
}

/** correlate builds the correlation root of a new object against its old version. */
export function correlate(value: JsonValue, oldValue: JsonValue, schema: JSONSchemaProps): CorrelatedNode {
  return new CorrelatedNode(value, oldValue, schema, true);
}

/**
 * correlatedChain walks from the root along `path` and returns the correlated
 * nodes met, stopping at the first step without an old counterpart (and at
 * the root's apiVersion/kind).
 */
export function correlatedChain(root: CorrelatedNode, path: readonly PathSegment[]): CorrelatedNode[] {
  const chain = [root];
  let node: CorrelatedNode | undefined = root;
  for (const segment of path) {
    if (node.isTypeMetaChild(segment)) break;
    node = node.child(segment);
    if (!node) break;
    chain.push(node);
  }
  return chain;
}

/** nodeAt returns the correlated node at `path`, or undefined when that value has no old counterpart. */
export function nodeAt(root: CorrelatedNode, path: readonly PathSegment[]): CorrelatedNode | undefined {
  const chain = correlatedChain(root, path);
  return chain.length === path.length + 1 ? chain[chain.length - 1] : undefined;
}

/** correlatedOldValue is the old value correlated with the new value at `path` (CEL's oldSelf), if any. */
export function correlatedOldValue(root: CorrelatedNode, path: readonly PathSegment[]): JsonValue | undefined {
  return nodeAt(root, path)?.oldValue;
}

/**
 * isRatcheted tells whether an error located at `path` is ratcheted: some
 * correlated node on the way to it (itself included) is unchanged.
 */
export function isRatcheted(root: CorrelatedNode, path: readonly PathSegment[]): boolean {
  return correlatedChain(root, path).some((node) => node.deepEqual());
}

/**
 * RequestCorrelation is what the schema stage leaves in `context.scratch`
 * under CORRELATION_KEY on UPDATE: the objects as the apiserver validates them
 * (status reset from old on the main resource when the status subresource is
 * enabled) and their correlation, for the CEL stage to reuse.
 */
export interface RequestCorrelation {
  readonly object: JsonObject;
  readonly oldObject: JsonObject;
  readonly root: CorrelatedNode;
}

/** CORRELATION_KEY is the scratch key of the request's RequestCorrelation. */
export const CORRELATION_KEY: unique symbol = Symbol('crd-admission.schema.correlation');

/**
 * requestCorrelation returns the correlation of an UPDATE's objects, built
 * once per request and kept in `context.scratch` under CORRELATION_KEY: the
 * schema stage builds it, the CEL stage reuses it (pass the objects from
 * validatedObjects() so both stages see the same values).
 */
export function requestCorrelation(context: StageContext, object: JsonObject, oldObject: JsonObject, schema: JSONSchemaProps): RequestCorrelation {
  const existing = context.scratch.get(CORRELATION_KEY) as RequestCorrelation | undefined;
  if (existing && existing.object === object && existing.oldObject === oldObject) return existing;
  const made: RequestCorrelation = { object, oldObject, root: correlate(object, oldObject, schema) };
  context.scratch.set(CORRELATION_KEY, made);
  return made;
}
