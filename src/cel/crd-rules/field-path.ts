import type { JSONSchemaProps } from '../../crd/types.js';

/**
 * normalizeRuleFieldPath checks a rule's `fieldPath` (`.a.b`, `.a['b.c']`, no
 * indices) against the schema, as the apiserver's ValidFieldPath does, and
 * returns it in field.Path form (`a.b`, `a[b.c]`). It throws a message on error.
 */
export function normalizeRuleFieldPath(fieldPath: string, schema: JSONSchemaProps): string {
  const tokens = /\.([^.[\]']+)|\['((?:[^'\\]|\\.)*)'\]|\[([^\]]*)\]/gy;
  let node: JSONSchemaProps | undefined = schema;
  let out = '';
  let consumed = 0;
  for (let match = tokens.exec(fieldPath); match; match = tokens.exec(fieldPath)) {
    consumed = tokens.lastIndex;
    const named = match[1];
    const quoted = match[2]?.replace(/\\(.)/g, '$1');
    if (match[3] !== undefined) throw new Error('fieldPath must not use numeric indices');
    if (named !== undefined) {
      node = node?.properties?.[named];
      if (!node) throw new Error(`fieldPath ${JSON.stringify(fieldPath)} does not refer to a valid field`);
      out += `.${named}`;
    } else if (quoted !== undefined) {
      const property: JSONSchemaProps | undefined = node?.properties?.[quoted];
      const additional: JSONSchemaProps['additionalProperties'] = node?.additionalProperties;
      if (property) node = property;
      else if (additional && typeof additional === 'object') node = additional;
      else throw new Error(`fieldPath ${JSON.stringify(fieldPath)} does not refer to a valid field`);
      out += property ? `.${quoted}` : `[${quoted}]`;
    }
  }
  if (consumed !== fieldPath.length || out.length === 0) throw new Error(`fieldPath ${JSON.stringify(fieldPath)} is not a valid path`);
  return out.startsWith('.') ? out.slice(1) : out;
}
