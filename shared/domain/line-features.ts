import { foldLine, isHeadlineLike, textWordsOf } from './text.ts';
import stopwordData from '../data/stopwords.json' with { type: 'json' };
import gazetteer from '../data/gazetteer.json' with { type: 'json' };

/**
 * Generic features of one line of an article, the way jusText and boilerpipe describe text blocks:
 * shape (length, punctuation, case, digits, symbols), stop-word density, link/date/credit shapes,
 * position, distance from the nearest prose, repetition, and the same of the neighbouring lines.
 * None names an outlet or a phrase: the line model (line-model.ts) learns what they mean from data.
 *
 * A feature is a number, mostly in 0..1 (logs of counts are scaled to about that range), so one
 * weight per feature is comparable across them.
 */

/** Short function words of the languages in `stopwords-iso`, derived by `npm run train:clean` (see stopwords.json). */
const STOPWORDS: ReadonlySet<string> = new Set((stopwordData as { words: string }).words.split(' '));

/** Agency names from the gazetteer, lower-cased: a credit line names one ("Name / Agency via Getty Images"). */
const AGENCIES: ReadonlySet<string> = new Set(
  gazetteer.agencies.flatMap((a) => a.aliases).filter((a) => !a.includes(' ')).map((a) => a.toLowerCase()),
);

const OWN_FEATURES = [
  'words', 'chars', 'sentenceEnd', 'colonEnd', 'ellipsisEnd', 'stopwords', 'capitalised', 'upperCase', 'digits',
  'symbols', 'meanWordLength', 'bulletStart', 'separators', 'brackets', 'bracketed', 'link', 'dateShape',
  'timeShape', 'creditShape', 'agency', 'headlineShape', 'question', 'quoteStart', 'repeated', 'leadOverlap',
  'position', 'beforeProse', 'afterProse', 'proseDistance', 'shortRun', 'oneWord', 'allCapsLine',
  'prose', 'proseWords', 'stopwordsByLength', 'tableRow',
] as const;

const NEIGHBOUR_FEATURES = ['words', 'sentenceEnd', 'stopwords', 'headlineShape', 'symbols'] as const;

/** Feature names in vector order: the line's own, then `prev.*` and `next.*` of its neighbours. */
export const FEATURE_NAMES: readonly string[] = [
  ...OWN_FEATURES,
  ...NEIGHBOUR_FEATURES.map((f) => `prev.${f}`),
  ...NEIGHBOUR_FEATURES.map((f) => `next.${f}`),
];

type Own = Record<(typeof OWN_FEATURES)[number], number>;

