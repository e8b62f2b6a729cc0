/**
 * The words a feed shows for an article. Many scraped texts have no headline line (they open with the
 * lead, or mid-story): the record's `title` stays null for them, as the headline convention says, and
 * a reader scanning a feed gets the lead's first sentence instead of an object key, marked as derived.
 */
import type { TitleSource } from '../article.ts';
import { plainTextOf } from '../text/markup.ts';

/** A derived title is cut at a word boundary near this many characters. */
export const DISPLAY_TITLE_CHARS = 120;

/** ICU's sentence segmenter, built on first use: building it loads ICU's break rules (~15 ms of CPU), which only articles without a headline need. */
let sentences: Intl.Segmenter | undefined;

/**
 * The display title and its source: the headline when there is one, else the lead's first sentence.
 *
 * @example displayTitleOf({ title: null, structured: false, lead: 'JAKARTA: Menteri bertemu di Riyadh. Lalu …', dateline: 'JAKARTA' })
 *   // → { displayTitle: 'Menteri bertemu di Riyadh', titleSource: 'lead' }
 */
export function displayTitleOf(article: { title: string | null; structured: boolean; lead: string | null; dateline: string | null }): {
  displayTitle: string | null;
  titleSource: TitleSource | null;
} {
  if (article.title) return { displayTitle: article.title, titleSource: article.structured ? 'structure' : 'model' };
  const derived = article.lead ? leadTitleOf(article.lead, article.dateline) : null;
  return derived ? { displayTitle: derived, titleSource: 'lead' } : { displayTitle: null, titleSource: null };
}

/**
 * The lead's first sentence without its dateline, cut at a word boundary near DISPLAY_TITLE_CHARS
 * (with an ellipsis) and without a closing full stop; null when no words are left.
 *
 * @example leadTitleOf('Riyadh (Reuters) - Gulf ministers met on Sunday. They agreed …', 'Riyadh') // → 'Gulf ministers met on Sunday'
 */
export function leadTitleOf(lead: string, dateline: string | null): string | null {
  let text = plainTextOf(lead);
  if (dateline) text = withoutDateline(text, dateline);
  const sentence = firstSentenceOf(text).replace(/\s*[.。]$/u, '');
  if (!/[\p{L}\p{N}]/u.test(sentence)) return null;
  return cutNear(sentence, DISPLAY_TITLE_CHARS);
}

/** A title-cased abbreviation closing a segment (`Dr.`, `Gen.`, `U.S.`): the sentence goes on. */
const ABBREVIATION_END = /(?:^|[\s(])(?:\p{Lu}[\p{Ll}]{0,2}|(?:\p{Lu}\.)+\p{Lu})\.$/u;

/** The first sentence (ICU's segmentation, which breaks after `Dr.` without a locale's exceptions: rejoined). */
function firstSentenceOf(text: string): string {
  let sentence = '';
  sentences ??= new Intl.Segmenter('und', { granularity: 'sentence' });
  for (const { segment } of sentences.segment(text)) {
    sentence += segment;
    if (!ABBREVIATION_END.test(sentence.trim()) || sentence.length > DISPLAY_TITLE_CHARS * 2) break;
  }
  return sentence.trim();
}

/** `JAKARTA (ANTARA) - Presiden …` → `Presiden …` when the lead opens with its dateline. */
function withoutDateline(text: string, dateline: string): string {
  if (!text.toLowerCase().startsWith(dateline.toLowerCase())) return text;
  const rest = /^[\s,]*(?:\([^()]{1,60}\)\s*)?[-–—:|]\s*/u.exec(text.slice(dateline.length));
  return rest ? text.slice(dateline.length + rest[0].length) : text;
}

/** `text` whole when it fits `max` (with a little slack), else cut at the last space before it, with an ellipsis. */
function cutNear(text: string, max: number): string {
  const chars = [...text];
  if (chars.length <= max + 10) return text;
  const head = chars.slice(0, max).join('');
  const space = head.lastIndexOf(' ');
  const cut = space >= max / 2 ? head.slice(0, space) : head;
  return `${cut.replace(/[\s,;:–—-]+$/u, '')}…`;
}
