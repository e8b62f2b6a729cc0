/**
 * The cleaner on real page dumps (`../shared/pages` through w3m): word F1 of title + body against the
 * reviewed main content (as score-pages.mjs scores HTML), `with` kept, `without` leaked, snippet F1,
 * and titles (equal to the ground-truth title; the headline line the dump prints), for
 * - the raw dump (no cleaning): the simplest baseline;
 * - the shipped model, in-sample (it was trained on these pages);
 * - site-grouped folds: the page model retrained without the test fold's sites (from the shipped
 *   set's numbers), the article model as shipped (it never sees pages).
 */
import { parseArticle } from '#shared/domain/parse/parse.ts';
import { cleanArticle } from '#shared/domain/clean/clean.ts';
import type { LineModel } from '#shared/domain/clean/line-model.ts';
import { foldsByOutlet } from '../labelled-articles.ts';
import type { LabelledDocument } from './dataset.ts';
import { type DumpScore, type DumpSummary, scoreDump, summarise } from './dump-score.ts';
import type { FeaturedDoc } from './fit.ts';
import { fitPageModel, type PageFitDoc } from './fit-pages.ts';
import { canDump, loadPageTruths, pageDumpDocument, type PageTruth } from './page-dumps.ts';

export const DUMP_FOLDS = 5;

async function scoreWith(pages: readonly { doc: LabelledDocument; truth: PageTruth }[], model: LineModel | null): Promise<DumpScore[]> {
  const out: DumpScore[] = [];
  for (const { doc, truth } of pages) {
    const headline = doc.lines.find((l) => l.label === 'title')?.text ?? null;
    if (model === null) {
      out.push(scoreDump({ title: null, body: doc.text }, truth, headline));
      continue;
    }
    const cleaned = cleanArticle(await parseArticle(doc.text, { key: 'page.txt' }), { lineModel: model });
    out.push(scoreDump(cleaned, truth, headline));
  }
  return out;
}

export interface DumpEvaluation {
  raw: DumpSummary;
  inSample: DumpSummary;
  grouped: DumpSummary;
}

/**
 * Scores the raw dumps, `shipped` in-sample, and site-grouped folds whose page models are fitted on
 * `pageSet` (the shipped set, matched to the pages by id) and `articleDocs`. Null without the pages or w3m.
 */
export async function evaluateDumps(shipped: LineModel, pageSet: readonly PageFitDoc[], articleDocs: readonly FeaturedDoc[]): Promise<DumpEvaluation | null> {
  if (!canDump('w3m')) return null;
  const pages: { doc: LabelledDocument; truth: PageTruth }[] = [];
  for (const truth of loadPageTruths()) {
    const doc = pageDumpDocument(truth, 'w3m');
    if (doc) pages.push({ doc, truth });
  }
  if (pages.length === 0) return null;
  const raw = summarise(await scoreWith(pages, null));
  const inSample = summarise(await scoreWith(pages, shipped));
  const grouped: DumpScore[] = [];
  const setById = new Map(pageSet.map((d) => [d.id, d]));
  for (const { test } of foldsByOutlet(
    pages.map((p) => ({ ...p, outlet: p.doc.outlet })),
    DUMP_FOLDS,
  )) {
    const sites = new Set(test.map((p) => p.doc.outlet));
    const train = pageSet.filter((d) => !sites.has(d.outlet));
    const page = fitPageModel(train, articleDocs).model;
    grouped.push(
      ...(await scoreWith(
        test.filter((p) => setById.has(p.doc.id)),
        { ...shipped, page },
      )),
    );
  }
  return { raw, inSample, grouped: summarise(grouped) };
}

export function dumpReport(e: DumpEvaluation): string[] {
  const row = (name: string, s: DumpSummary) =>
    `  ${name.padEnd(34)}${s.precision.toFixed(3)}  ${s.recall.toFixed(3)}  ${s.f1.toFixed(3)}   ${(100 * s.withKept).toFixed(1).padStart(5)}%  ${(100 * s.withoutLeaked).toFixed(1).padStart(5)}%  ${s.snippetF1.toFixed(3)}   ${(100 * s.titleExact).toFixed(1).padStart(5)}%  ${(100 * s.titleLine).toFixed(1).padStart(5)}%`;
  return [
    `page dumps: ${e.inSample.pages} real pages (../shared/pages) dumped by w3m -cols 200`,
    '                                    P      R      word-F1  with%   without% snippet-F1 title   headline line',
    row('raw dump (no cleaning)', e.raw),
    row('in-sample (shipped model)', e.inSample),
    row(`site-grouped (${DUMP_FOLDS} folds by site)`, e.grouped),
  ];
}
