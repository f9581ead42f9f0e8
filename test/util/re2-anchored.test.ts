import { RE2JS } from 're2js';
import { describe, expect, it } from 'vitest';
import { compileAnchoredPattern } from '../../src/util/re2-anchored.js';

// Patterns of the real CRD fixtures and the benchmark CRD, and shapes around them.
const SUPPORTED = [
  '^[a-z0-9]([-a-z0-9]*[a-z0-9])?$',
  '^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$',
  '^([a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*/)?(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])$',
  '^(\\+|-)?(([0-9]+(\\.[0-9]*)?)|(\\.[0-9]+))(([KMGTPE]i)|[numkMGTPE]|([eE](\\+|-)?(([0-9]+(\\.[0-9]*)?)|(\\.[0-9]+))))?$',
  '^[A-Za-z]([A-Za-z0-9_,:]*[A-Za-z0-9_])?$',
  '^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$',
  '^\\[[0-9]+-[0-9]+\\]$',
  '^([0-9]+(\\.[0-9]+)?(s|m|h))+$',
  '^#[a-z0-9-]+$',
  '^CC-[0-9]{4}$',
  '^a{2,3}b{0,2}c{1,}$',
  '^.{1,5}$',
  '^[^a-c]*x$',
  '^\\d+\\s?\\w*\\S\\D?\\W?$',
  '^[]a]+[^]b]?$',
  '^[-a]+[a-]*[%--]?$',
  '^(?:ab|a)(|c)*?d??$',
  '^\\t\\n?\\.\\ \\_$',
  '^$',
  '^()$',
];

const UNSUPPORTED = ['^((((){31}){31}){31}){31}$', '[a-z]+', '^[a-z]+', '[a-z]$', '^$|^[a-z]+$', '^(?i)[a-z]+$', '^\\bword$', '^\\pL+$', '^é$', '^a(^b)$', '^[[:alpha:]]+$', '^a{40}$', '^\\x41$', `^${'[a-z]'.repeat(32)}$`];

// Characters of the patterns plus newline, non-ASCII runes, a surrogate pair and lone surrogates.
const ALPHABET = ['a', 'b', 'c', 'x', 'z', 'A', 'K', 'i', 'm', 'e', 'E', '0', '1', '9', '-', '.', '_', ',', ':', '/', '+', '#', '[', ']', '%', ' ', '\t', '\n', 's', 'C', 'é', '😀', '\ud800', '\udc00'];

function randomStrings(count: number, seed: number, alphabet: readonly string[] = ALPHABET): string[] {
  let state = seed;
  const next = (n: number): number => {
    state = (state * 1103515245 + 12345) % 2147483648;
    return state % n;
  };
  return Array.from({ length: count }, () => Array.from({ length: next(12) }, () => alphabet[next(alphabet.length)]).join(''));
}

// Strings over the characters a pattern names (ranges by their ends), so that many of them match.
function stringsFor(pattern: string): string[] {
  const own = [...new Set(pattern.replace(/[\\^$()|?*+{}]/g, ''))];
  return randomStrings(3000, pattern.length, [...own, ...own, 'é', '\n']);
}

const SAMPLES = [
  ...randomStrings(3000, 1),
  'api', 'sidecar-1', 'a-', '-a', 'example.com/Name', 'a.b.c/d', '100Mi', '-1.5e+3', '.5', '1.', '[1-2]', '1.5s2m', 'CC-1234', '#team-a',
  'aabbc', 'aaab', 'x', 'dx', 'ab', 'abccd', 'acd', 'ad', '\t\n. _', '\t. _', 'a]', ']', 'b', '', '1 a!', '1\tx', '1é',
];

describe('the anchored-pattern matcher gives RE2 answers', () => {
  it.each(SUPPORTED)('%s', (pattern) => {
    const fast = compileAnchoredPattern(pattern);
    expect(fast).toBeDefined();
    const re2 = RE2JS.compile(pattern);
    const texts = [...SAMPLES, ...stringsFor(pattern)];
    const disagreements = texts.filter((text) => fast?.(text) !== re2.test(text));
    expect(disagreements).toEqual([]);
    // Both answers occur, so the comparison means something.
    expect(texts.some((text) => re2.test(text))).toBe(true);
    expect(texts.some((text) => !re2.test(text))).toBe(true);
  });

  it.each(UNSUPPORTED)('leaves %s to RE2', (pattern) => {
    expect(compileAnchoredPattern(pattern)).toBeUndefined();
  });

  it('matches a long failing string in linear time (no backtracking)', () => {
    const fast = compileAnchoredPattern('^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$');
    expect(fast?.(`${'a-'.repeat(200_000)}!`)).toBe(false);
    expect(fast?.('a'.repeat(400_000))).toBe(true);
  });
});
