/**
 * Token-level scoring of extracted article text against hand-made ground truth,
 * the measure the team uses for HTML extraction: lower-cased word tokens,
 * compared as multisets, so order and whitespace do not matter but every kept
 * caption word or dropped sentence does.
 */

export interface TokenScore {
  precision: number;
  recall: number;
  f1: number;
}

const WORD = /[\p{L}\p{N}]+/gu;

/** `'Rp 48 triliun, turun.'` → `['rp', '48', 'triliun', 'turun']`. */
export function wordTokensOf(text: string): string[] {
  return text.toLowerCase().match(WORD) ?? [];
}

/**
 * Precision, recall and F1 of the extracted text's tokens against the truth's.
 *
 * @example
 *   scoreTokens('a b c caption', 'a b c d') // → { precision: 0.75, recall: 0.75, f1: 0.75 }
 */
export function scoreTokens(extracted: string, truth: string): TokenScore {
  const expected = new Map<string, number>();
  const truthTokens = wordTokensOf(truth);
  for (const token of truthTokens) expected.set(token, (expected.get(token) ?? 0) + 1);
  const extractedTokens = wordTokensOf(extracted);
  let overlap = 0;
  for (const token of extractedTokens) {
    const left = expected.get(token) ?? 0;
    if (left > 0) {
      overlap++;
      expected.set(token, left - 1);
    }
  }
  const precision = extractedTokens.length === 0 ? 0 : overlap / extractedTokens.length;
  const recall = truthTokens.length === 0 ? 0 : overlap / truthTokens.length;
  const f1 = precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall);
  return { precision, recall, f1 };
}
