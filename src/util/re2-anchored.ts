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

import type { Node, RuneSet } from './re2-syntax.js';
import { Parser, Unsupported } from './re2-syntax.js';

const MAX_POSITIONS = 31;
const MAX_VISITS = 4096;

/** Glushkov facts of one node: whether it matches the empty string, its first and last positions. */
interface Facts {
  readonly nullable: boolean;
  readonly first: number;
  readonly last: number;
}

class Automaton {
  readonly sets: RuneSet[] = [];
  readonly follow: number[] = [];
  // Nested counted repetitions of empty groups expand without positions: bound the work anyway.
  private visits = 0;

  facts(node: Node): Facts {
    if (++this.visits > MAX_VISITS) throw new Unsupported();
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
