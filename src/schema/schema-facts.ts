import type { JSONSchemaProps } from '../crd/types.js';

/**
 * Facts about schema subtrees, computed once per schema node and cached, so
 * that per-request walks (list types, embedded resources) skip the parts of
 * an object whose schema cannot produce an error.
 */
type Fact = 'listType' | 'embedded';

const cache: Record<Fact, WeakMap<JSONSchemaProps, boolean>> = { listType: new WeakMap(), embedded: new WeakMap() };

function holdsHere(schema: JSONSchemaProps, fact: Fact): boolean {
  if (fact === 'embedded') return schema['x-kubernetes-embedded-resource'] === true;
  const listType = schema['x-kubernetes-list-type'];
  return listType === 'set' || listType === 'map';
}

function children(schema: JSONSchemaProps): JSONSchemaProps[] {
  const out: JSONSchemaProps[] = Object.values(schema.properties ?? {});
  if (typeof schema.additionalProperties === 'object' && schema.additionalProperties !== null) out.push(schema.additionalProperties);
  if (schema.items && !Array.isArray(schema.items)) out.push(schema.items as JSONSchemaProps);
  return out;
}

/** subtreeHas tells whether the node or any node below it (properties, additionalProperties, items) has the fact. */
export function subtreeHas(schema: JSONSchemaProps, fact: Fact): boolean {
  const known = cache[fact].get(schema);
  if (known !== undefined) return known;
  const result = holdsHere(schema, fact) || children(schema).some((child) => subtreeHas(child, fact));
  cache[fact].set(schema, result);
  return result;
}

/** RelevantChildren are the children of a node under which a fact holds somewhere. */
export interface RelevantChildren {
  readonly properties: readonly [string, JSONSchemaProps][];
  readonly additional: JSONSchemaProps | undefined;
  readonly items: JSONSchemaProps | undefined;
}

const relevantCache: Record<Fact, WeakMap<JSONSchemaProps, RelevantChildren>> = { listType: new WeakMap(), embedded: new WeakMap() };

/** relevantChildren lists (once per node) the properties, additionalProperties and items worth visiting for a fact. */
export function relevantChildren(schema: JSONSchemaProps, fact: Fact): RelevantChildren {
  const known = relevantCache[fact].get(schema);
  if (known) return known;
  const additional = typeof schema.additionalProperties === 'object' && schema.additionalProperties !== null ? schema.additionalProperties : undefined;
  const items = schema.items && !Array.isArray(schema.items) ? (schema.items as JSONSchemaProps) : undefined;
  const made: RelevantChildren = {
    properties: Object.entries(schema.properties ?? {}).filter(([, child]) => subtreeHas(child, fact)),
    additional: additional && subtreeHas(additional, fact) ? additional : undefined,
    items: items && subtreeHas(items, fact) ? items : undefined,
  };
  relevantCache[fact].set(schema, made);
  return made;
}
