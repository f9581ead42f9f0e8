import { isUtf8 } from 'node:buffer';
import { TextDecoder } from 'node:util';
import { HttpProblem } from './http-error.js';
import { locateJsonSyntaxError, nestingDepth } from './json-syntax.js';

/**
 * MAX_NESTING_DEPTH is Go encoding/json's maxNestingDepth: the apiserver
 * cannot produce a deeper document, so a deeper body is not from it.
 */
export const MAX_NESTING_DEPTH = 10_000;

/** A JSON text nesting deeper than MAX_NESTING_DEPTH has at least this many bytes (an opening and a closing bracket per level). */
const SHORTEST_TOO_DEEP = 2 * (MAX_NESTING_DEPTH + 1);

function decodeUtf8(body: Buffer): string {
  // isUtf8 (simdutf) is several times faster than a fatal TextDecoder; a BOM is dropped as TextDecoder did.
  if (!isUtf8(body)) throw new HttpProblem(400, 'InvalidUTF8', `request body is not valid UTF-8 (at byte ${firstInvalidUtf8(body)})`);
  const hasBom = body.length >= 3 && body[0] === 0xef && body[1] === 0xbb && body[2] === 0xbf;
  return body.toString('utf8', hasBom ? 3 : 0);
}

/** firstInvalidUtf8 finds the offset of the first byte that breaks UTF-8 (error path only). */
function firstInvalidUtf8(body: Buffer): number {
  let low = 0;
  let high = body.length;
  // The shortest prefix that fails to decode ends in the bad sequence; binary search on prefixes.
  while (high - low > 1) {
    const middle = (low + high) >> 1;
    try {
      new TextDecoder('utf-8', { fatal: true }).decode(body.subarray(0, middle), { stream: true });
      low = middle;
    } catch {
      high = middle;
    }
  }
  return low;
}

/**
 * parseJsonBody turns a request body into a JSON value, or throws an
 * HttpProblem (400) saying exactly what is wrong and where.
 */
export function parseJsonBody(body: Buffer): unknown {
  if (body.length === 0) throw new HttpProblem(400, 'EmptyBody', 'request body is empty; expected an AdmissionReview');
  const text = decodeUtf8(body);
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    const located = locateJsonSyntaxError(text);
    const where = located ? `${located.problem} at line ${located.line} column ${located.column} (position ${located.position})` : (error as Error).message;
    throw new HttpProblem(400, 'MalformedJSON', `request body is not valid JSON: ${where}`);
  }
  // Only a body long enough can be too deep: small reviews skip the scan.
  const depth = body.length >= SHORTEST_TOO_DEEP ? nestingDepth(body) : 0;
  if (depth > MAX_NESTING_DEPTH) {
    throw new HttpProblem(400, 'NestingTooDeep', `request body nests objects and arrays ${depth} levels deep; the limit is ${MAX_NESTING_DEPTH} (as Go's encoding/json)`);
  }
  return value;
}
