import type { InputProblem, Reporter, ReplayedReview, ReplaySummary } from './replay.js';
import { describeRequest } from './replay.js';
import type { Palette } from './report.js';
import { patchedDiff, problemsText, StreamSink } from './report.js';
import { captureRecord } from './recorded.js';
import { formatLocation } from './types.js';

/**
 * JsonReporter writes one JSON object per line as each review is replayed:
 * the input location, the review's identity, the verdict, the full response,
 * the patch, the patched object, the mismatches under --check (and the YAML
 * diff under --diff). Unreadable inputs are lines with an `error`.
 */
export class JsonReporter implements Reporter {
  private readonly out: StreamSink;

  constructor(stdout: NodeJS.WritableStream, private readonly stderr: NodeJS.WritableStream, private readonly options: { readonly diff: boolean; readonly colors: Palette }) {
    this.out = new StreamSink(stdout);
  }

  async review(result: ReplayedReview): Promise<void> {
    const { request } = result.item.review;
    const line = {
      input: formatLocation(result.item.at),
      uid: request.uid,
      review: describeRequest(request),
      mode: result.outcome.mode,
      allowed: result.outcome.decision.allowed,
      response: result.outcome.response,
      patch: result.outcome.patch,
      patchedObject: result.outcome.patchedObject,
      ...(result.mismatches !== undefined ? { mismatches: result.mismatches } : {}),
      ...(this.options.diff ? { diff: patchedDiff(result) } : {}),
    };
    await this.out.write(`${JSON.stringify(line)}\n`);
  }

  async inputError(problem: InputProblem): Promise<void> {
    await this.out.write(`${JSON.stringify({ input: formatLocation(problem.at), error: problem.reason })}\n`);
  }

  async finish(summary: ReplaySummary): Promise<void> {
    this.stderr.write(problemsText(summary, this.options.colors));
  }
}

/**
 * RecordReporter writes each review with the response replay produced, in
 * the capture format (`--output record`): the way to refresh recorded
 * expectations after a deliberate change, then check them with --check.
 */
export class RecordReporter implements Reporter {
  private readonly out: StreamSink;

  constructor(stdout: NodeJS.WritableStream, private readonly stderr: NodeJS.WritableStream, private readonly colors: Palette) {
    this.out = new StreamSink(stdout);
  }

  async review(result: ReplayedReview): Promise<void> {
    const { review } = result.item;
    const line = captureRecord(review.apiVersion, review.request, result.outcome.response, { endpoint: result.outcome.mode });
    await this.out.write(`${JSON.stringify(line)}\n`);
  }

  // Unreadable inputs are listed once, when the run ends.
  async inputError(_problem: InputProblem): Promise<void> {}

  async finish(summary: ReplaySummary): Promise<void> {
    this.stderr.write(problemsText(summary, this.colors));
  }
}
