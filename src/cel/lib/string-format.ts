import { Duration } from '@marcbachmann/cel-js/evaluator';
import { CelObject } from '../values.js';
import { formatDuration, formatTimestamp } from './time.js';

/** celString renders a value as cel-go's string format clause %s does. */
export function celString(value: unknown): string {
  if (typeof value === 'string') return value;
  if (typeof value === 'bigint' || typeof value === 'boolean') return String(value);
  if (typeof value === 'number') return Number.isInteger(value) && Math.abs(value) < 1e21 ? String(value) : String(value);
  if (value === null) return 'null';
  if (value instanceof Date) return formatTimestamp(value);
  if (value instanceof Duration) return formatDuration(value);
  if (value instanceof Uint8Array) return Buffer.from(value).toString('utf8');
  if (Array.isArray(value)) return `[${value.map(celString).join(', ')}]`;
  if (value instanceof CelObject) return `{${CelObject.entriesOf(value).map(([k, v]) => `${k}: ${celString(v)}`).join(', ')}}`;
  if (value instanceof Map) return `{${[...value].map(([k, v]) => `${celString(k)}: ${celString(v)}`).join(', ')}}`;
  if (typeof value === 'object') {
    const text = String(value);
    if (text !== '[object Object]') return text;
    return `{${Object.entries(value).map(([k, v]) => `${k}: ${celString(v)}`).join(', ')}}`;
  }
  return String(value);
}

function integer(value: unknown, verb: string): bigint {
  if (typeof value === 'bigint') return value;
  throw new Error(`error during formatting: ${verb} clause can only be used on integers, was given ${typeof value}`);
}

function toFixed(value: unknown, precision: number, verb: string): string {
  const n = typeof value === 'bigint' ? Number(value) : value;
  if (typeof n !== 'number') throw new Error(`error during formatting: ${verb} clause can only be used on doubles`);
  if (Number.isNaN(n)) return 'NaN';
  if (!Number.isFinite(n)) return n > 0 ? 'Infinity' : '-Infinity';
  return n.toFixed(precision);
}

function scientific(value: unknown, precision: number): string {
  const n = typeof value === 'bigint' ? Number(value) : (value as number);
  const [mantissa, exp = '0'] = n.toExponential(precision).split('e');
  const e = Number(exp);
  return `${mantissa}e${e < 0 ? '-' : '+'}${String(Math.abs(e)).padStart(2, '0')}`;
}

function radix(value: unknown, base: number, verb: string, upper = false): string {
  if (typeof value === 'string' && base === 16) {
    const hex = Buffer.from(value, 'utf8').toString('hex');
    return upper ? hex.toUpperCase() : hex;
  }
  if (value instanceof Uint8Array && base === 16) {
    const hex = Buffer.from(value).toString('hex');
    return upper ? hex.toUpperCase() : hex;
  }
  const n = integer(value, verb);
  const text = (n < 0n ? '-' : '') + (n < 0n ? -n : n).toString(base);
  return upper ? text.toUpperCase() : text;
}

/** formatString is cel-go's `string.format(list)`: %s %d %f %.Nf %e %x %X %o %b and %%. */
export function formatString(template: string, args: readonly unknown[]): string {
  let next = 0;
  const take = (): unknown => {
    if (next >= args.length) throw new Error(`index ${next} out of range`);
    return args[next++];
  };
  return template.replace(/%(?:\.(\d+))?([sdfeExXob%])/g, (_m, precision: string | undefined, verb: string) => {
    if (verb === '%') return '%';
    const arg = take();
    const p = precision === undefined ? 6 : Number(precision);
    switch (verb) {
      case 's': return celString(arg);
      case 'd': return String(integer(arg, '%d'));
      case 'f': return toFixed(arg, p, '%f');
      case 'e': case 'E': return scientific(arg, p);
      case 'x': return radix(arg, 16, '%x');
      case 'X': return radix(arg, 16, '%X', true);
      case 'o': return radix(arg, 8, '%o');
      default: return radix(arg, 2, '%b');
    }
  });
}
