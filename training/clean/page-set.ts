/**
 * The page dumps' training set as it ships in the repo (`training/sets/line-pages.bin.gz`): derived
 * numbers and labels only, never page text, so a clean clone without `../shared/pages` retrains the
 * page model (the contract: docs/adr/0009-model-artifacts.md).
 *
 * Compact: each line's own features quantised to a byte (1/255 steps; every feature lies in 0..1),
 * stored column by column and gzipped; the neighbour features (`prev.*`, `next.*`) are not stored, as
 * they are the neighbouring lines' own values. Training always fits on the set as loaded back from
 * these bytes, so a fit from the pages and a fit from the shipped file give the same model.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { gunzipSync, gzipSync } from 'node:zlib';
import { FEATURE_NAMES } from '#shared/domain/clean/line-features.ts';
import type { LineLabel } from './dataset.ts';
import type { PageFitDoc } from './fit-pages.ts';

export const PAGE_SET_FILE = resolve(import.meta.dirname, '..', 'sets', 'line-pages.bin.gz');

const MAGIC = 'kabar-line-pages/1';

/** Feature columns that are stored, and for each neighbour feature the own column it copies and from which side. */
const OWN = FEATURE_NAMES.map((name, i) => ({ name, i })).filter(({ name }) => !name.startsWith('prev.') && !name.startsWith('next.'));
const NEIGHBOURS = FEATURE_NAMES.map((name, i) => ({ name, i }))
  .filter(({ name }) => name.startsWith('prev.') || name.startsWith('next.'))
  .map(({ name, i }) => ({ i, from: FEATURE_NAMES.indexOf(name.slice(5)), step: name.startsWith('prev.') ? -1 : 1 }));

const LABEL_CODE: Record<LineLabel, number> = { content: 0, boilerplate: 1, title: 2 };
const LABELS: readonly LineLabel[] = ['content', 'boilerplate', 'title'];

const quantise = (x: number) => {
  if (!(x >= 0 && x <= 1)) throw new Error(`page set: feature value ${x} outside 0..1`);
  return Math.round(x * 255);
};

/** The set's bytes: a JSON header (documents, the feature hash it was made with), then the columns. */
export function encodePageSet(docs: readonly PageFitDoc[], featureHash: string): Buffer {
  const lines = docs.reduce((n, d) => n + d.lines.length, 0);
  const header = JSON.stringify({
    format: MAGIC,
    features: featureHash,
    names: OWN.map((o) => o.name),
    docs: docs.map((d) => ({ id: d.id, outlet: d.outlet, source: d.source, weight: d.weight, titleLabelled: d.titleLabelled, lines: d.lines.length })),
  });
  const columns = Buffer.alloc(lines * (OWN.length + 2) + lines * 2);
  let at = 0;
  for (const { i } of OWN) for (const d of docs) for (const f of d.features) columns[at++] = quantise(f[i] ?? 0);
  // Per line: label and flags, then words (16 bits, capped).
  for (const d of docs) for (const l of d.lines) columns[at++] = LABEL_CODE[l.label] | (l.titleCandidate ? 4 : 0) | (l.paragraph ? 8 : 0);
  for (const d of docs) for (const l of d.lines) at = columns.writeUInt16LE(Math.min(l.words, 65535), at);
  const head = Buffer.from(header, 'utf8');
  const length = Buffer.alloc(4);
  length.writeUInt32LE(head.length, 0);
  return gzipSync(Buffer.concat([length, head, columns.subarray(0, at)]), { level: 9 });
}

export function decodePageSet(bytes: Buffer): { docs: PageFitDoc[]; featureHash: string } {
  const raw = gunzipSync(bytes);
  const headLength = raw.readUInt32LE(0);
  const header = JSON.parse(raw.subarray(4, 4 + headLength).toString('utf8')) as {
    format: string;
    features: string;
    names: string[];
    docs: { id: string; outlet: string; source: string; weight: number; titleLabelled: boolean; lines: number }[];
  };
  if (header.format !== MAGIC) throw new Error(`page set: unknown format ${header.format}`);
  if (header.names.join(',') !== OWN.map((o) => o.name).join(',')) throw new Error('page set: made with other features; regenerate it from ../shared/pages');
  const total = header.docs.reduce((n, d) => n + d.lines, 0);
  const columns = raw.subarray(4 + headLength);
  const docs: PageFitDoc[] = header.docs.map((d) => ({
    id: d.id,
    outlet: d.outlet,
    source: d.source,
    synthetic: false,
    weight: d.weight,
    titleLabelled: d.titleLabelled,
    cleaningLabelled: true,
    lines: [],
    features: Array.from({ length: d.lines }, () => new Array<number>(FEATURE_NAMES.length).fill(0)),
  }));
  let at = 0;
  for (const { i } of OWN) for (const d of docs) for (const f of d.features) f[i] = (columns[at++] as number) / 255;
  for (const d of docs) {
    for (let k = 0; k < d.features.length; k++) {
      const code = columns[at++] as number;
      d.lines.push({ label: LABELS[code & 3] as LineLabel, titleCandidate: (code & 4) !== 0, paragraph: (code & 8) !== 0, words: 0 });
    }
  }
  for (const d of docs) {
    for (const l of d.lines) {
      l.words = columns.readUInt16LE(at);
      at += 2;
    }
  }
  for (const d of docs) {
    d.features.forEach((f, k) => {
      for (const { i, from, step } of NEIGHBOURS) f[i] = d.features[k + step]?.[from] ?? 0;
    });
  }
  if (at !== total * (OWN.length + 3)) throw new Error('page set: truncated');
  return { docs, featureHash: header.features };
}

export function writePageSet(docs: readonly PageFitDoc[], featureHash: string, file = PAGE_SET_FILE): Buffer {
  const bytes = encodePageSet(docs, featureHash);
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, bytes);
  return bytes;
}

export function readPageSet(file = PAGE_SET_FILE): { docs: PageFitDoc[]; featureHash: string } | null {
  return existsSync(file) ? decodePageSet(readFileSync(file)) : null;
}
