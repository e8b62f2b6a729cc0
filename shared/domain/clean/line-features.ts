import { classesOf, lowerCaseAligns, SPACE, WORD_CHAR } from '../text/chars.ts';
import { foldLine, isHeadlineLike, scanWords, textWordsOf } from '../text/text.ts';
import stopwordData from '../../data/stopwords.json' with { type: 'json' };
import gazetteer from '../../data/gazetteer.json' with { type: 'json' };

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
  gazetteer.agencies
    .flatMap((a) => a.aliases)
    .filter((a) => !a.includes(' '))
    .map((a) => a.toLowerCase()),
);

const OWN_FEATURES = [
  'words',
  'chars',
  'sentenceEnd',
  'colonEnd',
  'ellipsisEnd',
  'stopwords',
  'capitalised',
  'upperCase',
  'digits',
  'symbols',
  'meanWordLength',
  'bulletStart',
  'separators',
  'brackets',
  'bracketed',
  'link',
  'dateShape',
  'timeShape',
  'creditShape',
  'agency',
  'headlineShape',
  'question',
  'quoteStart',
  'repeated',
  'leadOverlap',
  'position',
  'beforeProse',
  'afterProse',
  'proseDistance',
  'shortRun',
  'oneWord',
  'allCapsLine',
  'prose',
  'proseWords',
  'stopwordsByLength',
  'tableRow',
] as const;

const NEIGHBOUR_FEATURES = ['words', 'sentenceEnd', 'stopwords', 'headlineShape', 'symbols'] as const;

/** Feature names in vector order: the line's own, then `prev.*` and `next.*` of its neighbours. */
export const FEATURE_NAMES: readonly string[] = [...OWN_FEATURES, ...NEIGHBOUR_FEATURES.map((f) => `prev.${f}`), ...NEIGHBOUR_FEATURES.map((f) => `next.${f}`)];

