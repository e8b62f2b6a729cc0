import { classesAt, classesOf, lowerCaseAligns, NUMBER, widthAt, WORD_CHAR } from './chars.ts';

/**
 * Small text helpers shared by the stages: word splitting, line shapes (headline-like,
 * paragraph-like) and phrase look-up by first word; dates are in dates.ts.
 * Everything here is linear in the input and allocation-light.
 */

/** Words: runs of letters, digits, apostrophes and inner hyphens. `"AS-Rusia, 2025!"` → `['AS-Rusia', '2025']`. */
export function wordsOf(text: string): string[] {
  const words: string[] = [];
  scanWords(text, (start, end) => {
    words.push(text.slice(start, end));
  });
  return words;
}

/** A text's words, split once, with their lower case for the checks that ignore case. */
export interface TextWords {
  /** As `wordsOf(text)`. */
  words: string[];
  /** As `wordsOf(text.toLowerCase())`. */
  lowerWords: string[];
}

/**
 * wordsOf and the lower-cased words in one scan: the lower case is sliced from the text
 * lower-cased once, at the same bounds, when lower-casing keeps every offset (`lowerCaseAligns`);
 * else the words are split again from the lower-cased text.
 * `textWordsOf('AS-Rusia, 2025!')` → `{ words: ['AS-Rusia', '2025'], lowerWords: ['as-rusia', '2025'] }`.
 */
export function textWordsOf(text: string): TextWords {
  const lower = text.toLowerCase();
  const aligned = lowerCaseAligns(text, lower);
  const words: string[] = [];
  const lowerWords: string[] = [];
  scanWords(text, (start, end) => {
    words.push(text.slice(start, end));
    if (aligned) lowerWords.push(lower.slice(start, end));
  });
  return { words, lowerWords: aligned ? lowerWords : wordsOf(lower) };
}

/** The first word of `text` as `wordsOf` splits it, or null. `firstWordOf('baca juga: …')` → `'baca'`. */
export function firstWordOf(text: string): string | null {
  let first: string | null = null;
  scanWords(
    text,
    (start, end) => {
      first = text.slice(start, end);
    },
    1,
  );
  return first;
}

/** Number of words, as a reader would count them. `"Hal ini diakui."` → 3. */
export function countWords(text: string): number {
  return scanWords(text, null);
}

/**
 * Whether `text` has at least `n` words; stops counting there, so thresholds on long lines cost
 * a few words' scan. `hasWords('Hal ini diakui.', 4)` → false.
 */
export function hasWords(text: string, n: number): boolean {
  return scanWords(text, null, n) >= n;
}

/**
 * Walks the words of `text` (runs of letters, digits and marks, joined by one inner `'`, `’`, `.` or `-`),
 * calling `onWord` with each word's bounds; returns the number of words (at most `limit`). A code-unit scanner:
 * several times faster than the regex, and it allocates nothing when only counting.
 */
export function scanWords(text: string, onWord: ((start: number, end: number) => void) | null, limit = Infinity): number {
  let count = 0;
  let start = -1;
  const length = text.length;
  let i = 0;
  while (i < length) {
    const code = text.charCodeAt(i);
    let width = 1;
    let bits: number;
    // ASCII (most characters of most articles) reads a 128-entry table; surrogate pairs are one character.
    if (code < 0x80) bits = ASCII_WORD_CHARS[code] ?? 0;
    else if (code >= 0xd800 && code <= 0xdbff) {
      width = widthAt(text, i);
      bits = width === 1 ? classesOf(code) : classesAt(text, i);
    } else bits = classesOf(code);
    if ((bits & WORD_CHAR) !== 0) {
      if (start < 0) start = i;
      i += width;
      continue;
    }
    if (start >= 0) {
      // An apostrophe, dot or hyphen between two word characters joins them ("AS-Rusia", "Zelenskyy’s").
      if ((code === 0x27 || code === 0x2019 || code === 0x2e || code === 0x2d) && i + 1 < length && (classesAt(text, i + 1) & WORD_CHAR) !== 0) {
        i += 1;
        continue;
      }
      count++;
      onWord?.(start, i);
      if (count >= limit) return count;
      start = -1;
    }
    i += width;
  }
  if (start >= 0) {
    count++;
    onWord?.(start, length);
  }
  return count;
}

/** WORD_CHAR for ASCII letters and digits, 0 for the rest: `[\p{L}\p{N}\p{M}]` restricted to ASCII. */
const ASCII_WORD_CHARS: Uint8Array = (() => {
  const table = new Uint8Array(0x80);
  for (let code = 0; code < 0x80; code++) {
    const isWordChar = (code >= 0x30 && code <= 0x39) || (code >= 0x41 && code <= 0x5a) || (code >= 0x61 && code <= 0x7a);
    table[code] = isWordChar ? WORD_CHAR : 0;
  }
  return table;
})();

/**
 * A lead's dateline: place names (optionally an outlet and an agency in brackets) and a dash or bar.
 * Group 1 is the place and outlet part. `"JAKARTA, KOMPAS.com - …"` → `'JAKARTA, KOMPAS.com'`.
 * One object for the clean and extract stages: each Unicode-class pattern costs V8 10–25 ms to compile on a cold start.
 */
export const DATELINE_HEAD =
  /^((?:[\p{Lu}\p{N}][\p{L}\p{N}.]{0,30}(?:\s[\p{Lu}\p{N}][\p{L}\p{N}.]{0,30}){0,3})(?:\s?,\s?[\p{L}\p{N}.]{2,30}(?:\s[\p{L}\p{N}.]{2,30}){0,2}){0,2})(?:\s?\([\p{L}\s]{2,20}\))?(?:\s?[-–—]{1,2}(?=\s|\p{Lu})|\s\|)/u;
