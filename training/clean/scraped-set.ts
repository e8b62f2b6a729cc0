/**
 * The real scraped set as it ships (`training/sets/line-scraped.json.gz`): each document's lines as
 * feature vectors with their labels, word counts, headline-candidate flags and junk kinds, the
 * document's outlet (a host name: the folds group by it) and language; never its text or url.
 *
 * Exact: a numeric column is dictionary-coded (its distinct values once, each row's value as a one- or
 * two-byte index), so a model fitted from the shipped set equals one fitted from the texts, byte for
 * byte. The file is stamped with the feature hash it was made with; other feature definitions refuse it.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { gunzipSync, gzipSync } from 'node:zlib';
import { FEATURE_NAMES } from '#shared/domain/clean/line-features.ts';
import type { LineLabel } from './dataset.ts';
import type { FeaturedDoc } from './fit.ts';

export const SCRAPED_SET_FILE = resolve(import.meta.dirname, '..', 'sets', 'line-scraped.json.gz');

const FORMAT = 'kabar-line-scraped/1';

/** A featured document of the set, with what its figures are broken down by. */
export interface ScrapedFeaturedDoc extends FeaturedDoc {
  lang: string;
  /** Per line: the junk kind's letter (scraped.ts JUNK_KINDS), or '' for title and content lines. */
  kinds: string[];
}

interface Column {
  values: number[];
  codes: string;
}

interface SetFile {
  format: string;
  features: string;
  names: string[];
  docs: { id: string; outlet: string; lang: string; titleLabelled: boolean; weight: number; lines: number }[];
  /** One character per line, documents in order: `c`ontent, `b`oilerplate, `t`itle. */
  labels: string;
  /** One character per line: the junk kind, `-` for title and content lines. */
  kinds: string;
  /** One character per line: `1` for a headline candidate. */
  titleCandidates: string;
  words: Column;
  columns: Column[];
}

const CODE: Record<LineLabel, string> = { content: 'c', boilerplate: 'b', title: 't' };
const LABEL: Record<string, LineLabel> = { c: 'content', b: 'boilerplate', t: 'title' };

function encodeColumn(column: readonly number[]): Column {
  const values = [...new Set(column)].sort((a, b) => a - b);
  if (values.length > 65_536) throw new Error(`scraped set: a column with ${values.length} distinct values`);
  const index = new Map(values.map((v, i) => [v, i]));
  const wide = values.length > 256;
  const bytes = Buffer.alloc(column.length * (wide ? 2 : 1));
  column.forEach((v, row) => {
    const code = index.get(v) as number;
    if (wide) bytes.writeUInt16LE(code, row * 2);
    else bytes[row] = code;
  });
  return { values, codes: bytes.toString('base64') };
}

function decodeColumn(column: Column): number[] {
  const bytes = Buffer.from(column.codes, 'base64');
  const wide = column.values.length > 256;
  const rows = wide ? bytes.length / 2 : bytes.length;
  return Array.from({ length: rows }, (_, row) => column.values[wide ? bytes.readUInt16LE(row * 2) : (bytes[row] as number)] as number);
}

export function encodeScrapedSet(docs: readonly ScrapedFeaturedDoc[], featureHash: string): Buffer {
  const lines = docs.flatMap((d) => d.lines);
  const rows = docs.flatMap((d) => d.features);
  const file: SetFile = {
    format: FORMAT,
    features: featureHash,
    names: [...FEATURE_NAMES],
    docs: docs.map((d) => ({ id: d.id, outlet: d.outlet, lang: d.lang, titleLabelled: d.titleLabelled, weight: d.weight, lines: d.lines.length })),
    labels: lines.map((l) => CODE[l.label]).join(''),
    kinds: docs.flatMap((d) => d.kinds.map((k) => k || '-')).join(''),
    titleCandidates: lines.map((l) => (l.titleCandidate ? '1' : '0')).join(''),
    words: encodeColumn(lines.map((l) => l.words)),
    columns: FEATURE_NAMES.map((_, f) => encodeColumn(rows.map((row) => row[f] ?? 0))),
  };
  return gzipSync(JSON.stringify(file), { level: 9 });
}

/** The set's documents back from its bytes, and the feature hash they were made with. */
export function decodeScrapedSet(bytes: Buffer): { docs: ScrapedFeaturedDoc[]; featureHash: string } {
  const file = JSON.parse(gunzipSync(bytes).toString('utf8')) as SetFile;
  if (file.format !== FORMAT) throw new Error(`scraped set: unknown format ${file.format}`);
  if (file.names.join(',') !== FEATURE_NAMES.join(',')) throw new Error('scraped set: made with other features than the code computes');
  const words = decodeColumn(file.words);
  const columns = file.columns.map(decodeColumn);
  let at = 0;
  const docs = file.docs.map(({ id, outlet, lang, titleLabelled, weight, lines: count }): ScrapedFeaturedDoc => {
    const start = at;
    at += count;
    const rows = Array.from({ length: count }, (_, i) => start + i);
    return {
      id,
      outlet,
      lang,
      source: 'scraped',
      synthetic: false,
      // Every line of a scraped article is labelled.
      cleaningLabelled: true,
      titleLabelled,
      weight,
      lines: rows.map((row) => ({
        label: LABEL[file.labels[row] as string] as LineLabel,
        words: words[row] as number,
        titleCandidate: file.titleCandidates[row] === '1',
      })),
      features: rows.map((row) => columns.map((column) => column[row] as number)),
      kinds: rows.map((row) => (file.kinds[row] === '-' ? '' : (file.kinds[row] as string))),
    };
  });
  return { docs, featureHash: file.features };
}

export function writeScrapedSet(docs: readonly ScrapedFeaturedDoc[], featureHash: string, file = SCRAPED_SET_FILE): Buffer {
  const bytes = encodeScrapedSet(docs, featureHash);
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, bytes);
  return bytes;
}

export function readScrapedSet(file = SCRAPED_SET_FILE): { docs: ScrapedFeaturedDoc[]; featureHash: string; bytes: Buffer } | null {
  if (!existsSync(file)) return null;
  const bytes = readFileSync(file);
  return { ...decodeScrapedSet(bytes), bytes };
}