const URL_SHAPE = /https?:\/\/|www\.|\.(?:com|org|net|id|co|ru|de|fr|tr|ir)\b\/?|@\w{2,}|\S@\S+\.\w/iu;
const DATE_SHAPE = /\b\d{1,4}[./-]\d{1,2}[./-]\d{1,4}\b|\b(?:19|20)\d{2}\b/u;
const TIME_SHAPE = /\b\d{1,2}[:.]\d{2}\b/u;
const CREDIT_SHAPE = /\p{Lu}[\p{L}'’-]*\s?\/\s?\p{Lu}|©|\(c\)|\bvia\s\p{Lu}/u;
const BULLET_START = /^[\s>»›•·*▶►■□◆◇→✓|#-]/u;
const BRACKETED = /^[[(<{].*[\])>}]$|^[-–—=*_]{2,}.*[-–—=*_]{2,}$/u;
/** Opening quotes: " “ « „ ' ‘ */
const QUOTES: ReadonlySet<number> = new Set([0x22, 0x201c, 0xab, 0x201e, 0x27, 0x2018]);

/** A line with at least this many words ending a sentence is prose: the reference for distances. */
const PROSE_WORDS = 12;

/** Cells of a data row: pipe- or tab-separated fields, or the keys of a one-line JSON object; 0 for other lines. */
function cellsOf(text: string, pipes: number, numericWords: number): number {
  if (text.charCodeAt(0) === 0x7b && text.charCodeAt(text.length - 1) === 0x7d) return (text.match(/":/gu) ?? []).length;
  if (pipes >= 2) return pipes;
  // A row of numbers set with spaces ("1 Jepang 1 1 0 0 3 4 2 2"): its cells are its tokens.
  if (numericWords < 2) return 0;
  const tokens = text.split(' ');
  if (tokens.length < 4) return 0;
  const numbers = tokens.filter((t) => /^[-+]?\d+(?:[.,:]\d+)?%?$/u.test(t)).length;
  return numbers * 2 >= tokens.length ? tokens.length : 0;
}

function clip(x: number): number {
  return Math.max(0, Math.min(x, 1));
}

/** Log of a count scaled so 1 ≈ `top`: `logScale(0, 100)` → 0, `logScale(100, 100)` → 1. */
function logScale(n: number, top: number): number {
  return clip(Math.log1p(n) / Math.log1p(top));
}

/**
 * What a line's features need from the line alone: its own features (the context ones left at 0),
 * folded text and content words. Computed once per line and reused when the line's context changes.
 */
export interface LineShape {
  text: string;
  folded: string;
  /** Own features in OWN_FEATURES order; context features (repetition, position, …) are 0 here. */
  values: Float64Array;
  wordSet: Set<string>;
  cells: number;
  prose: boolean;
}

const AT: Readonly<Record<(typeof OWN_FEATURES)[number], number>> = Object.fromEntries(OWN_FEATURES.map((name, i) => [name, i])) as Record<
  (typeof OWN_FEATURES)[number],
  number
>;
const NEIGHBOUR_AT: readonly number[] = NEIGHBOUR_FEATURES.map((name) => AT[name]);
const SHORT_WORDS = logScale(6, 100);

const PIPE = 1;
const SLASH = 2;
const SYMBOL = 4;
const SEPARATOR = 8;
const DASH = 16;
const BRACKET = 32;

/** What each ASCII character counts as in countMarks: tab and `|` are cell pipes; any non-alphanumeric above space is a symbol. */
const ASCII_MARKS: Uint8Array = (() => {
  const table = new Uint8Array(0x80);
  for (let c = 0; c < 0x80; c++) {
    const isAlnum = (c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a);
    let mark = c === 0x09 || c === 0x7c ? PIPE : c === 0x2f ? SLASH : 0;
    if (!isAlnum && c > 0x20) {
      mark |= SYMBOL;
      if (c === 0x7c || c === 0x2f || c === 0x5c) mark |= SEPARATOR;
      else if (c === 0x2d) mark |= DASH;
      else if ('()[]{}<>'.includes(String.fromCharCode(c))) mark |= BRACKET;
    }
    table[c] = mark;
  }
  return table;
})();

/** Counts symbols, separators and brackets in one pass (no regex match arrays on long lines). */
function countMarks(text: string): { symbols: number; separators: number; brackets: number; pipes: number; slashes: number; unspaced: number } {
  let pipes = 0;
  let unspaced = 0;
  let slashes = 0;
  let symbols = 0;
  let separators = 0;
  let brackets = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x80) {
      const mark = ASCII_MARKS[c] as number;
      if (mark === 0) continue;
      if (mark & PIPE) pipes++;
      else if (mark & SLASH) slashes++;
      if ((mark & SYMBOL) === 0) continue;
      symbols++;
      if (mark & SEPARATOR) separators++;
      else if (mark & DASH) {
        if (text.charCodeAt(i - 1) === 0x20 && text.charCodeAt(i + 1) === 0x20) separators++;
      } else if (mark & BRACKET) brackets++;
    } else if (isUnspacedScript(c)) {
      unspaced++;
    } else if ((classesOf(c) & (WORD_CHAR | SPACE)) === 0 && (c < 0xd800 || c > 0xdfff)) {
      symbols++;
      if (c === 0x2022 || c === 0xb7 || c === 0xbb || c === 0x203a || c === 0x2013 || c === 0x2014) separators++;
    }
  }
  return { symbols, separators, brackets, pipes, slashes, unspaced };
}

/** Letters of scripts written without spaces in `text` (two make a word, as lineShapeOf counts words). */
export function unspacedLetters(text: string): number {
  let n = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c >= 0x0e00 && isUnspacedScript(c)) n++;
  }
  return n;
}

/**
 * Letters of scripts written without spaces between words (Thai, Lao, Khmer, Myanmar, kana, Han):
 * a line of them is one "word" to a space-splitting tokenizer, so their words are estimated at two
 * characters each instead (without it, Japanese prose looks like a run of one-word menu items).
 */
function isUnspacedScript(c: number): boolean {
  return (
    (c >= 0x0e00 && c <= 0x0eff) ||
    (c >= 0x1000 && c <= 0x109f) ||
    (c >= 0x1780 && c <= 0x17ff) ||
    (c >= 0x3040 && c <= 0x30ff) ||
    (c >= 0x3400 && c <= 0x9fff) ||
    (c >= 0xf900 && c <= 0xfaff)
  );
}

