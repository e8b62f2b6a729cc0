/**
 * Line labels for the cleaning model: every non-empty line of a labelled article is `boilerplate`
 * (listed in the article's `boilerplate`), `title` (equal to its `title`) or `content` (everything
 * else, per the corpus README). Synthetic whole-page dumps wrap an article in page chrome
 * (chrome.ts) at training time; the chrome lines are boilerplate.
 */
import { splitArticleLines } from '#shared/domain/clean/clean.ts';
import type { LabelledArticle } from '../labelled-articles.ts';
import { seededRandom } from '#shared/random.ts';
import { CHROME, type Chrome, fill, madeUpOutlet, madeUpUser, pick } from './chrome.ts';
import {
  adMarker,
  bareJunk,
  captionLine,
  creditLine,
  embeddedPost,
  INLINE_JUNK,
  type InlineJunk,
  madeUpAgency,
  madeUpHandle,
  madeUpPlace,
  shareRow,
  wireSlug,
} from './inline-junk.ts';

export type LineLabel = 'content' | 'boilerplate' | 'title';

export interface LabelledLine {
  text: string;
  label: LineLabel;
}

export interface LabelledDocument {
  id: string;
  outlet: string;
  /** Whether this is a synthetic whole-page dump. */
  synthetic: boolean;
  /** The text as a publisher would upload it. */
  text: string;
  lines: LabelledLine[];
  /** The headline line, or null when the text has none; undefined when the source does not label it. */
  title: string | null | undefined;
  /** False when only the headline is labelled (the lines' labels are then not known); true when absent. */
  cleaningLabelled?: boolean;
  bodyKeep: string[];
  /** Training weight of each of its lines; by default 1, synthetic documents SYNTHETIC_WEIGHT (fit.ts). */
  weight?: number;
}

const collapse = (s: string) => s.replace(/\s+/g, ' ').trim();
const DATE_PREFIX = /^date \d{4}(?:-\d{1,2}(?:-\d{1,2})?)?(?:\s+|$)/;

/** The article's non-empty lines with their labels; null when the article does not label cleaning. */
export function labelLines(article: LabelledArticle): LabelledLine[] | null {
  if (article.boilerplate === undefined) return null;
  // An entry may hold the extractor's ` date YYYY-MM-DD` prefix of the first line (the corpus lists the whole
  // trimmed line), which splitArticleLines has cut off the line it labels.
  const boilerplate = new Set(article.boilerplate.flatMap((entry) => [collapse(entry), collapse(entry).replace(DATE_PREFIX, '')]));
  const title = article.title ? collapse(article.title) : null;
  return splitArticleLines(article.text)
    .lines.filter((l) => l !== '')
    .map((text) => {
      const key = collapse(text);
      const label: LineLabel = key === title ? 'title' : boilerplate.has(key) ? 'boilerplate' : 'content';
      return { text, label };
    });
}

export function documentOf(article: LabelledArticle): LabelledDocument | null {
  const lines = labelLines(article);
  if (!lines) return null;
  return { id: article.id, outlet: article.outlet, synthetic: false, text: article.text, lines, title: article.title, bodyKeep: article.bodyKeep ?? [] };
}

/**
 * A whole-page dump around one article: header chrome (breadcrumbs, menus, cookie banner, search,
 * form fields, widgets), the article with ad markers, share rows and single related headlines between
 * its paragraphs, then related lists (with or without a header), promos, comments and footer lines.
 * Deterministic for a given `seed`; `headlines` (other articles' titles) fill the related lists.
 */