/** `"Riyadh: Delegasi …"`: a place and a colon before a capitalised sentence; group 1 is the place. */
export const COLON_DATELINE_HEAD = /^(\p{Lu}[\p{L}]{2,20}(?:\s\p{Lu}[\p{L}]{2,20})?):\s\p{Lu}/u;

const SENTENCE_END = /[.!?…。؟۔»"”'’)\]]$/u;
const TERMINAL_PERIOD = /[.;。۔]["”'’)\]」』]?$/u;

/**
 * A line shaped like a headline or list item: short, not ending in a full stop or colon,
 * not a data row. `"Putin Usul Gantikan Menhan"` → true; `"Kata dia."` → false.
 */
export function isHeadlineLike(line: string): boolean {
  const t = line.trim();
  if (t.length < 2 || t.length > 200) return false;
  if (/(?:\.\.\.|…)$/u.test(t)) return true;
  if (TERMINAL_PERIOD.test(t) || /[:,\-–—]$/u.test(t)) return false;
  // Two sentences ("… tersebut. Dalam …") make prose, not a headline.
  if (/\p{Ll}{3}\.\s\p{Lu}/u.test(t) || /。./u.test(t)) return false;
  // Counted without building the word list: this runs on most lines several times over.
  let numeric = 0;
  const words = scanWords(
    t,
    (start) => {
      if ((classesAt(t, start) & NUMBER) !== 0) numeric++;
    },
    26,
  );
  if (words === 0 || words > 25) return false;
  return numeric / words <= 0.4;
}

/** A line that reads as running prose: long, or a complete sentence of some length. */
export function isParagraphLike(line: string): boolean {
  const t = line.trim();
  if (t.length >= 160 || hasWords(t, 25)) return true;
  return SENTENCE_END.test(t) && hasWords(t, 8) && !isHeadlineLike(t);
}

/** Fold a line for duplicate detection: case, quotes, dashes and spacing do not matter. */
export function foldLine(line: string): string {
  // NFKC leaves ASCII as it is: most lines need no normalisation call.
  let folded = (NON_ASCII.test(line) ? line.normalize('NFKC') : line).toLowerCase();
  // Native scans first: most lines have no typographic quote or dash and no odd spacing, so no rewrite.
  if (TYPOGRAPHIC.test(folded)) {
    folded = folded
      .replace(/[\u2018\u2019\u201a\u201b]/g, "'")
      .replace(/[\u201c\u201d\u201e\u201f\u00ab\u00bb]/g, '"')
      .replace(/[\u2010-\u2015\u2212]/g, '-');
  }
  return hasOddSpacing(folded) ? folded.replace(/\s+/g, ' ').trim() : folded;
}

const NON_ASCII = /[^\x00-\x7f]/;
const TYPOGRAPHIC = /[\u2018-\u201f\u00ab\u00bb\u2010-\u2015\u2212]/;
const NON_SPACE_WHITESPACE = /[^\S ]/;

/** Whitespace other than single inner spaces: what `.replace(/\s+/g, ' ').trim()` would change. */
export function hasOddSpacing(text: string): boolean {
  // Once only plain spaces are left, odd spacing is a double space or one at either end.
  return NON_SPACE_WHITESPACE.test(text) || text.includes('  ') || text.charCodeAt(0) === 0x20 || text.charCodeAt(text.length - 1) === 0x20;
}

/** A phrase of a `PhraseIndex`: its words and what it stands for. */
export interface Phrase<T> {
  words: readonly string[];
  value: T;
}

const NO_PHRASES: readonly Phrase<never>[] = [];

/**
 * Phrases keyed by their first word, longest first: the phrases that may start at a word of a
 * text are one Map look-up away, never a loop over every phrase. The gazetteer and the spin pairs use it.
 *
 * @example
 *   const index = new PhraseIndex<string>();
 *   index.add(['amerika', 'perkumpulan'], 'Amerika Serikat');
 *   index.startingWith('amerika').find((p) => phraseMatchesAt(p.words, ['di', 'amerika', 'perkumpulan'], 1))?.value
 *   // → 'Amerika Serikat'
 */
export class PhraseIndex<T> {
  private readonly byFirstWord = new Map<string, Phrase<T>[]>();

  add(words: readonly string[], value: T): void {
    const first = words[0];
    if (first === undefined) return;
    const phrases = this.byFirstWord.get(first) ?? [];
    phrases.push({ words, value });
    // Longest first, so the first phrase that matches is the longest ("Kementerian Luar Negeri AS" before "Kementerian").
    phrases.sort((a, b) => b.words.length - a.words.length);
    this.byFirstWord.set(first, phrases);
  }

  /** The phrases whose first word is `word`, longest first. */
  startingWith(word: string): readonly Phrase<T>[] {
    return this.byFirstWord.get(word) ?? NO_PHRASES;
  }
}

/**
 * Whether `phrase` is written in `words` from index `at`; `same` compares a word of the text with a
 * word of the phrase (equality unless given).
 *
 * @example phraseMatchesAt(['amerika', 'serikat'], ['di', 'amerika', 'serikat'], 1) // → true
 */
export function phraseMatchesAt(
  phrase: readonly string[],
  words: readonly string[],
  at: number,
  same: (text: string, phraseWord: string) => boolean = (text, phraseWord) => text === phraseWord,
): boolean {
  if (at + phrase.length > words.length) return false;
  for (let k = 0; k < phrase.length; k++) if (!same(words[at + k] as string, phrase[k] as string)) return false;
  return true;
}
