import type { InputProblem, Reporter, ReplayedReview, ReplaySummary } from './replay.js';
import type { Palette } from './report.js';
import { firstMessage, patchedDiff, problemsText, StreamSink } from './report.js';

/** TableOptions choose what the table shows. */
export interface TableOptions {
  readonly colors: Palette;
  readonly diff: boolean;
  readonly check: boolean;
}

// Fixed widths: rows are printed as they come, so no column can wait for the longest value.
const WIDTHS = { resource: 36, name: 36, operation: 6, verdict: 8, patch: 5, check: 8 } as const;
const MESSAGE_WIDTH = 100;

function cell(text: string, width: number): string {
  return text.length > width ? `${text.slice(0, width - 1)}…` : text.padEnd(width);
}

function verdict(result: ReplayedReview): string {
  if (!result.outcome.decision.allowed) return 'denied';
  return result.outcome.patch.length > 0 ? 'patched' : 'allowed';
}

/**
 * TableReporter prints one row per review as it is replayed (resource,
 * namespace/name, operation, verdict, patch size, first message), with the
 * patch as a YAML diff under --diff; mismatches, unreadable inputs and the
 * summary go to stderr at the end.
 */
export class TableReporter implements Reporter {
  private readonly out: StreamSink;
  private headerWritten = false;

  constructor(stdout: NodeJS.WritableStream, private readonly stderr: NodeJS.WritableStream, private readonly options: TableOptions) {
    this.out = new StreamSink(stdout);
  }

  private header(): string {
    const check = this.options.check ? cell('CHECK', WIDTHS.check) + ' ' : '';
    return `${cell('RESOURCE', WIDTHS.resource)} ${cell('NAME', WIDTHS.name)} ${cell('OP', WIDTHS.operation)} ${cell('VERDICT', WIDTHS.verdict)} ${cell('PATCH', WIDTHS.patch)} ${check}MESSAGE\n`;
  }

  async review(result: ReplayedReview): Promise<void> {
    const { colors } = this.options;
    const { request } = result.item.review;
    const sub = request.subResource ? `/${request.subResource}` : '';
    const resource = `${request.resource.resource}${request.resource.group ? `.${request.resource.group}` : ''}${sub}`;
    const name = `${request.namespace ? `${request.namespace}/` : ''}${request.name ?? ''}`;
    const v = verdict(result);
    const colour = v === 'denied' ? colors.red : v === 'patched' ? colors.cyan : colors.green;
    let check = '';
    if (this.options.check) {
      const status = result.mismatches === undefined ? '-' : result.mismatches.length === 0 ? 'ok' : 'MISMATCH';
      check = (status === 'MISMATCH' ? colors.red : plainish)(cell(status, WIDTHS.check)) + ' ';
    }
    const message = firstMessage(result).replace(/\s+/g, ' ');
    let row = `${cell(resource, WIDTHS.resource)} ${cell(name || '-', WIDTHS.name)} ${cell(request.operation, WIDTHS.operation)} ${colour(cell(v, WIDTHS.verdict))} ${cell(String(result.outcome.patch.length), WIDTHS.patch)} ${check}${message.length > MESSAGE_WIDTH ? `${message.slice(0, MESSAGE_WIDTH - 1)}…` : message}`.trimEnd();
    row += '\n';
    if (!this.headerWritten) {
      row = this.header() + row;
      this.headerWritten = true;
    }
    if (this.options.diff) {
      const diff = patchedDiff(result);
      if (diff) row += diff.split('\n').map((l) => (l.startsWith('+') ? colors.green(l) : l.startsWith('-') ? colors.red(l) : l)).join('\n');
    }
    await this.out.write(row);
  }

  // Unreadable inputs are listed once, with the mismatches, when the run ends.
  async inputError(_problem: InputProblem): Promise<void> {}

  async finish(summary: ReplaySummary): Promise<void> {
    this.stderr.write(problemsText(summary, this.options.colors));
  }
}

function plainish(text: string): string {
  return text;
}
