/**
 * Lexical work on policy expressions, done once at load: the CEL engine has
 * no message-construction syntax (`JSONPatch{op: "add", ...}`), so those are
 * rewritten into map literals; `jsonpatch.escapeKey(k)` into string calls;
 * and the `object.a.b` paths an expression reads are collected for ratcheting.
 * rewriteTypedLiterals is one token loop of about 50 lines: it is a small state
 * machine over a stack of brackets, clearer whole than split up.
 */

/** CelToken is one lexical token of a CEL expression, with its source offset. */
export interface CelToken {
  readonly kind: 'ident' | 'string' | 'number' | 'punct';
  readonly text: string;
  readonly start: number;
}

const IDENT = /[A-Za-z_][A-Za-z0-9_]*/y;
const NUMBER = /(?:0x[0-9A-Fa-f]+|\d+(?:\.\d+)?(?:[eE][+-]?\d+)?|\.\d+(?:[eE][+-]?\d+)?)[uU]?/y;
const PUNCT = /==|!=|<=|>=|&&|\|\||\.\?|\[\?|[-+*/%!<>?:.,()[\]{}]/y;

function stringEnd(source: string, start: number): number {
  let i = start;
  let raw = false;
  while (i < source.length && /[rRbB]/.test(source[i] as string)) {
    if (/[rR]/.test(source[i] as string)) raw = true;
    i++;
  }
  const quote = source.startsWith("'''", i) || source.startsWith('"""', i) ? source.slice(i, i + 3) : source[i];
  if (quote === undefined) return source.length;
  i += quote.length;
  while (i < source.length) {
    if (!raw && source[i] === '\\') {
      i += 2;
      continue;
    }
    if (source.startsWith(quote, i)) return i + quote.length;
    i++;
  }
  return source.length; // unterminated: the CEL parser reports it
}

function isStringStart(source: string, i: number): boolean {
  const match = /^[rRbB]{0,2}['"]/.exec(source.slice(i, i + 3));
  return match !== null;
}

/** tokenizeCel splits an expression into tokens, skipping whitespace and `//` comments. */
export function tokenizeCel(source: string): CelToken[] {
  const tokens: CelToken[] = [];
  let i = 0;
  while (i < source.length) {
    const ch = source[i] as string;
    if (/\s/.test(ch)) {
      i++;
    } else if (source.startsWith('//', i)) {
      const end = source.indexOf('\n', i);
      i = end < 0 ? source.length : end;
    } else if (isStringStart(source, i)) {
      const end = stringEnd(source, i);
      tokens.push({ kind: 'string', text: source.slice(i, end), start: i });
      i = end;
    } else {
      i = pushMatch(tokens, source, i);
    }
  }
  return tokens;
}

function pushMatch(tokens: CelToken[], source: string, i: number): number {
  for (const [kind, pattern] of [['ident', IDENT], ['number', NUMBER], ['punct', PUNCT]] as const) {
    pattern.lastIndex = i;
    const match = pattern.exec(source);
    if (match) {
      tokens.push({ kind, text: match[0], start: i });
      return i + match[0].length;
    }
  }
  tokens.push({ kind: 'punct', text: source[i] as string, start: i });
  return i + 1;
}

const ESCAPE_KEY_SUFFIX = ').split("~").join("~0").split("/").join("~1")';

interface LiteralFrame {
  readonly typeName: string;
  field?: string;
  /** Whether a `dyn(` value wrapper is open. */
  valueOpen: boolean;
  /** Whether the next token starts the value of `field`. */
  valueStart: boolean;
}

interface Frame {
  readonly close: string;
  /** A typed literal (`JSONPatch{...}`, `Object.spec{...}`) rewritten into a map literal. */
  literal?: LiteralFrame;
  /** For a list written directly as a typed field's value: the type of its elements. */
  elementType?: string;
  elementStart?: boolean;
  /** For jsonpatch.escapeKey(...): the text to emit after the closing paren. */
  suffix?: string;
}

const CLOSERS: Readonly<Record<string, string>> = { '(': ')', '[': ']', '{': '}', '[?': ']' };

/** RewriteResult is an expression the CEL engine can run, or the problem that prevents it. */
export interface RewriteResult {
  readonly text: string;
  readonly problem?: string;
}

// A typed literal starts at `Head(.name)*{`; returns its type name and the index of `{`.
function typedLiteralAt(tokens: readonly CelToken[], i: number, heads: readonly string[]): { name: string; brace: number } | undefined {
  const head = tokens[i];
  if (head?.kind !== 'ident' || !heads.includes(head.text) || isSelected(tokens, i)) return undefined;
  let j = i + 1;
  const parts = [head.text];
  while (tokens[j]?.text === '.' && tokens[j + 1]?.kind === 'ident') {
    parts.push(tokens[j + 1]?.text as string);
    j += 2;
  }
  return tokens[j]?.text === '{' ? { name: parts.join('.'), brace: j } : undefined;
}

/**
 * rewriteTypedLiterals makes mutation expressions runnable on the shared CEL
 * environment, which has no message construction: `JSONPatch{op: "add", ...}`
 * and `Object.spec{replicas: 1}` become map literals with `dyn(...)` values,
 * and `jsonpatch.escapeKey(k)` becomes RFC 6901 escaping with split/join. An
 * `Object.<path>{...}` written as the value of a field must be named after
 * that field (`Object.spec{selector: Object.spec.selector{...}}`).
 */
export function rewriteTypedLiterals(source: string, heads: readonly string[]): RewriteResult {
  const tokens = tokenizeCel(source);
  const out: string[] = [];
  const stack: Frame[] = [];
  let problem: string | undefined;
  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i] as CelToken;
    const next = tokens[i + 1];
    const top = stack[stack.length - 1];
    const valueStart = top?.literal?.valueStart === true;
    const elementStart = top?.elementStart === true;
    if (top?.literal) top.literal.valueStart = false;
    if (top) top.elementStart = false;
    const expected = valueStart && top?.literal ? `${top.literal.typeName}.${top.literal.field}` : elementStart ? top?.elementType : undefined;
    const literal = typedLiteralAt(tokens, i, heads);
    if (literal) {
      if (expected !== undefined && literal.name.startsWith('Object') && literal.name !== expected) {
        problem ??= `type mismatch: ${literal.name}{...} is the value of ${expected.replace(/^Object\.?/, '') || 'the object'}, so it must be ${expected}{...}`;
      }
      out.push('{');
      stack.push({ close: '}', literal: { typeName: literal.name, valueOpen: false, valueStart: false } });
      i = literal.brace;
    } else if (isEscapeKeyCall(tokens, i) && !isSelected(tokens, i)) {
      out.push('(');
      stack.push({ close: ')', suffix: ESCAPE_KEY_SUFFIX });
      i += 3;
    } else if (top?.literal && !top.literal.valueOpen && token.kind === 'ident' && next?.text === ':') {
      out.push(`${JSON.stringify(token.text)}: dyn(`);
      Object.assign(top.literal, { field: token.text, valueOpen: true, valueStart: true });
      i++;
    } else if (top?.literal && token.text === ',') {
      out.push(top.literal.valueOpen ? '),' : ',');
      top.literal.valueOpen = false;
    } else if (top?.elementType !== undefined && token.text === ',') {
      out.push(',');
      top.elementStart = true;
    } else if (CLOSERS[token.text] !== undefined) {
      out.push(token.text);
      const listOf = token.text === '[' && expected !== undefined ? { elementType: expected, elementStart: true } : {};
      stack.push({ close: CLOSERS[token.text] as string, ...listOf });
    } else if (top && token.text === top.close) {
      stack.pop();
      out.push(top.literal?.valueOpen ? `)${token.text}` : token.text);
      if (top.suffix) out.push(top.suffix.slice(1));
    } else {
      out.push(token.text);
    }
  }
  return { text: out.join(' '), ...(problem ? { problem } : {}) };
}

