import type { JsonObject, JsonValue } from '../util/json.js';
import { isJsonObject, setOwn } from '../util/json.js';

/** REDACTED replaces every redacted value. */
export const REDACTED = '<redacted>';

/** RedactionPattern is a compiled path: object keys, with `*` for any key or list index. */
export type RedactionPattern = readonly string[];

/**
 * compileRedactionPaths parses dotted paths relative to the object
 * (`spec.password`, `spec.users.*.token`, `spec.auth["client.secret"]`);
 * it throws on an empty path or segment.
 */
export function compileRedactionPaths(paths: readonly string[]): RedactionPattern[] {
  return paths.map((path) => {
    const segments: string[] = [];
    const re = /\[\s*"((?:[^"\\]|\\.)*)"\s*\]|\[\s*(\*|\d+)\s*\]|([^.[\]]+)/g;
    for (const match of path.matchAll(re)) segments.push(match[1] ?? match[2] ?? match[3] ?? '');
    if (segments.length === 0 || segments.some((s) => s.length === 0)) throw new Error(`bad redaction path ${JSON.stringify(path)}`);
    return segments;
  });
}

function matches(pattern: RedactionPattern, segments: readonly string[]): boolean {
  return segments.every((s, i) => pattern[i] === '*' || pattern[i] === s);
}

function redactPattern(value: JsonValue, pattern: RedactionPattern): JsonValue {
  const [head, ...rest] = pattern;
  if (head === undefined) return REDACTED;
  if (Array.isArray(value)) {
    return value.map((item, i) => (head === '*' || head === String(i) ? redactPattern(item, rest) : item));
  }
  if (!isJsonObject(value)) return value;
  const out: JsonObject = { ...value };
  for (const key of Object.keys(value)) {
    if (head === '*' || head === key) setOwn(out, key, redactPattern(value[key] as JsonValue, rest));
  }
  return out;
}

// Secret-like objects embedded anywhere (a Secret template, a list of manifests): keep keys, hide values.
function redactSecrets(value: JsonValue): JsonValue {
  if (Array.isArray(value)) return value.map(redactSecrets);
  if (!isJsonObject(value)) return value;
  const out: JsonObject = {};
  for (const [key, child] of Object.entries(value)) setOwn(out, key, redactSecrets(child));
  if (value.kind === 'Secret') {
    for (const field of ['data', 'stringData']) {
      const data = out[field];
      if (isJsonObject(data)) out[field] = Object.fromEntries(Object.keys(data).map((k) => [k, REDACTED]));
    }
  }
  return out;
}

/**
 * redactValue returns a redacted copy of a value found at `at` (the path
 * segments of the value inside the object, [] for the object itself): values
 * under any pattern become REDACTED, and `data`/`stringData` of embedded
 * objects of kind Secret keep only their keys.
 */
export function redactValue(value: JsonValue, patterns: readonly RedactionPattern[], at: readonly string[] = []): JsonValue {
  let out = value;
  for (const pattern of patterns) {
    if (pattern.length <= at.length) {
      if (matches(pattern, at.slice(0, pattern.length))) return REDACTED;
    } else if (matches(pattern.slice(0, at.length), at)) {
      out = redactPattern(out, pattern.slice(at.length));
    }
  }
  return redactSecrets(out);
}

/** pointerSegments splits an RFC 6901 JSON pointer into keys. */
export function pointerSegments(pointer: string): string[] {
  return pointer === '' ? [] : pointer.slice(1).split('/').map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'));
}

/** fieldSegments splits a Kubernetes field path (`spec.users[0].token`, `spec.map[key]`) into keys. */
export function fieldSegments(field: string): string[] {
  return [...field.matchAll(/\[([^\]]*)\]|([^.[\]]+)/g)].map((m) => (m[1] ?? m[2] ?? '').replace(/^"|"$/g, ''));
}

/** fieldIsRedacted tells whether a field error's path falls under a pattern (its message would show the value). */
export function fieldIsRedacted(field: string, patterns: readonly RedactionPattern[]): boolean {
  const segments = fieldSegments(field);
  return patterns.some((p) => p.length <= segments.length && matches(p, segments.slice(0, p.length)));
}
