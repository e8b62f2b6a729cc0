/**
 * Scores cleaned page dumps against the pages' ground truth with the benchmark's metric, as
 * `../shared/tools/score-pages.mjs` scores HTML: word-level F1 of `title + body` against the main
 * content per page (lower-cased `\w+` words, multiset overlap), averaged over pages; the share of
 * `with` snippets kept and of `without` snippets leaked; and the snippet F1 over all pages (kept
 * `with` snippets are hits, leaked `without` snippets false alarms). Titles: the cleaned title equals
 * the ground-truth title, and the headline line the dump prints (labelled in page-dumps.ts).
 */
import { benchmarkWords } from './align.ts';
import type { PageTruth } from './page-dumps.ts';

export interface DumpScore {
  precision: number;
  recall: number;
  f1: number;
  withKept: number;
  withTotal: number;
  withoutLeaked: number;
  withoutTotal: number;
  /** The cleaned title equals the ground-truth title; null when the page has none. */
  titleExact: boolean | null;
  /** The cleaned title is the dump's headline line; null when the dump prints none. */
  titleLine: boolean | null;
}

function counts(words: readonly string[]): Map<string, number> {
  const m = new Map<string, number>();
  for (const w of words) m.set(w, (m.get(w) ?? 0) + 1);
  return m;
}

/** Precision, recall and F1 of `prediction`'s words against `reference`'s (score-pages.mjs's wordF1). */
export function wordF1(prediction: string, reference: string): [number, number, number] {
  const p = benchmarkWords(prediction);
  const r = benchmarkWords(reference);
  if (r.length === 0) return p.length ? [0, 0, 0] : [1, 1, 1];
  if (p.length === 0) return [0, 0, 0];
  const pc = counts(p);
  let overlap = 0;
  for (const [w, n] of counts(r)) overlap += Math.min(n, pc.get(w) ?? 0);
  const precision = overlap / p.length;
  const recall = overlap / r.length;
  return [precision, recall, precision + recall ? (2 * precision * recall) / (precision + recall) : 0];
}

/** Titles as compared: case, quotes, dashes and spacing folded. */
export function titleForm(text: string | null | undefined): string {
  return (text ?? '')
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[\u2018\u2019]/g, "'")
    .replace(/[\u201c\u201d]/g, '"')
    .replace(/[\u2010-\u2015]/g, '-')
    .replace(/\s+/g, ' ')
    .trim();
}

/** One cleaned dump's scores. `titleLine` is the dump's headline line (null when it prints none). */
export function scoreDump(output: { title: string | null; body: string }, truth: PageTruth, titleLine: string | null): DumpScore {
  const text = `${output.title ?? ''}\n${output.body}`;
  const lower = text.toLowerCase();
  const [precision, recall, f1] = wordF1(text, truth.mainContent);
  const found = (snippets: readonly string[]) => snippets.filter((s) => lower.includes(s.toLowerCase())).length;
  return {
    precision,
    recall,
    f1,
    withKept: found(truth.with),
    withTotal: truth.with.length,
    withoutLeaked: found(truth.without),
    withoutTotal: truth.without.length,
    titleExact: truth.title ? titleForm(output.title) === titleForm(truth.title) : null,
    titleLine: titleLine === null ? null : titleForm(output.title) === titleForm(titleLine),
  };
}

export interface DumpSummary {
  pages: number;
  precision: number;
  recall: number;
  f1: number;
  /** Mean share per page, as score-pages.mjs reports them. */
  withKept: number;
  withoutLeaked: number;
  /** Over all snippets of all pages. */
  snippetF1: number;
  titleExact: number;
  titleLine: number;
}

const mean = (xs: readonly number[]) => (xs.length ? xs.reduce((a, b) => a + b, 0) / xs.length : 0);

export function summarise(scores: readonly DumpScore[]): DumpSummary {
  const hits = scores.reduce((n, s) => n + s.withKept, 0);
  const misses = scores.reduce((n, s) => n + s.withTotal - s.withKept, 0);
  const alarms = scores.reduce((n, s) => n + s.withoutLeaked, 0);
  const rate = (xs: (boolean | null)[]) => mean(xs.filter((x): x is boolean => x !== null).map(Number));
  return {
    pages: scores.length,
    precision: mean(scores.map((s) => s.precision)),
    recall: mean(scores.map((s) => s.recall)),
    f1: mean(scores.map((s) => s.f1)),
    withKept: mean(scores.filter((s) => s.withTotal > 0).map((s) => s.withKept / s.withTotal)),
    withoutLeaked: mean(scores.filter((s) => s.withoutTotal > 0).map((s) => s.withoutLeaked / s.withoutTotal)),
    snippetF1: hits ? (2 * hits) / (2 * hits + misses + alarms) : 0,
    titleExact: rate(scores.map((s) => s.titleExact)),
    titleLine: rate(scores.map((s) => s.titleLine)),
  };
}
