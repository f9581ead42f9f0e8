import { write, writeSync } from 'node:fs';

const RETRY_MS = 10;

/** LineBufferOptions size the buffer and say where its text goes. */
export interface LineBufferOptions {
  /** File descriptor written to (1 for stdout). */
  readonly fd: number;
  /** Text gathered before one write is started. */
  readonly flushBytes: number;
  /** Beyond this much unwritten text (a stuck stdout), new lines are dropped and counted. */
  readonly maxPendingBytes: number;
}

/**
 * LineBuffer is the log destination of `serve`: lines are gathered in memory
 * and written with one asynchronous write per flushBytes, in order, never two
 * writes at once. pino's own sonic-boom measured ~3 µs per line here (it
 * re-measures its whole buffer on each line); this costs an array push.
 */
export class LineBuffer {
  #chunks: string[] = [];
  #pending = 0;
  #writing = false;
  #dropped = 0;

  constructor(private readonly options: LineBufferOptions) {}

  /** write takes one line (pino calls it with the line and its newline). */
  write(line: string): boolean {
    if (this.#pending + line.length > this.options.maxPendingBytes) {
      this.#dropped++;
      return false;
    }
    this.#chunks.push(line);
    this.#pending += line.length;
    if (this.#pending >= this.options.flushBytes) this.flush();
    return true;
  }

  /** dropped is how many lines a stuck destination made us drop. */
  get dropped(): number {
    return this.#dropped;
  }

  /** flush starts writing what is gathered, unless a write is already under way (it continues when that ends). */
  flush(): void {
    if (this.#writing || this.#chunks.length === 0) return;
    this.#writing = true;
    this.#writeOut(Buffer.from(this.#take(), 'utf8'));
  }

  // Writes all of bytes, continuing after partial writes and waiting out EAGAIN (a non-blocking pipe that is full).
  #writeOut(bytes: Buffer): void {
    write(this.options.fd, bytes, 0, bytes.length, null, (error, written) => {
      if (error && (error as NodeJS.ErrnoException).code === 'EAGAIN') {
        setTimeout(() => this.#writeOut(bytes), RETRY_MS).unref();
        return;
      }
      if (!error && written < bytes.length) {
        this.#writeOut(bytes.subarray(written));
        return;
      }
      // Any other failure (EPIPE: nobody reads stdout) loses these lines, never the server.
      if (error) this.#dropped++;
      this.#writing = false;
      if (this.#pending >= this.options.flushBytes) this.flush();
    });
  }

  /** flushSync writes everything gathered now (at exit; an asynchronous write still under way may land after it). */
  flushSync(): void {
    if (this.#chunks.length === 0) return;
    const text = this.#take();
    try {
      writeSync(this.options.fd, text);
    } catch {
      this.#dropped++;
    }
  }

  #take(): string {
    const text = this.#chunks.join('');
    this.#chunks = [];
    this.#pending = 0;
    return text;
  }
}
