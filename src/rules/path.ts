import type { ReadonlyJsonValue } from './api.js';

/** PathSegment is one step of a field path: a property name or a bracketed index/key. */
type PathSegment = { readonly property: string } | { readonly bracket: string };

const parsedPaths = new Map<string, readonly PathSegment[]>();
// Paths built with indexes (`spec.containers[${i}].image`) are many; the cache is only a shortcut.
const PATH_CACHE_LIMIT = 1024;

/**
 * parseFieldPath splits a Kubernetes field path as the apiserver renders it
 * (`spec.containers[0].image`, `metadata.labels[app.kubernetes.io/name]`,
 * `data["a.b"]`). A malformed path throws, which reports the calling rule.
 */
export function parseFieldPath(path: string): readonly PathSegment[] {
  const cached = parsedPaths.get(path);
  if (cached) return cached;
  const segments: PathSegment[] = [];
  let i = 0;
  while (i < path.length) {
    if (path[i] === '[') {
      const end = path.indexOf(']', i);
      if (end < 0) throw new Error(`invalid field path "${path}": unclosed "["`);
      segments.push({ bracket: unquote(path.slice(i + 1, end), path) });
      i = end + 1;
      if (path[i] === '.') i++;
      continue;
    }
    let end = i;
    while (end < path.length && path[end] !== '.' && path[end] !== '[') end++;
    if (end === i) throw new Error(`invalid field path "${path}": empty field name at ${i}`);
    segments.push({ property: path.slice(i, end) });
    i = path[end] === '.' ? end + 1 : end;
    if (path[end] === '.' && i === path.length) throw new Error(`invalid field path "${path}": ends with "."`);
  }
  if (parsedPaths.size >= PATH_CACHE_LIMIT) parsedPaths.clear();
  parsedPaths.set(path, segments);
  return segments;
}

function unquote(text: string, path: string): string {
  if (!text.startsWith('"')) return text;
  try {
    const value: unknown = JSON.parse(text);
    if (typeof value === 'string') return value;
  } catch {
    // fall through to the error below
  }
  throw new Error(`invalid field path "${path}": bad quoted key ${text}`);
}

/** readFieldPath returns the value at a field path, or undefined when any step is absent. */
export function readFieldPath(root: ReadonlyJsonValue | null | undefined, path: string): ReadonlyJsonValue | undefined {
  let current: ReadonlyJsonValue | undefined = root ?? undefined;
  for (const segment of parseFieldPath(path)) {
    if (current === undefined || current === null || typeof current !== 'object') return undefined;
    const key = 'property' in segment ? segment.property : segment.bracket;
    if (Array.isArray(current)) {
      const list: readonly ReadonlyJsonValue[] = current;
      current = /^\d+$/.test(key) ? list[Number(key)] : undefined;
    } else {
      const object = current as { readonly [key: string]: ReadonlyJsonValue };
      current = Object.prototype.hasOwnProperty.call(object, key) ? object[key] : undefined;
    }
  }
  return current;
}
