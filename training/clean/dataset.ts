/**
 * Line labels for the cleaning model: every non-empty line of a labelled article is `boilerplate`
 * (listed in the article's `boilerplate`), `title` (equal to its `title`) or `content` (everything
 * else, per the corpus README). Synthetic whole-page dumps wrap an article in page chrome
 * (chrome.ts) at training time; the chrome lines are boilerplate.
 */
import { splitArticleLines } from '#shared/domain/clean.ts';
import type { LabelledArticle } from '../labelled-articles.ts';
import { CHROME, type Chrome, fill, madeUpOutlet, pick, seededRandom } from './chrome.ts';

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
  bodyKeep: string[];
}

const collapse = (s: string) => s.replace(/\s+/g, ' ').trim();

/** The article's non-empty lines with their labels; null when the article does not label cleaning. */
export function labelLines(article: LabelledArticle): LabelledLine[] | null {
  if (article.boilerplate === undefined) return null;
  const boilerplate = new Set(article.boilerplate.map(collapse));
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

export const CHROME_LANGUAGES: readonly string[] = Object.keys(CHROME);

/** `perArticle` page dumps per document, chrome languages dealt in turn (seeded by the document's position). */
export function synthesizePages(docs: readonly LabelledDocument[], headlines: readonly string[], perArticle: number, languages: readonly string[] = CHROME_LANGUAGES, seed = 1): LabelledDocument[] {
  const pages: LabelledDocument[] = [];
  docs.forEach((doc, i) => {
    for (let k = 0; k < perArticle; k++) {
      const language = languages[(i * perArticle + k) % languages.length] as string;
      pages.push(synthesizePage(doc, language, headlines, seed * 100_003 + i * 101 + k));
    }
  });
  return pages;
}