/** rewriteMutationExpression rewrites a JSONPatch mutation (see rewriteTypedLiterals). */
export function rewriteMutationExpression(source: string): string {
  return rewriteTypedLiterals(source, ['JSONPatch']).text;
}

function isEscapeKeyCall(tokens: readonly CelToken[], i: number): boolean {
  return (
    tokens[i]?.text === 'jsonpatch' &&
    tokens[i + 1]?.text === '.' &&
    tokens[i + 2]?.text === 'escapeKey' &&
    tokens[i + 3]?.text === '('
  );
}

/** usesIdentifier tells whether an expression reads a top-level variable (not a field of that name). */
export function usesIdentifier(source: string, name: string): boolean {
  const tokens = tokenizeCel(source);
  return tokens.some((token, i) => token.kind === 'ident' && token.text === name && !isSelected(tokens, i));
}

function isSelected(tokens: readonly CelToken[], i: number): boolean {
  const previous = tokens[i - 1]?.text;
  return previous === '.' || previous === '.?';
}

/** usesMessageConstruction returns the first typed literal (`Foo{...}`) whose type is not among `allowed` heads. */
export function usesMessageConstruction(source: string, allowed: readonly string[] = []): string | undefined {
  const tokens = tokenizeCel(source);
  for (let i = 0; i < tokens.length - 1; i++) {
    const token = tokens[i] as CelToken;
    if (token.kind === 'ident' && tokens[i + 1]?.text === '{') {
      let name = token.text;
      for (let j = i - 1; j >= 1 && tokens[j]?.text === '.' && tokens[j - 1]?.kind === 'ident'; j -= 2) {
        name = `${tokens[j - 1]?.text}.${name}`;
      }
      if (!allowed.includes(name.split('.')[0] as string)) return name;
    }
  }
  return undefined;
}

