import { describe, expect, it } from 'vitest';
import { parseTimeout } from '../../src/server/timeout.js';

describe('parseTimeout', () => {
  it.each([
    ['10s', 10_000],
    ['30s', 30_000],
    ['1m30s', 90_000],
    ['1500ms', 1500],
    ['2.5s', 2500],
  ])('reads the Go duration %s', (text, ms) => {
    expect(parseTimeout(text)).toBe(ms);
  });

  it.each([undefined, '', '10', 'soon', '-5s', ['10s', '20s']])('ignores %j', (value) => {
    expect(parseTimeout(value)).toBeUndefined();
  });
});
