import type { InputProblem, Reporter, ReplayedReview, ReplaySummary } from './replay.js';
import { describeRequest } from './replay.js';
import type { Palette } from './report.js';
import { problemsText, StreamSink, summaryLine } from './report.js';
import { formatLocation } from './types.js';

/** xmlEscape escapes text for XML attributes and content (and drops characters XML 1.0 forbids). */
export function xmlEscape(text: string): string {
  return text
    // eslint-disable-next-line no-control-regex
    .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f]/g, '')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;');
}

function testcase(name: string, classname: string, body = ''): string {
  return `    <testcase name="${xmlEscape(name)}" classname="${xmlEscape(classname)}">${body ? `\n${body}\n    ` : ''}</testcase>\n`;
}

/**
 * JunitReporter writes a JUnit XML report for CI systems, one testcase per
 * review, streamed as it goes (the suite's counts are left to the reader, as
 * the totals are only known at the end). Without --check a denial is a
 * failure; with --check a mismatch against the recorded response is (a
 * recorded denial that replays the same passes). Unreadable inputs are errors.
 */
export class JunitReporter implements Reporter {
  private readonly out: StreamSink;
  private started = false;

  constructor(stdout: NodeJS.WritableStream, private readonly stderr: NodeJS.WritableStream, private readonly options: { readonly check: boolean; readonly colors: Palette }) {
    this.out = new StreamSink(stdout);
  }

  private async open(): Promise<void> {
    if (this.started) return;
    this.started = true;
    await this.out.write('<?xml version="1.0" encoding="UTF-8"?>\n<testsuites name="crd-admission replay">\n  <testsuite name="crd-admission replay">\n');
  }

  private failure(result: ReplayedReview): string {
    const { decision } = result.outcome;
    if (this.options.check && result.mismatches !== undefined) {
      if (result.mismatches.length === 0) return '';
      const text = result.mismatches.map((m) => `${m.aspect}: ${m.detail}`).join('\n');
      return `      <failure message="${xmlEscape(`${result.mismatches.length} mismatch(es) against the recorded response`)}" type="mismatch">${xmlEscape(text)}</failure>`;
    }
    if (this.options.check || decision.allowed) return '';
    const message = decision.status?.message ?? 'denied';
    return `      <failure message="${xmlEscape(message)}" type="denied">${xmlEscape(message)}</failure>`;
  }

  async review(result: ReplayedReview): Promise<void> {
    await this.open();
    const { request } = result.item.review;
    const classname = request.resource.group ? `${request.resource.resource}.${request.resource.group}` : request.resource.resource;
    await this.out.write(testcase(`${formatLocation(result.item.at)} ${describeRequest(request)}`, classname, this.failure(result)));
  }

  async inputError(problem: InputProblem): Promise<void> {
    await this.open();
    const body = `      <error message="${xmlEscape(problem.reason)}" type="unreadable input">${xmlEscape(problem.reason)}</error>`;
    await this.out.write(testcase(formatLocation(problem.at), 'input', body));
  }

  async finish(summary: ReplaySummary): Promise<void> {
    await this.open();
    await this.out.write(`    <system-out>${xmlEscape(summaryLine(summary))}</system-out>\n  </testsuite>\n</testsuites>\n`);
    this.stderr.write(problemsText(summary, this.options.colors));
  }
}