/**
 * variablePaths lists the field paths an expression reads under the top-level
 * variable `root` (`object.spec.replicas` → ["spec", "replicas"]); `root`
 * used whole (or indexed by a computed key) gives the empty path. A string
 * index is a field name when `fieldName` reads one from its literal.
 */
export function variablePaths(source: string, root: string, fieldName: (literal: string) => string | undefined): string[][] {
  const tokens = tokenizeCel(source);
  const paths: string[][] = [];
  tokens.forEach((token, i) => {
    if (token.kind !== 'ident' || token.text !== root || isSelected(tokens, i)) return;
    const path: string[] = [];
    let j = i + 1;
    for (;;) {
      const step = tokens[j]?.text;
      const field = tokens[j + 1];
      const indexed = (step === '[' || step === '[?') && field?.kind === 'string' && tokens[j + 2]?.text === ']' ? fieldName(field.text) : undefined;
      if ((step === '.' || step === '.?') && field?.kind === 'ident') {
        path.push(field.text);
        j += 2;
      } else if (indexed !== undefined) {
        path.push(indexed);
        j += 3;
      } else {
        break;
      }
    }
    // A trailing method call (`object.spec.name.startsWith(...)`) reads the receiver, not a field.
    if (tokens[j]?.text === '(' && path.length > 0) path.pop();
    paths.push(path);
  });
  return paths;
}

/**
 * objectReferences lists the field paths under `object` an expression reads
 * (`object.spec.replicas` → ["spec", "replicas"]); `object` used whole (or
 * indexed by a computed key) gives the empty path, meaning the whole object.
 */
export function objectReferences(source: string): string[][] {
  return variablePaths(source, 'object', unquote);
}

function unquote(literal: string): string {
  try {
    return JSON.parse(literal.replace(/^'(.*)'$/s, '"$1"')) as string;
  } catch {
    return literal.slice(1, -1);
  }
}
