/**
 * The parser of compileAnchoredPattern (re2-anchored.ts): the RE2 syntax of
 * ASCII literals, classes (Perl `\d`, `\w`, `\s` included), `.`, groups,
 * alternation and repetition, with `^` and `$` as nodes. Anything else throws
 * Unsupported, and the pattern is left to RE2.
 */

/** RuneSet is a set of runes: an ASCII table and whether runes above ASCII belong. */
export interface RuneSet {
  readonly ascii: Uint8Array;
  readonly nonAscii: boolean;
}

/** Node is a parsed pattern. */
export type Node =
  | { readonly kind: 'set'; readonly set: RuneSet }
  | { readonly kind: 'empty' }
  | { readonly kind: 'concat' | 'alt'; readonly items: readonly Node[] }
  | { readonly kind: 'star' | 'plus' | 'opt'; readonly item: Node }
  | { readonly kind: 'begin' | 'end' };

/** Unsupported marks a pattern outside the supported shape. */
export class Unsupported extends Error {}

const MAX_REPEAT = 31;

function runeSet(chars: string, negated = false): RuneSet {
  const ascii = new Uint8Array(128);
  for (const c of chars) ascii[c.charCodeAt(0)] = 1;
  return negated ? negate({ ascii, nonAscii: false }) : { ascii, nonAscii: false };
}

function negate(set: RuneSet): RuneSet {
  return { ascii: set.ascii.map((bit) => 1 - bit), nonAscii: !set.nonAscii };
}

function range(from: string, to: string): string {
  let out = '';
  for (let c = from.charCodeAt(0); c <= to.charCodeAt(0); c++) out += String.fromCharCode(c);
  return out;
}

const DIGITS = range('0', '9');
const WORD = `${DIGITS}${range('A', 'Z')}${range('a', 'z')}_`;
const SPACE = '\t\n\f\r ';
const CONTROL_ESCAPES: Readonly<Record<string, string>> = { t: '\t', n: '\n', r: '\r', f: '\f', v: '\v' };
const PERL_CLASSES: Readonly<Record<string, string>> = { d: DIGITS, w: WORD, s: SPACE };

/** Parser reads one pattern; parse() throws Unsupported outside the supported syntax. */
export class Parser {
  private at = 0;

  constructor(private readonly source: string) {}

  parse(): Node {
    const node = this.alternation();
    if (this.at !== this.source.length) throw new Unsupported();
    return node;
  }

  private peek(): string | undefined {
    return this.source[this.at];
  }

  private alternation(): Node {
    const items = [this.concatenation()];
    while (this.peek() === '|') {
      this.at++;
      items.push(this.concatenation());
    }
    return items.length === 1 ? (items[0] as Node) : { kind: 'alt', items };
  }

  private concatenation(): Node {
    const items: Node[] = [];
    for (let c = this.peek(); c !== undefined && c !== '|' && c !== ')'; c = this.peek()) items.push(this.repetition());
    if (items.length === 0) return { kind: 'empty' };
    return items.length === 1 ? (items[0] as Node) : { kind: 'concat', items };
  }

  private repetition(): Node {
    const atom = this.atom();
    const c = this.peek();
    let node: Node;
    if (c === '*' || c === '+' || c === '?') {
      this.at++;
      node = { kind: c === '*' ? 'star' : c === '+' ? 'plus' : 'opt', item: atom };
    } else if (c === '{') {
      node = this.counted(atom);
    } else {
      return atom;
    }
    if (atom.kind === 'begin' || atom.kind === 'end') throw new Unsupported();
    if (this.peek() === '?') this.at++; // Laziness changes which match is found, not whether there is one.
    return node;
  }

