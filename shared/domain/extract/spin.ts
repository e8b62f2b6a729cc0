import type { SpinAssessment } from '../article.ts';
import { classesAt, LOWER, lowerCaseAligns, UPPER, widthAt } from '../text/chars.ts';
import { isParagraphLike, PhraseIndex, phraseMatchesAt, scanWords, wordsOf } from '../text/text.ts';
import spinData from '../../data/spin-pairs.json' with { type: 'json' };

interface SpinPair {
  language: string;
  spun: string;
  original: string;
}

let spinPairs: PhraseIndex<SpinPair> | undefined;

/** Spun phrases keyed by their first word (lower case): one Map lookup per text token. Built on first use, not at import. */
function spinPairIndex(): PhraseIndex<SpinPair> {
  if (!spinPairs) {
    spinPairs = new PhraseIndex<SpinPair>();
    for (const pair of spinData.pairs as SpinPair[]) spinPairs.add(wordsOf(pair.spun.toLowerCase()), pair);
  }
  return spinPairs;
}

const COMMON_WORDS: ReadonlyMap<string, ReadonlySet<string>> = new Map(
  Object.entries(spinData.capitalisedCommonWords).map(([lang, words]) => [lang, new Set(words)]),
);

/** Rate (per 1000 words) of capitalised common words mid-sentence that normal copy never exceeds. */
const NORMAL_CAPS_RATE = 3;

/**
 * Scores how likely a body is an automatically synonym-spun copy, from two cues that generalise:
 * known spinner substitutions (`shared/data/spin-pairs.json`) and common words capitalised in
 * mid-sentence ("… Berjumpa Buat menyepakati …"), which spinners leave behind when they swap a
 * capitalised word for a synonym.
 *
 * @example
 *   assessSpin('Delegasi Amerika Perkumpulan dan Rusia Berjumpa Buat menyepakati …', 'id')
 *   // → { score: 0.9, evidence: ['substitution "Amerika Perkumpulan" (for "Amerika Serikat") ×1', …] }
 */
export function assessSpin(body: string, language: string): SpinAssessment {
  return assessSpinOfWords(body, language, lowerCaseWords(body));
}

/** assessSpin with the body's lower-cased words (`wordsOf(body.toLowerCase())`) already split, as the extract stage has them. */
export function assessSpinOfWords(body: string, language: string, lower: readonly string[]): SpinAssessment {
  const evidence: string[] = [];
  const hits = new Map<SpinPair, number>();
  const index = spinPairIndex();
  for (let i = 0; i < lower.length; i++) {
    for (const { words, value: pair } of index.startingWith(lower[i] ?? '')) {
      if (phraseMatchesAt(words, lower, i)) hits.set(pair, (hits.get(pair) ?? 0) + 1);
    }
  }
  for (const [pair, n] of hits) evidence.push(`substitution "${pair.spun}" (for "${pair.original}") ×${n}`);
  const pairScore = Math.min(0.85, hits.size * 0.35);

  const common = COMMON_WORDS.get(language);
  let capsScore = 0;
  if (common && lower.length >= 50) {
    const counts = new Map<string, number>();
    let total = 0;
    let prose = 0;
    for (const paragraph of body.split(/\n+/)) {
      if (!isParagraphLike(paragraph)) continue;
      prose += scanProseWords(paragraph, (word) => {
        if (!common.has(word.toLowerCase())) return;
        counts.set(word, (counts.get(word) ?? 0) + 1);
        total++;
      });
    }
    const perThousand = prose ? (total / prose) * 1000 : 0;
    capsScore = Math.max(0, Math.min(1, (perThousand - NORMAL_CAPS_RATE) / 12));
    if (total > 0 && capsScore > 0) {
      const listed = [...counts]
        .sort((a, b) => b[1] - a[1])
        .slice(0, 8)
        .map(([w, n]) => `${w} ×${n}`)
        .join(', ');
      evidence.push(`common words capitalised mid-sentence: ${listed} (${perThousand.toFixed(1)} per 1000 words)`);
    }
  }
  const score = 1 - (1 - pairScore) * (1 - capsScore);
  return { score: Math.round(score * 100) / 100, evidence };
}

/**
 * The body's words in lower case, as `wordsOf(body).map(toLowerCase)` gives them, lower-casing the
 * body once when that keeps each word's own lower case (`lowerCaseAligns`), else word by word.
 */
function lowerCaseWords(body: string): string[] {
  const lower = body.toLowerCase();
  return lowerCaseAligns(body, lower) ? wordsOf(lower) : wordsOf(body).map((t) => t.toLowerCase());
}

/**
 * Counts a paragraph's words (`scanWords`, the one definition of a word) and hands `onCapitalised`
 * each word written Capitalised (upper then lower case letter) in mid-sentence: not first, and with no
 * sentence or quote break between it and the previous word.
 */
function scanProseWords(paragraph: string, onCapitalised: (word: string) => void): number {
  let previousEnd = -1;
  return scanWords(paragraph, (start, end) => {
    const midSentence = previousEnd >= 0 && !hasBreak(paragraph, previousEnd, start);
    previousEnd = end;
    if (midSentence && isCapitalised(paragraph, start, end)) onCapitalised(paragraph.slice(start, end));
  });
}

/** Characters that end a sentence or open/close a quote. */
const BREAKS = '.!?:;"“”‘’«»()-–—•';

function hasBreak(text: string, from: number, to: number): boolean {
  for (let i = from; i < to; i++) if (BREAKS.includes(text.charAt(i))) return true;
  return false;
}

function isCapitalised(text: string, start: number, end: number): boolean {
  const second = start + widthAt(text, start);
  return (classesAt(text, start) & UPPER) !== 0 && second < end && (classesAt(text, second) & LOWER) !== 0;
}