/** Words of a line, counted in one scan: stop words, capitalised, upper-case and digit-led words, agencies, content words. */
interface WordCounts {
  n: number;
  stop: number;
  capitalised: number;
  upper: number;
  digits: number;
  agency: number;
  letters: number;
  wordSet: Set<string>;
}

/** Whether `text[start, end)` reads the same upper-cased: an ASCII scan, `toUpperCase` only for other scripts. */
function isUpperCaseAt(text: string, start: number, end: number): boolean {
  for (let i = start; i < end; i++) {
    const c = text.charCodeAt(i);
    if (c >= 0x80) {
      const w = text.slice(start, end);
      return w === w.toUpperCase();
    }
    if (c >= 0x61 && c <= 0x7a) return false;
  }
  return true;
}

const STOPWORD = 1;
const AGENCY = 2;

/** STOPWORDS and AGENCIES as one look-up per word: a word's bits say which lists hold it. */
const WORD_LISTS: ReadonlyMap<string, number> = (() => {
  const lists = new Map<string, number>();
  for (const w of STOPWORDS) lists.set(w, STOPWORD);
  for (const a of AGENCIES) lists.set(a, (lists.get(a) ?? 0) | AGENCY);
  return lists;
})();

/** Longest word either list holds: longer words skip the look-up. */
const LONGEST_LISTED = Math.max(0, ...[...WORD_LISTS.keys()].map((w) => w.length));

/**
 * Counts a line's words in one scan of the text, each word looked up on its lower case sliced from
 * the line lower-cased once, and only in the lists whose word lengths it fits. Lines whose lower case
 * does not align (`lowerCaseAligns`: `İ`, capital sigma) take textWordsOf's slower split, which gives the same words.
 */
function countWords(text: string, lower: string): WordCounts {
  const counts: WordCounts = { n: 0, stop: 0, capitalised: 0, upper: 0, digits: 0, agency: 0, letters: 0, wordSet: new Set<string>() };
  const aligned = lowerCaseAligns(text, lower);
  const split = aligned ? null : textWordsOf(text);
  const n = split ? split.words.length : scanWords(text, (start, end) => countWord(counts, text, lower, start, end));
  for (let i = 0; i < n && split; i++) {
    const w = split.words[i] ?? '';
    const lw = split.lowerWords[i] ?? '';
    countWord(counts, w, lw, 0, w.length, lw);
  }
  return counts;
}

/** Counts the word `text[start, end)`; `lowerWord` is its lower case when `lower` does not align with `text`. */
function countWord(counts: WordCounts, text: string, lower: string, start: number, end: number, lowerWord?: string): void {
  const length = end - start;
  const lw = lowerWord ?? lower.slice(start, end);
  counts.n++;
  counts.letters += length;
  const listed = lw.length <= LONGEST_LISTED ? (WORD_LISTS.get(lw) ?? 0) : 0;
  if (listed & STOPWORD) counts.stop++;
  else if (lw.length > 3) counts.wordSet.add(lw);
  if (listed & AGENCY) counts.agency = 1;
  const first = text.charCodeAt(start);
  if (first >= 0x30 && first <= 0x39) counts.digits++;
  else if (first < 0x80 ? first >= 0x41 && first <= 0x5a : first !== lw.charCodeAt(0)) {
    counts.capitalised++;
    if (length > 1 && isUpperCaseAt(text, start, end)) counts.upper++;
  }
}

/** Closing quotes and brackets that may follow a sentence's final mark. */
const SENTENCE_CLOSERS = '"”\'’»)]';
const SENTENCE_MARKS = '.!?。؟۔';

/** `/[.!?。؟۔]["”'’»)\]]?$/u.test(text)` without a regex that tries every position of a long line. */
function endsSentence(text: string): boolean {
  const n = text.length;
  if (n === 0) return false;
  const last = text.charAt(n - 1);
  if (SENTENCE_MARKS.includes(last)) return true;
  return n >= 2 && SENTENCE_CLOSERS.includes(last) && SENTENCE_MARKS.includes(text.charAt(n - 2));
}

