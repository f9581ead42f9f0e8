import type { Environment } from '@marcbachmann/cel-js';
import { Duration } from '@marcbachmann/cel-js/evaluator';

const UNIT_NANOS: Readonly<Record<string, bigint>> = {
  ns: 1n, us: 1_000n, 'µs': 1_000n, 'μs': 1_000n, ms: 1_000_000n, s: 1_000_000_000n, m: 60_000_000_000n, h: 3_600_000_000_000n,
};
const PART = /^(\d+(?:\.\d*)?|\.\d+)(ns|us|µs|μs|ms|s|m|h)/;

/**
 * parseDurationValue parses a Go duration ("1h30m", "-1.5s") into a CEL
 * duration, as `format: duration` values reach rules. It returns the string
 * unchanged when it is not a duration (the schema reports that).
 */
export function parseDurationValue(text: string): unknown {
  let rest = text;
  let sign = 1n;
  if (rest.startsWith('-') || rest.startsWith('+')) {
    if (rest[0] === '-') sign = -1n;
    rest = rest.slice(1);
  }
  if (rest === '0') return new Duration(0n, 0);
  if (rest.length === 0) return text;
  let nanos = 0n;
  while (rest.length > 0) {
    const match = PART.exec(rest);
    if (!match) return text;
    const [whole = '0', fraction = ''] = (match[1] as string).split('.');
    const unit = UNIT_NANOS[match[2] as string] as bigint;
    nanos += BigInt(whole || '0') * unit;
    if (fraction) nanos += (BigInt(fraction) * unit) / 10n ** BigInt(fraction.length);
    rest = rest.slice(match[0].length);
  }
  nanos *= sign;
  return new Duration(nanos / 1_000_000_000n, Number(nanos % 1_000_000_000n));
}

function pad(n: number, width = 2): string {
  return String(n).padStart(width, '0');
}

/** formatTimestamp renders a timestamp as Go's RFC 3339 (nanosecond digits trimmed). */
export function formatTimestamp(date: Date): string {
  const ms = date.getUTCMilliseconds();
  const base = `${date.getUTCFullYear()}-${pad(date.getUTCMonth() + 1)}-${pad(date.getUTCDate())}T${pad(date.getUTCHours())}:${pad(date.getUTCMinutes())}:${pad(date.getUTCSeconds())}`;
  return ms === 0 ? `${base}Z` : `${base}.${pad(ms, 3).replace(/0+$/, '')}Z`;
}

/** formatDuration renders a duration as cel-go's string(duration): seconds with a trailing "s". */
export function formatDuration(d: InstanceType<typeof Duration>): string {
  const total = d.seconds * 1_000_000_000n + BigInt(d.nanos);
  const negative = total < 0n;
  const abs = negative ? -total : total;
  const seconds = abs / 1_000_000_000n;
  const nanos = abs % 1_000_000_000n;
  const fraction = nanos === 0n ? '' : `.${nanos.toString().padStart(9, '0').replace(/0+$/, '')}`;
  return `${negative ? '-' : ''}${seconds}${fraction}s`;
}

/** registerTime adds string(timestamp), string(duration) and int(timestamp), which the engine lacks. */
export function registerTime(env: Environment): void {
  env.registerFunction('string(google.protobuf.Timestamp): string', formatTimestamp);
  env.registerFunction('string(google.protobuf.Duration): string', formatDuration);
  env.registerFunction('int(google.protobuf.Timestamp): int', (d: Date) => BigInt(Math.floor(d.getTime() / 1000)));
}
