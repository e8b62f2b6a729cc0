/**
 * The line model's shipped training set: every document's lines as feature vectors with their labels,
 * word counts and headline-candidate flags; no text (training-set.ts has the file format).
 */
import { FEATURE_NAMES } from '#shared/domain/clean/line-features.ts';
import { decodeColumn, type EncodedColumn, encodeColumn } from '../training-set.ts';
import type { LineLabel } from './dataset.ts';
import type { FeaturedDoc } from './fit.ts';

interface DocHeader {
  id: string;
  outlet: string;
  source: string;
  synthetic: boolean;
  titleLabelled: boolean;
  cleaningLabelled: boolean;
  weight: number;
  lines: number;
}

export interface LineSet {
  featureNames: string[];
  docs: DocHeader[];
  /** One character per line, documents one after the other: `c`ontent, `b`oilerplate, `t`itle. */
  labels: string;
  /** One character per line: `1` when the line is a headline candidate. */
  titleCandidates: string;
  words: EncodedColumn;
  /** One column per feature, FEATURE_NAMES order. */
  features: EncodedColumn[];
}

const CODE: Record<LineLabel, string> = { content: 'c', boilerplate: 'b', title: 't' };
const LABEL: Record<string, LineLabel> = { c: 'content', b: 'boilerplate', t: 'title' };

export function encodeLineSet(docs: readonly FeaturedDoc[]): LineSet {
  const lines = docs.flatMap((doc) => doc.lines);
  const rows = docs.flatMap((doc) => doc.features);
  return {
    featureNames: [...FEATURE_NAMES],
    docs: docs.map(({ id, outlet, source, synthetic, titleLabelled, cleaningLabelled, weight, lines }) => ({
      id,
      outlet,
      source,
      synthetic,
      titleLabelled,
      cleaningLabelled,
      weight,
      lines: lines.length,
    })),
    labels: lines.map((l) => CODE[l.label]).join(''),
    titleCandidates: lines.map((l) => (l.titleCandidate ? '1' : '0')).join(''),
    words: encodeColumn(lines.map((l) => l.words)),
    features: FEATURE_NAMES.map((_, f) => encodeColumn(rows.map((row) => row[f] ?? 0))),
  };
}

export function decodeLineSet(set: LineSet): FeaturedDoc[] {
  if (set.featureNames.join(',') !== FEATURE_NAMES.join(',')) throw new Error('the line training set holds other features than the code computes');
  const words = decodeColumn(set.words);
  const columns = set.features.map(decodeColumn);
  let at = 0;
  return set.docs.map(({ lines: count, ...header }) => {
    const start = at;
    at += count;
    const rows = Array.from({ length: count }, (_, i) => start + i);
    return {
      ...header,
      lines: rows.map((row) => ({
        label: LABEL[set.labels[row] as string] as LineLabel,
        words: words[row] as number,
        titleCandidate: set.titleCandidates[row] === '1',
      })),
      features: rows.map((row) => columns.map((column) => column[row] as number)),
    };
  });
}