export function synthesizePage(doc: LabelledDocument, language: string, headlines: readonly string[], seed: number): LabelledDocument {
  const random = seededRandom(seed);
  const chrome = CHROME[language] as Chrome;
  const outlet = madeUpOutlet(random);
  const others = headlines.filter((h) => h !== doc.title);
  const junk = (templates: readonly string[]) => fill(pick(random, templates), random, outlet, others);
  const lines: LabelledLine[] = [];
  const add = (text: string) => lines.push({ text, label: 'boilerplate' });
  const some = (templates: readonly string[], min: number, max: number) => {
    const n = min + Math.floor(random() * (max - min + 1));
    const chosen = [...templates].sort(() => random() - 0.5).slice(0, n);
    return chosen.map((t) => fill(t, random, outlet, others));
  };

  // Header.
  if (random() < 0.4) for (const l of some(chrome.cookie, 1, 3)) add(l);
  if (random() < 0.5) add(outlet);
  const menu = some(chrome.menu, 4, 12);
  const joined = random();
  if (joined < 0.3) add(menu.join(random() < 0.5 ? ' | ' : ' '));
  else for (const l of menu) add(random() < 0.15 ? `• ${l}` : l);
  if (random() < 0.5) for (const l of some(chrome.search, 1, 2)) add(l);
  if (random() < 0.2) for (const l of some(chrome.form, 2, 4)) add(l);
  if (random() < 0.5) add(junk(chrome.breadcrumb));
  if (random() < 0.3) add(junk(chrome.widget));

  // The article, with chrome between its lines.
  const article = doc.lines;
  for (let i = 0; i < article.length; i++) {
    const line = article[i] as LabelledLine;
    lines.push(line);
    if (i === article.length - 1) break;
    const r = random();
    if (r < 0.06) add(junk(chrome.widget));
    else if (r < 0.1) add(junk(chrome.share));
    else if (r < 0.13 && others.length) add(pick(random, others));
    else if (r < 0.15) add(junk(chrome.credit));
    else if (r < 0.17) add(junk(chrome.promo));
    else if (r < 0.25) for (const l of inlineJunk(pick(random, BETWEEN), random, language, outlet, others)) add(l);
  }

  // After the article.
  if (random() < 0.5) for (const l of some(chrome.share, 1, 3)) add(l);
  if (random() < 0.3) add(junk(chrome.continueReading));
  if (random() < 0.5) add(junk(chrome.promo));
  if (others.length && random() < 0.8) {
    if (random() < 0.7) add(junk(chrome.relatedHeader));
    const n = 3 + Math.floor(random() * 5);
    for (let i = 0; i < n; i++) add(pick(random, others));
  }
  if (random() < 0.4) for (const l of some(chrome.comments, 2, 6)) add(l);
  if (random() < 0.3) add(menu.slice(0, 5).join(' '));
  for (const l of some(chrome.footer, 2, 7)) add(l);

  return {
    id: `${doc.id}#page-${language}-${seed}`,
    outlet: doc.outlet,
    synthetic: true,
    text: lines.map((l) => l.text).join('\n\n'),
    lines,
    title: doc.title,
    bodyKeep: doc.bodyKeep,
  };
}

/** Fills the inline-junk placeholders (those of chrome.ts plus `{place}`). */
function fillInline(template: string, random: () => number, outlet: string, headlines: readonly string[]): string {
  return fill(template.replaceAll('{place}', madeUpPlace(random)), random, outlet, headlines);
}

type InlineKind =
  | 'caption'
  | 'noun'
  | 'credit'
  | 'slug'
  | 'ad'
  | 'share'
  | 'related'
  | 'readAlso'
  | 'promo'
  | 'widget'
  | 'embedded'
  | 'byline'
  | 'extra'
  | 'bare';

/** One piece of inline junk of `kind` (a few kinds span several lines). */
function inlineJunk(kind: InlineKind, random: () => number, language: string, outlet: string, headlines: readonly string[]): string[] {
  const junk = INLINE_JUNK[language] as InlineJunk;
  const chrome = CHROME[language] as Chrome;
  const f = (templates: readonly string[]) => fillInline(pick(random, templates), random, outlet, headlines);
  const photo = pick(random, junk.photo);
  switch (kind) {
    case 'caption':
      return [captionLine(random, f(junk.captionSentence), photo, madeUpUser(random), madeUpAgency(random))];
    case 'noun': {
      const noun = f(junk.captionNoun);
      return [random() < 0.5 ? noun : captionLine(random, noun, photo, madeUpUser(random), madeUpAgency(random))];
    }
    case 'credit':
      return [creditLine(random, photo, madeUpUser(random), madeUpAgency(random), f(junk.captionSentence))];
    case 'slug':
      return [wireSlug(random, junk.topics, madeUpPlace(random))];
    case 'ad':
      return [adMarker(random, pick(random, junk.ad))];
    case 'share':
      return random() < 0.7 ? shareRow(random) : [f(chrome.share)];
    case 'related':
      return headlines.length ? [pick(random, headlines)] : [];
    case 'readAlso':
      return headlines.length
        ? random() < 0.6
          ? [`${pick(random, junk.readAlso)} ${pick(random, headlines)}`]
          : [pick(random, junk.readAlso), pick(random, headlines)]
        : [];
    case 'promo':
      return [f(random() < 0.5 ? junk.promo : chrome.promo)];
    case 'widget':
      return [f(random() < 0.5 ? junk.widget : chrome.widget)];
    case 'embedded':
      return embeddedPost(
        random,
        madeUpUser(random),
        madeUpHandle(random, outlet),
        fill('{date}', random, outlet, headlines),
        `${f(junk.captionNoun)} #${pick(random, junk.topics).toLowerCase()}`,
      );
    case 'byline':
      return [f(junk.byline)];
    case 'extra':
      return [f(junk.extra)];
    case 'bare':
      return [bareJunk(random, outlet, junk.topics)];
  }
}

const BETWEEN: readonly InlineKind[] = [
  'caption',
  'caption',
  'noun',
  'credit',
  'credit',
  'slug',
  'ad',
  'ad',
  'share',
  'related',
  'related',
  'readAlso',
  'readAlso',
  'promo',
  'promo',
  'widget',
  'embedded',
  'extra',
  'extra',
  'bare',
];
const UNDER_TITLE: readonly InlineKind[] = ['caption', 'caption', 'noun', 'noun', 'credit', 'credit', 'byline', 'byline', 'share', 'widget', 'ad', 'extra'];

