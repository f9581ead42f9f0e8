import type { Environment } from '@marcbachmann/cel-js';
import { Optional } from '@marcbachmann/cel-js';
import { parseUrl } from './url.js';
import { isDns1035Label, isDns1123Label, isDns1123Subdomain, isQualifiedName, isValidLabelValue } from '../../util/k8s-names.js';

/**
 * Kubernetes' format library (1.31): named validators with apimachinery's exact
 * error messages. `format.named(n)` → optional Format; `f.validate(s)` →
 * optional.none() when valid, optional.of(errors) otherwise.
 */

/** NamedFormat is one validator of the format library. */
export class NamedFormat {
  constructor(readonly name: string, readonly check: (value: string) => string[]) {}
  equals(other: unknown): boolean {
    return other instanceof NamedFormat && other.name === this.name;
  }
}

// Prefix formats accept a trailing dash (generateName), as apimachinery's maskTrailingDash.
const prefix = (check: (v: string) => string[]) => (value: string): string[] =>
  check(value.length > 1 && value.endsWith('-') ? `${value.slice(0, -1)}a` : value);

const UUID = /^(urn:uuid:)?\{?[0-9a-fA-F]{8}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{12}\}?$/;

function isDate(value: string): boolean {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  if (!match) return false;
  const d = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.getUTCDate() === Number(match[3]);
}

/** FORMATS are the validators format.named() knows. */
export const FORMATS: ReadonlyMap<string, NamedFormat> = new Map(
  (
    [
      ['dns1123Label', isDns1123Label],
      ['dns1123Subdomain', isDns1123Subdomain],
      ['dns1035Label', isDns1035Label],
      ['qualifiedName', isQualifiedName],
      ['dns1123LabelPrefix', prefix(isDns1123Label)],
      ['dns1123SubdomainPrefix', prefix(isDns1123Subdomain)],
      ['dns1035LabelPrefix', prefix(isDns1035Label)],
      ['labelValue', isValidLabelValue],
      ['uri', (v: string) => (parseUrl(v) ? [] : ['invalid URI'])],
      ['uuid', (v: string) => (UUID.test(v) ? [] : ['does not match the UUID format'])],
      ['byte', (v: string) => (/^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/.test(v) ? [] : ['invalid base64'])],
      ['date', (v: string) => (isDate(v) ? [] : ['invalid date'])],
      ['datetime', (v: string) => (/^\d{4}-\d{2}-\d{2}[Tt]\d{2}:\d{2}:\d{2}(\.\d+)?([Zz]|[+-]\d{2}:\d{2})$/.test(v) && !Number.isNaN(Date.parse(v)) ? [] : ['invalid datetime'])],
    ] as const
  ).map(([name, check]) => [name, new NamedFormat(name, check)]),
);

class FormatNamespace {}

/** registerFormat adds Kubernetes' format library. */
export function registerFormat(env: Environment): void {
  const T = 'kubernetes.NamedFormat';
  env.registerType(T, NamedFormat);
  env.registerOperator(`${T} == ${T}`, (a: NamedFormat, b: NamedFormat) => a.equals(b));
  env.registerType('FormatNamespace', FormatNamespace);
  env.registerConstant('format', 'FormatNamespace', new FormatNamespace());
  env.registerFunction(`FormatNamespace.named(string): optional<${T}>`, (_ns: unknown, name: string) => {
    const f = FORMATS.get(name);
    return f ? Optional.of(f) : Optional.none();
  });
  for (const [name, f] of FORMATS) env.registerFunction(`FormatNamespace.${name}(): ${T}`, () => f);
  env.registerFunction(`${T}.validate(string): optional<list<string>>`, (f: NamedFormat, value: string) => {
    const errs = f.check(value);
    return errs.length === 0 ? Optional.none() : Optional.of(errs);
  });
}
