/** PROGRESS_THRESHOLD is the number of reviews after which a progress bar is worth showing. */
export const PROGRESS_THRESHOLD = 500;

const BAR_WIDTH = 30;
const REDRAW_MS = 100;

/**
 * ProgressBar draws `[#####.....] 45% 12345 reviews` on a terminal's stderr
 * (by bytes read when the input sizes are known, a counter for stdin),
 * at most ten times a second, only once there are enough reviews to wait for.
 */
export class ProgressBar {
  private lastDraw = Number.NEGATIVE_INFINITY;
  private drawn = false;

  constructor(
    private readonly stream: NodeJS.WritableStream,
    private readonly now: () => number = () => Date.now(),
  ) {}

  /** update redraws the bar if it is time to. */
  update(reviews: number, bytesRead: number, totalBytes: number | undefined): void {
    if (reviews < PROGRESS_THRESHOLD) return;
    const time = this.now();
    if (time - this.lastDraw < REDRAW_MS) return;
    this.lastDraw = time;
    this.drawn = true;
    let text = `${reviews} reviews`;
    if (totalBytes !== undefined && totalBytes > 0) {
      const ratio = Math.min(1, bytesRead / totalBytes);
      const filled = Math.round(ratio * BAR_WIDTH);
      text = `[${'#'.repeat(filled)}${'.'.repeat(BAR_WIDTH - filled)}] ${String(Math.floor(ratio * 100)).padStart(3)}% ${text}`;
    }
    this.stream.write(`\r${text}\u001b[K`);
  }

  /** clear erases the bar before the final report. */
  clear(): void {
    if (this.drawn) this.stream.write('\r\u001b[K');
    this.drawn = false;
  }
}
