/**
 * `npm run train:html`: fits the HTML block model and writes `shared/data/html-model.json`.
 * Deterministic: same data, same file, byte for byte.
 *
 * Data: `../shared/pages` when present (read through the production path, labelled against their
 * reviewed main content, then exported as numbers to `training/html/data/pages.json.gz`); without
 * them (a clean clone), that export. Both paths train on the same quantised numbers, so they write
 * the same model.
 *
 * Steps: 5 folds grouped by site give out-of-fold posteriors; the removal threshold and the
 * Readability guard are chosen on them; the card records the grouped and in-sample figures next to
 * Readability alone; the final model is fitted on every page.
 */
import { createHash } from 'node:crypto';
import { existsSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { BLOCK_FEATURES } from '#shared/domain/html-blocks.ts';
import type { HtmlModel } from '#shared/domain/html-model.ts';
import { approximateScore, chooseThreshold, crossValidatedPosteriors } from './evaluate.ts';
import { EXPORT_FILE, exportPages, importPages, quantise } from './export.ts';
import { fitParts, MIN_TOKEN_SITES, modelOf, posteriorsOf } from './fit.ts';
import { loadTrainingPages, PAGES_DIR, type TrainingPage } from './pages.ts';
import { htmlStopwords } from './stopwords.ts';
import { HTML_TREE_OPTIONS } from './trees.ts';

export const MODEL_FILE = resolve(import.meta.dirname, '..', '..', 'shared', 'data', 'html-model.json');
export const MODEL_VERSION_MAJOR = 1;
export const FOLDS = 5;

const log = (message: string) => process.stderr.write(`train:html ${message}\n`);

export async function trainingPages(fromExport: boolean): Promise<{ pages: TrainingPage[]; source: string }> {
  if (!fromExport && existsSync(resolve(PAGES_DIR, 'ground-truth'))) {
    log(`reading ${PAGES_DIR} …`);
    const pages = await loadTrainingPages();
    quantise(pages);
    const bytes = exportPages(pages);
    log(`exported ${pages.length} pages as numbers → ${EXPORT_FILE} (${Math.round(bytes / 1024)} KB)`);
    return { pages, source: 'pages' };
  }
  return { pages: importPages(), source: 'export' };
}

const mean = (xs: readonly number[]) => (xs.length ? xs.reduce((a, b) => a + b, 0) / xs.length : 0);
const r4 = (x: number) => Math.round(x * 1e4) / 1e4;

/** Mean approximate F1 per fold and overall, next to Readability alone on the same pages. */
function figures(pages: readonly TrainingPage[], posteriors: readonly number[][], folds: readonly number[] | null, threshold: number, guard: number) {
  const scores = pages.map((page, i) => approximateScore(page, posteriors[i] as number[], threshold, guard));
  const perFold = folds
    ? Array.from({ length: FOLDS }, (_, f) => {
        const idx = pages.map((_, i) => i).filter((i) => folds[i] === f);
        return { pages: idx.length, f1: r4(mean(idx.map((i) => (scores[i] as { f1: number }).f1))), readabilityAlone: r4(mean(idx.map((i) => (pages[i] as TrainingPage).baselineF1))) };
      })
    : undefined;
  return {
    f1: r4(mean(scores.map((s) => s.f1))),
    precision: r4(mean(scores.map((s) => s.precision))),
    recall: r4(mean(scores.map((s) => s.recall))),
    ...(perFold ? { folds: perFold } : {}),
  };
}

export async function trainHtmlModel(options: { fromExport?: boolean } = {}): Promise<HtmlModel> {
  const { pages, source } = await trainingPages(options.fromExport ?? false);
  if (pages.length === 0) throw new Error(`no training pages: neither ${PAGES_DIR} nor ${EXPORT_FILE}`);
  log(`${pages.length} pages from ${source}; ${FOLDS} folds grouped by site …`);
  const { posteriors, folds } = crossValidatedPosteriors(pages, FOLDS, HTML_TREE_OPTIONS, (f) => log(`fold ${f + 1}/${FOLDS}`));
  const chosen = chooseThreshold(pages, posteriors);
  log(`threshold ${chosen.threshold}, guard ${chosen.guard}`);
  const parts = fitParts(pages, HTML_TREE_OPTIONS);
  const inSample = pages.map((page) => posteriorsOf(parts, page));
  const stopwords = htmlStopwords();
  const dataHash = createHash('sha256');
  for (const page of pages) {
    dataHash.update(page.site);
    dataHash.update(page.labels.join(''));
    for (const row of page.features) dataHash.update(new Uint8Array(row.buffer, row.byteOffset, row.byteLength));
  }
  const card = {
    name: 'html-block-model',
    version: '',
    trainedOn: { pages: pages.length, sites: new Set(pages.map((p) => p.site)).size, blocks: pages.reduce((n, p) => n + p.labels.length, 0), source: 'WCXB development split, article pages (CC-BY-4.0), ../shared/pages' },
    trainingDataHash: dataHash.digest('hex').slice(0, 16),
    featureHash: createHash('sha256').update(BLOCK_FEATURES.join(',')).update(stopwords.version).digest('hex').slice(0, 16),
    options: { ...HTML_TREE_OPTIONS, folds: FOLDS, minTokenSites: MIN_TOKEN_SITES, stopwords: `${stopwords.version}, ${stopwords.count} words` },
    metrics: {
      note: 'word-F1 of the body from block counts (aligned words), averaged over pages; Readability alone: exact word-F1 of title + textContent. npm run eval:html prints the exact figures.',
      readabilityAlone: r4(mean(pages.map((p) => p.baselineF1))),
      siteGrouped: figures(pages, posteriors, folds, chosen.threshold, chosen.guard),
      inSample: figures(pages, inSample, null, chosen.threshold, chosen.guard),
    },
  };
  const model = modelOf(parts, chosen.threshold, chosen.guard, card);
  const weightsHash = createHash('sha256').update(JSON.stringify({ ...model, card: undefined })).digest('hex').slice(0, 8);
  card.version = `${MODEL_VERSION_MAJOR}.${weightsHash}`;
  return model;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const model = await trainHtmlModel({ fromExport: process.argv.includes('--from-export') });
  writeFileSync(MODEL_FILE, `${JSON.stringify(model)}\n`);
  const m = model.card.metrics as { siteGrouped: { f1: number }; inSample: { f1: number }; readabilityAlone: number };
  console.log(
    `html model ${model.card.version}: site-grouped F1 ${m.siteGrouped.f1}, in-sample ${m.inSample.f1}, Readability alone ${m.readabilityAlone}; threshold ${model.threshold}, guard ${model.guard.minShareOfReadability} → ${MODEL_FILE}`,
  );
}
