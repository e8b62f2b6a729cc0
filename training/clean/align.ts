/**
 * Labels the lines of a page dump from a reviewed main content: the dump's words are aligned with
 * the main content's words (a patience diff: words unique to both sides anchor the alignment, the
 * gaps between anchors are aligned recursively, small gaps by longest common subsequence), and a line
 * whose words are mostly matched is content. Order matters: a menu item that repeats a word of the
 * article is not matched, as it sits outside the aligned run.
 *
 * Words are the benchmark's: lower-cased runs of letters, digits and `_` (score-pages.mjs).
 */

const WORD = /[\p{L}\p{N}_]+/gu;

/** The benchmark's words of a text, lower-cased. */
export function benchmarkWords(text: string): string[] {
  return text.toLowerCase().match(WORD) ?? [];
}

/** Largest gap (cells of the table) aligned by longest common subsequence; larger gaps without anchors stay unmatched. */
const LCS_CELLS = 4_000_000;

/**
 * For each word of `a`, the index of the word of `b` it is aligned with, or -1. The matched pairs
 * increase in both sequences (an alignment, not a bag-of-words overlap). Deterministic.
 *
 * @example alignWords(['home', 'the', 'talks', 'ended'], ['the', 'talks', 'ended']) // → [-1, 0, 1, 2]
 */
export function alignWords(a: readonly string[], b: readonly string[]): Int32Array {
  const match = new Int32Array(a.length).fill(-1);
  // An explicit stack: deep recursion on long pages would overflow the call stack.
  const stack: [number, number, number, number][] = [[0, a.length, 0, b.length]];
  while (stack.length > 0) {
    let [aLo, aHi, bLo, bHi] = stack.pop() as [number, number, number, number];
    // A common head is matched at once (no common tail: with an article printed twice, the first copy is the one to match).
    while (aLo < aHi && bLo < bHi && a[aLo] === b[bLo]) match[aLo++] = bLo++;
    if (aLo >= aHi || bLo >= bHi) continue;
    let anchors = uniqueAnchors(a, b, aLo, aHi, bLo, bHi, false);
    // A page that prints its article twice (a responsive copy) has no word unique on its side: anchor
    // on the first copy, as the cleaner keeps the first of two repeated lines.
    if (anchors.length === 0) anchors = uniqueAnchors(a, b, aLo, aHi, bLo, bHi, true);
    if (anchors.length > 0) {
      let prevA = aLo;
      let prevB = bLo;
      for (const [i, j] of anchors) {
        match[i] = j;
        stack.push([prevA, i, prevB, j]);
        prevA = i + 1;
        prevB = j + 1;
      }
      stack.push([prevA, aHi, prevB, bHi]);
      continue;
    }
    if ((aHi - aLo) * (bHi - bLo) <= LCS_CELLS) lcs(a, b, aLo, aHi, bLo, bHi, match);
  }
  return match;
}

/**
 * Words occurring exactly once in both ranges (with `firstInA`: once in `b`, at their first
 * occurrence in `a`), as (a index, b index) pairs on a longest increasing run of b indices.
 */
function uniqueAnchors(a: readonly string[], b: readonly string[], aLo: number, aHi: number, bLo: number, bHi: number, firstInA: boolean): [number, number][] {
  const inA = new Map<string, number>();
  for (let i = aLo; i < aHi; i++) {
    const w = a[i] as string;
    if (!inA.has(w)) inA.set(w, i);
    else if (!firstInA) inA.set(w, -1);
  }
  const inB = new Map<string, number>();
  for (let j = bLo; j < bHi; j++) {
    const w = b[j] as string;
    if (inA.has(w)) inB.set(w, inB.has(w) ? -1 : j);
  }
  const pairs: [number, number][] = [];
  for (let i = aLo; i < aHi; i++) {
    const w = a[i] as string;
    if (inA.get(w) !== i) continue;
    const j = inB.get(w);
    if (j !== undefined && j >= 0) pairs.push([i, j]);
  }
  return longestIncreasing(pairs);
}

/** The longest subsequence of `pairs` (sorted by a index) whose b indices increase (patience sorting). */
function longestIncreasing(pairs: readonly [number, number][]): [number, number][] {
  if (pairs.length === 0) return [];
  const tails: number[] = [];
  const previous = new Int32Array(pairs.length).fill(-1);
  for (let k = 0; k < pairs.length; k++) {
    const j = (pairs[k] as [number, number])[1];
    let lo = 0;
    let hi = tails.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if ((pairs[tails[mid] as number] as [number, number])[1] < j) lo = mid + 1;
      else hi = mid;
    }
    if (lo > 0) previous[k] = tails[lo - 1] as number;
    tails[lo] = k;
  }
  const out: [number, number][] = [];
  for (let k = tails[tails.length - 1] as number; k >= 0; k = previous[k] as number) out.push(pairs[k] as [number, number]);
  return out.reverse();
}

/** Longest common subsequence of two small ranges, written into `match`. */
function lcs(a: readonly string[], b: readonly string[], aLo: number, aHi: number, bLo: number, bHi: number, match: Int32Array): void {
  const n = aHi - aLo;
  const m = bHi - bLo;
  const width = m + 1;
  const table = new Uint32Array((n + 1) * width);
  for (let i = n - 1; i >= 0; i--) {
    for (let j = m - 1; j >= 0; j--) {
      table[i * width + j] =
        a[aLo + i] === b[bLo + j]
          ? (table[(i + 1) * width + j + 1] as number) + 1
          : Math.max(table[(i + 1) * width + j] as number, table[i * width + j + 1] as number);
    }
  }
  let i = 0;
  let j = 0;
  while (i < n && j < m) {
    if (a[aLo + i] === b[bLo + j]) {
      match[aLo + i] = bLo + j;
      i++;
      j++;
    } else if ((table[(i + 1) * width + j] as number) >= (table[i * width + j + 1] as number)) i++;
    else j++;
  }
}

/** Share of a line's words at or above which the line is content. */
export const CONTENT_SHARE = 0.5;

/**
 * For each line, the share of its words aligned with `reference` (NaN for a line without words).
 *
 * @example matchedShares(['Home', 'The talks ended.'], 'The talks ended.') // → [0, 1]
 */
export function matchedShares(lines: readonly string[], reference: string): number[] {
  const words: string[] = [];
  const lineOf: number[] = [];
  lines.forEach((line, i) => {
    for (const w of benchmarkWords(line)) {
      words.push(w);
      lineOf.push(i);
    }
  });
  const match = alignWords(words, benchmarkWords(reference));
  const total = new Array<number>(lines.length).fill(0);
  const matched = new Array<number>(lines.length).fill(0);
  for (let k = 0; k < words.length; k++) {
    const line = lineOf[k] as number;
    total[line] = (total[line] ?? 0) + 1;
    if ((match[k] ?? -1) >= 0) matched[line] = (matched[line] ?? 0) + 1;
  }
  return total.map((t, i) => (t === 0 ? Number.NaN : (matched[i] ?? 0) / t));
}
