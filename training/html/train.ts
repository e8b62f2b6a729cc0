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
import type { HtmlModel } from '#shared/domain/html-model.ts';
import type { ModelCard } from '#shared/model-card.ts';
import { formatCard, withCard, writeModelFile } from '../model-card.ts';
import { htmlCard } from './card.ts';
import { chooseThreshold, crossValidatedPosteriors } from './evaluate.ts';
import { EXPORT_FILE, exportPages, importPages, quantise } from './export.ts';
import { fitParts, modelOf, posteriorsOf } from './fit.ts';
import { loadTrainingPages, PAGES_DIR, type TrainingPage } from './pages.ts';
import { HTML_TREE_OPTIONS } from './trees.ts';

export const MODEL_FILE = resolve(import.meta.dirname, '..', '..', 'shared', 'data', 'html-model.json');
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

export async function trainHtmlModel(options: { fromExport?: boolean } = {}): Promise<HtmlModel & { card: ModelCard }> {
  const { pages, source } = await trainingPages(options.fromExport ?? false);
  if (pages.length === 0) throw new Error(`no training pages: neither ${PAGES_DIR} nor ${EXPORT_FILE}`);
  log(`${pages.length} pages from ${source}; ${FOLDS} folds grouped by site …`);
  const { posteriors, folds } = crossValidatedPosteriors(pages, FOLDS, HTML_TREE_OPTIONS, (f) => log(`fold ${f + 1}/${FOLDS}`));
  const chosen = chooseThreshold(pages, posteriors);
  log(`threshold ${chosen.threshold}, guard ${chosen.guard}`);
  const parts = fitParts(pages, HTML_TREE_OPTIONS);
  const inSample = pages.map((page) => posteriorsOf(parts, page));
  const trainingData = createHash('sha256');
  for (const page of pages) {
    trainingData.update(page.site);
    trainingData.update(page.labels.join(''));
    trainingData.update(Int32Array.from(page.words));
    for (const row of page.features) trainingData.update(new Uint8Array(row.buffer, row.byteOffset, row.byteLength));
  }
  const model = modelOf(parts, chosen.threshold, chosen.guard);
  const card = htmlCard(model, pages, posteriors, inSample, chosen.threshold, chosen.guard, trainingData.digest('hex').slice(0, 16));
  return withCard(model, card);
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const model = await trainHtmlModel({ fromExport: process.argv.includes('--from-export') });
  writeModelFile(MODEL_FILE, model);
  console.log(`${formatCard(model.card)}\nthreshold ${model.threshold}, guard ${model.guard.minShareOfReadability} → ${MODEL_FILE}`);
}
