/**
 * Real page dumps as training data for the line model: the pages of `../shared/pages` (real article
 * pages with a reviewed main content; its README) dumped to plain text the way scrapers do it, by a
 * text browser (Debian's w3m, or lynx), and their lines labelled by aligning them with the main
 * content (align.ts); the headline line from the ground-truth title.
 *
 * Only the training set's derived numbers leave this module for the repo (training-set.ts): page
 * text never does.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { splitArticleLines } from '#shared/domain/clean/clean.ts';
import { benchmarkWords, CONTENT_SHARE, matchedShares } from './align.ts';
import type { LabelledDocument, LabelledLine, LineLabel } from './dataset.ts';

export const PAGES_DIR = resolve(import.meta.dirname, '..', '..', '..', 'shared', 'pages');

/** One page's reviewed ground truth (`ground-truth/NNNN.json`). */
export interface PageTruth {
  id: string;
  url: string;
  /** The url's host without `www.`: the grouping key of site folds. */
  site: string;
  title: string | null;
  mainContent: string;
  with: string[];
  without: string[];
}

export function siteOf(url: string): string {
  try {
    return new URL(url).hostname.toLowerCase().replace(/^www\./, '');
  } catch {
    return url;
  }
}

/** The ground truths of the pages in `dir`, by file id; empty when the folder is not there. */
export function loadPageTruths(dir = PAGES_DIR): PageTruth[] {
  const truthDir = resolve(dir, 'ground-truth');
  if (!existsSync(truthDir)) return [];
  return readdirSync(truthDir)
    .filter((f) => f.endsWith('.json'))
    .sort()
    .map((f) => {
      const raw = JSON.parse(readFileSync(resolve(truthDir, f), 'utf8')) as {
        url: string;
        file_id: string;
        ground_truth: { title: string | null; main_content: string; with?: string[]; without?: string[] };
      };
      const gt = raw.ground_truth;
      return {
        id: raw.file_id,
        url: raw.url,
        site: siteOf(raw.url),
        title: gt.title?.trim() || null,
        mainContent: gt.main_content ?? '',
        with: gt.with ?? [],
        without: gt.without ?? [],
      };
    });
}

export function pageHtml(id: string, dir = PAGES_DIR): string {
  return gunzipSync(readFileSync(resolve(dir, 'html', `${id}.html.gz`))).toString('utf8');
}

/** How a page is turned into text: the text browsers scrapers use, with their dump options. */
export const DUMPERS = {
  /** w3m at 200 columns: paragraphs wrapped at 200 characters, lists bulleted, links inline. */
  w3m: ['w3m', '-dump', '-T', 'text/html', '-cols', '200', '-I', 'UTF-8', '-O', 'UTF-8'],
  /** lynx at 200 columns without its link list. */
  lynx: ['lynx', '-dump', '-stdin', '-nolist', '-width=200', '-assume_charset=utf-8', '-display_charset=utf-8'],
} as const;

export type Dumper = keyof typeof DUMPERS;

/** Whether `dumper`'s program is installed. */
export function canDump(dumper: Dumper): boolean {
  const [program] = DUMPERS[dumper];
  return spawnSync(program, ['-version'], { stdio: 'ignore' }).status === 0;
}

/** The page as `dumper` prints it. Throws when the program fails. */
export function dumpPage(html: string, dumper: Dumper): string {
  const [program, ...args] = DUMPERS[dumper];
  const result = spawnSync(program, args, { input: html, encoding: 'utf8', maxBuffer: 1 << 28 });
  if (result.status !== 0) throw new Error(`${program} failed (${result.status}): ${result.stderr}`);
  return result.stdout;
}

/** A line as titles are compared: bullets and symbols at the ends stripped, case and spacing folded. */
function titleKey(text: string): string {
  return text
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[\u2018\u2019]/g, "'")
    .replace(/[\u201c\u201d]/g, '"')
    .replace(/^[^\p{L}\p{N}"'¿¡]+|[\s|:–—-]+$/gu, '')
    .replace(/\s+/g, ' ')
    .trim();
}

/** Word F1 of two short texts (bags of benchmark words). */
function wordOverlap(a: string, b: string): number {
  const x = benchmarkWords(a);
  const y = benchmarkWords(b);
  if (x.length === 0 || y.length === 0) return 0;
  const counts = new Map<string, number>();
  for (const w of y) counts.set(w, (counts.get(w) ?? 0) + 1);
  let common = 0;
  for (const w of x) {
    const n = counts.get(w) ?? 0;
    if (n > 0) {
      common++;
      counts.set(w, n - 1);
    }
  }
  return (2 * common) / (x.length + y.length);
}

/** Word overlap at or above which a line is the headline when no line equals the title (a site suffix, a reworded h1). */
export const TITLE_OVERLAP = 0.8;

/**
 * The line that prints the page's title: one equal to it (bullets, case and spacing aside), else the
 * line sharing most of its words (at least TITLE_OVERLAP); of several, the one nearest above the
 * article's first content line `firstContent`. -1 when no line does.
 */
export function titleLineOf(lines: readonly string[], title: string, firstContent: number): number {
  const key = titleKey(title);
  let at = lines.map((l, i) => (titleKey(l) === key ? i : -1)).filter((i) => i >= 0);
  if (at.length === 0) {
    const scores = lines.map((l) => (l.length <= 3 * title.length ? wordOverlap(l, title) : 0));
    const best = Math.max(0, ...scores);
    if (best < TITLE_OVERLAP) return -1;
    at = scores.map((s, i) => (s === best ? i : -1)).filter((i) => i >= 0);
  }
  const above = at.filter((i) => firstContent < 0 || i <= firstContent);
  return above.length ? (above[above.length - 1] as number) : (at[0] as number);
}

/**
 * The dump's lines labelled against the page's ground truth: content where most of a line's words
 * align with the main content, the headline where the line is the ground-truth title (the
 * occurrence nearest above the article's first content line), boilerplate otherwise.
 */
export function labelDump(text: string, truth: PageTruth): LabelledLine[] {
  const lines = splitArticleLines(text).lines.filter((l) => l !== '');
  const shares = matchedShares(lines, truth.mainContent);
  const labels: LineLabel[] = shares.map((s) => (s >= CONTENT_SHARE ? 'content' : 'boilerplate'));
  const at = truth.title ? titleLineOf(lines, truth.title, labels.indexOf('content')) : -1;
  if (at >= 0) labels[at] = 'title';
  return lines.map((l, i) => ({ text: l, label: labels[i] as LineLabel }));
}

/** One page dumped by `dumper` and labelled; null when the page has no main content. */
export function pageDumpDocument(truth: PageTruth, dumper: Dumper, dir = PAGES_DIR): LabelledDocument | null {
  if (!truth.mainContent.trim()) return null;
  const text = dumpPage(pageHtml(truth.id, dir), dumper);
  const lines = labelDump(text, truth);
  const titled = lines.some((l) => l.label === 'title');
  return {
    id: `pages/${truth.id}${dumper === 'w3m' ? '' : `#${dumper}`}`,
    outlet: truth.site,
    synthetic: false,
    text,
    lines,
    // A title the dump does not print as a line of its own teaches nothing about headline lines.
    title: titled ? truth.title : undefined,
    bodyKeep: truth.with,
  };
}
