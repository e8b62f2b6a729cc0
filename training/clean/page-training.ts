/**
 * The page model's training set: from the pages (`../shared/pages` dumped by w3m and labelled,
 * page-dumps.ts) when they and w3m are there, written to the shipped set; else the shipped set.
 * Either way the fitter gets the set as decoded from its bytes (page-set.ts), so both give one model.
 */
import { lineFeatureHash } from './card.ts';
import { pageFitDocOf, type PageFitDoc } from './fit-pages.ts';
import { canDump, loadPageTruths, pageDumpDocument } from './page-dumps.ts';
import { decodePageSet, PAGE_SET_FILE, readPageSet, writePageSet } from './page-set.ts';
import { readFileSync } from 'node:fs';

/** Each page dump's line weight next to an article's 1: 791 pages hold about 15 times the articles' lines. */
export const PAGE_WEIGHT = 0.1;

export interface PageTrainingSet {
  docs: PageFitDoc[];
  bytes: Buffer;
  origin: string;
}

export function pageTrainingSet({ fromSet = false } = {}): PageTrainingSet | null {
  const hash = lineFeatureHash();
  const truths = fromSet || !canDump('w3m') ? [] : loadPageTruths();
  if (truths.length > 0) {
    const docs: PageFitDoc[] = [];
    for (const truth of truths) {
      const doc = pageDumpDocument(truth, 'w3m');
      if (doc) docs.push(pageFitDocOf(doc, PAGE_WEIGHT));
    }
    const bytes = writePageSet(docs, hash);
    return { docs: decodePageSet(bytes).docs, bytes, origin: `../shared/pages through w3m, set written to ${PAGE_SET_FILE}` };
  }
  const shipped = readPageSet();
  if (!shipped) return null;
  if (shipped.featureHash !== hash)
    throw new Error(`${PAGE_SET_FILE} was made with other line features: regenerate it from ../shared/pages (npm run train:clean with the pages and w3m)`);
  return { docs: shipped.docs, bytes: readFileSync(PAGE_SET_FILE), origin: `the shipped set ${PAGE_SET_FILE}` };
}
