import type { Environment } from '@marcbachmann/cel-js';
import { Optional } from '@marcbachmann/cel-js';
import { parseUrl } from './url.js';

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

/** regexError is apimachinery's validation.RegexError. */
export function regexError(message: string, format: string, ...examples: string[]): string {
  if (examples.length === 0) return `${message} (regex used for validation is '${format}')`;
  let out = `${message} (e.g. `;
  examples.forEach((example, i) => {
    if (i > 0) out += ' or ';
    out += `'${example}', `;
  });
  return `${out}regex used for validation is '${format}')`;
}

const maxLen = (n: number): string => `must be no more than ${n} characters`;
const full = (fmt: string): RegExp => new RegExp(`^${fmt}$`);

const LABEL_FMT = '[a-z0-9]([-a-z0-9]*[a-z0-9])?';
const LABEL_MSG = "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character";
const SUBDOMAIN_FMT = `${LABEL_FMT}(\\.${LABEL_FMT})*`;
const SUBDOMAIN_MSG = "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character";
const DNS1035_FMT = '[a-z]([-a-z0-9]*[a-z0-9])?';
const DNS1035_MSG = "a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an alphabetic character, and end with an alphanumeric character";
const QUALIFIED_FMT = '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]';
const QUALIFIED_MSG = "must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character";
const LABEL_VALUE_FMT = '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?';
const LABEL_VALUE_MSG = "a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character";

/** isDns1123Label is validation.IsDNS1123Label. */
export function isDns1123Label(value: string): string[] {
  const errs: string[] = [];
  if (value.length > 63) errs.push(maxLen(63));
  if (!full(LABEL_FMT).test(value)) errs.push(regexError(LABEL_MSG, LABEL_FMT, 'my-name', '123-abc'));
  return errs;
}

/** isDns1123Subdomain is validation.IsDNS1123Subdomain. */
export function isDns1123Subdomain(value: string): string[] {
  const errs: string[] = [];
  if (value.length > 253) errs.push(maxLen(253));
  if (!full(SUBDOMAIN_FMT).test(value)) errs.push(regexError(SUBDOMAIN_MSG, SUBDOMAIN_FMT, 'example.com'));
  return errs;
}

function isDns1035Label(value: string): string[] {
  const errs: string[] = [];
  if (value.length > 63) errs.push(maxLen(63));
  if (!full(DNS1035_FMT).test(value)) errs.push(regexError(DNS1035_MSG, DNS1035_FMT, 'my-name', 'abc-123'));
  return errs;
}

/** isQualifiedName is validation.IsQualifiedName (label keys, annotation keys). */
export function isQualifiedName(value: string): string[] {
  const errs: string[] = [];
  const parts = value.split('/');
  let name: string;
  if (parts.length === 1) name = parts[0] as string;
  else if (parts.length === 2) {
    const prefix = parts[0] as string;
    name = parts[1] as string;
    if (prefix.length === 0) errs.push('prefix part must be non-empty');
    else errs.push(...isDns1123Subdomain(prefix).map((e) => `prefix part ${e}`));
  } else {
    return [`a qualified name ${regexError(QUALIFIED_MSG, QUALIFIED_FMT, 'MyName', 'my.name', '123-abc')} with an optional DNS subdomain prefix and '/' (e.g. 'example.com/MyName')`];
  }
  if (name.length === 0) errs.push('name part must be non-empty');
  else if (name.length > 63) errs.push(`name part ${maxLen(63)}`);
  if (!full(QUALIFIED_FMT).test(name)) errs.push(`name part ${regexError(QUALIFIED_MSG, QUALIFIED_FMT, 'MyName', 'my.name', '123-abc')}`);
  return errs;
}

function isLabelValue(value: string): string[] {
  const errs: string[] = [];
  if (value.length > 63) errs.push(maxLen(63));
  if (!full(LABEL_VALUE_FMT).test(value)) errs.push(regexError(LABEL_VALUE_MSG, LABEL_VALUE_FMT, 'MyValue', 'my_value', '12345'));
  return errs;
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
      ['labelValue', isLabelValue],
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
