import { ConfigError } from '../../config/errors.js';
import type { JSONSchemaProps, ValidationRule } from '../../crd/types.js';
import type { ProfileTarget } from '../../profiles/plugin.js';
import type { CelDeclaration, CelProgram } from '../environment.js';
import { CelCompileError, compileCel } from '../environment.js';
import { escapeProperty } from '../escaping.js';
import type { CelNodeType, SchemaTypes } from '../schema-types.js';
import { schemaTypes } from '../schema-types.js';
import { normalizeRuleFieldPath } from './field-path.js';

const REASONS = new Set(['FieldValueInvalid', 'FieldValueForbidden', 'FieldValueRequired', 'FieldValueDuplicate']);

/** CompiledRule is one x-kubernetes-validations entry, compiled at load. */
export interface CompiledRule {
  readonly rule: ValidationRule;
  readonly program: CelProgram;
  readonly messageProgram?: CelProgram;
  readonly usesOldSelf: boolean;
  readonly optionalOldSelf: boolean;
  /** The rule's fieldPath in field.Path form, relative to the node. */
  readonly fieldPath?: string;
}

/** RuleNode mirrors the schema where rules live (a node with rules or with descendants that have rules). */
export interface RuleNode {
  readonly schema: JSONSchemaProps;
  /** The escaped CEL name of this node as a property of its parent object. */
  readonly celName?: string;
  readonly type: CelNodeType | undefined;
  readonly rules: readonly CompiledRule[];
  /** Whether a rule of this node reads oldSelf (the old value is converted only then). */
  readonly hasTransitionRules: boolean;
  /** Whether a rule of this node or below reads oldSelf (old values are correlated only then). */
  readonly needsOld: boolean;
  readonly properties?: ReadonlyMap<string, RuleNode>;
  readonly additionalProperties?: RuleNode;
  readonly items?: RuleNode;
}

interface Walk {
  readonly target: ProfileTarget;
  readonly types: SchemaTypes;
  readonly schemaPath: string;
  /** False under list items that are not map-list items: oldSelf is forbidden there. */
  readonly correlatable: boolean;
}

function configError(walk: Walk, path: string, problem: string): ConfigError {
  const { source } = walk.target.crd;
  return new ConfigError(source.file, problem, path, source.line);
}

function declarations(type: CelNodeType | undefined, usesOldSelf: boolean, optionalOldSelf: boolean): CelDeclaration[] {
  const typeName = type?.typeName ?? 'dyn';
  const out: CelDeclaration[] = [{ name: 'self', type: typeName }];
  if (usesOldSelf) out.push({ name: 'oldSelf', type: optionalOldSelf ? `optional<${typeName}>` : typeName });
  return out;
}

function compileExpression(walk: Walk, path: string, expression: string, decls: CelDeclaration[]): CelProgram {
  try {
    return compileCel(expression, decls, { environment: walk.types.environment });
  } catch (error) {
    if (error instanceof CelCompileError) throw configError(walk, path, error.message);
    throw error;
  }
}

function checkShape(walk: Walk, path: string, rule: ValidationRule): void {
  if (typeof rule.rule !== 'string' || rule.rule.trim().length === 0) throw configError(walk, `${path}.rule`, 'Required value: rule is not specified');
  if (rule.message !== undefined && /[\r\n]/.test(rule.message)) throw configError(walk, `${path}.message`, 'Invalid value: message must not contain line breaks');
  if (rule.message !== undefined && rule.message.trim().length === 0) throw configError(walk, `${path}.message`, 'Invalid value: message must be non-empty if specified');
  if (/[\r\n]/.test(rule.rule) && !rule.message && !rule.messageExpression) {
    throw configError(walk, `${path}.message`, 'Required value: message must be specified if rule contains line breaks');
  }
  if (rule.reason !== undefined && !REASONS.has(rule.reason)) {
    throw configError(walk, `${path}.reason`, `Unsupported value: ${JSON.stringify(rule.reason)}: supported values: "FieldValueDuplicate", "FieldValueForbidden", "FieldValueInvalid", "FieldValueRequired"`);
  }
}