/**
 * A scraped article as publishers upload it: little page chrome, but junk INSIDE the text: a section
 * label, slug or byline above the headline (title confusers), captions, credits and bylines under it,
 * and captions, credits, slugs, ad markers, share rows, single related headlines, promos, widgets and
 * embedded posts between paragraphs; then a short tail (share row, related list with or without a
 * header, promos, comments, legal lines). Deterministic for a given `seed`.
 */
export function synthesizeScraped(doc: LabelledDocument, language: string, headlines: readonly string[], seed: number): LabelledDocument {
  const random = seededRandom(seed);
  const junk = INLINE_JUNK[language] as InlineJunk;
  const chrome = CHROME[language] as Chrome;
  const outlet = madeUpOutlet(random);
  const others = headlines.filter((h) => h !== doc.title);
  const lines: LabelledLine[] = [];
  const add = (texts: readonly string[]) => {
    for (const text of texts) lines.push({ text, label: 'boilerplate' });
  };
  const f = (templates: readonly string[]) => fillInline(pick(random, templates), random, outlet, others);
  const titleAt = doc.lines.findIndex((l) => l.label === 'title');
  const aboveTitle = () => {
    if (random() < 0.3) add([`${outlet}${random() < 0.5 ? ` › ${f(junk.section)}` : ''}`]);
    if (random() < 0.45) add([f(junk.section)]);
    if (random() < 0.12) add([wireSlug(random, junk.topics, madeUpPlace(random))]);
    if (random() < 0.2) add([f(junk.byline)]);
    if (random() < 0.15) add([f(chrome.breadcrumb)]);
    // A breadcrumb trail that ends in the headline itself: a title confuser with the title's words.
    if (doc.title && random() < 0.1) add([`${f(chrome.breadcrumb)} > ${doc.title}`]);
    if (random() < 0.08) add([f(junk.badge)]);
  };
  if (titleAt < 0) aboveTitle();
  doc.lines.forEach((line, i) => {
    if (i === titleAt) aboveTitle();
    lines.push(line);
    if (i === titleAt) {
      const n = random() < 0.75 ? 1 + Math.floor(random() * 3) : 0;
      for (let k = 0; k < n; k++) add(inlineJunk(pick(random, UNDER_TITLE), random, language, outlet, others));
      return;
    }
    if (i === doc.lines.length - 1) return;
    if (random() < 0.28) add(inlineJunk(pick(random, BETWEEN), random, language, outlet, others));
  });
  // A short tail.
  if (random() < 0.4) add(inlineJunk('share', random, language, outlet, others));
  if (random() < 0.3) add([f(chrome.continueReading)]);
  if (random() < 0.3) add([f(junk.promo)]);
  if (others.length && random() < 0.5) {
    if (random() < 0.5) add([f([...chrome.relatedHeader, ...junk.readAlso])]);
    const n = 2 + Math.floor(random() * 4);
    for (let k = 0; k < n; k++) add([pick(random, others)]);
  }
  if (random() < 0.25) {
    for (let k = 0; k < 2 + Math.floor(random() * 3); k++) add([f(junk.comment), ...(random() < 0.5 ? [f(chrome.comments)] : [])]);
  }
  if (random() < 0.4) add([f(junk.extra)]);
  if (random() < 0.15) add([bareJunk(random, outlet, junk.topics)]);
  if (random() < 0.35) add([f(junk.legal)]);
  return {
    id: `${doc.id}#scraped-${language}-${seed}`,
    outlet: doc.outlet,
    synthetic: true,
    text: lines.map((l) => l.text).join('\n\n'),
    lines,
    title: doc.title,
    bodyKeep: doc.bodyKeep,
  };
}

/** `perArticle` scraped variants per document, languages dealt in turn. */
export function synthesizeScrapedArticles(
  docs: readonly LabelledDocument[],
  headlines: readonly string[],
  perArticle: number,
  languages: readonly string[] = CHROME_LANGUAGES,
  seed = 3,
): LabelledDocument[] {
  const out: LabelledDocument[] = [];
  docs.forEach((doc, i) => {
    for (let k = 0; k < perArticle; k++) {
      const language = languages[(i * perArticle + k + 5) % languages.length] as string;
      out.push(synthesizeScraped(doc, language, headlines, seed * 100_019 + i * 103 + k));
    }
  });
  return out;
}

export const CHROME_LANGUAGES: readonly string[] = Object.keys(CHROME);

/** `perArticle` page dumps per document, chrome languages dealt in turn (seeded by the document's position). */
export function synthesizePages(
  docs: readonly LabelledDocument[],
  headlines: readonly string[],
  perArticle: number,
  languages: readonly string[] = CHROME_LANGUAGES,
  seed = 1,
): LabelledDocument[] {
  const pages: LabelledDocument[] = [];
  docs.forEach((doc, i) => {
    for (let k = 0; k < perArticle; k++) {
      const language = languages[(i * perArticle + k) % languages.length] as string;
      pages.push(synthesizePage(doc, language, headlines, seed * 100_003 + i * 101 + k));
    }
  });
  return pages;
}
