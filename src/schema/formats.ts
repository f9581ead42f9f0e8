import { isIPv4, isIPv6 } from 'node:net';
import { isDns1123Label, isDns1123Subdomain } from './names.js';

/**
 * Kubernetes string formats (apiextensions `pkg/apiserver/validation/formats.go`
 * over kube-openapi's strfmt registry). Names are matched as the apiserver does:
 * without `-` (`date-time` ≡ `datetime`), case-sensitive.
 */
type FormatCheck = (value: string) => boolean;

/** normalizeFormatName is strfmt's name normalisation. */
export function normalizeFormatName(name: string): string {
  return name.replaceAll('-', '');
}

const UUID = /^(?:[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}|[0-9a-f]{32})$/i;
const UUID3 = /^[0-9a-f]{8}-?[0-9a-f]{4}-?3[0-9a-f]{3}-?[0-9a-f]{4}-?[0-9a-f]{12}$/i;
const UUID4 = /^[0-9a-f]{8}-?[0-9a-f]{4}-?4[0-9a-f]{3}-?[89ab][0-9a-f]{3}-?[0-9a-f]{12}$/i;
const UUID5 = /^[0-9a-f]{8}-?[0-9a-f]{4}-?5[0-9a-f]{3}-?[89ab][0-9a-f]{3}-?[0-9a-f]{12}$/i;
const HOSTNAME =
  /^([a-zA-Z0-9\p{S}\p{L}]((-?[a-zA-Z0-9\p{S}\p{L}]{0,62})?)|([a-zA-Z0-9\p{S}\p{L}](([a-zA-Z0-9\-\p{S}\p{L}]{0,61}[a-zA-Z0-9\p{S}\p{L}])?)(\.)){1,}([a-zA-Z\p{L}]){2,63})$/u;
const RGB_PART = '\\s*(0|[1-9]\\d?|1\\d\\d?|2[0-4]\\d|25[0-5])\\s*';
const RGB_COLOR = new RegExp(`^rgb\\(${RGB_PART},${RGB_PART},${RGB_PART}\\)$`);
const TIME_OF_DAY = /^([0-9]{2}):([0-9]{2}):([0-9]{2})(.[0-9]+)?(z|([+-][0-9]{2}:[0-9]{2}))$/;
const GO_DURATION = /^[-+]?(?:(?:\d+\.?\d*|\.\d+)(?:ns|us|µs|μs|ms|s|m|h))+$/;
const LOOSE_DURATION_PART = /(\d+)\s*([A-Za-zµ]+)/g;
const DURATION_UNITS: readonly (readonly string[])[] = [
  ['ns', 'nano'],
  ['us', 'µs', 'micro'],
  ['ms', 'milli'],
  ['s', 'sec'],
  ['m', 'min'],
  ['h', 'hr', 'hour'],
  ['d', 'day'],
  ['w', 'wk', 'week'],
];
const MAC = [
  /^[0-9a-f]{2}(?::[0-9a-f]{2}){5}$/i,
  /^[0-9a-f]{2}(?::[0-9a-f]{2}){7}$/i,
  /^[0-9a-f]{2}(?::[0-9a-f]{2}){19}$/i,
  /^[0-9a-f]{2}(?:-[0-9a-f]{2}){5}$/i,
  /^[0-9a-f]{2}(?:-[0-9a-f]{2}){7}$/i,
  /^[0-9a-f]{2}(?:-[0-9a-f]{2}){19}$/i,
  /^[0-9a-f]{4}(?:\.[0-9a-f]{4}){2}$/i,
  /^[0-9a-f]{4}(?:\.[0-9a-f]{4}){3}$/i,
  /^[0-9a-f]{4}(?:\.[0-9a-f]{4}){9}$/i,
];

function isDate(value: string): boolean {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  if (!match) return false;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  if (month < 1 || month > 12 || day < 1) return false;
  const days = new Date(Date.UTC(year, month, 0)).getUTCDate();
  return day <= days;
}

// strfmt.IsDateTime: a date, a `t`, then hh:mm:ss[.frac](z|±hh:mm), case-insensitive.
function isDateTime(value: string): boolean {
  if (value.length < 4) return false;
  const parts = value.toLowerCase().split('t');
  if (parts.length < 2 || !isDate(parts[0] as string)) return false;
  const match = TIME_OF_DAY.exec(parts[1] as string);
  if (!match) return false;
  return (match[1] as string) <= '23' && (match[2] as string) <= '59' && (match[3] as string) <= '59';
}

// strfmt.ParseDuration: Go's time.ParseDuration, then "3 days"-style units.
function isDuration(value: string): boolean {
  if (value === '0' || GO_DURATION.test(value)) return true;
  for (const match of value.matchAll(LOOSE_DURATION_PART)) {
    const unit = (match[2] as string).toLowerCase().trim();
    for (const variants of DURATION_UNITS) {
      const last = variants.length - 1;
      if (variants.some((variant, i) => variant === unit || (i === last && unit.startsWith(variant)))) return true;
    }
  }
  return false;
}

