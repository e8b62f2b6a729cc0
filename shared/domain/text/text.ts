import { classesAt, classesOf, lowerCaseAligns, NUMBER, widthAt, WORD_CHAR } from './chars.ts';

/**
 * Small text helpers shared by the clean and extract stages: word splitting,
 * line shapes (headline-like, paragraph-like) and multilingual date parsing.
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

// ---------------------------------------------------------------------------------------------
// Dates

/** Month names and abbreviations in the corpus languages, folded to lower case, → month number. */
const MONTHS: ReadonlyMap<string, number> = buildMonthMap({
  1: 'january jan januari janvier janv enero ene janeiro jänner januar ocak январь января янв يناير ژانویه',
  2: 'february feb februari februar février fév févr febrero febrero fevereiro fev şubat subat февраль февраля фев فبراير شباط فوریه',
  3: 'march mar maret märz mars marzo março marco mart март марта مارس آذار',
  4: 'april apr avril abril nisan апрель апреля апр أبريل نيسان آوریل',
  5: 'may mei mai mayo maio mayıs mayis май мая ماي مايو أيار مه',
  6: 'june jun juni juin junio junho haziran июнь июня يونيو حزيران ژوئن',
  7: 'july jul juli juillet julio julho temmuz июль июля يوليو تموز ژوئیه',
  8: 'august aug agustus agu ags août aout agosto ağustos agustos август августа авг أغسطس آب اوت',
  9: 'september sep sept septembre septiembre setembro set eylül eylul сентябрь сентября сен سبتمبر أيلول سپتامبر',
  10: 'october oct oktober okt octobre octubre outubro out ekim октябрь октября окт أكتوبر اکتبر',
  11: 'november nov nopember novembre noviembre novembro kasım kasim ноябрь ноября ноя نوفمبر نوامبر',
  12: 'december dec desember des dezember dez décembre déc diciembre dic dezembro aralık aralik декабрь декабря дек ديسمبر دسامبر',
});

function buildMonthMap(table: Record<number, string>): Map<string, number> {
  const map = new Map<string, number>();
  for (const [month, names] of Object.entries(table)) {
    for (const name of names.split(' ')) if (name && !map.has(name)) map.set(name, Number(month));
  }
  return map;
}

/** Weekday names (id, en, de, fr, es, pt, tr, ru), folded. */
export const WEEKDAYS: ReadonlySet<string> = new Set(
  (
    "senin selasa rabu kamis jumat jum'at sabtu minggu ahad " +
    'monday tuesday wednesday thursday friday saturday sunday mon tue tues wed thu thur thurs fri sat sun ' +
    'montag dienstag mittwoch donnerstag freitag samstag sonntag ' +
    'lundi mardi mercredi jeudi vendredi samedi dimanche ' +
    'lunes martes miércoles jueves viernes sábado domingo ' +
    'segunda-feira terça-feira quarta-feira quinta-feira sexta-feira ' +
    'pazartesi salı çarşamba perşembe cuma cumartesi pazar ' +
    'понедельник вторник среда четверг пятница суббота воскресенье'
  ).split(' '),
);

/** Month number for a (possibly abbreviated, possibly dotted) month name, or undefined. */
export function monthOf(word: string): number | undefined {
  return MONTHS.get(word.toLowerCase().replace(/\.$/, ''));
}

export interface FoundDate {
  /** ISO `YYYY-MM-DD`. */
  iso: string;
  /** Offset of the match in the searched text. */
  index: number;
  /** A weekday name stood right before the date ("Selasa 18 Februari 2025"). */
  withWeekday: boolean;
}

// Bounded, unnested quantifiers only: each pattern is linear in the text length.
// The lookahead `(?=\p{L}{3})` repeats what `\p{L}{3,12}` requires, so it changes no match; it is there for
// cold starts: without it V8 takes 50–100 ms to compile the pattern the first time it meets a two-byte
// string (any text with a curly quote), with it about 5 ms.
const DAY_MONTH_YEAR = /(\d{1,2})(?:\.|\s)?\s{0,3}((?=\p{L}{3})\p{L}{3,12}\.?)[,\s]{1,4}((?:19|20)\d\d)\b/gu;
const MONTH_DAY_YEAR = /\b((?=\p{L}{3})\p{L}{3,12}\.?)\s{1,3}(\d{1,2})(?:st|nd|rd|th)?,?\s{0,3}((?:19|20)\d\d)\b/gu;
const NUMERIC_DMY = /\b(\d{1,2})[/.](\d{1,2})[/.]((?:19|20)\d\d)\b/g;
const ISO_DATE = /\b((?:19|20)\d\d)-(\d{1,2})-(\d{1,2})\b/g;