  private counted(atom: Node): Node {
    const match = /^\{(\d+)(,(\d*))?\}/.exec(this.source.slice(this.at));
    if (!match) throw new Unsupported();
    this.at += match[0].length;
    const min = Number(match[1]);
    const max = match[2] === undefined ? min : match[3] === '' ? Infinity : Number(match[3]);
    if (min > MAX_REPEAT || (max !== Infinity && max > MAX_REPEAT)) throw new Unsupported();
    const items: Node[] = Array.from({ length: min }, () => atom);
    if (max === Infinity) items.push({ kind: 'star', item: atom });
    else {
      let optional: Node | undefined;
      for (let i = min; i < max; i++) optional = { kind: 'opt', item: optional ? { kind: 'concat', items: [atom, optional] } : atom };
      if (optional) items.push(optional);
    }
    return items.length === 0 ? { kind: 'empty' } : { kind: 'concat', items };
  }

  private atom(): Node {
    const c = this.source[this.at++];
    switch (c) {
      case '(': {
        if (this.peek() === '?') {
          if (this.source[this.at + 1] !== ':') throw new Unsupported();
          this.at += 2;
        }
        const inner = this.alternation();
        if (this.source[this.at++] !== ')') throw new Unsupported();
        return inner;
      }
      case '[':
        return { kind: 'set', set: this.bracket() };
      case '.':
        return { kind: 'set', set: runeSet('\n', true) };
      case '^':
        return { kind: 'begin' };
      case '$':
        return { kind: 'end' };
      case '\\':
        return { kind: 'set', set: this.escape() };
      case undefined:
      case '*':
      case '+':
      case '?':
      case '{':
      case ')':
        throw new Unsupported();
      default:
        if (c.charCodeAt(0) >= 128) throw new Unsupported();
        return { kind: 'set', set: runeSet(c) };
    }
  }

  // After a backslash: a Perl class (as a set) or one escaped character (as a one-rune set).
  private escape(): RuneSet {
    const c = this.source[this.at++];
    if (c === undefined) throw new Unsupported();
    const perl = PERL_CLASSES[c.toLowerCase()];
    if (perl !== undefined) return runeSet(perl, c !== c.toLowerCase());
    const control = CONTROL_ESCAPES[c];
    if (control !== undefined) return runeSet(control);
    // Go takes an escaped ASCII character other than a letter or digit as itself; letters and digits mean something else.
    if (c.charCodeAt(0) < 128 && !/^[0-9A-Za-z]$/.test(c)) return runeSet(c);
    throw new Unsupported();
  }

  private bracket(): RuneSet {
    const negated = this.peek() === '^';
    if (negated) this.at++;
    const ascii = new Uint8Array(128);
    let nonAscii = false;
    let first = true;
    for (;;) {
      const c = this.source[this.at];
      if (c === undefined) throw new Unsupported();
      if (c === ']' && !first) break;
      first = false;
      if (c === '[' && this.source[this.at + 1] === ':') throw new Unsupported();
      const low = this.bracketRune();
      if (typeof low !== 'string') {
        low.ascii.forEach((bit, i) => (ascii[i] ||= bit));
        nonAscii ||= low.nonAscii;
        continue;
      }
      if (this.peek() === '-' && this.source[this.at + 1] !== ']') {
        this.at++;
        const high = this.bracketRune();
        if (typeof high !== 'string' || high < low) throw new Unsupported();
        for (const r of range(low, high)) ascii[r.charCodeAt(0)] = 1;
      } else {
        ascii[low.charCodeAt(0)] = 1;
      }
    }
    this.at++;
    const set = { ascii, nonAscii };
    return negated ? negate(set) : set;
  }

  // One ASCII character of a bracket (a string), or a Perl class inside it (a set).
  private bracketRune(): string | RuneSet {
    const c = this.source[this.at++] as string;
    if (c.charCodeAt(0) >= 128) throw new Unsupported();
    if (c !== '\\') return c;
    const set = this.escape();
    const members = [...set.ascii.keys()].filter((i) => set.ascii[i] === 1);
    return members.length === 1 && !set.nonAscii ? String.fromCharCode(members[0] as number) : set;
  }
}

