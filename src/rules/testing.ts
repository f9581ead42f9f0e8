/**
 * Unit-testing rules without a server: `import { testRule } from 'crd-admission/rules/testing'`.
 * It applies the same matching and the same reporting of failures as the
 * webhook, without the time budget.
 */
import type { FieldError } from '../admission/field-error.js';
import type { AdmissionRequest, GroupVersionKind, GroupVersionResource } from '../admission/types.js';
import type { JsonObject } from '../util/json.js';
import type { Rule } from './api.js';
import { ruleRequest } from './context.js';
import { evaluateRule } from './evaluate.js';
import { matchesTarget, requestMatcher } from './match.js';

/** TestRequest is an AdmissionRequest where everything but `kind` may be left out. */
export type TestRequest = Partial<Omit<AdmissionRequest, 'kind'>> & { readonly kind: GroupVersionKind };

/** RuleTestResult is what a rule found about a request, and whether it applied at all. */
export interface RuleTestResult {
  readonly matched: boolean;
  readonly errors: readonly FieldError[];
  readonly warnings: readonly string[];
}

/** guessedResource is a resource for a kind when the test names none: lower-case kind plus "s". */
function guessedResource(kind: GroupVersionKind): GroupVersionResource {
  return { group: kind.group, version: kind.version, resource: `${kind.kind.toLowerCase()}s` };
}

/**
 * completeRequest fills a TestRequest with the defaults of a CREATE by an
 * anonymous user; namespace and name are read from the object when absent.
 */
export function completeRequest(partial: TestRequest): AdmissionRequest {
  const object = partial.object ?? null;
  const metadata = (object?.metadata ?? partial.oldObject?.metadata ?? {}) as JsonObject;
  return {
    uid: 'test',
    resource: guessedResource(partial.kind),
    operation: 'CREATE',
    userInfo: {},
    object,
    oldObject: null,
    dryRun: false,
    options: null,
    ...(typeof metadata.namespace === 'string' ? { namespace: metadata.namespace } : {}),
    ...(typeof metadata.name === 'string' ? { name: metadata.name } : {}),
    ...partial,
  };
}

/** testRule runs one rule on one request as the webhook would, without the time budget. */
export function testRule(rule: Rule, partial: TestRequest): RuleTestResult {
  const request = completeRequest(partial);
  const subresource = request.subResource ?? '';
  if (subresource !== '' && subresource !== 'status') return { matched: false, errors: [], warnings: [] };
  const matcher = requestMatcher({ rule, file: '' });
  const matched =
    matchesTarget(rule, { gvk: request.kind, gvr: request.resource }, subresource) && matcher.appliesTo(request);
  if (!matched) return { matched: false, errors: [], warnings: [] };
  const { applied, errors, warnings } = evaluateRule(rule, matcher.predicate, ruleRequest(request));
  return { matched: applied, errors, warnings };
}