/**
 * Every calendar date written in the text, in order of appearance. Day-first for numeric dates.
 * `"Selasa 18 Februari 2025 dan Feb. 19, 2025"` → `[{iso:'2025-02-18', withWeekday:true}, {iso:'2025-02-19'}]`.
 */
export function findDates(text: string): FoundDate[] {
  const found: FoundDate[] = [];
  // Every pattern ends in a year (ISO starts with one): text without one (most lines) needs no regex.
  const years = yearEnds(text);
  if (years.length === 0) return found;
  const push = (y: number, m: number, d: number, index: number) => {
    if (m < 1 || m > 12 || d < 1 || d > 31) return;
    const before = text.slice(Math.max(0, index - 16), index).toLowerCase();
    const lastWord = before.match(/([\p{L}'-]+)[\s,]*$/u)?.[1];
    found.push({ iso: `${y}-${pad(m)}-${pad(d)}`, index, withWeekday: lastWord !== undefined && WEEKDAYS.has(lastWord) });
  };
  forEachMatchEndingAtYears(text, DAY_MONTH_YEAR, years, (m) => {
    const month = monthOf(m[2] ?? '');
    if (month) push(Number(m[3]), month, Number(m[1]), m.index);
  });
  forEachMatchEndingAtYears(text, MONTH_DAY_YEAR, years, (m) => {
    const month = monthOf(m[1] ?? '');
    if (month) push(Number(m[3]), month, Number(m[2]), m.index);
  });
  forEachMatchEndingAtYears(text, NUMERIC_DMY, years, (m) => push(Number(m[3]), Number(m[2]), Number(m[1]), m.index));
  for (const end of years) {
    // An ISO date starts with its year and no year fits inside one, so each candidate is tried in place.
    if (text.charCodeAt(end) !== 0x2d) continue;
    ISO_DATE_AT.lastIndex = end - 4;
    const m = ISO_DATE_AT.exec(text);
    if (m) push(Number(m[1]), Number(m[2]), Number(m[3]), m.index);
  }
  return found.sort((a, b) => a.index - b.index);
}

const ISO_DATE_AT = new RegExp(ISO_DATE.source, 'y');
/** A year followed by a `\b` (a non-word character or the end): every date pattern ends in one, or starts with one (ISO). */
const YEAR_CANDIDATE = /(?:19|20)\d\d(?![A-Za-z0-9_])/g;
/** Most UTF-16 code units a day-month-year, month-day-year or numeric date spans (39, 40 and 10), rounded up. */
const MAX_DATE_SPAN = 48;

/** Where each year candidate ends, in order. `"9 Mei 2024, 2025x"` → `[10]`. */
function yearEnds(text: string): number[] {
  const ends: number[] = [];
  YEAR_CANDIDATE.lastIndex = 0;
  for (let m = YEAR_CANDIDATE.exec(text); m !== null; m = YEAR_CANDIDATE.exec(text)) ends.push(m.index + 4);
  return ends;
}

/**
 * Calls `onMatch` with what `text.matchAll(pattern)` yields, in order, for a global pattern whose matches end with a year
 * candidate and span at most MAX_DATE_SPAN: the pattern runs only on windows around the years
 * (years closer than a span share one window), with one character of context on each side so
 * `\b` sees what it would see in the whole text. Long prose with few dates costs the year scan.
 */
function forEachMatchEndingAtYears(text: string, pattern: RegExp, years: readonly number[], onMatch: (match: RegExpExecArray) => void): void {
  for (let k = 0; k < years.length; ) {
    const first = years[k] ?? 0;
    let end = first;
    let next = k + 1;
    while (next < years.length && (years[next] ?? 0) - MAX_DATE_SPAN <= end) end = years[next++] ?? end;
    let start = Math.max(0, first - MAX_DATE_SPAN);
    if (start > 0 && isLowSurrogateAt(text, start)) start--;
    const from = Math.max(0, start - 1);
    const window = text.slice(from, Math.min(text.length, end + 1));
    pattern.lastIndex = start - from;
    for (let m = pattern.exec(window); m !== null; m = pattern.exec(window)) {
      m.index += from;
      onMatch(m);
    }
    k = next;
  }
}

function isLowSurrogateAt(text: string, index: number): boolean {
  const code = text.charCodeAt(index);
  return code >= 0xdc00 && code <= 0xdfff;
}

function pad(n: number): string {
  return String(n).padStart(2, '0');
}

const TIME = /\b\d{1,2}[:.]\d{2}\b/;
const YEAR_WORD = /\b(?:19|20)\d\d\b/;
const TIME_WORDS = new Set('am pm a.m. p.m. wib wita wit gmt utc et edt est pt pst pdt ist hkt cet cest msk bst uhr jam pukul saat'.split(' '));

/**
 * A short line that is only a publication stamp, possibly with a label, an outlet name or a place:
 * `"Kompas.com - 10/07/2023, 19:07 WIB"`, `"Updated on: 13 December,2023 08:37 AM IST | Washington DC"` → true.
 * `labels` are extra words to ignore (Published, Diperbarui, …), folded to lower case.
 */
export function isTimestampLine(line: string, labels: ReadonlySet<string>): boolean {
  const t = line.trim();
  if (t.length > 120 || t.length < 4) return false;
  // Cheapest tests first: most dated lines carry a time or a plain year, and need no date parse.
  const hasDate = TIME.test(t) || YEAR_WORD.test(t) || findDates(t).length > 0;
  if (!hasDate) return false;
  let rest = 0;
  let dateish = 0;
  for (const raw of t.split(/[\s,|/()\-–—:]+/u)) {
    const w = raw.toLowerCase().replace(/^[.'"]+|[.'"]+$/g, '');
    if (!w) continue;
    if (/^\d/.test(w) || monthOf(w) || WEEKDAYS.has(w) || TIME_WORDS.has(w)) dateish++;
    else if (!labels.has(w)) rest++;
  }
  return dateish >= 2 && rest <= 2;
}

const ENGLISH_DATE_WORDS = new Set([
  ...'jan feb mar apr may jun jul aug sep sept oct nov dec mon tue wed thu fri sat sun'.split(' '),
  ...'january february march april june july august september october november december'.split(' '),
  ...'monday tuesday wednesday thursday friday saturday sunday'.split(' '),
  ...'gmt utc ut z t am pm est edt cst cdt mst mdt pst pdt'.split(' '),
]);

const ISO_DATETIME = /^\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?(?:Z|[+-]\d{2}:?\d{2})?)?$/;

/**
 * A declared publication time (a format's date field, the uploader's metadata) as ISO 8601: valid
 * ISO input keeps its offset; epoch numbers and English (RFC 2822) dates are converted to UTC; a date
 * written in words of another language gives its calendar day (`findDates`); anything else is null.
 *
 * @example normaliseDate('Tue, 18 Feb 2025 10:00:00 +0700') // → '2025-02-18T03:00:00.000Z'
 * @example normaliseDate('2025-02-18T10:00:00+07:00') // → '2025-02-18T10:00:00+07:00'
 * @example normaliseDate('Senin, 18 Februari 2025') // → '2025-02-18'
 */
export function normaliseDate(value: unknown): string | null {
  if (typeof value === 'number' && Number.isFinite(value)) {
    // Epoch seconds until the year 5138, milliseconds after.
    const date = new Date(value < 1e11 ? value * 1000 : value);
    return Number.isNaN(date.getTime()) ? null : date.toISOString();
  }
  if (typeof value !== 'string') return null;
  const trimmed = value.trim();
  if (ISO_DATETIME.test(trimmed) && !Number.isNaN(Date.parse(trimmed))) return trimmed.replace(' ', 'T');
  const slashed = /^(\d{4})[/.](\d{1,2})[/.](\d{1,2})$/.exec(trimmed);
  if (slashed) return `${slashed[1]}-${slashed[2]!.padStart(2, '0')}-${slashed[3]!.padStart(2, '0')}`;
  if (/^\d{10,13}$/.test(trimmed)) return normaliseDate(Number(trimmed));
  if (trimmed.length > 64) return null;
  // V8's Date.parse guesses at anything ("Senin, 18 Mei" → a wrong date), so only English dates with a
  // time of day reach it; a date alone is a calendar day, not midnight in this machine's time zone.
  if (/\d:\d\d/.test(trimmed) && /[a-z]{3}/i.test(trimmed) && (trimmed.match(/[a-z]+/gi) ?? []).every((word) => ENGLISH_DATE_WORDS.has(word.toLowerCase()))) {
    const parsed = Date.parse(trimmed);
    if (!Number.isNaN(parsed)) return new Date(parsed).toISOString();
  }
  return findDates(trimmed)[0]?.iso ?? null;
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