/** Letters that may follow the dot of a domain ending URL_SHAPE knows (`.com`, `.org`, `.id`, …). */
const DOMAIN_STARTS = 'conirdftCONIRDFT';

/**
 * Whether URL_SHAPE could match: every match has an `@`, `://`, `www.` or a dot before a domain
 * letter (or before a non-ASCII character, which case folding might map to one).
 */
function mayHaveLink(text: string): boolean {
  if (text.includes('@') || text.includes('://')) return true;
  for (let i = text.indexOf('.'); i >= 0; i = text.indexOf('.', i + 1)) {
    const next = text.charCodeAt(i + 1);
    if (next >= 0x80 || DOMAIN_STARTS.includes(text.charAt(i + 1))) return true;
    if (i >= 3 && (text.charCodeAt(i - 1) | 0x20) === 0x77 && (text.charCodeAt(i - 2) | 0x20) === 0x77 && (text.charCodeAt(i - 3) | 0x20) === 0x77) return true;
  }
  return false;
}

/**
 * The line's own features. `lineShapeOf('Home | World')` → `{ values: [words 0.24, …], prose: false, … }`.
 * `lower` and `folded` (`text.toLowerCase()`, `foldLine(text)`) may come from the caller, who has them already.
 */
export function lineShapeOf(text: string, lower: string = text.toLowerCase(), folded: string = foldLine(text)): LineShape {
  const { n: spacedWords, stop, capitalised, upper, digits, agency, letters, wordSet } = countWords(text, lower);
  const chars = text.length;
  const marks = countMarks(text);
  const n = spacedWords + (marks.unspaced >> 1);
  const sentenceEnd = endsSentence(text) ? 1 : 0;
  const v = new Float64Array(OWN_FEATURES.length);
  const wordsScaled = logScale(n, 100);
  const stopShare = n ? stop / n : 0;
  v[AT.words] = wordsScaled;
  v[AT.chars] = logScale(chars, 600);
  v[AT.sentenceEnd] = sentenceEnd;
  const last = text.charCodeAt(chars - 1);
  v[AT.colonEnd] = last === 0x3a || last === 0xff1a ? 1 : 0;
  v[AT.ellipsisEnd] = last === 0x2026 || text.endsWith('...') ? 1 : 0;
  v[AT.stopwords] = stopShare;
  v[AT.capitalised] = n ? capitalised / n : 0;
  v[AT.upperCase] = n ? upper / n : 0;
  v[AT.digits] = n ? digits / n : 0;
  v[AT.symbols] = chars ? clip((marks.symbols / chars) * 5) : 0;
  v[AT.meanWordLength] = n ? clip(letters / n / 12) : 0;
  v[AT.bulletStart] = BULLET_START.test(text) ? 1 : 0;
  v[AT.separators] = clip(marks.separators / 4);
  v[AT.brackets] = clip(marks.brackets / 4);
  v[AT.bracketed] = BRACKETED.test(text) ? 1 : 0;
  v[AT.link] = mayHaveLink(text) && URL_SHAPE.test(text) ? 1 : 0;
  // Dates and times need a word starting with a digit; credits a slash, ©, (c) or "via".
  v[AT.dateShape] = digits > 0 && DATE_SHAPE.test(text) ? 1 : 0;
  v[AT.timeShape] = digits > 0 && TIME_SHAPE.test(text) ? 1 : 0;
  v[AT.creditShape] = (marks.slashes > 0 || text.includes('©') || text.includes('(c)') || text.includes('via ')) && CREDIT_SHAPE.test(text) ? 1 : 0;
  v[AT.agency] = agency;
  v[AT.headlineShape] = isHeadlineLike(text) ? 1 : 0;
  v[AT.question] = last === 0x3f || last === 0x61f ? 1 : 0;
  v[AT.quoteStart] = QUOTES.has(text.charCodeAt(0)) ? 1 : 0;
  v[AT.oneWord] = n <= 1 ? 1 : 0;
  v[AT.allCapsLine] = n >= 2 && upper === n ? 1 : 0;
  const prose = n >= PROSE_WORDS && sentenceEnd === 1;
  v[AT.prose] = prose ? 1 : 0;
  // Interactions a linear model could not form itself: long sentences, function words in a long line.
  v[AT.proseWords] = sentenceEnd * wordsScaled;
  v[AT.stopwordsByLength] = stopShare * wordsScaled;
  return { text, folded, values: v, wordSet, cells: cellsOf(text, marks.pipes, digits), prose };
}

