/**
 * The HTML model's training set as derived numbers, no text: `training/html/data/pages.json.gz`.
 * Per page: a hash of its site, its blocks' features (quantised to 1/1000, column-major int16,
 * base64), the element tree the token features need (parents and hashed class/id tokens, only the
 * elements above some block, only tokens used on three sites or more), and per block its metric
 * words, the words aligned with the main content and its label. A clean clone retrains from it
 * without ../shared/pages; `npm run train:html` rewrites it when the pages are there.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { gunzipSync, gzipSync } from 'node:zlib';
import { BLOCK_FEATURES } from '#shared/domain/html-blocks.ts';
import { MIN_TOKEN_SITES } from './fit.ts';
import type { TrainingPage } from './pages.ts';

export const EXPORT_FILE = resolve(import.meta.dirname, 'data', 'pages.json.gz');
const FORMAT = 'kabar-html-blocks/1';
const SCALE = 1000;

/** Features as the export stores them: every training run, from the pages or the export, sees these values. */
export function quantise(pages: TrainingPage[]): void {
  for (const page of pages) {
    for (const row of page.features) {
      for (let f = 0; f < row.length; f++) row[f] = Math.max(-32767, Math.min(32767, Math.round((row[f] as number) * SCALE))) / SCALE;
    }
  }
}

interface ExportedPage {
  site: string;
  blocks: number;
  x: string;
  parents: number[];
  tokens: number[][];
  owners: number[];
  words: number[];
  matched: number[];
  labels: string;
  truthWords: number;
  readabilityWords: number;
  readabilityOverlap: number;
  baselineF1: number;
}

export function exportPages(pages: readonly TrainingPage[], file = EXPORT_FILE): number {
  // Tokens no three sites share never get a weight: leave them out.
  const sitesOf = new Map<number, Set<string>>();
  for (const page of pages) for (const list of page.tokens) for (const t of list) (sitesOf.get(t) ?? sitesOf.set(t, new Set()).get(t))?.add(page.site);
  const shared = (t: number) => (sitesOf.get(t)?.size ?? 0) >= MIN_TOKEN_SITES;
  const out: ExportedPage[] = pages.map((page) => {
    // Only elements on some block's ancestor chain, renumbered in document order (parents first).
    const keep = new Uint8Array(page.parents.length);
    for (const owner of page.owners) for (let e = owner; e >= 0 && !keep[e]; e = page.parents[e] as number) keep[e] = 1;
    const index = new Int32Array(page.parents.length).fill(-1);
    let next = 0;
    for (let e = 0; e < keep.length; e++) if (keep[e]) index[e] = next++;
    const parents: number[] = [];
    const tokens: number[][] = [];
    for (let e = 0; e < keep.length; e++) {
      if (!keep[e]) continue;
      const p = page.parents[e] as number;
      parents.push(p >= 0 ? (index[p] as number) : -1);
      tokens.push((page.tokens[e] ?? []).filter(shared));
    }
    const n = page.features.length;
    const width = BLOCK_FEATURES.length;
    const x = new Int16Array(n * width);
    for (let b = 0; b < n; b++) for (let f = 0; f < width; f++) x[f * n + b] = Math.round(((page.features[b] as Float64Array)[f] as number) * SCALE);
    return {
      site: page.site,
      blocks: n,
      x: Buffer.from(x.buffer).toString('base64'),
      parents,
      tokens,
      owners: page.owners.map((o) => index[o] as number),
      words: page.words,
      matched: page.matched,
      labels: page.labels.join(''),
      truthWords: page.truthWords,
      readabilityWords: page.readabilityWords,
      readabilityOverlap: page.readabilityOverlap,
      baselineF1: page.baselineF1,
    };
  });
  const json = JSON.stringify({ format: FORMAT, features: BLOCK_FEATURES, pages: out });
  const bytes = gzipSync(json, { level: 9 });
  writeFileSync(file, bytes);
  return bytes.length;
}

export function importPages(file = EXPORT_FILE): TrainingPage[] {
  if (!existsSync(file)) return [];
  const data = JSON.parse(gunzipSync(readFileSync(file)).toString('utf8')) as { format: string; features: string[]; pages: ExportedPage[] };
  if (data.format !== FORMAT) throw new Error(`${file}: format ${data.format}, expected ${FORMAT}`);
  if (data.features.join(',') !== BLOCK_FEATURES.join(',')) throw new Error(`${file} was exported with other features: run npm run train:html with ../shared/pages`);
  return data.pages.map((p, i) => {
    const raw = Buffer.from(p.x, 'base64');
    const x = new Int16Array(raw.buffer, raw.byteOffset, raw.byteLength / 2);
    const width = BLOCK_FEATURES.length;
    const features = Array.from({ length: p.blocks }, (_, b) => {
      const row = new Float64Array(width);
      for (let f = 0; f < width; f++) row[f] = (x[f * p.blocks + b] as number) / SCALE;
      return row;
    });
    return {
      id: String(i + 1).padStart(4, '0'),
      site: p.site,
      features,
      parents: p.parents,
      tokens: p.tokens,
      owners: p.owners,
      words: p.words,
      matched: p.matched,
      labels: [...p.labels].map(Number),
      truthWords: p.truthWords,
      readabilityWords: p.readabilityWords,
      readabilityOverlap: p.readabilityOverlap,
      baselineF1: p.baselineF1,
    };
  });
}
