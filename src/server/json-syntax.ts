/**
 * JsonSyntaxError locates the first syntax error in a JSON text: V8's
 * messages sometimes quote the body instead of giving a position, and the
 * body is the user's object, which must not be echoed into logs.
 */
export interface JsonSyntaxError {
  readonly position: number;
  readonly line: number;
  readonly column: number;
  readonly problem: string;
}

const WHITESPACE = new Set([0x20, 0x09, 0x0a, 0x0d]);
const NUMBER = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;
const STRING_BODY = /(?:[^"\\\u0000-\u001f]|\\(?:["\\/bfnrt]|u[0-9a-fA-F]{4}))*"/y;
const LITERALS = ['true', 'false', 'null'] as const;

type Expect = 'value' | 'key' | 'colon' | 'commaOrEnd' | 'end';

class Scanner {
  i = 0;
  readonly stack: number[] = []; // '{' or '[' char codes of the open containers
  expect: Expect = 'value';
  constructor(readonly text: string) {}

  skipWhitespace(): void {
    while (this.i < this.text.length && WHITESPACE.has(this.text.charCodeAt(this.i))) this.i++;
  }

  /** afterValue decides what may follow a complete value. */
  afterValue(): void {
    this.expect = this.stack.length === 0 ? 'end' : 'commaOrEnd';
  }

  string(): string | undefined {
    STRING_BODY.lastIndex = this.i + 1;
    if (!STRING_BODY.test(this.text)) return 'unterminated string or invalid escape or control character in string';
    this.i = STRING_BODY.lastIndex;
    return undefined;
  }

  scalar(): string | undefined {
    const c = this.text[this.i];
    if (c === '"') return this.string();
    for (const literal of LITERALS) {
      if (this.text.startsWith(literal, this.i)) {
        this.i += literal.length;
        return undefined;
      }
    }
    NUMBER.lastIndex = this.i;
    if (NUMBER.test(this.text)) {
      this.i = NUMBER.lastIndex;
      return undefined;
    }
    return `unexpected character ${JSON.stringify(c)}, expected a value`;
  }

  value(): string | undefined {
    const c = this.text.charCodeAt(this.i);
    if (c === 0x7b || c === 0x5b) {
      this.stack.push(c);
      this.i++;
      this.expect = c === 0x7b ? 'key' : 'value';
      this.skipWhitespace();
      const close = c === 0x7b ? 0x7d : 0x5d;
      if (this.text.charCodeAt(this.i) === close) return this.close();
      return undefined;
    }
    const problem = this.scalar();
    if (problem === undefined) this.afterValue();
    return problem;
  }

  close(): undefined {
    this.stack.pop();
    this.i++;
    this.afterValue();
    return undefined;
  }

  step(): string | undefined {
    const c = this.text.charCodeAt(this.i);
    switch (this.expect) {
      case 'value':
        return this.value();
      case 'key':
        if (c !== 0x22) return 'expected a double-quoted property name';
        this.expect = 'colon';
        return this.string();
      case 'colon':
        if (c !== 0x3a) return "expected ':' after property name";
        this.i++;
        this.expect = 'value';
        return undefined;
      case 'commaOrEnd': {
        const open = this.stack[this.stack.length - 1];
        const close = open === 0x7b ? 0x7d : 0x5d;
        if (c === close) return this.close();
        if (c !== 0x2c) return open === 0x7b ? "expected ',' or '}' after property value" : "expected ',' or ']' after array element";
        this.i++;
        this.expect = open === 0x7b ? 'key' : 'value';
        return undefined;
      }
      case 'end':
        return 'unexpected data after the JSON value';
    }
  }

  run(): string | undefined {
    for (;;) {
      this.skipWhitespace();
      if (this.i >= this.text.length) return this.expect === 'end' ? undefined : 'unexpected end of JSON input';
      const problem = this.step();
      if (problem !== undefined) return problem;
    }
  }
}

function lineAndColumn(text: string, position: number): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  for (let i = 0; i < position; i++) {
    if (text.charCodeAt(i) === 0x0a) {
      line++;
      lineStart = i + 1;
    }
  }
  return { line, column: position - lineStart + 1 };
}

/** locateJsonSyntaxError scans a text that JSON.parse refused; undefined if it finds no error. */
export function locateJsonSyntaxError(text: string): JsonSyntaxError | undefined {
  const scanner = new Scanner(text);
  const problem = scanner.run();
  if (problem === undefined) return undefined;
  return { position: scanner.i, ...lineAndColumn(text, scanner.i), problem };
}

/**
 * nestingDepth returns the deepest nesting of objects and arrays in a JSON
 * text, in one pass over the bytes (strings skipped).
 */
export function nestingDepth(bytes: Uint8Array): number {
  let depth = 0;
  let deepest = 0;
  let inString = false;
  for (let i = 0; i < bytes.length; i++) {
    const b = bytes[i];
    if (inString) {
      if (b === 0x5c) i++; // skip the escaped character
      else if (b === 0x22) inString = false;
    } else if (b === 0x22) inString = true;
    else if (b === 0x7b || b === 0x5b) {
      if (++depth > deepest) deepest = depth;
    } else if (b === 0x7d || b === 0x5d) depth--;
  }
  return deepest;
}
