/**
 * The HTML model's training pages: `../shared/pages` (real article pages with reviewed main content)
 * read through the production path (html.ts's analyseHtmlPage), each block labelled by aligning it
 * with the page's `main_content`. Nothing here is written into the repository but derived numbers
 * (see export.ts): block texts stay in memory for the exact word-F1 of the evaluation.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { isCaptionBlock, type PageBlocks } from '#shared/domain/parse/html/blocks.ts';
import { BLOCK_FEATURES, blockFeatures } from '#shared/domain/parse/html/block-features.ts';
import { analyseHtmlPage } from '#shared/domain/parse/html/html.ts';
import { htmlStopwords } from './stopwords.ts';

export const PAGES_DIR = resolve(import.meta.dirname, '..', '..', '..', 'shared', 'pages');

/** One training page as numbers (what the export carries) plus, when read from the pages, its texts. */
export interface TrainingPage {
  id: string;
  /** Hash of the registrable domain of the page's url: the unit of the grouped folds. */
  site: string;
  /** Per block, the features with every token weight at zero (token columns are recomputed per fold). */
  features: Float64Array[];
  /** Element tree of the page, for the token features: parent index (-1 at the root) and hashed tokens. */
  parents: number[];
  tokens: number[][];
  /** Per block: its owner element, its metric words, the words aligned with the main content, its label (1: boilerplate). */
  owners: number[];
  words: number[];
  matched: number[];
  labels: number[];
  /** Indices of the caption blocks, which kabar removes by convention (blocks.ts isCaptionBlock). */
  captions: number[];
  /** Words of the reviewed main content. */
  truthWords: number;
  /** Words of Readability's article on the production path (the guard's fallback), and how many of them the main content has. */
  readabilityWords: number;
  readabilityOverlap: number;
  /** Readability alone (title + textContent, as ../shared/tools/score-pages.mjs runs it): its word-F1 on this page, to 1/10000. */
  baselineF1: number;
  /** Per block, how many times it counts (a reviewer's correction: more); absent: once each. Never exported. */
  weights?: number[];
  /** Texts, only when read from the pages (never exported). */
  texts?: {
    blocks: string[];
    truth: string;
    title: string | null;
    truthTitle: string | null;
    readabilityText: string | null;
    readabilityAlone: string;
    withSnippets: string[];
    withoutSnippets: string[];
    headline: string | null;
  };
}

const WORD = /[\p{L}\p{N}_]+/gu;
export const metricTokens = (s: string | null | undefined): string[] => (s ?? '').toLowerCase().match(WORD) ?? [];

/** `https://www.health.ucdavis.edu/x` → `ucdavis.edu`; `https://bbc.co.uk/x` → `bbc.co.uk`. */
export function siteOf(url: string | null, fallback: string): string {
  let host = '';
  try {
    host = new URL(url ?? '').hostname.toLowerCase();
  } catch {
    return fallback;
  }
  const labels = host.replace(/^www\./, '').split('.');
  const secondLevel = labels[labels.length - 2] ?? '';
  const keep = labels.length >= 3 && /^(co|com|org|net|ac|gov|edu|or|ne|go)$/.test(secondLevel) && (labels[labels.length - 1]?.length ?? 0) === 2 ? 3 : 2;
  return labels.slice(-keep).join('.');
}

/**
 * Labels a page's blocks against its main content: a block word counts as matched when a word
 * trigram around it occurs in the main content (a two-word block: its bigram; a one-word block:
 * a whole line of the main content). A block is content when half its words match, and
 * boilerplate when it holds one of the page's `without` snippets that the main content lacks.
 */
export function labelBlocks(
  blockTexts: readonly string[],
  truth: string,
  without: readonly string[],
): { words: number[]; matched: number[]; labels: number[] } {
  const t = metricTokens(truth);
  const tri = new Set<string>();
  const bi = new Set<string>();
  for (let i = 0; i + 1 < t.length; i++) {
    bi.add(`${t[i]} ${t[i + 1]}`);
    if (i + 2 < t.length) tri.add(`${t[i]} ${t[i + 1]} ${t[i + 2]}`);
  }
  const lines = new Set(
    truth
      .split('\n')
      .map((l) => metricTokens(l).join(' '))
      .filter(Boolean),
  );
  const truthLower = truth.toLowerCase();
  const leaks = without.map((s) => s.toLowerCase()).filter((s) => s && !truthLower.includes(s));
  const words: number[] = [];
  const matched: number[] = [];
  const labels: number[] = [];
  for (const text of blockTexts) {
    const b = metricTokens(text);
    const m = b.length;
    let hit = 0;
    if (m >= 3) {
      const inTri = new Uint8Array(m);
      for (let i = 0; i + 2 < m; i++) {
        if (tri.has(`${b[i]} ${b[i + 1]} ${b[i + 2]}`)) inTri[i] = inTri[i + 1] = inTri[i + 2] = 1;
      }
      for (const x of inTri) hit += x;
    } else if (m === 2) {
      hit = bi.has(`${b[0]} ${b[1]}`) ? 2 : 0;
    } else if (m === 1) {
      hit = lines.has(b[0] as string) ? 1 : 0;
    }
    const lower = text.toLowerCase();
    const leaked = leaks.some((s) => lower.includes(s));
    words.push(m);
    matched.push(leaked ? 0 : hit);
    labels.push(leaked || m === 0 || hit < m / 2 ? 1 : 0);
  }
  return { words, matched, labels };
}

