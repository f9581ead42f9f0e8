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
  // Made on the first child asked for: most nodes are never asked.
  private children: Map<PathSegment, CorrelatedNode | null> | undefined;
  private oldByKey: MapKeyIndex | undefined;

  constructor(
    readonly value: JsonValue | undefined,
    readonly oldValue: JsonValue | undefined,
    readonly schema: JSONSchemaProps | undefined,
    private readonly isRoot = false,
  ) {}

  /** child is the correlated node of a property or list item, or undefined when it has none. */
  child(segment: PathSegment): CorrelatedNode | undefined {
    this.children ??= new Map();
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
    const old = lookUp(this.oldByKey, this.value[index], keys);
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
      for (let i = 0; i < value.length; i++) if (this.child(i)?.deepEqual() !== true) return false;
      return true;
    }
    if (isJsonObject(value) && isJsonObject(oldValue)) {
      if (ownKeyCount(value) !== ownKeyCount(oldValue)) return false;
      for (const key in value) if (hasOwn.call(value, key) && this.child(key)?.deepEqual() !== true) return false;
      return true;
    }
    return deepEqual(value, oldValue);
  }

  /** isTypeMetaChild tells the root's apiVersion/kind, which never ratchet. */
  isTypeMetaChild(segment: PathSegment): boolean {
    return this.isRoot && (segment === 'apiVersion' || segment === 'kind');
  }
}

const hasOwn = Object.prototype.hasOwnProperty;

// Object.keys(object).length without the array.
function ownKeyCount(object: JsonObject): number {
  let count = 0;
  for (const key in object) if (hasOwn.call(object, key)) count++;
  return count;
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

type ScalarKey = string | number | boolean;

// The value of a single map key when it is a string, boolean or finite number: such keys are compared
// as they are (a Map tells 1, "1" and true apart as their JSON would), without building mapKeyOf's JSON.
function scalarKeyOf(item: JsonValue | undefined, keys: readonly string[]): ScalarKey | undefined {
  if (keys.length !== 1 || !isJsonObject(item)) return undefined;
  const key = keys[0] as string;
  if (!(key in item)) return undefined;
  const value = item[key];
  if (typeof value === 'string' || typeof value === 'boolean') return value;
  return typeof value === 'number' && Number.isFinite(value) ? value : undefined;
}

/** Old map-list items by key: scalar single keys as they are, any other key by mapKeyOf (the two never collide). */
interface MapKeyIndex {
  readonly scalars: Map<ScalarKey, JsonValue>;
  readonly others: Map<string, JsonValue>;
}

function indexByMapKeys(list: readonly JsonValue[], keys: readonly string[]): MapKeyIndex {
  const index: MapKeyIndex = { scalars: new Map(), others: new Map() };
  for (const item of list) {
    const scalar = scalarKeyOf(item, keys);
    if (scalar !== undefined) {
      if (!index.scalars.has(scalar)) index.scalars.set(scalar, item);
      continue;
    }
    const key = mapKeyOf(item, keys);
    if (!index.others.has(key)) index.others.set(key, item);
  }
  return index;
}

function lookUp(index: MapKeyIndex, item: JsonValue | undefined, keys: readonly string[]): JsonValue | undefined {
  const scalar = scalarKeyOf(item, keys);
  return scalar !== undefined ? index.scalars.get(scalar) : index.others.get(mapKeyOf(item, keys));
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
