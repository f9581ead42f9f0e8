import type { AdmissionRequest } from '../admission/types.js';
import type { Configuration } from '../config/load.js';
import type { JsonObject } from '../util/json.js';
import { isJsonObject } from '../util/json.js';
import { classifyDocument } from './classify.js';
import type { Mismatch } from './compare.js';
import { compareOutcome } from './compare.js';
import type { InputDocument, InputFile } from './read-input.js';
import { expandInputs, readInputDocuments } from './read-input.js';
import type { ReplayOutcome } from './run.js';
import { replayReview } from './run.js';
import type { InputLocation, ReplayItem } from './types.js';

/** ReplayedReview is one replayed review; `mismatches` is set only when it was checked. */
export interface ReplayedReview {
  readonly item: ReplayItem;
  readonly outcome: ReplayOutcome;
  readonly mismatches?: readonly Mismatch[];
}

/** InputProblem is an input that could not be read: malformed, truncated, empty or not a review. */
export interface InputProblem {
  readonly at: InputLocation;
  readonly reason: string;
}

/** MismatchReport names a review whose replay differs from its recorded response. */
export interface MismatchReport {
  readonly at: InputLocation;
  readonly review: string;
  readonly mismatches: readonly Mismatch[];
}

/** ReplaySummary holds the counters and the problems of a replay run (never the results themselves). */
export interface ReplaySummary {
  reviews: number;
  allowed: number;
  denied: number;
  patched: number;
  checked: number;
  mismatched: number;
  readonly inputErrors: InputProblem[];
  readonly mismatches: MismatchReport[];
  readonly skipped: Map<string, number>;
  seconds: number;
}

/** Reporter writes results as they come; it must apply back-pressure by awaiting its writes. */
export interface Reporter {
  review(result: ReplayedReview): Promise<void>;
  inputError(problem: InputProblem): Promise<void>;
  finish(summary: ReplaySummary): Promise<void>;
}

/** ReplayOptions are the inputs, configuration and sinks of one replay run. */
export interface ReplayOptions {
  readonly inputs: readonly string[];
  readonly config: Configuration;
  /** Compare against recorded responses (--check). */
  readonly check: boolean;
  readonly stdin: NodeJS.ReadableStream;
  readonly reporter: Reporter;
  /** Called after each document, with the total size of the files when known. */
  readonly onProgress?: (reviews: number, bytesRead: number, totalBytes: number | undefined) => void;
  readonly now?: () => number;
}

function metadataName(object: JsonObject | null): string | undefined {
  const metadata = object?.metadata;
  return isJsonObject(metadata) && typeof metadata.name === 'string' ? metadata.name : undefined;
}

/** describeRequest names a review in listings: `CREATE crontabs.stable.example.com default/my-cron`. */
export function describeRequest(request: AdmissionRequest): string {
  const { group, resource } = request.resource;
  const qualified = group ? `${resource}.${group}` : resource;
  const sub = request.subResource ? `/${request.subResource}` : '';
  const name = request.name ?? metadataName(request.object) ?? metadataName(request.oldObject);
  return `${request.operation} ${qualified}${sub} ${request.namespace ? `${request.namespace}/` : ''}${name || '(no name)'}`;
}

function emptySummary(): ReplaySummary {
  return { reviews: 0, allowed: 0, denied: 0, patched: 0, checked: 0, mismatched: 0, inputErrors: [], mismatches: [], skipped: new Map(), seconds: 0 };
}

function replayItem(item: ReplayItem, options: ReplayOptions, summary: ReplaySummary): ReplayedReview {
  const outcome = replayReview(item.review, options.config, item.recorded?.endpoint ?? 'pipeline');
  summary.reviews++;
  if (outcome.decision.allowed) summary.allowed++;
  else summary.denied++;
  if (outcome.patch.length > 0) summary.patched++;
  if (!options.check || !item.recorded) return { item, outcome };
  summary.checked++;
  const mismatches = compareOutcome(item.review.request, item.recorded, outcome);
  if (mismatches.length > 0) {
    summary.mismatched++;
    summary.mismatches.push({ at: item.at, review: describeRequest(item.review.request), mismatches });
  }
  return { item, outcome, mismatches };
}

async function handleDocument(document: InputDocument, options: ReplayOptions, summary: ReplaySummary): Promise<void> {
  if (document.kind === 'error') {
    summary.inputErrors.push(document);
    await options.reporter.inputError(document);
    return;
  }
  const classified = classifyDocument(document.value, document.at, options.config.profiles);
  if (classified.kind === 'skip') {
    summary.skipped.set(classified.reason, (summary.skipped.get(classified.reason) ?? 0) + 1);
  } else if (classified.kind === 'error') {
    const problem = { at: document.at, reason: classified.reason };
    summary.inputErrors.push(problem);
    await options.reporter.inputError(problem);
  } else {
    await options.reporter.review(replayItem(classified.item, options, summary));
  }
}

/**
 * replayInputs streams every input through the pipeline, one document at a
 * time, handing each result to the reporter and keeping only counters,
 * mismatches and input problems. An unreadable input never stops the others.
 */
export async function replayInputs(options: ReplayOptions): Promise<ReplaySummary> {
  const now = options.now ?? (() => performance.now());
  const started = now();
  const summary = emptySummary();
  const expanded = await expandInputs(options.inputs);
  const files = expanded.filter((e): e is InputFile => !('kind' in e));
  const totalBytes = files.every((f) => f.bytes !== undefined) ? files.reduce((n, f) => n + (f.bytes ?? 0), 0) : undefined;
  let bytesRead = 0;
  for (const entry of expanded) {
    if ('kind' in entry) {
      await handleDocument(entry, options, summary);
      continue;
    }
    for await (const document of readInputDocuments(entry, options.stdin, (n) => (bytesRead += n))) {
      await handleDocument(document, options, summary);
      options.onProgress?.(summary.reviews, bytesRead, totalBytes);
    }
  }
  summary.seconds = (now() - started) / 1000;
  await options.reporter.finish(summary);
  return summary;
}

/** replayExitCode is 2 when an input could not be read, else 1 when --check found a mismatch, else 0. */
export function replayExitCode(summary: ReplaySummary): number {
  if (summary.inputErrors.length > 0) return 2;
  return summary.mismatched > 0 ? 1 : 0;
}
