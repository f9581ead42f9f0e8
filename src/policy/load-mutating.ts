import { forbidden, invalid, required } from '../admission/field-error.js';
import type { Operation } from '../admission/types.js';
import type { ManifestDocument } from '../config/manifest-files.js';
import type { JsonObject } from '../util/json.js';
import { compileExpression } from './expressions.js';
import { readName, readParamRef, readPolicyCommon } from './load-common.js';
import type { ShapeReader } from './shape.js';
import type { FieldPath, Mutation, MutatingPolicy, ParamRef } from './types.js';

const PATCH_TYPES = ['ApplyConfiguration', 'JSONPatch'] as const;
const DEFAULT_OPERATIONS: readonly Operation[] = ['CREATE', 'UPDATE'];
const DEFAULTABLE_OPERATIONS = ['CREATE', 'UPDATE'] as const;

/** readMutatingPolicy checks and compiles a MutatingAdmissionPolicy (JSONPatch and ApplyConfiguration mutations). */
export function readMutatingPolicy(reader: ShapeReader, doc: ManifestDocument, document: JsonObject): MutatingPolicy {
  const name = readName(reader, document);
  const spec = reader.object(document.spec, 'spec', true, ['paramKind', 'matchConstraints', 'matchConditions', 'variables', 'failurePolicy', 'mutations', 'reinvocationPolicy']) ?? {};
  const { variableNames, ...common } = readPolicyCommon(reader, doc, spec, true);
  reader.oneOf(spec.reinvocationPolicy, 'spec.reinvocationPolicy', ['IfNeeded', 'Never'] as const, 'Never');
  const list = reader.list(spec.mutations, 'spec.mutations');
  if (list.length === 0) reader.add(required('spec.mutations', 'mutations must contain at least one item'));
  const mutations = list.flatMap((item, i): Mutation[] => {
    const path = `spec.mutations[${i}]`;
    const entry = reader.object(item, path, true, ['patchType', 'jsonPatch', 'applyConfiguration']);
    if (!entry) return [];
    if (entry.patchType === undefined || entry.patchType === null) {
      reader.add(required(`${path}.patchType`));
      return [];
    }
    const patchType = reader.oneOf(entry.patchType, `${path}.patchType`, PATCH_TYPES);
    if (patchType === undefined) return [];
    const field = patchType === 'JSONPatch' ? 'jsonPatch' : 'applyConfiguration';
    const other = patchType === 'JSONPatch' ? 'applyConfiguration' : 'jsonPatch';
    if (entry[other] !== undefined && entry[other] !== null) {
      reader.add(forbidden(`${path}.${other}`, `must not be specified when patchType is ${patchType}`));
    }
    const body = reader.object(entry[field], `${path}.${field}`, true, ['expression']);
    if (!body) return [];
    const expression = compileExpression(reader, body.expression, `${path}.${field}.expression`, {
      variableNames,
      typedLiterals: patchType === 'JSONPatch' ? ['JSONPatch'] : ['Object'],
    });
    if (!expression) return [];
    return [patchType === 'JSONPatch' ? { type: 'JSONPatch', expression } : { type: 'ApplyConfiguration', expression }];
  });
  return { kind: 'MutatingAdmissionPolicy', name, ...common, mutations };
}

/** DefaultingPolicyShape is a compiled DefaultingPolicy with its inline paramRef. */
export interface DefaultingPolicyShape {
  readonly policy: MutatingPolicy;
  readonly paramRef?: ParamRef;
}

/**
 * readDefaultingPolicy checks and compiles our DefaultingPolicy: a
 * MutatingAdmissionPolicy-like spec whose `defaults[]` each set one field
 * from a CEL expression when the field is absent; no binding is needed.
 */
