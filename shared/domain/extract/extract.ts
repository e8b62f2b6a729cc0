import type { ArticleMetadata, CleanedArticle, LanguageGuess, ParsedArticle } from '../article.ts';
import { quickLanguageOf } from './language.ts';
import { assessSpinOfWords } from './spin.ts';
import { COLON_DATELINE_HEAD, DATELINE_HEAD, isParagraphLike, PhraseIndex, phraseMatchesAt, textWordsOf, wordsOf } from '../text/text.ts';
import { findDates, normaliseDate } from '../text/dates.ts';
import gazetteer from '../../data/gazetteer.json' with { type: 'json' };

type EntityType = 'agency' | 'person' | 'place' | 'organisation';

interface GazetteerEntry {
  name: string;
  type: EntityType;
}

/**
 * Gazetteer spellings keyed by their first token, as written (JAKARTA is also tried as Jakarta).
 * Matching is one Map lookup per text token, never a loop over the gazetteer.
 */
let gazetteerPhrases: PhraseIndex<GazetteerEntry> | undefined;

/** Built on first use rather than at import, so a cold start does not wait for it. */
function gazetteerIndex(): PhraseIndex<GazetteerEntry> {
  gazetteerPhrases ??= buildGazetteerIndex();
  return gazetteerPhrases;
}

function buildGazetteerIndex(): PhraseIndex<GazetteerEntry> {
  const map = new PhraseIndex<GazetteerEntry>();
  const add = (type: EntityType, list: { name: string; aliases: string[] }[]) => {
    for (const { name, aliases } of list) {
      for (const alias of new Set([name, ...aliases])) map.add(wordsOf(alias), { name, type });
    }
  };
  add('agency', gazetteer.agencies);
  add('person', gazetteer.people);
  add('place', gazetteer.places);
  add('organisation', gazetteer.organisations);
  return map;
}

/** "JAKARTA" → "Jakarta", so capitalised spellings match text set in capitals. */
function titleCase(token: string): string {
  // Most tokens have an ASCII lower-case letter, so are not set in capitals: no case mapping needed.
  if (token.length <= 1 || hasAsciiLowerCase(token)) return token;
  return token === token.toUpperCase() && token !== token.toLowerCase() ? token[0] + token.slice(1).toLowerCase() : token;
}

function hasAsciiLowerCase(token: string): boolean {
  for (let i = 0; i < token.length; i++) {
    const code = token.charCodeAt(i);
    if (code >= 0x61 && code <= 0x7a) return true;
  }
  return false;
}

function sameToken(text: string, alias: string): boolean {
  // Acronyms (US, AS, UN) match only as written; names also match set in capitals.
  return text === alias || (alias !== alias.toUpperCase() && titleCase(text) === alias);
}

/** Names from the gazetteer mentioned in the text, by type, in order of first mention. */
export function findEntities(text: string): Record<EntityType, string[]> {
  return findEntitiesIn(wordsOf(text));
}

/** findEntities over words already split off by wordsOf. */
function findEntitiesIn(tokens: string[]): Record<EntityType, string[]> {
  const found: Record<EntityType, Set<string>> = { agency: new Set(), person: new Set(), place: new Set(), organisation: new Set() };
  const index = gazetteerIndex();
  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i] ?? '';
    let candidates = index.startingWith(token);
    if (candidates.length === 0) {
      // Most tokens are not set in capitals: their title case is themselves, already looked up.
      const titled = titleCase(token);
      if (titled === token) continue;
      candidates = index.startingWith(titled);
    }
    const match = candidates.find((phrase) => phraseMatchesAt(phrase.words, tokens, i, sameToken));
    if (!match) continue;
    found[match.value.type].add(match.value.name);
    i += match.words.length - 1;
  }
  return { agency: [...found.agency], person: [...found.person], place: [...found.place], organisation: [...found.organisation] };
}

/**
 * The place a story was filed from, as the lead writes it.
 * `"JAKARTA, KOMPAS.com - …"` → `"JAKARTA"`; `"KYIV (Reuters) - …"` → `"KYIV"`; `"Riyadh: Delegasi …"` → `"Riyadh"`.
 */
export function findDateline(lead: string): string | null {
  const colon = COLON_DATELINE_HEAD.exec(lead);
  const head = DATELINE_HEAD.exec(lead)?.[1] ?? colon?.[1];
  if (!head) return null;
  const segments = head
    .split(/\s?,\s?/)
    .map((s) => s.trim())
    .filter(Boolean);
  // Outlet names carry a domain ("KOMPAS.com", "REPUBLIKA.CO.ID"); a place is a known name or set in capitals.
  const places = segments.filter((s) => !/\.\p{L}/u.test(s));
  const known = places.find((s) => findEntities(s).place.length > 0);
  if (known) return known;
  const capitals = places.find((s) => s === s.toUpperCase() && /\p{Lu}{3}/u.test(s));
  if (capitals) return capitals;
  return colon?.[1] ?? null;
}

/**
 * Publication date. Precedence, most trusted first: the format's own field (JSON `publishedAt`,
 * HTML meta) > the uploader's S3 metadata (`published-at` / `publishedat`) > the text: the
 * extractor's ` date YYYY-MM-DD` prefix, then a removed timestamp line, then the first date in
 * the body written with a weekday ("Selasa 18 Februari 2025"), then the first date in the lead.
 */
