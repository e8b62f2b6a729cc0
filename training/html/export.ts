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
import { BLOCK_FEATURES } from '#shared/domain/parse/html/block-features.ts';
import { MIN_TOKEN_SITES } from './fit.ts';
import type { TrainingPage } from './pages.ts';

export const EXPORT_FILE = resolve(import.meta.dirname, 'data', 'pages.json.gz');
const FORMAT = 'kabar-html-blocks/3';
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
  parents: number[];
  /** Per element, indices into the export's token dictionary. */
  tokens: number[][];
  owners: number[];
  words: number[];
  matched: number[];
  labels: string;
  captions: number[];
  truthWords: number;
  readabilityWords: number;
  readabilityOverlap: number;
  baselineF1: number;
}

/** Columns the import recomputes: the token scores (zero until a fold's weights fill them) and the neighbours' copies. */
const DERIVED: ReadonlySet<string> = new Set([
  'ownTokens',
  'ancestorTokensMin',
  'ancestorTokensMax',
  'ancestorTokensSum',
  'prevLogWords',
  'nextLogWords',
  'prevLinkDensity',
  'nextLinkDensity',
  'prevReadability',
  'nextReadability',
  'pageLogBlocks',
]);
const STORED = BLOCK_FEATURES.map((name, f) => [name, f] as const).filter(([name]) => !DERIVED.has(name));
const column = (name: string) => BLOCK_FEATURES.indexOf(name as never);

/**
 * Writes the export: `pages.json.gz` (per page its numbers, tokens as indices into one dictionary of
 * hashes) and `features.bin.gz` (the stored feature columns as int16 thousandths, column by column
 * over every block of every page: long runs of equal values, which gzip packs tightly).
 */
export function exportPages(pages: readonly TrainingPage[], file = EXPORT_FILE): number {
  // Tokens no three sites share never get a weight: leave them out.
  const sitesOf = new Map<number, Set<string>>();
  for (const page of pages) for (const list of page.tokens) for (const t of list) (sitesOf.get(t) ?? sitesOf.set(t, new Set()).get(t))?.add(page.site);
  const dictionary = [...sitesOf]
    .filter(([, sites]) => sites.size >= MIN_TOKEN_SITES)
    .map(([t]) => t)
    .sort((a, b) => a - b);
  const indexOf = new Map(dictionary.map((t, i) => [t, i]));
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
      tokens.push((page.tokens[e] ?? []).flatMap((t) => (indexOf.has(t) ? [indexOf.get(t) as number] : [])));
    }
    return {
      site: page.site,
      blocks: page.features.length,
      parents,
      tokens,
      owners: page.owners.map((o) => index[o] as number),
      words: page.words,
      matched: page.matched,
      labels: page.labels.join(''),
      captions: page.captions,
      truthWords: page.truthWords,
      readabilityWords: page.readabilityWords,
      readabilityOverlap: page.readabilityOverlap,
      baselineF1: page.baselineF1,
    };
  });
  const total = pages.reduce((n, p) => n + p.features.length, 0);
  const x = new Int16Array(total * STORED.length);
  let at = 0;
  for (const page of pages) {
    for (const row of page.features) {
      STORED.forEach(([, f], k) => {
        x[k * total + at] = Math.round((row[f] as number) * SCALE);
      });
      at++;
    }
  }
  const json = gzipSync(
    JSON.stringify({ format: FORMAT, features: BLOCK_FEATURES, stored: STORED.map(([name]) => name), blocks: total, dictionary, pages: out }),
    { level: 9 },
  );
  const bin = gzipSync(Buffer.from(x.buffer, x.byteOffset, x.byteLength), { level: 9 });
  writeFileSync(file, json);
  writeFileSync(featuresFileOf(file), bin);
  return json.length + bin.length;
}

export const featuresFileOf = (file: string) => file.replace(/pages\.json\.gz$/, 'features.bin.gz');

export function importPages(file = EXPORT_FILE): TrainingPage[] {
  if (!existsSync(file)) return [];
  const data = JSON.parse(gunzipSync(readFileSync(file)).toString('utf8')) as {
    format: string;
    features: string[];
    stored: string[];
    blocks: number;
    dictionary: number[];
    pages: ExportedPage[];
  };
  if (data.format !== FORMAT) throw new Error(`${file}: format ${data.format}, expected ${FORMAT}`);
  if (data.features.join(',') !== BLOCK_FEATURES.join(',') || data.stored.join(',') !== STORED.map(([n]) => n).join(','))
    throw new Error(`${file} was exported with other features: run npm run train:html with ../shared/pages`);
  const raw = gunzipSync(readFileSync(featuresFileOf(file)));
  const x = new Int16Array(raw.buffer, raw.byteOffset, raw.byteLength / 2);
  const total = data.blocks;
  const width = BLOCK_FEATURES.length;
  const [logWords, linkDensity, readabilityShare] = [column('logWords'), column('linkDensity'), column('readabilityShare')];
  let at = 0;
  return data.pages.map((p, i) => {
    const features = Array.from({ length: p.blocks }, () => {
      const row = new Float64Array(width);
      STORED.forEach(([, f], k) => {
        row[f] = (x[k * total + at] as number) / SCALE;
      });
      at++;
      return row;
    });
    features.forEach((row, b) => {
      const prev = features[b - 1];
      const next = features[b + 1];
      row[column('prevLogWords')] = prev ? (prev[logWords] as number) : 0;
      row[column('nextLogWords')] = next ? (next[logWords] as number) : 0;
      row[column('prevLinkDensity')] = prev ? (prev[linkDensity] as number) : 0;
      row[column('nextLinkDensity')] = next ? (next[linkDensity] as number) : 0;
      row[column('prevReadability')] = prev ? (prev[readabilityShare] as number) : 0;
      row[column('nextReadability')] = next ? (next[readabilityShare] as number) : 0;
      row[column('pageLogBlocks')] = Math.round(Math.log1p(p.blocks) * SCALE) / SCALE;
    });
    return {
      id: String(i + 1).padStart(4, '0'),
      site: p.site,
      features,
      parents: p.parents,
      tokens: p.tokens.map((list) => list.map((k) => data.dictionary[k] as number)),
      owners: p.owners,
      words: p.words,
      matched: p.matched,
      labels: [...p.labels].map(Number),
      captions: p.captions,
      truthWords: p.truthWords,
      readabilityWords: p.readabilityWords,
      readabilityOverlap: p.readabilityOverlap,
      baselineF1: p.baselineF1,
    };
  });
}
