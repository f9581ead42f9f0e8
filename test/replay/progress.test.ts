import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { PROGRESS_THRESHOLD, ProgressBar } from '../../src/replay/progress.js';

function terminal() {
  const stream = new PassThrough();
  let text = '';
  stream.setEncoding('utf8').on('data', (d: string) => (text += d));
  return { stream, text: () => text };
}

describe('ProgressBar', () => {
  it('stays silent for a few hundred reviews', () => {
    const t = terminal();
    const bar = new ProgressBar(t.stream, () => 1000);
    bar.update(PROGRESS_THRESHOLD - 1, 10, 100);
    bar.clear();
    expect(t.text()).toBe('');
  });

  it('draws the share of bytes read and the count, at most ten times a second, and clears itself', () => {
    const t = terminal();
    let now = 1000;
    const bar = new ProgressBar(t.stream, () => now);
    bar.update(600, 50, 100);
    bar.update(700, 60, 100);
    now += 100;
    bar.update(800, 100, 100);
    bar.clear();
    expect(t.text()).toBe(
      `\r[${'#'.repeat(15)}${'.'.repeat(15)}]  50% 600 reviews\u001b[K` +
        `\r[${'#'.repeat(30)}] 100% 800 reviews\u001b[K` +
        '\r\u001b[K',
    );
  });

  it('counts reviews alone when the input size is unknown (stdin)', () => {
    const t = terminal();
    new ProgressBar(t.stream, () => 0).update(1200, 999, undefined);
    expect(t.text()).toBe('\r1200 reviews\u001b[K');
  });
});
