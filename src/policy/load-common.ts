import { duplicate, invalid, required, tooMany } from '../admission/field-error.js';
import type { ManifestDocument } from '../config/manifest-files.js';
import type { JsonObject, JsonValue } from '../util/json.js';
import { isJsonObject } from '../util/json.js';
import { objectReferences, usesIdentifier } from './cel-source.js';
import { compileExpression } from './expressions.js';
import { readMatchResources } from './match-resources.js';
import { celIdentifierProblem, dns1123LabelProblem, dns1123SubdomainProblem, qualifiedNameProblem } from './names.js';
import { readLabelSelector } from './selector.js';
import type { ShapeReader } from './shape.js';
import type { FailurePolicy, NamedExpression, ParamKind, ParamRef, PolicyCommon } from './types.js';

/** MAX_MATCH_CONDITIONS is the apiserver's limit on matchConditions. */
export const MAX_MATCH_CONDITIONS = 64;

/** readName checks metadata.name (a DNS subdomain, as for every admissionregistration object). */
export function readName(reader: ShapeReader, document: JsonObject): string {
  reader.object(document, '', true, ['apiVersion', 'kind', 'metadata', 'spec', 'status']);
  const metadata = reader.object(document.metadata, 'metadata', true) ?? {};
  const name = reader.string(metadata.name, 'metadata.name', true, 'name or generateName is required');
  reader.check(name, 'metadata.name', dns1123SubdomainProblem);
  return name ?? '';
}

/** annotationOf reads one metadata annotation. */
export function annotationOf(document: JsonObject, key: string): string | undefined {
  const metadata = document.metadata;
  if (!isJsonObject(metadata) || !isJsonObject(metadata.annotations)) return undefined;
  const value = metadata.annotations[key];
  return typeof value === 'string' ? value : undefined;
}

function readParamKind(reader: ShapeReader, value: JsonValue | undefined, path: string): ParamKind | undefined {
  const paramKind = reader.object(value, path, false, ['apiVersion', 'kind']);
  if (!paramKind) return undefined;
  const apiVersion = reader.string(paramKind.apiVersion, `${path}.apiVersion`, true);
  const kind = reader.string(paramKind.kind, `${path}.kind`, true);
  if (apiVersion !== undefined && apiVersion.split('/').length > 2) {
    reader.add(invalid(`${path}.apiVersion`, apiVersion, 'must be a group/version or a version'));
  }
  return apiVersion !== undefined && kind !== undefined ? { apiVersion, kind } : undefined;
}

/** readParamRef checks a paramRef: exactly one of name or selector, and parameterNotFoundAction. */
export function readParamRef(reader: ShapeReader, value: JsonValue | undefined, path: string): ParamRef | undefined {
  const ref = reader.object(value, path, false, ['name', 'namespace', 'selector', 'parameterNotFoundAction']);
  if (!ref) return undefined;
  const name = reader.string(ref.name, `${path}.name`);
  const hasSelector = ref.selector !== undefined && ref.selector !== null;
  if (name !== undefined && hasSelector) reader.add(invalid(path, ref, 'name and selector are mutually exclusive'));
  if (name === undefined && !hasSelector) reader.add(required(path, 'one of name or selector must be set'));
  reader.check(name, `${path}.name`, dns1123SubdomainProblem);
  const namespace = reader.string(ref.namespace, `${path}.namespace`);
  reader.check(namespace, `${path}.namespace`, dns1123LabelProblem);
  if (ref.parameterNotFoundAction === undefined || ref.parameterNotFoundAction === null) {
    reader.add(required(`${path}.parameterNotFoundAction`));
  }
  const action = reader.oneOf(ref.parameterNotFoundAction, `${path}.parameterNotFoundAction`, ['Allow', 'Deny'] as const, 'Deny');
  return {
    ...(name !== undefined ? { name } : {}),
    ...(hasSelector ? { selector: readLabelSelector(reader, ref.selector, `${path}.selector`) } : {}),
    ...(namespace !== undefined ? { namespace } : {}),
    parameterNotFoundAction: action,
  };
}

function readNamedExpressions(
  reader: ShapeReader,
  value: JsonValue | undefined,
  path: string,
  nameCheck: (v: string) => string | undefined,
  variableNames: string[] | undefined,
  mutation: boolean,
): NamedExpression[] {
  const out: NamedExpression[] = [];
  const seen = new Set<string>();
  reader.list(value, path).forEach((item, i) => {
    const entry = reader.object(item, `${path}[${i}]`, true, ['name', 'expression']);
    if (!entry) return;
    const name = reader.string(entry.name, `${path}[${i}].name`, true);
    reader.check(name, `${path}[${i}].name`, nameCheck);
    if (name !== undefined && seen.has(name)) reader.add(duplicate(`${path}[${i}].name`, name));
    if (name !== undefined) seen.add(name);
    const expression = compileExpression(reader, entry.expression, `${path}[${i}].expression`, {
      variableNames: variableNames ?? [],
      ...(mutation ? { typedLiterals: ['JSONPatch', 'Object'] as const } : {}),
      // matchConditions (no variable list) must be boolean.
      ...(variableNames ? {} : { resultTypes: ['bool'] }),
    });
    if (name !== undefined && expression) out.push({ name, expression });
    if (name !== undefined && variableNames) variableNames.push(name);
  });
  return out;
}

/** readPolicyCommon reads the spec fields every policy kind shares. */
export function readPolicyCommon(
  reader: ShapeReader,
  doc: ManifestDocument,
  spec: JsonObject,
  mutation: boolean,
): Omit<PolicyCommon, 'name'> & { readonly variableNames: readonly string[] } {
  const failurePolicy: FailurePolicy = reader.oneOf(spec.failurePolicy, 'spec.failurePolicy', ['Fail', 'Ignore'] as const, 'Fail');
  const paramKind = readParamKind(reader, spec.paramKind, 'spec.paramKind');
  const matchConstraints = readMatchResources(reader, spec.matchConstraints, 'spec.matchConstraints', true);
  const conditions = reader.list(spec.matchConditions, 'spec.matchConditions');
  if (conditions.length > MAX_MATCH_CONDITIONS) reader.add(tooMany('spec.matchConditions', conditions.length, MAX_MATCH_CONDITIONS));
  const matchConditions = readNamedExpressions(reader, spec.matchConditions, 'spec.matchConditions', qualifiedNameProblem, undefined, false);
  const variableNames: string[] = [];
  const variables = readNamedExpressions(reader, spec.variables, 'spec.variables', celIdentifierProblem, variableNames, mutation);
  return { source: doc.source, failurePolicy, ...(paramKind ? { paramKind } : {}), matchConstraints, matchConditions, variables, variableNames };
}

/**
 * referencedPaths lists the `object` paths an expression reads, through the
 * variables it uses; undefined when it (or a variable it uses) reads oldObject.
 */
export function referencedPaths(source: string, variables: readonly NamedExpression[]): string[][] | undefined {
  const paths: string[][] = [];
  const pending = [source];
  const visited = new Set<string>();
  while (pending.length > 0) {
    const text = pending.pop() as string;
    if (usesIdentifier(text, 'oldObject')) return undefined;
    paths.push(...objectReferences(text));
    for (const variable of variables) {
      if (visited.has(variable.name) || !new RegExp(`\\bvariables\\s*\\.\\??\\s*${variable.name}\\b`).test(text)) continue;
      visited.add(variable.name);
      pending.push(variable.expression.source);
    }
  }
  return paths;
}
