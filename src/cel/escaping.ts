/**
 * Property-name escaping of the Kubernetes CEL environment
 * (k8s.io/apiserver/pkg/cel/escaping.go): schema property names become CEL
 * identifiers; names that cannot be escaped are not visible to rules.
 */

/** CEL_RESERVED_WORDS are the identifiers escaped as `__{word}__`. */
export const CEL_RESERVED_WORDS: ReadonlySet<string> = new Set([
  'true', 'false', 'null', 'in', 'as', 'break', 'const', 'continue', 'else', 'for', 'function', 'if',
  'import', 'let', 'loop', 'package', 'namespace', 'return', 'var', 'void', 'while',
]);

const EXPAND = /__|[-./]/g;
const REPLACEMENT: Readonly<Record<string, string>> = { __: '__underscores__', '.': '__dot__', '-': '__dash__', '/': '__slash__' };
const ESCAPED_IDENT = /^[a-zA-Z_][a-zA-Z0-9_]*$/;

/**
 * escapeProperty returns the CEL name of a schema property, or undefined when
 * the property cannot be accessed from CEL (starts with a digit, other characters).
 */
export function escapeProperty(name: string): string | undefined {
  if (name.length === 0 || (name[0] as string) >= '0' && (name[0] as string) <= '9') return undefined;
  if (CEL_RESERVED_WORDS.has(name)) return `__${name}__`;
  const escaped = name.replace(EXPAND, (match) => REPLACEMENT[match] as string);
  return ESCAPED_IDENT.test(escaped) ? escaped : undefined;
}

const UNESCAPE = /__(underscores|dot|dash|slash)__/g;
const UNREPLACEMENT: Readonly<Record<string, string>> = { underscores: '__', dot: '.', dash: '-', slash: '/' };

/** unescapeProperty reverses escapeProperty. */
export function unescapeProperty(escaped: string): string {
  if (escaped.startsWith('__') && escaped.endsWith('__')) {
    const word = escaped.slice(2, -2);
    if (CEL_RESERVED_WORDS.has(word)) return word;
  }
  return escaped.replace(UNESCAPE, (_match, token: string) => UNREPLACEMENT[token] as string);
}
