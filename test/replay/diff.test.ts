import { describe, expect, it } from 'vitest';
import { unifiedDiff } from '../../src/replay/diff.js';

describe('unifiedDiff', () => {
  it('is empty for equal texts', () => {
    expect(unifiedDiff('a\nb\n', 'a\nb\n', 'x', 'y')).toBe('');
  });

  it('renders additions in diff -u format with three lines of context', () => {
    const before = ['apiVersion: v1', 'kind: CronTab', 'metadata:', '  name: a', 'spec:', '  image: busybox', '  replicas: 3', ''].join('\n');
    const after = ['apiVersion: v1', 'kind: CronTab', 'metadata:', '  name: a', 'spec:', '  cronSpec: 5 0 * * *', '  image: busybox', '  replicas: 3', ''].join('\n');
    expect(unifiedDiff(before, after, 'a (object)', 'a (patched)')).toBe(
      ['--- a (object)', '+++ a (patched)', '@@ -3,5 +3,6 @@', ' metadata:', '   name: a', ' spec:', '+  cronSpec: 5 0 * * *', '   image: busybox', '   replicas: 3', ''].join('\n'),
    );
  });

  it('splits distant changes into separate hunks and shows removals', () => {
    const before = Array.from({ length: 20 }, (_, i) => `line ${i + 1}`).join('\n');
    const after = before.replace('line 2\n', '').replace('line 18', 'line eighteen');
    const diff = unifiedDiff(before, after, 'a', 'b');
    expect(diff.match(/^@@/gm)).toHaveLength(2);
    expect(diff).toContain('@@ -1,5 +1,4 @@\n line 1\n-line 2\n line 3');
    expect(diff).toContain('@@ -15,6 +14,6 @@\n line 15\n line 16\n line 17\n-line 18\n+line eighteen\n line 19\n line 20\n');
  });
});