function isHostname(value: string): boolean {
  if (!HOSTNAME.test(value) || value.length > 255) return false;
  return value.split('.').every((part) => part.length <= 63);
}

function isCidr(value: string): boolean {
  const slash = value.indexOf('/');
  if (slash < 0) return false;
  const address = value.slice(0, slash);
  const prefix = value.slice(slash + 1);
  if (!/^\d+$/.test(prefix)) return false;
  const bits = isIPv4(address) ? 32 : isIPv6(address) && !address.includes('%') ? 128 : -1;
  return bits > 0 && Number(prefix) <= bits;
}

function luhn(digits: string): boolean {
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    let digit = Number(digits[digits.length - 1 - i]);
    if (i % 2 === 1) {
      digit *= 2;
      if (digit > 9) digit -= 9;
    }
    sum += digit;
  }
  return sum % 10 === 0;
}

function isIsbn10(value: string): boolean {
  const isbn = value.replace(/[\s-]/g, '');
  if (!/^(?:[0-9]{9}X|[0-9]{10})$/.test(isbn)) return false;
  let sum = 0;
  for (let i = 0; i < 9; i++) sum += (i + 1) * Number(isbn[i]);
  sum += isbn[9] === 'X' ? 100 : 10 * Number(isbn[9]);
  return sum % 11 === 0;
}

function isIsbn13(value: string): boolean {
  const isbn = value.replace(/[\s-]/g, '');
  if (!/^[0-9]{13}$/.test(isbn)) return false;
  let sum = 0;
  for (let i = 0; i < 12; i++) sum += Number(isbn[i]) * (i % 2 === 0 ? 1 : 3);
  return (10 - (sum % 10)) % 10 === Number(isbn[12]);
}

// url.ParseRequestURI: an absolute URI or an absolute path, no control characters or broken escapes.
function isUri(value: string): boolean {
  if (value === '' || /[\x00-\x1f\x7f]/.test(value)) return false;
  if (/%(?![0-9a-fA-F]{2})/.test(value)) return false;
  return value.startsWith('/') || /^[a-zA-Z][a-zA-Z0-9+.-]*:/.test(value);
}

const CHECKS: ReadonlyMap<string, FormatCheck> = new Map<string, FormatCheck>([
  ['bsonobjectid', (v) => /^[0-9a-fA-F]{24}$/.test(v)],
  ['uri', isUri],
  ['email', (v) => /^(?:[^<>]*<)?[^\s@<>]+@[^\s@<>]+>?$/.test(v.trim())],
  ['hostname', isHostname],
  ['ipv4', (v) => !v.includes('%') && (isIPv4(v) || (isIPv6(v) && v.includes('.')))],
  ['ipv6', (v) => !v.includes('%') && isIPv6(v)],
  ['cidr', isCidr],
  ['mac', (v) => MAC.some((re) => re.test(v))],
  ['uuid', (v) => UUID.test(v)],
  ['uuid3', (v) => UUID3.test(v)],
  ['uuid4', (v) => UUID4.test(v)],
  ['uuid5', (v) => UUID5.test(v)],
  ['isbn', (v) => isIsbn10(v) || isIsbn13(v)],
  ['isbn10', isIsbn10],
  ['isbn13', isIsbn13],
  ['creditcard', (v) => /^[0-9]{13,19}$/.test(v.replace(/[ -]/g, '')) && luhn(v.replace(/[ -]/g, ''))],
  ['ssn', (v) => /^\d{3}[- ]?\d{2}[- ]?\d{4}$/.test(v)],
  ['hexcolor', (v) => /^#?([0-9a-fA-F]{3}|[0-9a-fA-F]{6})$/.test(v)],
  ['rgbcolor', (v) => RGB_COLOR.test(v)],
  ['byte', (v) => /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/.test(v.replace(/[\r\n]/g, ''))],
  ['password', () => true],
  ['date', isDate],
  ['duration', isDuration],
  ['datetime', isDateTime],
  ['k8sshortname', (v) => isDns1123Label(v).length === 0],
  ['k8slongname', (v) => isDns1123Subdomain(v).length === 0],
]);

/** formatCheck returns the checker of a Kubernetes string format, or undefined for an unknown one. */
export function formatCheck(name: string): FormatCheck | undefined {
  return CHECKS.get(normalizeFormatName(name));
}

/**
 * supportedFormat is StripUnsupportedFormatsPostProcess: the format the
 * validator keeps for a schema node, or undefined when it is dropped
 * (integer keeps int32/int64, number float/double, string the known formats).
 */
export function supportedFormat(type: unknown, format: unknown): string | undefined {
  if (typeof format !== 'string' || format === '') return undefined;
  if (type === 'integer') return format === 'int32' || format === 'int64' ? format : undefined;
  if (type === 'number') return format === 'float' || format === 'double' ? format : undefined;
  if (type === 'string') return formatCheck(format) ? format : undefined;
  return undefined;
}
