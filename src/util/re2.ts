import { RE2JS } from 're2js';
import { compileAnchoredPattern } from './re2-anchored.js';

/**
 * Re2Pattern is a compiled RE2 regular expression: linear-time matching with
 * Go's regexp syntax, as the apiserver uses for `pattern` and CEL `matches`.
 */
export interface Re2Pattern {
  readonly source: string;
  /** test reports whether the pattern matches anywhere in the text (Go's MatchString). */
  test(text: string): boolean;
  /** find returns the first match, or undefined. */
  find(text: string): string | undefined;
  /** findAll returns up to `limit` matches (all when limit < 0). */
  findAll(text: string, limit?: number): string[];
}

/** Re2SyntaxError is a pattern RE2 (and so the apiserver) rejects. */
export class Re2SyntaxError extends Error {
  constructor(readonly pattern: string, detail: string) {
    super(detail);
    this.name = 'Re2SyntaxError';
  }
}

const cache = new Map<string, Re2Pattern>();
// Bounded so that patterns built from request data cannot grow memory without end.
const CACHE_LIMIT = 4096;

function wrap(source: string, compiled: RE2JS): Re2Pattern {
  return {
    source,
    // Whole-string patterns (most OpenAPI `pattern`s) run on a linear bit-parallel automaton, far cheaper than re2js.
    test: compileAnchoredPattern(source) ?? ((text) => compiled.test(text)),
    find(text) {
      const matcher = compiled.matcher(text);
      return matcher.find() ? matcher.group() ?? '' : undefined;
    },
    findAll(text, limit = -1) {
      const out: string[] = [];
      if (limit === 0) return out;
      const matcher = compiled.matcher(text);
      while (matcher.find()) {
        out.push(matcher.group() ?? '');
        if (limit > 0 && out.length >= limit) break;
      }
      return out;
    },
  };
}

/**
 * compileRe2 compiles (once, cached) a Go RE2 pattern. It throws
 * Re2SyntaxError with RE2's message for syntax Go would reject (look-around,
 * back-references, ...).
 */
export function compileRe2(source: string): Re2Pattern {
  const cached = cache.get(source);
  if (cached) return cached;
  let compiled: RE2JS;
  try {
    compiled = RE2JS.compile(source);
  } catch (error) {
    throw new Re2SyntaxError(source, (error as Error).message);
  }
  const pattern = wrap(source, compiled);
  if (cache.size >= CACHE_LIMIT) cache.clear();
  cache.set(source, pattern);
  return pattern;
}