export function readDefaultingPolicy(reader: ShapeReader, doc: ManifestDocument, document: JsonObject): DefaultingPolicyShape {
  const name = readName(reader, document);
  const spec = reader.object(document.spec, 'spec', true, ['paramKind', 'matchConstraints', 'matchConditions', 'variables', 'failurePolicy', 'paramRef', 'defaults']) ?? {};
  const { variableNames, ...common } = readPolicyCommon(reader, doc, spec, false);
  const paramRef = readParamRef(reader, spec.paramRef, 'spec.paramRef');
  if (paramRef && !common.paramKind) reader.add(required('spec.paramKind', 'paramRef needs a paramKind'));
  const list = reader.list(spec.defaults, 'spec.defaults');
  if (list.length === 0) reader.add(required('spec.defaults', 'defaults must contain at least one item'));
  const mutations = list.flatMap((item, i): Mutation[] => {
    const path = `spec.defaults[${i}]`;
    const entry = reader.object(item, path, true, ['field', 'expression', 'operations']);
    if (!entry) return [];
    const fieldText = reader.string(entry.field, `${path}.field`, true);
    const field = fieldText === undefined ? undefined : parseFieldPath(fieldText);
    if (fieldText !== undefined && typeof field === 'string') reader.add(invalid(`${path}.field`, fieldText, field));
    const expression = compileExpression(reader, entry.expression, `${path}.expression`, { variableNames });
    const written = reader.stringList(entry.operations, `${path}.operations`);
    written.forEach((op, j) => reader.oneOf(op, `${path}.operations[${j}]`, DEFAULTABLE_OPERATIONS));
    const operations = new Set<Operation>(written.length > 0 ? (written as Operation[]) : DEFAULT_OPERATIONS);
    if (fieldText === undefined || typeof field !== 'object' || !expression) return [];
    return [{ type: 'Default', field, fieldText, expression, operations }];
  });
  return { policy: { kind: 'DefaultingPolicy', name, ...common, mutations }, ...(paramRef ? { paramRef } : {}) };
}

const PROTECTED_ROOTS = new Set(['apiVersion', 'kind']);
const PROTECTED_METADATA = new Set(['name', 'namespace', 'uid', 'resourceVersion', 'generation', 'creationTimestamp', 'deletionTimestamp', 'managedFields', 'ownerReferences', 'finalizers', 'generateName', 'selfLink', 'deletionGracePeriodSeconds']);

/**
 * parseFieldPath reads `spec.owner` or `metadata.annotations["example.com/owner"]`
 * into keys; it returns a problem text for paths it cannot default.
 */
export function parseFieldPath(text: string): FieldPath | string {
  const keys: string[] = [];
  const pattern = /\.?([A-Za-z_$][A-Za-z0-9_$-]*)|\[\s*("(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*')\s*\]/y;
  let index = 0;
  while (index < text.length) {
    pattern.lastIndex = index;
    const match = pattern.exec(text);
    if (!match || (index === 0 && match[0].startsWith('.'))) return 'must be a field path such as spec.owner or metadata.annotations["example.com/owner"]';
    if (index > 0 && match[1] !== undefined && !match[0].startsWith('.')) return 'fields must be separated by "."';
    keys.push(match[1] ?? (JSON.parse(`"${(match[2] as string).slice(1, -1).replace(/\\'/g, "'")}"`) as string));
    index = pattern.lastIndex;
  }
  if (keys.length < 2) return 'must name a field below the object root, such as spec.owner';
  if (PROTECTED_ROOTS.has(keys[0] as string)) return `${keys[0]} cannot be defaulted`;
  if (keys[0] === 'metadata' && (keys.length < 3 || PROTECTED_METADATA.has(keys[1] as string))) {
    return 'only metadata.labels and metadata.annotations entries can be defaulted under metadata';
  }
  if (keys[0] === 'metadata' && keys[1] !== 'labels' && keys[1] !== 'annotations') {
    return 'only metadata.labels and metadata.annotations entries can be defaulted under metadata';
  }
  return keys;
}

/** readMutatingBinding checks a MutatingAdmissionPolicyBinding (no validationActions). */
export { readBindingBase as readMutatingBinding } from './load-validating.js';
