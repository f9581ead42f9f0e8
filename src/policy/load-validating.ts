import { duplicate, invalid, required, tooLong, tooMany } from '../admission/field-error.js';
import type { ManifestDocument } from '../config/manifest-files.js';
import type { JsonObject } from '../util/json.js';
import { compileExpression } from './expressions.js';
import { annotationOf, readName, readParamRef, readPolicyCommon, referencedPaths } from './load-common.js';
import { MATCH_EVERYTHING, readMatchResources } from './match-resources.js';
import { qualifiedNameProblem } from './names.js';
import type { ShapeReader } from './shape.js';
import type { AuditAnnotation, PolicyBinding, PolicyReason, ValidatingPolicy, Validation, ValidationAction } from './types.js';

/** RATCHETING_ANNOTATION switches on our per-policy ratcheting (not a Kubernetes feature). */
export const RATCHETING_ANNOTATION = 'crd-admission.dev/ratcheting';

const REASONS: readonly PolicyReason[] = ['Forbidden', 'Invalid', 'RequestEntityTooLarge', 'Unauthorized'];
const ACTIONS: readonly ValidationAction[] = ['Audit', 'Deny', 'Warn'];
/** The apiserver's limits on audit annotations and message expressions. */
const MAX_AUDIT_ANNOTATIONS = 20;
const MAX_EXPRESSION_BYTES = 5 * 1024;

/** readValidatingPolicy checks and compiles a ValidatingAdmissionPolicy document. */
export function readValidatingPolicy(reader: ShapeReader, doc: ManifestDocument, document: JsonObject): ValidatingPolicy {
  const name = readName(reader, document);
  const spec = reader.object(document.spec, 'spec', true, ['paramKind', 'matchConstraints', 'matchConditions', 'variables', 'failurePolicy', 'validations', 'auditAnnotations']) ?? {};
  const { variableNames, ...common } = readPolicyCommon(reader, doc, spec, false);
  const validations = reader
    .list(spec.validations, 'spec.validations')
    .flatMap((item, i) => readValidation(reader, item, `spec.validations[${i}]`, variableNames, common.variables));
  const auditAnnotations = readAuditAnnotations(reader, spec, name, variableNames);
  if (reader.list(spec.validations, '').length === 0 && reader.list(spec.auditAnnotations, '').length === 0) {
    reader.add(required('spec.validations', 'validations or auditAnnotations must contain at least one item'));
  }
  const ratchetingText = annotationOf(document, RATCHETING_ANNOTATION);
  if (ratchetingText !== undefined && ratchetingText !== 'true' && ratchetingText !== 'false') {
    reader.add(invalid(`metadata.annotations[${RATCHETING_ANNOTATION}]`, ratchetingText, 'must be "true" or "false"'));
  }
  return { kind: 'ValidatingAdmissionPolicy', name, ...common, validations, auditAnnotations, ratcheting: ratchetingText === 'true' };
}

function readValidation(
  reader: ShapeReader,
  item: unknown,
  path: string,
  variableNames: readonly string[],
  variables: ValidatingPolicy['variables'],
): Validation[] {
  const entry = reader.object(item as JsonObject, path, true, ['expression', 'message', 'messageExpression', 'reason']);
  if (!entry) return [];
  const expression = compileExpression(reader, entry.expression, `${path}.expression`, { variableNames, resultTypes: ['bool'] });
  const message = reader.string(entry.message, `${path}.message`);
  if (typeof entry.message === 'string' && entry.message.length > 0 && entry.message.trim().length === 0) {
    reader.add(invalid(`${path}.message`, entry.message, 'message must be non-empty if specified'));
  } else if (message !== undefined && /[\r\n]/.test(message.trim())) {
    reader.add(invalid(`${path}.message`, message, 'message must not contain line breaks'));
  }
  const messageExpression =
    entry.messageExpression === undefined || entry.messageExpression === null
      ? undefined
      : compileExpression(reader, entry.messageExpression, `${path}.messageExpression`, {
          variableNames,
          resultTypes: ['string'],
          maxLength: MAX_EXPRESSION_BYTES,
        });
  const reason = reader.oneOf(entry.reason, `${path}.reason`, REASONS, 'Invalid');
  if (!expression) return [];
  const references = referencedPaths(expression.source, variables);
  return [
    {
      expression,
      ...(message !== undefined && message.trim() !== '' ? { message: message.trim() } : {}),
      ...(messageExpression ? { messageExpression } : {}),
      reason,
      ...(references ? { references } : {}),
    },
  ];
}

