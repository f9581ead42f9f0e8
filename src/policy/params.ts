import type { StoredObject } from './objects.js';
import { selectorMatches } from './selector.js';
import type { ParamKind, ParamRef } from './types.js';

/** ParamLookup is the parameter objects a binding evaluates with (null: no params), or a configuration error. */
export type ParamLookup =
  | { readonly ok: true; readonly params: readonly (StoredObject | null)[] }
  | { readonly ok: false; readonly error: string };

const NO_PARAMS: ParamLookup = Object.freeze({ ok: true, params: [null] });

/** ParamStore holds the objects of the --params files by apiVersion and kind. */
export class ParamStore {
  private readonly byKind = new Map<string, StoredObject[]>();

  constructor(objects: readonly StoredObject[]) {
    for (const object of objects) {
      const key = `${object.apiVersion}/${object.kind}`;
      const list = this.byKind.get(key) ?? [];
      list.push(object);
      this.byKind.set(key, list);
    }
  }

  /** ofKind lists the objects of a paramKind, in file order. */
  ofKind(kind: ParamKind): readonly StoredObject[] {
    return this.byKind.get(`${kind.apiVersion}/${kind.kind}`) ?? [];
  }
}

/**
 * collectParams resolves a binding's paramRef as the apiserver's
 * CollectParams does, with the same error texts. A kind is taken as
 * namespaced when any of its loaded objects has a namespace.
 */
export function collectParams(
  store: ParamStore,
  paramKind: ParamKind | undefined,
  paramRef: ParamRef | undefined,
  requestNamespace: string,
): ParamLookup {
  if (!paramKind || !paramRef) return NO_PARAMS;
  const candidates = store.ofKind(paramKind);
  const namespaced = candidates.some((object) => object.namespace !== '');
  let namespace = '';
  if (namespaced) {
    namespace = paramRef.namespace ?? requestNamespace;
    if (namespace === '') {
      return { ok: false, error: 'cannot use namespaced paramRef in policy binding that matches cluster-scoped resources' };
    }
  } else if (candidates.length > 0 && paramRef.namespace !== undefined) {
    return { ok: false, error: 'paramRef.namespace must not be provided for a cluster-scoped `paramKind`' };
  }
  const inScope = candidates.filter((object) => object.namespace === namespace);
  const found =
    paramRef.name !== undefined
      ? inScope.filter((object) => object.name === paramRef.name)
      : inScope.filter((object) => paramRef.selector === undefined || selectorMatches(paramRef.selector, object.labels));
  if (found.length === 0 && paramRef.parameterNotFoundAction === 'Deny') {
    return { ok: false, error: 'no params found for policy binding with `Deny` parameterNotFoundAction' };
  }
  return { ok: true, params: found };
}
