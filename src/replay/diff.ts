/** DIFF_CONTEXT is the number of unchanged lines shown around each change, as `diff -u`. */
export const DIFF_CONTEXT = 3;

// Above this many line pairs the LCS table is too big: show the change as a whole replacement.
const MAX_CELLS = 4_000_000;

type Edit = { readonly kind: ' ' | '-' | '+'; readonly line: string };

function editScript(a: readonly string[], b: readonly string[]): Edit[] {
  if (a.length * b.length > MAX_CELLS) {
    return [...a.map((line) => ({ kind: '-' as const, line })), ...b.map((line) => ({ kind: '+' as const, line }))];
  }
  // lcs[i][j] = length of the longest common subsequence of a[i..] and b[j..].
  const width = b.length + 1;
  const lcs = new Uint32Array((a.length + 1) * width);
  for (let i = a.length - 1; i >= 0; i--) {
    for (let j = b.length - 1; j >= 0; j--) {
      lcs[i * width + j] = a[i] === b[j] ? (lcs[(i + 1) * width + j + 1] ?? 0) + 1 : Math.max(lcs[(i + 1) * width + j] ?? 0, lcs[i * width + j + 1] ?? 0);
    }
  }
  const edits: Edit[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length || j < b.length) {
    if (i < a.length && j < b.length && a[i] === b[j]) {
      edits.push({ kind: ' ', line: a[i++] ?? '' });
      j++;
    } else if (i < a.length && (j === b.length || (lcs[(i + 1) * width + j] ?? 0) >= (lcs[i * width + j + 1] ?? 0))) {
      // Removals before additions, as diff -u prints a changed line.
      edits.push({ kind: '-', line: a[i++] ?? '' });
    } else {
      edits.push({ kind: '+', line: b[j++] ?? '' });
    }
  }
  return edits;
}

function hunkRanges(edits: readonly Edit[], context: number): [number, number][] {
  const ranges: [number, number][] = [];
  edits.forEach((edit, index) => {
    if (edit.kind === ' ') return;
    const start = Math.max(0, index - context);
    const end = Math.min(edits.length, index + context + 1);
    const last = ranges[ranges.length - 1];
    if (last && start <= last[1]) last[1] = Math.max(last[1], end);
    else ranges.push([start, end]);
  });
  return ranges;
}

function lineRange(start: number, count: number): string {
  return count === 1 ? `${start}` : `${count === 0 ? start - 1 : start},${count}`;
}

/**
 * unifiedDiff renders the differences between two texts in `diff -u`
 * format (---/+++ headers, @@ hunks with three lines of context); an empty
 * string when they are equal.
 */
export function unifiedDiff(before: string, after: string, fromLabel: string, toLabel: string, context = DIFF_CONTEXT): string {
  if (before === after) return '';
  const split = (text: string): string[] => (text.endsWith('\n') ? text.slice(0, -1) : text).split('\n');
  const edits = editScript(split(before), split(after));
  const out = [`--- ${fromLabel}`, `+++ ${toLabel}`];
  for (const [start, end] of hunkRanges(edits, context)) {
    let oldLine = 1;
    let newLine = 1;
    for (const edit of edits.slice(0, start)) {
      if (edit.kind !== '+') oldLine++;
      if (edit.kind !== '-') newLine++;
    }
    const hunk = edits.slice(start, end);
    const oldCount = hunk.filter((e) => e.kind !== '+').length;
    const newCount = hunk.filter((e) => e.kind !== '-').length;
    out.push(`@@ -${lineRange(oldLine, oldCount)} +${lineRange(newLine, newCount)} @@`);
    for (const edit of hunk) out.push(`${edit.kind}${edit.line}`);
  }
  return `${out.join('\n')}\n`;
}