const URL_SHAPE = /https?:\/\/|www\.|\.(?:com|org|net|id|co|ru|de|fr|tr|ir)\b\/?|@\w{2,}|\S@\S+\.\w/iu;
const DATE_SHAPE = /\b\d{1,4}[./-]\d{1,2}[./-]\d{1,4}\b|\b(?:19|20)\d{2}\b/u;
const TIME_SHAPE = /\b\d{1,2}[:.]\d{2}\b/u;
const CREDIT_SHAPE = /\p{Lu}[\p{L}'’-]*\s?\/\s?\p{Lu}|©|\(c\)|\bvia\s\p{Lu}/u;
const BULLET_START = /^[\s>»›•·*▶►■□◆◇→✓|#-]/u;
const SEPARATORS = /[|•·»›/\\]|\s[-–—]\s/gu;
const BRACKETS = /[[\](){}<>]/gu;
const BRACKETED = /^[[(<{].*[\])>}]$|^[-–—=*_]{2,}.*[-–—=*_]{2,}$/u;
const SENTENCE_END = /[.!?。؟۔]["”'’»)\]]?$/u;
const SYMBOL = /[^\p{L}\p{M}\p{N}\s]/gu;

/** A line with at least this many words ending a sentence is prose: the reference for distances. */
const PROSE_WORDS = 12;

/** Cells of a data row: pipe- or tab-separated fields, or the keys of a one-line JSON object; 0 for other lines. */
function cellsOf(text: string): number {
  if (/^\{.*\}$/u.test(text)) return (text.match(/":/gu) ?? []).length;
  const pipes = (text.match(/[|\t]/gu) ?? []).length;
  return pipes >= 2 ? pipes : 0;
}

function clip(x: number): number {
  return Math.max(0, Math.min(x, 1));
}

/** Log of a count scaled so 1 ≈ `top`: `logScale(0, 100)` → 0, `logScale(100, 100)` → 1. */
function logScale(n: number, top: number): number {
  return clip(Math.log1p(n) / Math.log1p(top));
}

function ownFeatures(text: string): Omit<Own, 'repeated' | 'leadOverlap' | 'position' | 'beforeProse' | 'afterProse' | 'proseDistance' | 'shortRun' | 'tableRow'> & { wordSet: Set<string>; cells: number } {
  const { words, lowerWords } = textWordsOf(text);
  const n = words.length;
  let stop = 0;
  let capitalised = 0;
  let upper = 0;
  let digits = 0;
  let agency = 0;
  let letters = 0;
  for (let i = 0; i < n; i++) {
    const w = words[i] ?? '';
    const lw = lowerWords[i] ?? '';
    letters += w.length;
    if (STOPWORDS.has(lw)) stop++;
    if (AGENCIES.has(lw)) agency = 1;
    const first = w.charAt(0);
    if (/\p{N}/u.test(first)) digits++;
    else if (first !== first.toLowerCase()) {
      capitalised++;
      if (w.length > 1 && w === w.toUpperCase()) upper++;
    }
  }
  const chars = text.length;
  const symbols = (text.match(SYMBOL) ?? []).length;
  const sentenceEnd = SENTENCE_END.test(text) ? 1 : 0;
  return {
    words: logScale(n, 100),
    chars: logScale(chars, 600),
    sentenceEnd,
    colonEnd: /[:：]$/u.test(text) ? 1 : 0,
    ellipsisEnd: /(?:\.\.\.|…)$/u.test(text) ? 1 : 0,
    stopwords: n ? stop / n : 0,
    capitalised: n ? capitalised / n : 0,
    upperCase: n ? upper / n : 0,
    digits: n ? digits / n : 0,
    symbols: chars ? clip((symbols / chars) * 5) : 0,
    meanWordLength: n ? clip(letters / n / 12) : 0,
    bulletStart: BULLET_START.test(text) ? 1 : 0,
    separators: clip((text.match(SEPARATORS) ?? []).length / 4),
    brackets: clip((text.match(BRACKETS) ?? []).length / 4),
    bracketed: BRACKETED.test(text) ? 1 : 0,
    link: URL_SHAPE.test(text) ? 1 : 0,
    dateShape: DATE_SHAPE.test(text) ? 1 : 0,
    timeShape: TIME_SHAPE.test(text) ? 1 : 0,
    creditShape: CREDIT_SHAPE.test(text) ? 1 : 0,
    agency,
    headlineShape: isHeadlineLike(text) ? 1 : 0,
    question: /[?؟]$/u.test(text) ? 1 : 0,
    quoteStart: /^["“«„'‘]/u.test(text) ? 1 : 0,
    oneWord: n <= 1 ? 1 : 0,
    allCapsLine: n >= 2 && upper === n ? 1 : 0,
    wordSet: new Set(lowerWords.filter((w) => w.length > 3 && !STOPWORDS.has(w))),
    prose: n >= PROSE_WORDS && sentenceEnd === 1 ? 1 : 0,
    // Interactions a linear model cannot form itself: long sentences, and function words in a long line.
    proseWords: sentenceEnd * logScale(n, 100),
    stopwordsByLength: (n ? stop / n : 0) * logScale(n, 100),
    cells: cellsOf(text),
  };
}

/**
 * Feature vectors of an article's lines, in order. `lines` are trimmed, non-empty lines; the
 * vector order is FEATURE_NAMES. Linear in the text: each line is scanned a bounded number of times.
 *
 * @example lineFeatures(['Home | World | Sport', 'Ministers met in Cairo on Sunday to discuss the truce and the next round.'])
 *   // → [[0.3, …], [0.55, …]] (two vectors of FEATURE_NAMES.length numbers)
 */
export function lineFeatures(lines: readonly string[]): number[][] {
  const n = lines.length;
  const own = lines.map((l) => ownFeatures(l));
  const firstProse = own.findIndex((f) => f.prose);
  const lastProse = own.findLastIndex((f) => f.prose);
  // Distance in lines to the nearest prose line, both ways in two passes.
  const distance = new Array<number>(n).fill(n);
  for (let i = 0, last = -1; i < n; i++) {
    if (own[i]?.prose) last = i;
    if (last >= 0) distance[i] = i - last;
  }
  for (let i = n - 1, next = -1; i >= 0; i--) {
    if (own[i]?.prose) next = i;
    if (next >= 0) distance[i] = Math.min(distance[i] ?? n, next - i);
  }
  const counts = new Map<string, number>();
  const folded = lines.map((l) => foldLine(l));
  for (const f of folded) counts.set(f, (counts.get(f) ?? 0) + 1);
  const lead = firstProse >= 0 ? (own[firstProse]?.wordSet ?? new Set<string>()) : new Set<string>();
  // Runs of short lines (menus, link lists): each line gets its run's length.
  const shortRun = new Array<number>(n).fill(0);
  for (let i = 0; i < n; ) {
    let j = i;
    while (j < n && (own[j]?.words ?? 1) < logScale(6, 100) && !own[j]?.sentenceEnd) j++;
    for (let k = i; k < j; k++) shortRun[k] = j - i;
    i = j === i ? i + 1 : j;
  }
  const vectors: number[][] = [];
  const full: Own[] = own.map((f, i) => {
    let overlap = 0;
    if (f.wordSet.size > 0 && i !== firstProse) {
      for (const w of f.wordSet) if (lead.has(w)) overlap++;
      overlap /= f.wordSet.size;
    }
    return {
      ...f,
      repeated: (counts.get(folded[i] ?? '') ?? 0) > 1 ? 1 : 0,
      leadOverlap: overlap,
      position: n > 1 ? i / (n - 1) : 0,
      beforeProse: firstProse < 0 || i < firstProse ? 1 : 0,
      afterProse: lastProse >= 0 && i > lastProse ? 1 : 0,
      proseDistance: logScale(distance[i] ?? n, 20),
      shortRun: logScale(shortRun[i] ?? 0, 10),
      // A row of a table: as many cells as the row above or below it. Tables are content.
      tableRow: f.cells > 0 && (own[i - 1]?.cells === f.cells || own[i + 1]?.cells === f.cells) ? 1 : 0,
    };
  });
  for (let i = 0; i < n; i++) {
    const f = full[i] as Own;
    const v: number[] = OWN_FEATURES.map((name) => f[name]);
    for (const neighbour of [full[i - 1], full[i + 1]]) {
      // A missing neighbour (first or last line) reads as an empty line: all zeros.
      for (const name of NEIGHBOUR_FEATURES) v.push(neighbour ? neighbour[name] : 0);
    }
    vectors.push(v);
  }
  return vectors;
}