function findPublishedAt(cleaned: CleanedArticle, parsed: ParsedArticle, objectMetadata: Record<string, string>): string | null {
  const structured = normaliseDate(parsed.publishedAt);
  if (structured) return structured;
  const uploaded = normaliseDate(objectMetadata['published-at'] ?? objectMetadata.publishedat);
  if (uploaded) return uploaded;
  for (const r of cleaned.removed) {
    if (r.reason === 'extractor-date-prefix') {
      const iso = /\d{4}-\d{1,2}-\d{1,2}/.exec(r.text)?.[0];
      const date = iso ? findDates(iso)[0]?.iso : undefined;
      if (date) return date;
    }
  }
  for (const r of cleaned.removed) {
    if (r.reason !== 'timestamp') continue;
    const date = findDates(r.text)[0]?.iso;
    if (date) return date;
  }
  const withWeekday = findDates(cleaned.body.slice(0, 4000)).find((d) => d.withWeekday);
  if (withWeekday) return withWeekday.iso;
  const lead = cleaned.body
    .split(/\n{2,}/)
    .slice(0, 2)
    .join('\n');
  return findDates(lead)[0]?.iso ?? null;
}

const BYLINE_LABEL =
  /^(?:(?:by|from\s\S+['’]s|editor|redaktur|reporter|penulis|pewarta|wartawan|kontributor|rep|author|authors|written by|oleh|ed\.)\s?:?\s?)/iu;
const NOT_A_NAME = /^(?:sumber|source|tim redaksi|redaksi|copyright)/iu;

/** Person names in byline lines: `"Rep: Kamran Dikarma/ Red: Nidia Zuraya"` → `['Kamran Dikarma', 'Nidia Zuraya']`. */
function namesFromBylines(bylines: string[]): string[] {
  const names: string[] = [];
  for (const line of bylines) {
    if (NOT_A_NAME.test(line)) continue;
    const text = line.replace(/^\(|\)$/g, '');
    for (const part of text.split(/\s?[/|,]\s?|\s(?:and|dan|&)\s/u)) {
      const name = part
        .replace(BYLINE_LABEL, '')
        .replace(/^red\s?:\s?/iu, '')
        .trim();
      const words = name.split(/\s+/);
      if (words.length >= 2 && words.length <= 5 && words.every((w) => /^\p{Lu}[\p{L}'’.-]*$/u.test(w)) && !/\d/.test(name)) names.push(name);
    }
  }
  return names;
}

/** What extraction is told besides the article itself. */
export interface ExtractHints {
  /** The S3 object's user metadata (`x-amz-meta-*`), which may carry a publication date. */
  objectMetadata: Record<string, string>;
  /**
   * `await detectLanguage(languageTextOf(cleaned))`, computed by the caller because franc is loaded
   * asynchronously. Without it, only the quick checks run and a text they cannot settle is `und`
   * (then the declared language, if any).
   */
  language?: LanguageGuess;
}

/**
 * The text an article's language is judged on: title, then body.
 * `{ title: 'Menlu bertemu', body: 'Menteri …' }` → `'Menlu bertemu\nMenteri …'`.
 */
export function languageTextOf(cleaned: Pick<CleanedArticle, 'title' | 'body'>): string {
  return `${cleaned.title ?? ''}\n${cleaned.body}`;
}

/**
 * Metadata for a cleaned article: title, dateline, publication date, language, credited agencies,
 * people/places/organisations named (gazetteer), captions, lead, length and a spun-text score.
 *
 * @example
 *   extractMetadata(cleaned, parsed, { objectMetadata: {}, language: await detectLanguage(languageTextOf(cleaned)) })
 *   // → { dateline: 'Riyadh', publishedAt: '2025-02-18', language: { code: 'id', … }, sources: ['Anadolu'], … }
 */
export function extractMetadata(cleaned: CleanedArticle, parsed: ParsedArticle, hints: ExtractHints): ArticleMetadata {
  const paragraphs = cleaned.body
    .split(/\n{2,}/)
    .map((p) => p.trim())
    .filter(Boolean);
  const lead = paragraphs.find(isParagraphLike) ?? paragraphs[0] ?? null;
  const detected = hints.language ?? quickLanguageOf(languageTextOf(cleaned)) ?? { code: 'und', confidence: 0 };
  const language = detected.code === 'und' && parsed.declaredLanguage ? { code: parsed.declaredLanguage.slice(0, 2).toLowerCase(), confidence: 0.5 } : detected;
  // One split of the body serves entities, the word count and the spin check. Title words come first, as
  // if the title were the body's first line: a name may run from the title's end into the body's start.
  const body = textWordsOf(cleaned.body);
  const entities = findEntitiesIn(cleaned.title ? wordsOf(cleaned.title).concat(body.words) : body.words);
  const credited = findEntities([...cleaned.captions, ...cleaned.bylines].join('\n')).agency;
  const words = body.words.length;
  const dateline =
    paragraphs
      .slice(0, 3)
      .map(findDateline)
      .find((d) => d !== null) ?? null;
  return {
    title: cleaned.title,
    dateline,
    publishedAt: findPublishedAt(cleaned, parsed, hints.objectMetadata),
    language,
    sources: [...new Set([...entities.agency, ...credited])].filter((s) => s !== 'Getty Images'),
    people: entities.person,
    places: entities.place,
    organisations: entities.organisation,
    authors: [...new Set([...parsed.authors, ...namesFromBylines(cleaned.bylines)])],
    captions: cleaned.captions,
    lead,
    wordCount: words,
    readingTimeMinutes: words === 0 ? 0 : Math.max(1, Math.round(words / 200)),
    spin: assessSpinOfWords(cleaned.body, language.code, body.lowerWords),
  };
}
