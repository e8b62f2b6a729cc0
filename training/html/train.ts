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
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import type { HtmlModel } from '#shared/domain/parse/html/block-model.ts';
import type { ModelCard } from '#shared/model-card.ts';
import { formatCard, withCard, writeModelFile } from '../model-card.ts';
import { htmlCard } from './card.ts';
import { approximateScore, chooseThreshold, crossValidatedPosteriors } from './evaluate.ts';
import { EXPORT_FILE, exportPages, importPages, quantise } from './export.ts';
import { type FittedParts, fitParts, modelOf, posteriorsOf } from './fit.ts';
import { loadTrainingPages, PAGES_DIR, type TrainingPage } from './pages.ts';
import { HTML_TREE_OPTIONS } from './trees.ts';

export const MODEL_FILE = resolve(import.meta.dirname, '..', '..', 'shared', 'data', 'html-model.json');
/** The card alone, for the records' model versions: the ingest bundle carries it, the weights load lazily. */
export const CARD_FILE = resolve(import.meta.dirname, '..', '..', 'shared', 'data', 'html-model-card.json');
export const FOLDS = 5;
/** The last training's out-of-fold posteriors (not committed): eval:html reuses them when the data matches. */
export const OOF_FILE = resolve(import.meta.dirname, '..', '..', '.tmp', 'html-oof.json');

const log = (message: string) => process.stderr.write(`train:html ${message}\n`);

export async function trainingPages(fromExport: boolean): Promise<{ pages: TrainingPage[]; source: string }> {
  if (!fromExport && existsSync(resolve(PAGES_DIR, 'ground-truth'))) {
    log(`reading ${PAGES_DIR} …`);
    const pages = await loadTrainingPages();
    quantise(pages);
    const bytes = exportPages(pages);
    log(`exported ${pages.length} pages as numbers → ${EXPORT_FILE} (${Math.round(bytes / 1024)} KB)`);
    // Train on what the export holds, so a clean clone training from it writes the same model.
    return { pages: importPages(), source: 'pages' };
  }
  return { pages: importPages(), source: 'export' };
}

export function dataHashOf(pages: readonly TrainingPage[]): string {
  const hash = createHash('sha256');
  for (const page of pages) {
    hash.update(page.site);
    hash.update(page.labels.join(''));
    hash.update(Int32Array.from(page.words));
    for (const row of page.features) hash.update(new Uint8Array(row.buffer, row.byteOffset, row.byteLength));
  }
  return hash.digest('hex').slice(0, 16);
}

/**
 * Trains the model. `rechoose`: keep the shipped trees and the saved out-of-fold scores of the same
 * data (.tmp/html-oof.json) and choose the threshold and guard again, for a change to the decision
 * after the trees (the trees and the folds are deterministic: a full run gives the same file).
 */
export async function trainHtmlModel(options: { fromExport?: boolean; rechoose?: boolean } = {}): Promise<HtmlModel & { card: ModelCard }> {
  const { pages, source } = await trainingPages(Boolean(options.fromExport || options.rechoose));
  if (pages.length === 0) throw new Error(`no training pages: neither ${PAGES_DIR} nor ${EXPORT_FILE}`);
  log(`${pages.length} pages from ${source}`);
  return fitHtmlModel(pages, options.rechoose);
}

/** The whole procedure on `pages` (see trainHtmlModel): what `npm run train` runs for the HTML model without corrections. */
export function fitHtmlModel(pages: readonly TrainingPage[], rechoose = false): HtmlModel & { card: ModelCard } {
  const dataHash = dataHashOf(pages);
  let posteriors: number[][];
  let folds: number[];
  let parts: FittedParts;
  if (rechoose) {
    const saved = JSON.parse(readFileSync(OOF_FILE, 'utf8')) as { trainingData: string; folds: number[]; posteriors: number[][] };
    if (saved.trainingData !== dataHash) throw new Error(`${OOF_FILE} is of other training data: run npm run train:html`);
    ({ posteriors, folds } = saved);
    const shipped = JSON.parse(readFileSync(MODEL_FILE, 'utf8')) as HtmlModel;
    parts = {
      tokenWeights: new Map(Object.entries(shipped.tokenWeights).map(([t, w]) => [Number(t), w])),
      boilerplate: shipped.boilerplate,
      transitions: shipped.transitions,
      prior: shipped.prior,
    };
    log('the shipped trees and the saved out-of-fold scores');
  } else {
    log(`${FOLDS} folds grouped by site …`);
    const cv = crossValidatedPosteriors(pages, FOLDS, HTML_TREE_OPTIONS, (f) => log(`fold ${f + 1}/${FOLDS}`));
    // Rounded as they are saved, so a rechoose from the saved scores chooses alike.
    posteriors = cv.posteriors.map((p) => p.map((x) => Math.round(x * 1e4) / 1e4));
    folds = cv.folds;
    parts = fitParts(pages, HTML_TREE_OPTIONS);
    // eval:html measures these same out-of-fold scores exactly on the texts: saved for it, keyed by the data.
    mkdirSync(dirname(OOF_FILE), { recursive: true });
    writeFileSync(OOF_FILE, JSON.stringify({ trainingData: dataHash, folds, posteriors }));
  }
  const chosen = chooseThreshold(pages, posteriors);
  log(`threshold ${chosen.threshold}, guard ${chosen.guard}`);
  for (let f = 0; f < FOLDS; f++) {
    const idx = pages.map((_, i) => i).filter((i) => folds[i] === f);
    const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / Math.max(1, xs.length);
    const kabar = mean(idx.map((i) => approximateScore(pages[i] as TrainingPage, posteriors[i] as number[], chosen.threshold, chosen.guard).f1));
    const readability = mean(idx.map((i) => (pages[i] as TrainingPage).baselineF1));
    log(`fold ${f + 1}: ${idx.length} pages, body F1 from block counts ${kabar.toFixed(4)}, Readability alone ${readability.toFixed(4)}`);
  }
  const inSample = pages.map((page) => posteriorsOf(parts, page));
  const model = modelOf(parts, chosen.threshold, chosen.guard);
  const card = htmlCard(model, pages, posteriors, inSample, chosen.threshold, chosen.guard, dataHash);
  return withCard(model, card);
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const model = await trainHtmlModel({ fromExport: process.argv.includes('--from-export'), rechoose: process.argv.includes('--rechoose') });
  writeModelFile(MODEL_FILE, model);
  writeModelFile(CARD_FILE, { card: model.card }, 2);
  console.log(`${formatCard(model.card)}\nthreshold ${model.threshold}, guard ${model.guard.minShareOfReadability} → ${MODEL_FILE}`);
}
