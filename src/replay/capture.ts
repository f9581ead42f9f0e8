import type { FileHandle } from 'node:fs/promises';
import { mkdir, open, readdir, unlink } from 'node:fs/promises';
import { join } from 'node:path';
import type { AdmissionResponseBody } from '../admission/codec.js';
import type { JsonPatchOperation, Status } from '../admission/types.js';
import type { ReviewedEvent } from '../server/types.js';
import type { JsonObject, JsonValue } from '../util/json.js';
import type { RedactionPattern } from './redact.js';
import { compileRedactionPaths, fieldIsRedacted, pointerSegments, REDACTED, redactValue } from './redact.js';
import { captureRecord } from './recorded.js';

/** CaptureEvent is what the server reports for each answered review (its onReviewed hook). */
export type CaptureEvent = ReviewedEvent;

/** CaptureOptions bound what a capture directory may hold and what it hides. */
export interface CaptureOptions {
  readonly dir: string;
  /** A file is rotated once it holds this many bytes (default 64 MiB). */
  readonly maxBytes?: number;
  /** At most this many files are kept; the oldest are deleted (default 10). */
  readonly maxFiles?: number;
  /** Reviews waiting to be written; beyond it new ones are dropped and counted (default 1000). */
  readonly queueLimit?: number;
  /** Paths inside objects whose values are redacted (`spec.password`, `spec.users.*.token`). */
  readonly redactPaths?: readonly string[];
  readonly now?: () => Date;
  /** Told about write failures (the reviews of a failed write are counted as failed). */
  readonly onError?: (error: Error) => void;
}

/** CaptureStats counts what became of the recorded reviews. */
export interface CaptureStats {
  readonly written: number;
  readonly dropped: number;
  readonly failed: number;
  readonly files: readonly string[];
}

export const DEFAULT_CAPTURE_MAX_BYTES = 64 * 1024 * 1024;
export const DEFAULT_CAPTURE_MAX_FILES = 10;
export const DEFAULT_CAPTURE_QUEUE = 1000;
const FILE_PATTERN = /^reviews-(\d{6,})\.jsonl$/;
// Lines are serialised and appended in chunks of about this many characters.
const WRITE_CHUNK = 256 * 1024;

function captureFileName(sequence: number): string {
  return `reviews-${String(sequence).padStart(6, '0')}.jsonl`;
}

function redactPatch(encoded: string, patterns: readonly RedactionPattern[]): string {
  const ops = JSON.parse(Buffer.from(encoded, 'base64').toString('utf8')) as JsonPatchOperation[];
  const redacted = ops.map((op) => ('value' in op ? { ...op, value: redactValue(op.value, patterns, pointerSegments(op.path)) } : op));
  return Buffer.from(JSON.stringify(redacted)).toString('base64');
}

function redactStatus(status: Status, patterns: readonly RedactionPattern[]): Status {
  const causes = status.details?.causes;
  if (!causes || !causes.some((c) => c.field !== undefined && fieldIsRedacted(c.field, patterns))) return status;
  // Field error messages quote the bad value: hide the ones of redacted fields, and the aggregate message.
  const hidden = causes.map((c) => (c.field !== undefined && fieldIsRedacted(c.field, patterns) ? { ...c, message: REDACTED } : c));
  return { ...status, message: REDACTED, details: { ...status.details, causes: hidden } };
}

/**
 * redactCapture returns the capture line of an event with secret-like
 * content hidden: values under the patterns in object, oldObject and the
 * patch, `data`/`stringData` of embedded Secrets, and the messages of field
 * errors on redacted fields.
 */
export function redactCapture(event: CaptureEvent, patterns: readonly RedactionPattern[], time: Date): Record<string, unknown> {
  const { request } = event.review;
  const redact = (value: JsonObject | null): JsonValue => (value === null ? null : redactValue(value, patterns));
  const body: AdmissionResponseBody = event.response.response;
  const response: AdmissionResponseBody = {
    ...body,
    ...(body.patch ? { patch: redactPatch(body.patch, patterns) } : {}),
    ...(body.status ? { status: redactStatus(body.status, patterns) } : {}),
  };
  return captureRecord(
    event.review.apiVersion,
    { ...request, object: redact(request.object), oldObject: redact(request.oldObject) },
    response,
    {
      endpoint: event.endpoint,
      time: time.toISOString(),
      durationMs: Math.round(event.durationMs * 1000) / 1000,
      ...(patterns.length > 0 ? { redacted: patterns.map((p) => p.join('.')) } : {}),
    },
  );
}

