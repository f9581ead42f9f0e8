import { invalid, required } from '../admission/field-error.js';
import type { CelDeclaration } from '../cel/environment.js';
import { CelCompileError, compileCel } from '../cel/environment.js';
import type { JsonValue } from '../util/json.js';
import { rewriteTypedLiterals, tokenizeCel, usesIdentifier, usesMessageConstruction } from './cel-source.js';
import type { ShapeReader } from './shape.js';
import type { CompiledExpression } from './types.js';

/** POLICY_DECLARATIONS are the variables every policy expression may read, as in Kubernetes. */
export const POLICY_DECLARATIONS: readonly CelDeclaration[] = [
  { name: 'object', type: 'dyn' },
  { name: 'oldObject', type: 'dyn' },
  { name: 'request', type: 'dyn' },
  { name: 'params', type: 'dyn' },
  { name: 'namespaceObject', type: 'dyn' },
  { name: 'variables', type: 'map<string, dyn>' },
];

/** ExpressionOptions say where an expression sits: which variables exist, whether it builds patches. */
export interface ExpressionOptions {
  /** Names of the variables declared before this expression (`variables.<name>`). */
  readonly variableNames: readonly string[];
  /** Typed literals the expression may build: `JSONPatch{...}` (with `jsonpatch.escapeKey()`), `Object{...}`. */
  readonly typedLiterals?: readonly ('JSONPatch' | 'Object')[];
  /** The maximum length of the expression text, when Kubernetes sets one. */
  readonly maxLength?: number;
  /** The result types the expression may have ('dyn' always passes), checked when the engine reports one. */
  readonly resultTypes?: readonly string[];
}

const AUTHORIZER_UNAVAILABLE =
  'the authorizer is not available: crd-admission evaluates policies outside the kube-apiserver, where no authorization decisions can be made';

/**
 * compileExpression checks and compiles one expression field at load,
 * recording a field error (Required, or Invalid with the compiler's message)
 * instead of throwing.
 */
export function compileExpression(
  reader: ShapeReader,
  value: JsonValue | undefined,
  path: string,
  options: ExpressionOptions,
): CompiledExpression | undefined {
  if (value === undefined || value === null || (typeof value === 'string' && value.trim().length === 0)) {
    reader.add(required(path));
    return undefined;
  }
  const source = reader.string(value, path);
  if (source === undefined) return undefined;
  const problem = staticProblem(source, options);
  if (problem) {
    reader.add(invalid(path, source, problem));
    return undefined;
  }
  const heads = options.typedLiterals ?? [];
  const rewritten = heads.length > 0 ? rewriteTypedLiterals(source, heads) : { text: source };
  if (rewritten.problem) {
    reader.add(invalid(path, source, `compilation failed: ${rewritten.problem}`));
    return undefined;
  }
  try {
    const program = compileCel(rewritten.text, POLICY_DECLARATIONS);
    const problem = resultTypeProblem(program as { readonly resultType?: string }, options.resultTypes);
    if (problem) {
      reader.add(invalid(path, source, problem));
      return undefined;
    }
    return { source, program };
  } catch (error) {
    if (!(error instanceof CelCompileError)) throw error;
    reader.add(invalid(path, source, `compilation failed: ${firstLine(error.detail)}`));
    return undefined;
  }
}

function staticProblem(source: string, options: ExpressionOptions): string | undefined {
  if (options.maxLength !== undefined && source.length > options.maxLength) {
    return `must be no more than ${options.maxLength} bytes`;
  }
  if (usesIdentifier(source, 'authorizer')) return AUTHORIZER_UNAVAILABLE;
  const heads = options.typedLiterals ?? [];
  const construction = usesMessageConstruction(source, heads);
  if (construction !== undefined) {
    const allowed = heads.map((head) => `${head}{...}`).join(' and ');
    return `compilation failed: object construction ${construction}{...} is not available here${allowed ? ` (only ${allowed})` : ''}`;
  }
  return unknownVariable(source, options.variableNames);
}

function unknownVariable(source: string, declared: readonly string[]): string | undefined {
  const tokens = tokenizeCel(source);
  for (let i = 0; i + 2 < tokens.length; i++) {
    const token = tokens[i];
    if (token?.text !== 'variables' || tokens[i - 1]?.text === '.' || tokens[i - 1]?.text === '.?') continue;
    const name = tokens[i + 2]?.text ?? '';
    const step = tokens[i + 1]?.text;
    if ((step === '.' || step === '.?') && !declared.includes(name)) {
      return `compilation failed: undefined field '${name}' (variables must be declared before use)`;
    }
  }
  return undefined;
}

// Kubernetes compiles each expression kind for its return types ("must evaluate to bool").
function resultTypeProblem(program: { readonly resultType?: string }, expected: readonly string[] | undefined): string | undefined {
  const actual = program.resultType;
  if (!expected || actual === undefined || actual === 'dyn' || expected.includes(actual)) return undefined;
  return `compilation failed: must evaluate to ${expected.join(' or ')}, not ${actual}`;
}

/** firstLine keeps the first line of an engine message (the rest is a source excerpt). */
export function firstLine(text: string): string {
  return text.split('\n')[0] ?? text;
}
