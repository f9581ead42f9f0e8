/**
 * Warning limits from the apiserver's warning recorder (endpoints/filters/warning.go):
 * above 4096 runes in total every warning is cut to 256 runes and later ones are dropped.
 */
export const WARNING_TOTAL_RUNES = 4096;
export const WARNING_ITEM_RUNES = 256;

// The apiserver drops warnings with control characters; we replace them instead of losing the text.
const CONTROL_CHARACTERS = /[\u0000-\u0008\u000a-\u001f\u007f]/g;

function runeLength(text: string): number {
  let n = 0;
  for (const _ of text) n++;
  return n;
}

function truncateRunes(text: string, max: number): string {
  let out = '';
  let n = 0;
  for (const ch of text) {
    if (n === max) break;
    out += ch;
    n++;
  }
  return out;
}

/**
 * normalizeWarnings applies the apiserver's rules to warnings before they are
 * sent: empty and duplicate texts go, control characters become spaces, and
 * the total is bounded as the apiserver would bound it.
 */
export function normalizeWarnings(warnings: readonly string[]): string[] {
  const seen = new Set<string>();
  const kept: string[] = [];
  for (const raw of warnings) {
    const text = raw.replace(CONTROL_CHARACTERS, ' ').trim();
    if (text.length === 0 || seen.has(text)) continue;
    seen.add(text);
    kept.push(text);
  }
  let total = 0;
  for (const text of kept) total += runeLength(text);
  if (total <= WARNING_TOTAL_RUNES) return kept;
  const truncated: string[] = [];
  total = 0;
  for (const text of kept) {
    const cut = truncateRunes(text, WARNING_ITEM_RUNES);
    const length = runeLength(cut);
    if (total + length > WARNING_TOTAL_RUNES) break;
    total += length;
    truncated.push(cut);
  }
  return truncated;
}
