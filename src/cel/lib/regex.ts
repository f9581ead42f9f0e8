import type { Environment } from '@marcbachmann/cel-js';
import { compileRe2 } from '../../util/re2.js';
import { chargeCost } from '../cost.js';

/** RE2_MATCHES is the name `matches` calls are renamed to at compile time (the built-in cannot be replaced). */
export const RE2_MATCHES = 'matches__re2';

/** REGEX_FUNCTIONS are the functions whose second argument (after the receiver) is a regex. */
export const REGEX_FUNCTIONS: ReadonlySet<string> = new Set(['matches', 'find', 'findAll']);

// cel-go's estimate: string traversal (0.1/char) times regex size (0.25/char).
function regexCost(text: string, pattern: string): number {
  return 1 + Math.ceil(text.length * 0.1) * Math.ceil(pattern.length * 0.25 + 1);
}

function compile(pattern: string) {
  return compileRe2(pattern);
}

// Admission sees the same strings again and again (images, hosts): remember recent
// results per pattern. Bounded, and only for short texts; the cost is charged anyway.
const MEMO_ENTRIES = 1024;
const MEMO_MAX_TEXT = 1024;
const memo = new Map<string, Map<string, boolean>>();

function matches(text: string, pattern: string): boolean {
  chargeCost(regexCost(text, pattern));
  if (text.length > MEMO_MAX_TEXT) return compile(pattern).test(text);
  let results = memo.get(pattern);
  if (!results) {
    if (memo.size >= MEMO_ENTRIES) memo.clear();
    memo.set(pattern, (results = new Map()));
  }
  let result = results.get(text);
  if (result === undefined) {
    result = compile(pattern).test(text);
    if (results.size >= MEMO_ENTRIES) results.clear();
    results.set(text, result);
  }
  return result;
}

/**
 * registerRegex adds RE2 `matches` and Kubernetes' regex library:
 * `s.find(re)`, `s.findAll(re)`, `s.findAll(re, limit)`.
 */
export function registerRegex(env: Environment): void {
  env.registerFunction(`string.${RE2_MATCHES}(string): bool`, matches);
  env.registerFunction(`${RE2_MATCHES}(string, string): bool`, matches);
  env.registerFunction('string.find(string): string', (text: string, pattern: string) => {
    chargeCost(regexCost(text, pattern));
    return compile(pattern).find(text) ?? '';
  });
  env.registerFunction('string.findAll(string): list<string>', (text: string, pattern: string) => {
    chargeCost(regexCost(text, pattern));
    return compile(pattern).findAll(text);
  });
  env.registerFunction('string.findAll(string, int): list<string>', (text: string, pattern: string, limit: bigint) => {
    chargeCost(regexCost(text, pattern));
    return compile(pattern).findAll(text, Number(limit));
  });
}