/**
 * Feature vectors of an article's lines, in order. `lines` are trimmed, non-empty lines; the
 * vector order is FEATURE_NAMES. `shapes` (lineShapeOf of each line) may come from a cache.
 * Linear in the text: each line is scanned a bounded number of times.
 *
 * @example lineFeatures(['Home | World | Sport', 'Ministers met in Cairo on Sunday to discuss the truce and the next round.'])
 *   // → [[0.3, …], [0.55, …]] (two vectors of FEATURE_NAMES.length numbers)
 */
export function lineFeatures(lines: readonly string[], shapes?: readonly LineShape[]): number[][] {
  const n = lines.length;
  const own = shapes ?? lines.map((l) => lineShapeOf(l));
  let firstProse = -1;
  let lastProse = -1;
  for (let i = 0; i < n; i++) {
    if (!own[i]?.prose) continue;
    if (firstProse < 0) firstProse = i;
    lastProse = i;
  }
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
  for (const shape of own) counts.set(shape.folded, (counts.get(shape.folded) ?? 0) + 1);
  const lead = firstProse >= 0 ? (own[firstProse]?.wordSet ?? new Set<string>()) : new Set<string>();
  // Runs of short lines (menus, link lists): each line gets its run's length.
  const shortRun = new Array<number>(n).fill(0);
  for (let i = 0; i < n; ) {
    let j = i;
    while (j < n && (own[j]?.values[AT.words] ?? 1) < SHORT_WORDS && !own[j]?.values[AT.sentenceEnd]) j++;
    for (let k = i; k < j; k++) shortRun[k] = j - i;
    i = j === i ? i + 1 : j;
  }
  const width = FEATURE_NAMES.length;
  const ownWidth = OWN_FEATURES.length;
  const vectors: number[][] = new Array(n);
  for (let i = 0; i < n; i++) {
    const shape = own[i] as LineShape;
    const v = new Array<number>(width);
    for (let k = 0; k < ownWidth; k++) v[k] = shape.values[k] ?? 0;
    let overlap = 0;
    if (shape.wordSet.size > 0 && i !== firstProse) {
      for (const w of shape.wordSet) if (lead.has(w)) overlap++;
      overlap /= shape.wordSet.size;
    }
    v[AT.repeated] = (counts.get(shape.folded) ?? 0) > 1 ? 1 : 0;
    v[AT.leadOverlap] = overlap;
    v[AT.position] = n > 1 ? i / (n - 1) : 0;
    v[AT.beforeProse] = firstProse < 0 || i < firstProse ? 1 : 0;
    v[AT.afterProse] = lastProse >= 0 && i > lastProse ? 1 : 0;
    v[AT.proseDistance] = logScale(distance[i] ?? n, 20);
    v[AT.shortRun] = logScale(shortRun[i] ?? 0, 10);
    // A row of a table: as many cells as the row above or below it. Tables are content.
    v[AT.tableRow] = shape.cells > 0 && (own[i - 1]?.cells === shape.cells || own[i + 1]?.cells === shape.cells) ? 1 : 0;
    // Neighbours' line-only features; a missing neighbour (first or last line) reads as all zeros.
    const previous = own[i - 1];
    const next = own[i + 1];
    for (let j = 0; j < NEIGHBOUR_AT.length; j++) {
      const at = NEIGHBOUR_AT[j] as number;
      v[ownWidth + j] = previous ? (previous.values[at] ?? 0) : 0;
      v[ownWidth + NEIGHBOUR_AT.length + j] = next ? (next.values[at] ?? 0) : 0;
    }
    vectors[i] = v;
  }
  return vectors;
}