/** Reads every page (or the first `limit`) through the production path. */
export async function loadTrainingPages(limit = 0, dir = PAGES_DIR): Promise<TrainingPage[]> {
  if (!existsSync(resolve(dir, 'ground-truth'))) return [];
  const { Readability } = await import('@mozilla/readability');
  const { parseHTML } = await import('linkedom');
  let ids = readdirSync(resolve(dir, 'ground-truth'))
    .filter((f) => f.endsWith('.json'))
    .map((f) => f.slice(0, -5))
    .sort();
  if (limit) ids = ids.slice(0, limit);
  const { isStopword } = htmlStopwords();
  const pages: TrainingPage[] = [];
  for (const id of ids) {
    const meta = JSON.parse(readFileSync(resolve(dir, 'ground-truth', `${id}.json`), 'utf8')) as {
      url: string | null;
      ground_truth: { title: string | null; main_content: string | null; with?: string[]; without?: string[] };
    };
    const html = gunzipSync(readFileSync(resolve(dir, 'html', `${id}.html.gz`))).toString('utf8');
    const gt = meta.ground_truth;
    let readabilityAlone = '';
    try {
      const a = new Readability(parseHTML(html).document as never).parse();
      readabilityAlone = a ? `${a.title ?? ''}\n${a.textContent ?? ''}` : '';
    } catch {
      readabilityAlone = '';
    }
    const analysed = await analyseHtmlPage(html);
    const blockTexts = analysed.page.blocks.map((b) => b.text);
    const truth = gt.main_content ?? '';
    const labelled = labelBlocks(blockTexts, truth, gt.without ?? []);
    const headline = analysed.declared.headline ?? analysed.declared.title;
    pages.push({
      id,
      site: siteKeyOf(siteOf(meta.url, `page-${id}`)),
      features: blockFeatures(analysed.page, { tokenWeights: new Map(), readability: analysed.readability, headline, isStopword }),
      ...treeOf(analysed.page),
      ...labelled,
      captions: analysed.page.blocks.flatMap((b, i) => (isCaptionBlock(b) ? [i] : [])),
      truthWords: metricTokens(truth).length,
      ...readabilityCounts(analysed.readabilityText, truth),
      baselineF1: Math.round(wordF1Of(readabilityAlone, truth) * 1e4) / 1e4,
      texts: {
        blocks: blockTexts,
        truth,
        title: analysed.declared.title,
        truthTitle: gt.title,
        readabilityText: analysed.readabilityText,
        readabilityAlone,
        withSnippets: gt.with ?? [],
        withoutSnippets: gt.without ?? [],
        headline,
      },
    });
  }
  return pages;
}

/** A site's name as the folds and the export know it: its FNV-1a hash in hex. */
export function siteKeyOf(site: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < site.length; i++) h = Math.imul(h ^ site.charCodeAt(i), 0x01000193);
  return (h >>> 0).toString(16).padStart(8, '0');
}

/** The benchmark's word-F1 (multiset overlap of lower-cased word tokens). */
export function wordF1Of(predicted: string | null, truth: string): number {
  const p = metricTokens(predicted);
  const r = metricTokens(truth);
  if (r.length === 0) return p.length ? 0 : 1;
  if (p.length === 0) return 0;
  const { readabilityOverlap: overlap } = readabilityCounts(predicted, truth);
  const precision = overlap / p.length;
  const recall = overlap / r.length;
  return precision + recall ? (2 * precision * recall) / (precision + recall) : 0;
}

function readabilityCounts(text: string | null, truth: string): { readabilityWords: number; readabilityOverlap: number } {
  const p = metricTokens(text);
  const counts = new Map<string, number>();
  for (const t of metricTokens(truth)) counts.set(t, (counts.get(t) ?? 0) + 1);
  let overlap = 0;
  for (const t of p) {
    const left = counts.get(t) ?? 0;
    if (left > 0) {
      overlap++;
      counts.set(t, left - 1);
    }
  }
  return { readabilityWords: p.length, readabilityOverlap: overlap };
}

export function treeOf(page: PageBlocks): { parents: number[]; tokens: number[][]; owners: number[] } {
  return {
    parents: page.elements.map((e) => e.parent?.id ?? -1),
    tokens: page.elements.map((e) => e.tokens),
    owners: page.blocks.map((b) => b.owner.id),
  };
}

export const FEATURE_COUNT = BLOCK_FEATURES.length;
