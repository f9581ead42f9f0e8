/**
 * A linear-time matcher for the common shape of OpenAPI `pattern`s: a whole
 * string anchored by `^...$`, made of ASCII literals, classes, groups,
 * alternation and repetition (`^[a-z0-9]([-a-z0-9]*[a-z0-9])?$`). It builds
 * the pattern's Glushkov automaton at load (one bit per class occurrence, at
 * most 31) and runs it as a bit-parallel NFA: a few integer operations per
 * character, no allocation, and the same answers as RE2 for these patterns
 * (Go semantics: `.` and negated classes match any rune but `\n`, `\d`,
 * `\w`, `\s` are ASCII, `$` is the end of the text). Anything else (flags,
 * word boundaries, Unicode classes, inner anchors, ...) is left to RE2.
 */

/** A set of runes: an ASCII table and whether runes above ASCII belong. */
interface RuneSet {
  readonly ascii: Uint8Array;
  readonly nonAscii: boolean;
}

type Node =
  | { readonly kind: 'set'; readonly set: RuneSet }
  | { readonly kind: 'empty' }
  | { readonly kind: 'concat' | 'alt'; readonly items: readonly Node[] }
  | { readonly kind: 'star' | 'plus' | 'opt'; readonly item: Node }
  | { readonly kind: 'begin' | 'end' };

class Unsupported extends Error {}

const MAX_POSITIONS = 31;
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

class Parser {
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

/** Glushkov facts of one node: whether it matches the empty string, its first and last positions. */
interface Facts {
  readonly nullable: boolean;
  readonly first: number;
  readonly last: number;
}

class Automaton {
  readonly sets: RuneSet[] = [];
  readonly follow: number[] = [];

  facts(node: Node): Facts {
    switch (node.kind) {
      case 'set': {
        const position = this.sets.length;
        if (position >= MAX_POSITIONS) throw new Unsupported();
        this.sets.push(node.set);
        this.follow.push(0);
        return { nullable: false, first: 1 << position, last: 1 << position };
      }
      case 'empty':
        return { nullable: true, first: 0, last: 0 };
      case 'begin':
      case 'end':
        throw new Unsupported(); // Anchors only at the ends of the whole pattern.
      case 'alt':
        return node.items.map((item) => this.facts(item)).reduce((a, b) => ({ nullable: a.nullable || b.nullable, first: a.first | b.first, last: a.last | b.last }));
      case 'concat':
        return node.items.map((item) => this.facts(item)).reduce((a, b) => {
          this.link(a.last, b.first);
          return { nullable: a.nullable && b.nullable, first: a.nullable ? a.first | b.first : a.first, last: b.nullable ? a.last | b.last : b.last };
        });
      default: {
        const inner = this.facts(node.item);
        if (node.kind !== 'opt') this.link(inner.last, inner.first);
        return { nullable: node.kind === 'plus' ? inner.nullable : true, first: inner.first, last: inner.last };
      }
    }
  }

  private link(from: number, to: number): void {
    for (let p = 0; p < this.follow.length; p++) if (from & (1 << p)) this.follow[p] = (this.follow[p] as number) | to;
  }
}

/**
 * compileAnchoredPattern returns a matcher giving RE2's answer for `source`
 * (a pattern RE2 accepts), or undefined when the pattern is outside the
 * supported shape (then RE2 itself must be used).
 */
export function compileAnchoredPattern(source: string): ((text: string) => boolean) | undefined {
  let root: Node;
  try {
    root = new Parser(source).parse();
  } catch (error) {
    if (error instanceof Unsupported) return undefined;
    throw error;
  }
  if (root.kind !== 'concat' || root.items[0]?.kind !== 'begin' || root.items[root.items.length - 1]?.kind !== 'end') return undefined;
  const automaton = new Automaton();
  let facts: Facts;
  try {
    facts = automaton.facts({ kind: 'concat', items: [{ kind: 'empty' }, ...root.items.slice(1, -1), { kind: 'empty' }] });
  } catch (error) {
    if (error instanceof Unsupported) return undefined;
    throw error;
  }
  return matcher(automaton, facts);
}

function matcher(automaton: Automaton, facts: Facts): (text: string) => boolean {
  const { sets } = automaton;
  const follow = Int32Array.from(automaton.follow);
  // Positions whose set holds each ASCII character, and those holding runes above ASCII.
  const byChar = new Int32Array(128);
  let nonAscii = 0;
  sets.forEach((set, p) => {
    for (let c = 0; c < 128; c++) if (set.ascii[c]) byChar[c] = (byChar[c] as number) | (1 << p);
    if (set.nonAscii) nonAscii |= 1 << p;
  });
  const { first, last, nullable } = facts;
  return (text) => {
    let state = 0;
    let started = false;
    for (let i = 0; i < text.length; i++) {
      const code = text.charCodeAt(i);
      // A surrogate pair is one rune; a lone surrogate is one (invalid) rune as well.
      if (code >= 0xd800 && code <= 0xdbff && i + 1 < text.length) {
        const next = text.charCodeAt(i + 1);
        if (next >= 0xdc00 && next <= 0xdfff) i++;
      }
      const accepts = code < 128 ? (byChar[code] as number) : nonAscii;
      let reachable = 0;
      if (!started) {
        reachable = first;
        started = true;
      } else {
        for (let s = state; s !== 0; s &= s - 1) reachable |= follow[31 - Math.clz32(s & -s)] as number;
      }
      state = reachable & accepts;
      if (state === 0) return false;
    }
    return started ? (state & last) !== 0 : nullable;
  };
}