function readAuditAnnotations(
  reader: ShapeReader,
  spec: JsonObject,
  policyName: string,
  variableNames: readonly string[],
): AuditAnnotation[] {
  const list = reader.list(spec.auditAnnotations, 'spec.auditAnnotations');
  if (list.length > MAX_AUDIT_ANNOTATIONS) reader.add(tooMany('spec.auditAnnotations', list.length, MAX_AUDIT_ANNOTATIONS));
  const seen = new Set<string>();
  return list.flatMap((item, i) => {
    const path = `spec.auditAnnotations[${i}]`;
    const entry = reader.object(item, path, true, ['key', 'valueExpression']);
    if (!entry) return [];
    const key = reader.string(entry.key, `${path}.key`, true);
    if (key !== undefined) {
      // The emitted key is `<policy>/<key>`, which must be a qualified name.
      if (key.length > 63) reader.add(tooLong(`${path}.key`, 'may not be more than 63 bytes'));
      reader.check(`${policyName}/${key}`, `${path}.key`, qualifiedNameProblem);
      if (seen.has(key)) reader.add(duplicate(`${path}.key`, key));
      seen.add(key);
    }
    const valueExpression = compileExpression(reader, entry.valueExpression, `${path}.valueExpression`, {
      variableNames,
      maxLength: MAX_EXPRESSION_BYTES,
    });
    return key !== undefined && valueExpression ? [{ key, valueExpression }] : [];
  });
}

/** readValidatingBinding checks a ValidatingAdmissionPolicyBinding document. */
export function readValidatingBinding(reader: ShapeReader, doc: ManifestDocument, document: JsonObject): PolicyBinding {
  const base = readBindingBase(reader, doc, document, ['policyName', 'paramRef', 'matchResources', 'validationActions']);
  const spec = reader.object(document.spec, 'spec') ?? {};
  const actions = reader.stringList(spec.validationActions, 'spec.validationActions');
  if (actions.length === 0) reader.add(required('spec.validationActions', 'at least one validation action is required'));
  const seen = new Set<string>();
  actions.forEach((action, i) => {
    if (seen.has(action)) reader.add(duplicate(`spec.validationActions[${i}]`, action));
    seen.add(action);
    reader.oneOf(action, `spec.validationActions[${i}]`, ACTIONS);
  });
  if (seen.has('Deny') && seen.has('Warn')) {
    reader.add(
      invalid(
        'spec.validationActions',
        actions,
        'must not contain both Deny and Warn (repeating the same validation failure information in the API response and headers serves no purpose)',
      ),
    );
  }
  const validationActions = actions.filter((a): a is ValidationAction => (ACTIONS as readonly string[]).includes(a));
  return { ...base, validationActions: [...new Set(validationActions)] };
}

/** readBindingBase reads what validating and mutating bindings share: policyName, paramRef, matchResources. */
export function readBindingBase(
  reader: ShapeReader,
  doc: ManifestDocument,
  document: JsonObject,
  known: readonly string[] = ['policyName', 'paramRef', 'matchResources'],
): PolicyBinding {
  const name = readName(reader, document);
  const spec = reader.object(document.spec, 'spec', true, known) ?? {};
  const policyName = reader.string(spec.policyName, 'spec.policyName', true) ?? '';
  const paramRef = readParamRef(reader, spec.paramRef, 'spec.paramRef');
  const matchResources =
    spec.matchResources === undefined || spec.matchResources === null
      ? MATCH_EVERYTHING
      : readMatchResources(reader, spec.matchResources, 'spec.matchResources', false);
  return { name, source: doc.source, policyName, ...(paramRef ? { paramRef } : {}), matchResources, validationActions: [] };
}
