import { closeSync, mkdtempSync, openSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { LineBuffer } from '../../src/cli/line-buffer.js';

const opened: number[] = [];
afterEach(() => opened.splice(0).forEach((fd) => closeSync(fd)));

function logFile(): { fd: number; read: () => string } {
  const path = join(mkdtempSync(join(tmpdir(), 'line-buffer-')), 'log.jsonl');
  const fd = openSync(path, 'w');
  opened.push(fd);
  return { fd, read: () => readFileSync(path, 'utf8') };
}

const settle = (ms = 50) => new Promise((resolve) => setTimeout(resolve, ms));

describe('LineBuffer', () => {
  it('keeps lines below the flush size in memory until flushed, then writes them in order', async () => {
    const file = logFile();
    const buffer = new LineBuffer({ fd: file.fd, flushBytes: 1024, maxPendingBytes: 1 << 20 });
    buffer.write('{"n":1}\n');
    buffer.write('{"n":2}\n');
    await settle();
    expect(file.read()).toBe('');
    buffer.flush();
    await settle();
    expect(file.read()).toBe('{"n":1}\n{"n":2}\n');
  });

  it('writes on its own once the flush size is reached, and loses no line across many writes', async () => {
    const file = logFile();
    const buffer = new LineBuffer({ fd: file.fd, flushBytes: 256, maxPendingBytes: 1 << 20 });
    for (let n = 0; n < 5000; n++) buffer.write(`{"n":${n},"text":"é ünïcode"}\n`);
    await settle(200);
    buffer.flushSync();
    const lines = file.read().trimEnd().split('\n').map((line) => JSON.parse(line) as { n: number });
    expect(lines.map((line) => line.n)).toEqual(Array.from({ length: 5000 }, (_, n) => n));
    expect(buffer.dropped).toBe(0);
  });

  it('drops and counts lines beyond the pending limit instead of growing without bound', () => {
    const file = logFile();
    const buffer = new LineBuffer({ fd: file.fd, flushBytes: 1 << 20, maxPendingBytes: 100 });
    const accepted = Array.from({ length: 10 }, () => buffer.write(`${'x'.repeat(29)}\n`));
    expect(accepted).toEqual([true, true, true, false, false, false, false, false, false, false]);
    expect(buffer.dropped).toBe(7);
    buffer.flushSync();
    expect(file.read()).toBe(`${'x'.repeat(29)}\n`.repeat(3));
  });

  it('counts a failed write (a closed descriptor) and keeps accepting lines', async () => {
    const buffer = new LineBuffer({ fd: 987_654, flushBytes: 10, maxPendingBytes: 1 << 20 });
    buffer.write('{"lost":true}\n');
    await settle();
    expect(buffer.dropped).toBe(1);
    expect(buffer.write('{"next":true}\n')).toBe(true);
  });
});
