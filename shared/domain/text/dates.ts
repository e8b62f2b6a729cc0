/**
 * Dates as articles write them, in the corpus languages: month and weekday names, every calendar
 * date in a text (`findDates`), publication-stamp lines (`isTimestampLine`) and a declared
 * publication time as ISO 8601 (`normaliseDate`). Linear in the input.
 */

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
