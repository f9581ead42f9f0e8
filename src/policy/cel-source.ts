/**
 * Lexical work on policy expressions, done once at load: the CEL engine has
 * no message-construction syntax (`JSONPatch{op: "add", ...}`), so those are
 * rewritten into map literals; `jsonpatch.escapeKey(k)` into string calls;
 * and the `object.a.b` paths an expression reads are collected for ratcheting.
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

interface Frame {
  readonly close: string;
  /** For a JSONPatch literal: whether a `dyn(` value wrapper is open. */
  jsonPatch?: { valueOpen: boolean };
  /** For jsonpatch.escapeKey(...): the text to emit after the closing paren. */
  suffix?: string;
}

const CLOSERS: Readonly<Record<string, string>> = { '(': ')', '[': ']', '{': '}', '[?': ']' };

/**
 * rewriteMutationExpression turns `JSONPatch{op: "add", path: p, value: v}`
 * into `{"op": dyn("add"), "path": dyn(p), "value": dyn(v)}` and
 * `jsonpatch.escapeKey(k)` into `(k).split("~").join("~0").split("/").join("~1")`
 * (RFC 6901 escaping), so the expression runs on the shared CEL environment.
 */
export function rewriteMutationExpression(source: string): string {
  const tokens = tokenizeCel(source);
  const out: string[] = [];
  const stack: Frame[] = [];
  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i] as CelToken;
    const next = tokens[i + 1];
    const top = stack[stack.length - 1];
    const previous = tokens[i - 1];
    const selected = previous?.text === '.' || previous?.text === '.?';
    if (token.kind === 'ident' && token.text === 'JSONPatch' && !selected && next?.text === '{') {
      out.push('{');
      stack.push({ close: '}', jsonPatch: { valueOpen: false } });
      i++;
    } else if (isEscapeKeyCall(tokens, i) && !selected) {
      out.push('(');
      stack.push({ close: ')', suffix: ESCAPE_KEY_SUFFIX });
      i += 3;
    } else if (top?.jsonPatch && !top.jsonPatch.valueOpen && token.kind === 'ident' && next?.text === ':') {
      out.push(`${JSON.stringify(token.text)}: dyn(`);
      top.jsonPatch.valueOpen = true;
      i++;
    } else if (top?.jsonPatch && token.text === ',') {
      out.push(top.jsonPatch.valueOpen ? '),' : ',');
      top.jsonPatch.valueOpen = false;
    } else if (CLOSERS[token.text] !== undefined) {
      out.push(token.text);
      stack.push({ close: CLOSERS[token.text] as string });
    } else if (top && token.text === top.close) {
      stack.pop();
      out.push(top.jsonPatch?.valueOpen ? `)${token.text}` : token.text);
      if (top.suffix) out.push(top.suffix.slice(1));
    } else {
      out.push(token.text);
    }
  }
  return out.join(' ');
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

/** usesMessageConstruction tells whether an expression builds a typed object (`Object{...}`). */
export function usesMessageConstruction(source: string): string | undefined {
  const tokens = tokenizeCel(source);
  for (let i = 0; i < tokens.length - 1; i++) {
    const token = tokens[i] as CelToken;
    if (token.kind === 'ident' && tokens[i + 1]?.text === '{' && token.text !== 'JSONPatch') {
      let name = token.text;
      for (let j = i - 1; j >= 1 && tokens[j]?.text === '.' && tokens[j - 1]?.kind === 'ident'; j -= 2) {
        name = `${tokens[j - 1]?.text}.${name}`;
      }
      return name;
    }
  }
  return undefined;
}

/**
 * objectReferences lists the field paths under `object` an expression reads
 * (`object.spec.replicas` → ["spec", "replicas"]); `object` used whole (or
 * indexed by a computed key) gives the empty path, meaning the whole object.
 */
export function objectReferences(source: string): string[][] {
  const tokens = tokenizeCel(source);
  const paths: string[][] = [];
  tokens.forEach((token, i) => {
    if (token.kind !== 'ident' || token.text !== 'object' || isSelected(tokens, i)) return;
    const path: string[] = [];
    let j = i + 1;
    for (;;) {
      const step = tokens[j]?.text;
      const field = tokens[j + 1];
      if ((step === '.' || step === '.?') && field?.kind === 'ident') {
        path.push(field.text);
        j += 2;
      } else if ((step === '[' || step === '[?') && field?.kind === 'string' && tokens[j + 2]?.text === ']') {
        path.push(unquote(field.text));
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

function unquote(literal: string): string {
  try {
    return JSON.parse(literal.replace(/^'(.*)'$/s, '"$1"')) as string;
  } catch {
    return literal.slice(1, -1);
  }
}