/**
 * CaptureWriter records answered reviews to rotated JSON Lines files, off the
 * request path: record() only queues (and drops, counting, when the queue is
 * full), a background loop serialises, redacts and appends in batches. A slow
 * or failing disk never slows or fails admission.
 */
export class CaptureWriter {
  private readonly queue: CaptureEvent[] = [];
  private draining: Promise<void> | undefined;
  private handle: FileHandle | undefined;
  private bytes = 0;
  private written = 0;
  private dropped = 0;
  private failed = 0;
  private readonly maxBytes: number;
  private readonly maxFiles: number;
  private readonly queueLimit: number;

  private constructor(
    private readonly options: CaptureOptions,
    private readonly patterns: readonly RedactionPattern[],
    private readonly files: string[],
    private sequence: number,
  ) {
    this.maxBytes = options.maxBytes ?? DEFAULT_CAPTURE_MAX_BYTES;
    this.maxFiles = Math.max(1, options.maxFiles ?? DEFAULT_CAPTURE_MAX_FILES);
    this.queueLimit = options.queueLimit ?? DEFAULT_CAPTURE_QUEUE;
  }

  /** open prepares the directory; a new file follows the ones already there (never appends to a torn line). */
  static async open(options: CaptureOptions): Promise<CaptureWriter> {
    const patterns = compileRedactionPaths(options.redactPaths ?? []);
    await mkdir(options.dir, { recursive: true });
    const existing = (await readdir(options.dir)).filter((f) => FILE_PATTERN.test(f)).sort();
    const last = existing.length > 0 ? Number(FILE_PATTERN.exec(existing[existing.length - 1] ?? '')?.[1] ?? 0) : 0;
    return new CaptureWriter(options, patterns, existing.map((f) => join(options.dir, f)), last);
  }

  /** record queues an event and returns at once; false when it was dropped because the queue is full. */
  record(event: CaptureEvent): boolean {
    if (this.queue.length >= this.queueLimit) {
      this.dropped++;
      return false;
    }
    this.queue.push(event);
    this.draining ??= new Promise<void>((resolve) => setImmediate(resolve)).then(() => this.drain());
    return true;
  }

  private async drain(): Promise<void> {
    try {
      while (this.queue.length > 0) {
        // Serialise a bounded chunk at a time: every write yields the event loop back to admission.
        const now = (this.options.now ?? (() => new Date()))();
        let text = '';
        let count = 0;
        while (this.queue.length > 0 && text.length < WRITE_CHUNK) {
          const event = this.queue.shift() as CaptureEvent;
          text += `${JSON.stringify(redactCapture(event, this.patterns, now))}\n`;
          count++;
        }
        await this.write(text, count);
      }
    } finally {
      this.draining = undefined;
    }
  }

  private async write(text: string, count: number): Promise<void> {
    try {
      await this.append(text);
      this.written += count;
    } catch (error) {
      this.failed += count;
      await this.closeFile();
      this.options.onError?.(error as Error);
    }
  }

  private async append(text: string): Promise<void> {
    if (!this.handle || this.bytes >= this.maxBytes) await this.rotate();
    const buffer = Buffer.from(text);
    await this.handle?.write(buffer);
    this.bytes += buffer.length;
  }

  private async rotate(): Promise<void> {
    await this.closeFile();
    this.sequence++;
    const path = join(this.options.dir, captureFileName(this.sequence));
    this.handle = await open(path, 'a', 0o600);
    this.bytes = 0;
    this.files.push(path);
    while (this.files.length > this.maxFiles) {
      const oldest = this.files.shift();
      if (oldest) await unlink(oldest).catch(() => undefined);
    }
  }

  private async closeFile(): Promise<void> {
    const handle = this.handle;
    this.handle = undefined;
    await handle?.close().catch(() => undefined);
  }

  /** flush resolves once everything queued so far is written. */
  async flush(): Promise<void> {
    while (this.draining) await this.draining;
  }

  /** close flushes and closes the current file. */
  async close(): Promise<void> {
    await this.flush();
    await this.closeFile();
  }

  /** stats counts written, dropped (queue full) and failed (write error) reviews, and lists the files kept. */
  stats(): CaptureStats {
    return { written: this.written, dropped: this.dropped, failed: this.failed, files: [...this.files] };
  }
}
