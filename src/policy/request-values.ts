import type { AdmissionRequest } from '../admission/types.js';
import type { JsonObject, JsonValue } from '../util/json.js';
import type { PolicyReads, ReadTree } from './object-reads.js';
import { READ_ALL, WHOLE, readValue } from './object-reads.js';
import type { StoredObject } from './objects.js';

/** RequestValues are the CEL values of one request, converted once and shared by every policy. */
export interface RequestValues {
  readonly object: unknown;
  readonly oldObject: unknown;
  readonly request: unknown;
  readonly namespaceObject: unknown;
}

const gvk = (value: { group: string; version: string; kind: string }): JsonObject => ({ ...value });

function userInfo(request: AdmissionRequest): JsonObject {
  const user = request.userInfo;
  const extra: JsonObject = {};
  for (const [key, values] of Object.entries(user.extra ?? {})) extra[key] = [...values];
  return { username: user.username ?? '', uid: user.uid ?? '', groups: [...(user.groups ?? [])], extra };
}

// The fields of the `request` variable, each built on its own: admission/v1 AdmissionRequest, absent strings as "".
type FieldBuilder = (request: AdmissionRequest) => JsonValue | undefined;

const REQUEST_FIELDS: ReadonlyMap<string, FieldBuilder> = new Map<string, FieldBuilder>([
  ['uid', (r: AdmissionRequest) => r.uid],
  ['kind', (r: AdmissionRequest) => gvk(r.kind)],
  ['resource', (r: AdmissionRequest) => ({ ...r.resource })],
  ['subResource', (r: AdmissionRequest) => r.subResource ?? ''],
  ['requestKind', (r: AdmissionRequest) => gvk(r.requestKind ?? r.kind)],
  ['requestResource', (r: AdmissionRequest) => ({ ...(r.requestResource ?? r.resource) })],
  ['requestSubResource', (r: AdmissionRequest) => r.requestSubResource ?? r.subResource ?? ''],
  ['name', (r: AdmissionRequest) => r.name ?? ''],
  ['namespace', (r: AdmissionRequest) => r.namespace ?? ''],
  ['operation', (r: AdmissionRequest) => r.operation],
  ['userInfo', userInfo],
  ['dryRun', (r: AdmissionRequest) => r.dryRun],
  ['options', (r: AdmissionRequest) => r.options],
]);

/**
 * requestValue is the CEL value of the `request` variable: the fields `tree`
 * names (all of them by default), each converted as far as it is read.
 */
export function requestValue(request: AdmissionRequest, tree: ReadTree = WHOLE): JsonObject {
  const out: Record<string, unknown> = {};
  if (tree === WHOLE) {
    for (const [key, build] of REQUEST_FIELDS) out[key] = readValue(build(request) as JsonValue, WHOLE);
  } else {
    for (const { key, below } of tree) {
      const build = REQUEST_FIELDS.get(key);
      if (build !== undefined) out[key] = readValue(build(request) as JsonValue, below);
    }
  }
  return out as JsonObject;
}

// Marks a value not converted yet (null is a value: no object on DELETE).
const UNSET: unique symbol = Symbol('unset');

function converted(value: JsonObject | null, tree: ReadTree | undefined): unknown {
  return value === null ? null : readValue(value, tree ?? WHOLE);
}

// Each part is converted on first use, then shared by every policy (most never read oldObject).
class LazyRequestValues implements RequestValues {
  #object: unknown = UNSET;
  #oldObject: unknown = UNSET;
  #request: unknown = UNSET;

  constructor(
    private readonly admission: AdmissionRequest,
    private readonly raw: JsonObject | null,
    readonly namespaceObject: unknown,
    private readonly reads: PolicyReads,
  ) {}

  get object(): unknown {
    if (this.#object === UNSET) this.#object = converted(this.raw, this.reads.object);
    return this.#object;
  }

  get oldObject(): unknown {
    if (this.#oldObject === UNSET) this.#oldObject = converted(this.admission.oldObject, this.reads.oldObject);
    return this.#oldObject;
  }

  get request(): unknown {
    if (this.#request === UNSET) this.#request = requestValue(this.admission, this.reads.request ?? WHOLE);
    return this.#request;
  }
}

/**
 * requestValues gives the CEL values of a request's parts; each is converted
 * on first use (only the parts `reads` names) and then shared by every policy.
 */
export function requestValues(
  request: AdmissionRequest,
  object: JsonObject | null,
  namespace: StoredObject | undefined,
  reads: PolicyReads = READ_ALL,
): RequestValues {
  return new LazyRequestValues(request, object, namespace ? namespace.celValue : null, reads);
}
