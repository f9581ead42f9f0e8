import { stringify } from 'yaml';
import type { JsonObject } from '../util/json.js';
import { unifiedDiff } from './diff.js';
import type { ReplayedReview, ReplaySummary } from './replay.js';
import { formatLocation } from './types.js';

/** StreamSink writes text to a stream and waits for 'drain' when the stream is full (flat memory). */
export class StreamSink {
  constructor(private readonly stream: NodeJS.WritableStream) {}

  /** write queues text and resolves once the stream can take more (or is gone: a closed pipe must not hang replay). */
  async write(text: string): Promise<void> {
    if (this.stream.write(text)) return;
    await new Promise<void>((resolve) => {
      const done = (): void => {
        this.stream.off('drain', done);
        this.stream.off('close', done);
        this.stream.off('error', done);
        resolve();
      };
      this.stream.once('drain', done);
      this.stream.once('close', done);
      this.stream.once('error', done);
    });
  }
}

/** Palette colours text for a terminal, or leaves it alone. */
export interface Palette {
  readonly red: (text: string) => string;
  readonly green: (text: string) => string;
  readonly yellow: (text: string) => string;
  readonly cyan: (text: string) => string;
  readonly dim: (text: string) => string;
}

const plain = (text: string): string => text;
const ansi = (code: number) => (text: string): string => `\u001b[${code}m${text}\u001b[0m`;

/** palette returns ANSI colours when enabled (a terminal without NO_COLOR), else identity functions. */
export function palette(enabled: boolean): Palette {
  return enabled
    ? { red: ansi(31), green: ansi(32), yellow: ansi(33), cyan: ansi(36), dim: ansi(2) }
    : { red: plain, green: plain, yellow: plain, cyan: plain, dim: plain };
}

/** useColor is true on a terminal unless NO_COLOR is set (to anything non-empty), as no-color.org asks. */
export function useColor(isTTY: boolean, env: NodeJS.ProcessEnv): boolean {
  return isTTY && !env.NO_COLOR && env.TERM !== 'dumb';
}

/** patchedDiff is the unified diff of the object before and after the patch, as YAML; '' without a patch. */
export function patchedDiff(result: ReplayedReview): string {
  const { outcome } = result;
  const before = result.item.review.request.object;
  if (outcome.patch.length === 0 || before === null) return '';
  const label = formatLocation(result.item.at);
  return unifiedDiff(toYaml(before), toYaml(outcome.patchedObject), `${label} (object)`, `${label} (patched)`);
}

function toYaml(object: JsonObject | null): string {
  return object === null ? '' : stringify(object, { lineWidth: 0 });
}

/** firstMessage is what the table shows for a result: the denial message, else the first warning. */
export function firstMessage(result: ReplayedReview): string {
  const { decision } = result.outcome;
  return decision.status?.message ?? result.outcome.response.warnings?.[0] ?? '';
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

/** summaryLine is `N reviews, N allowed, N denied, N patched, N mismatched, in T s`. */
export function summaryLine(summary: ReplaySummary): string {
  return `${plural(summary.reviews, 'review')}, ${summary.allowed} allowed, ${summary.denied} denied, ${summary.patched} patched, ${summary.mismatched} mismatched, in ${summary.seconds.toFixed(2)} s`;
}

/**
 * problemsText lists what the user must act on: every mismatch (input,
 * review, differences), every unreadable input, and counts of skipped audit
 * events, followed by the summary line.
 */
export function problemsText(summary: ReplaySummary, colors: Palette): string {
  const lines: string[] = [];
  if (summary.mismatches.length > 0) {
    lines.push(colors.red(`${plural(summary.mismatches.length, 'mismatch')}:`));
    for (const m of summary.mismatches) {
      lines.push(`  ${formatLocation(m.at)}: ${m.review}`);
      for (const d of m.mismatches) lines.push(`    ${d.aspect}: ${d.detail}`);
    }
  }
  if (summary.inputErrors.length > 0) {
    lines.push(colors.red(`${plural(summary.inputErrors.length, 'unreadable input')}:`));
    for (const e of summary.inputErrors) lines.push(`  ${formatLocation(e.at)}: ${e.reason}`);
  }
  for (const [reason, count] of [...summary.skipped].sort((a, b) => b[1] - a[1])) {
    lines.push(colors.dim(`note: skipped ${plural(count, 'audit event')}: ${reason}`));
  }
  if (summary.checked < summary.reviews && summary.checked > 0) {
    lines.push(colors.dim(`note: ${summary.reviews - summary.checked} of ${summary.reviews} reviews carry no recorded response and were not checked`));
  }
  lines.push(summaryLine(summary));
  return `${lines.join('\n')}\n`;
}