function compileRule(walk: Walk, schema: JSONSchemaProps, type: CelNodeType | undefined, rule: ValidationRule, path: string): CompiledRule {
  checkShape(walk, path, rule);
  const optionalOldSelf = rule.optionalOldSelf === true;
  // Compile once with oldSelf declared to learn whether the rule uses it.
  const program = compileExpression(walk, `${path}.rule`, rule.rule, declarations(type, true, optionalOldSelf));
  const usesOldSelf = program.usesVariable('oldSelf');
  if (program.resultType !== 'bool' && program.resultType !== 'dyn') {
    throw configError(walk, `${path}.rule`, `Invalid value: ${JSON.stringify(rule.rule)}: cel expression must evaluate to a bool`);
  }
  if (usesOldSelf && !walk.correlatable) {
    throw configError(walk, `${path}.rule`, `Invalid value: ${JSON.stringify(rule.rule)}: oldSelf cannot be used on the uncorrelatable portion of the schema within ${walk.schemaPath}`);
  }
  if (optionalOldSelf && !usesOldSelf) throw configError(walk, `${path}.optionalOldSelf`, 'Invalid value: true: may not be set if rule does not use oldSelf');
  let messageProgram: CelProgram | undefined;
  if (rule.messageExpression !== undefined && rule.messageExpression.trim().length > 0) {
    messageProgram = compileExpression(walk, `${path}.messageExpression`, rule.messageExpression, declarations(type, usesOldSelf, optionalOldSelf));
    if (messageProgram.resultType !== 'string' && messageProgram.resultType !== 'dyn') {
      throw configError(walk, `${path}.messageExpression`, `Invalid value: ${JSON.stringify(rule.messageExpression)}: must evaluate to a string`);
    }
  }
  let fieldPath: string | undefined;
  if (rule.fieldPath !== undefined) {
    try {
      fieldPath = normalizeRuleFieldPath(rule.fieldPath, schema);
    } catch (error) {
      throw configError(walk, `${path}.fieldPath`, `Invalid value: ${JSON.stringify(rule.fieldPath)}: ${(error as Error).message}`);
    }
  }
  return { rule, program, ...(messageProgram ? { messageProgram } : {}), usesOldSelf, optionalOldSelf, ...(fieldPath !== undefined ? { fieldPath } : {}) };
}

function compileNode(walk: Walk, schema: JSONSchemaProps, celName?: string): RuleNode | undefined {
  const type = walk.types.typeOf(schema);
  const rules = (schema['x-kubernetes-validations'] ?? []).map((rule, i) =>
    compileRule(walk, schema, type, rule, `${walk.schemaPath}.x-kubernetes-validations[${i}]`),
  );
  const properties = new Map<string, RuleNode>();
  for (const [name, child] of Object.entries(schema.properties ?? {})) {
    const node = compileNode({ ...walk, schemaPath: `${walk.schemaPath}.properties[${name}]` }, child, escapeProperty(name));
    if (node) properties.set(name, node);
  }
  const additional = schema.additionalProperties;
  const additionalNode =
    additional && typeof additional === 'object' ? compileNode({ ...walk, schemaPath: `${walk.schemaPath}.additionalProperties` }, additional) : undefined;
  const itemsSchema = schema.items && !Array.isArray(schema.items) ? (schema.items as JSONSchemaProps) : undefined;
  const correlatableItems = walk.correlatable && schema['x-kubernetes-list-type'] === 'map';
  const items = itemsSchema ? compileNode({ ...walk, schemaPath: `${walk.schemaPath}.items`, correlatable: correlatableItems }, itemsSchema) : undefined;
  if (rules.length === 0 && properties.size === 0 && !additionalNode && !items) return undefined;
  const hasTransitionRules = rules.some((rule) => rule.usesOldSelf);
  const children = [...properties.values(), additionalNode, items];
  const needsOld = hasTransitionRules || children.some((node) => node?.needsOld === true);
  return {
    schema,
    ...(celName !== undefined ? { celName } : {}),
    type,
    rules,
    hasTransitionRules,
    needsOld,
    ...(properties.size > 0 ? { properties } : {}),
    ...(additionalNode ? { additionalProperties: additionalNode } : {}),
    ...(items ? { items } : {}),
  };
}

/**
 * compileRuleTree compiles every x-kubernetes-validations rule of a CRD version.
 * It returns undefined when the schema has no rules; a broken rule is a
 * ConfigError naming the CRD file and the schema path of the rule.
 */
export function compileRuleTree(target: ProfileTarget): RuleNode | undefined {
  if (!JSON.stringify(target.schema).includes('x-kubernetes-validations')) return undefined;
  const schemaPath = `spec.versions[${target.versionIndex}].schema.openAPIV3Schema`;
  let types: SchemaTypes;
  try {
    types = schemaTypes(target.schema, target.gvk.kind);
  } catch (error) {
    const { source } = target.crd;
    throw new ConfigError(source.file, `cannot type the schema for CEL: ${(error as Error).message}`, schemaPath, source.line);
  }
  return compileNode({ target, types, schemaPath, correlatable: true }, target.schema);
}
