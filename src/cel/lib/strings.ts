import type { Environment } from '@marcbachmann/cel-js';
import { chargeCost, stringCost } from '../cost.js';
import { formatString } from './string-format.js';

function codePoints(text: string): string[] {
  return Array.from(text);
}

/** quote is cel-go's strings.quote: a double-quoted string with escapes. */
export function quote(text: string): string {
  let out = '"';
  for (const ch of text) {
    switch (ch) {
      case '\\': out += '\\\\'; break;
      case '"': out += '\\"'; break;
      case '\n': out += '\\n'; break;
      case '\r': out += '\\r'; break;
      case '\t': out += '\\t'; break;
      case '\b': out += '\\b'; break;
      case '\f': out += '\\f'; break;
      case '\v': out += '\\v'; break;
      case '\x07': out += '\\a'; break;
      default: out += ch;
    }
  }
  return `${out}"`;
}

function replace(text: string, from: string, to: string, limit: bigint): string {
  chargeCost(stringCost(text));
  if (limit === 0n) return text;
  if (limit < 0n) return text.split(from).join(to);
  let out = '';
  let rest = text;
  for (let n = 0n; n < limit; n++) {
    const at = rest.indexOf(from);
    if (at < 0) break;
    out += rest.slice(0, at) + to;
    rest = rest.slice(at + (from.length === 0 ? 1 : from.length));
    if (from.length === 0) out += text[text.length - rest.length - 1] ?? '';
  }
  return out + rest;
}

class StringsNamespace {}

/** registerStrings adds cel-go ext.Strings v2 functions the engine lacks: charAt, replace, format, strings.quote. */
export function registerStrings(env: Environment): void {
  env.registerFunction('string.charAt(int): string', (text: string, index: bigint) => {
    const points = codePoints(text);
    if (index < 0n || index > BigInt(points.length)) throw new Error(`index out of range: ${index}`);
    return points[Number(index)] ?? '';
  });
  env.registerFunction('string.replace(string, string): string', (t: string, a: string, b: string) => replace(t, a, b, -1n));
  env.registerFunction('string.replace(string, string, int): string', replace);
  env.registerFunction('string.format(list): string', (t: string, args: unknown[]) => {
    chargeCost(stringCost(t) + args.length);
    return formatString(t, args);
  });
  env.registerType('StringsNamespace', StringsNamespace);
  env.registerConstant('strings', 'StringsNamespace', new StringsNamespace());
  env.registerFunction('StringsNamespace.quote(string): string', (_ns: unknown, text: string) => {
    chargeCost(stringCost(text));
    return quote(text);
  });
}
