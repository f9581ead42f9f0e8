import { duplicate, forbidden, invalid, notSupported, required } from '../admission/field-error.js';
import type { AdmissionRequest } from '../admission/types.js';
import type { JsonValue } from '../util/json.js';
import type { ReadonlyJsonObject, ReadonlyJsonValue, RuleContext, RuleRequest } from './api.js';
import { readFieldPath } from './path.js';
import { setOwn } from '../util/json.js';

/** frozenCopy deep-copies a JSON value and freezes every level, so rules cannot change what later stages see. */
export function frozenCopy<T extends ReadonlyJsonValue>(value: T): T {
  if (value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) return Object.freeze(value.map((item: ReadonlyJsonValue) => frozenCopy(item))) as unknown as T;
  const out: Record<string, ReadonlyJsonValue> = {};
  for (const [key, item] of Object.entries(value)) setOwn(out, key, frozenCopy(item));
  return Object.freeze(out) as T;
}

/** ruleRequest is the request every rule of one admission sees: a deep-frozen copy, built once. */
export function ruleRequest(request: AdmissionRequest): RuleRequest {
  // An AdmissionRequest is JSON through and through (decoded from the review body).
  return frozenCopy(request as unknown as ReadonlyJsonObject) as unknown as RuleRequest;
}

// Bad values are only rendered, never changed: the readonly view is safe to hand to the constructors.
const asJson = (value: ReadonlyJsonValue): JsonValue => value as JsonValue;

/** RuleContextWithWarnings is a rule's context and the warnings it collected. */
export interface RuleContextWithWarnings {
  readonly context: RuleContext;
  readonly warnings: string[];
}

/**
 * ruleContext is the RuleContext of one rule on one request. Its members are
 * plain values and arrow functions, so `validate({ get, invalid })` works.
 */
export function ruleContext(request: RuleRequest): RuleContextWithWarnings {
  const warnings: string[] = [];
  const get = (path: string): ReadonlyJsonValue | undefined => readFieldPath(request.object, path);
  const context: RuleContext = {
    request,
    object: request.object,
    oldObject: request.oldObject,
    userInfo: request.userInfo,
    operation: request.operation,
    namespace: request.namespace,
    name: request.name,
    get,
    getOld: (path) => readFieldPath(request.oldObject, path),
    list: (path) => {
      const value = get(path);
      return Array.isArray(value) ? (value as readonly ReadonlyJsonValue[]) : [];
    },
    inGroup: (group) => request.userInfo.groups?.includes(group) ?? false,
    invalid: (field, value, detail) => invalid(field, asJson(value), detail),
    required: (field, detail = '') => required(field, detail),
    forbidden: (field, detail) => forbidden(field, detail),
    notSupported: (field, value, supported) => notSupported(field, asJson(value), supported.map(asJson)),
    duplicate: (field, value) => duplicate(field, asJson(value)),
    warn: (text) => {
      warnings.push(String(text));
    },
  };
  return { context, warnings };
}
