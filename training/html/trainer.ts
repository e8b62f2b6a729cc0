/**
 * The HTML block model as `npm run train` trains it (training/registry.ts): items are pages as
 * numbers (pages.ts `TrainingPage`), shipped as the export in training/html/data/ (export.ts).
 *
 * Without corrections the whole procedure runs (train.ts `fitHtmlModel`: 5 site-grouped folds, the
 * threshold and guard chosen out of fold, the final fit), so a clean clone writes the shipped file
 * byte for byte. With a reviewer's corrected HTML pages, the shipped model is kept (trees, token
 * weights, threshold, guard) and CORRECTION_TREES more trees are fitted on the shipped pages and the
 * corrected ones: a correction moves the blocks like it and little else. Its grouped figures are the
 * shipped model's plus the corrections' effect measured out of fold (`continuedCard`).
 */
import { copyFileSync, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { modelSetOf } from '#shared/domain/models.ts';
import { blockFeatures } from '#shared/domain/parse/html/block-features.ts';
import { isCaptionBlock } from '#shared/domain/parse/html/blocks.ts';
import {
  bundledHtmlModel,
  decideBlocks,
  type HtmlModel,
  preparedHtmlModel,
  rawProbabilities,
  SURE_BOILERPLATE,
  smoothedProbabilities,
} from '#shared/domain/parse/html/block-model.ts';
import { analyseHtmlPage } from '#shared/domain/parse/html/html.ts';
import { looksLikeHtml } from '#shared/domain/parse/sniff.ts';
import type { BoostedTrees } from '#shared/domain/scoring.ts';
import type { LabelledArticle } from '../labelled-articles.ts';
import { cardOf, hashOf, metric } from '../model-card.ts';
import { type CardedModel, CORRECTION_WEIGHTS, type Trainer } from '../registry.ts';
import { StaleTrainingSetError } from '../training-set.ts';
import { htmlFeatureHash } from './card.ts';
import { approximateScore, foldsBySite } from './evaluate.ts';
import { EXPORT_FILE, exportPages, featuresFileOf, importPages, quantise } from './export.ts';
import { blockWeightsOf, countTokens, rowsWithTokens, tokenWeightsOf } from './fit.ts';
import { loadTrainingPages, metricTokens, PAGES_DIR, siteKeyOf, type TrainingPage, treeOf } from './pages.ts';
import { htmlStopwords } from './stopwords.ts';
import { dataHashOf, FOLDS, fitHtmlModel, MODEL_FILE } from './train.ts';
import { fitTrees, HTML_TREE_OPTIONS } from './trees.ts';

/** Trees a retrain adds for reviewers' corrected pages, on top of the shipped ones. */
export const CORRECTION_TREES = 20;
/** Their learning rate: at the shipped 0.1 a corrected block between paragraphs rose from 0.29 to 0.73, short of the 0.9 that removes it whatever its neighbours; at 0.3, 0.97. */
export const CORRECTION_RATE = 0.3;

/** The pages read from ../shared/pages in this run, exported to a scratch file until the set is written. */
let sourceExport: string | null = null;

export const htmlTrainer: Trainer<TrainingPage> = {
  name: 'html',
  file: 'html-model.json',
  companions: (model) => [{ file: 'html-model-card.json', value: { card: model.card }, indent: 2 }],
  featureHash: htmlFeatureHash,
  async fromSource() {
    if (!existsSync(join(PAGES_DIR, 'ground-truth')))
      return { items: importPages(), notes: [`no pages at ${PAGES_DIR}: the HTML model trains on the shipped export (${EXPORT_FILE})`] };
    const pages = await loadTrainingPages();
    quantise(pages);
    // Trained on what the export holds, so a clean clone training from it writes the same model.
    const dir = mkdtempSync(join(tmpdir(), 'kabar-html-set-'));
    sourceExport = join(dir, 'pages.json.gz');
    exportPages(pages, sourceExport);
    return { items: importPages(sourceExport), notes: [] };
  },
  readSet() {
    // importPages refuses an export of other block features, with the command that regenerates it.
    const pages = importPages();
    if (pages.length === 0)
      throw new StaleTrainingSetError(`no shipped HTML training set at ${EXPORT_FILE}: npm run train -- --from-source --only html (needs ${PAGES_DIR})`);
    return pages;
  },
  writeSet(items) {
    if (sourceExport) {
      copyFileSync(sourceExport, EXPORT_FILE);
      copyFileSync(featuresFileOf(sourceExport), featuresFileOf(EXPORT_FILE));
      rmSync(join(sourceExport, '..'), { recursive: true, force: true });
      sourceExport = null;
    } else exportPages(items);
    return readFileSync(EXPORT_FILE).length + readFileSync(featuresFileOf(EXPORT_FILE)).length;
  },
  async fromLabels(labels, context) {
    const model = context.models.models.html ?? bundledHtmlModel().model;
    const pages: TrainingPage[] = [];
    for (const label of labels) {
      const page = await correctedPage(label, model);
      if (page) pages.push(page);
    }
    return pages;
  },
  // The items are read back from the export whole: encode/decode are the export itself (readSet/writeSet).
  encode: () => {
    throw new Error('the HTML set is written by writeSet');
  },
  decode: () => {
    throw new Error('the HTML set is read by readSet');
  },
  fit(items, scored) {
    const shipped = items.filter(scored);
    const extras = items.filter((item) => !scored(item));
    if (extras.length === 0) return fitHtmlModel(shipped) as unknown as CardedModel;
    return continued(baseModel(shipped), shipped, extras) as unknown as CardedModel;
  },
  figures: (model, items) => correctionFigures(model as unknown as HtmlModel, items),
  use: (models, model) => modelSetOf({ ...models.models, html: model as unknown as HtmlModel }),
};

/** Whole trimmed lines of a label, runs of removed blocks (` · `) split into their blocks, spaces folded. */
function linesOf(lines: readonly string[] | undefined): Set<string> {
  const out = new Set<string>();
  for (const line of lines ?? []) for (const piece of line.split(' · ')) if (fold(piece)) out.add(fold(piece));
  return out;
}

const fold = (text: string) => text.replace(/\s+/g, ' ').trim();

/**
 * A reviewer's HTML article as a training page: each block labelled by the export's lines (a block
 * whose lines were all removed or marked junk: boilerplate; one with a line marked content, or kept
 * and not marked: content). Blocks whose label differs from what `model` decided are the corrections: each weighs
 * CORRECTION_WEIGHTS.blocks pages. Null for an article that is not HTML or labels no cleaning.
 */
export async function correctedPage(article: LabelledArticle, model: HtmlModel): Promise<TrainingPage | null> {
  if (article.boilerplate === undefined || !looksLikeHtml(article.text)) return null;
  const analysed = await analyseHtmlPage(article.text);
  const blocks = analysed.page.blocks;
  if (blocks.length === 0) return null;
  const headline = analysed.declared.headline ?? analysed.declared.title;
  const junk = linesOf(article.boilerplate);
  const keep = linesOf(article.bodyKeep);
  const decision = decideBlocks(preparedHtmlModel(model), analysed.page, {
    readability: analysed.readability,
    readabilityText: analysed.readabilityText,
    headline,
  });
  const kept = new Set(decision.kept);
  const lines = (text: string) => text.split('\n').map(fold).filter(Boolean);
  // Content when the reviewer kept any of its lines; boilerplate when all of them went (a block is removed whole).
  const labels = blocks.map((b) => {
    if (keep.has(fold(b.text)) || lines(b.text).some((line) => keep.has(line))) return 0;
    return junk.has(fold(b.text)) || (lines(b.text).length > 0 && lines(b.text).every((line) => junk.has(line))) ? 1 : 0;
  });
  const captions = blocks.flatMap((b, i) => (isCaptionBlock(b) ? [i] : []));
  for (const i of captions) labels[i] = 1;
  const words = blocks.map((b) => metricTokens(b.text).length);
  // A page's blocks weigh 100 in all (fit.ts blockWeightsOf): a correction weighs as many whole pages.
  const total = words.reduce((a, w) => a + w + 1, 0);
  const weights = labels.map((label, i) => {
    const decided = decision.kept.length === 0 ? label : kept.has(i) ? 0 : 1;
    return label !== decided ? (CORRECTION_WEIGHTS.blocks * total) / ((words[i] as number) + 1) : 1;
  });
  const truth = blocks
    .filter((_, i) => labels[i] === 0)
    .map((b) => b.text)
    .join('\n');
  const truthTokens = metricTokens(truth);
  const readabilityTokens = metricTokens(analysed.readabilityText);
  const left = new Map<string, number>();
  for (const t of truthTokens) left.set(t, (left.get(t) ?? 0) + 1);
  let overlap = 0;
  for (const t of readabilityTokens) {
    const n = left.get(t) ?? 0;
    if (n > 0) {
      overlap++;
      left.set(t, n - 1);
    }
  }
  return {
    id: article.id,
    site: siteKeyOf(article.outlet),
    features: blockFeatures(analysed.page, { tokenWeights: new Map(), readability: analysed.readability, headline, isStopword: htmlStopwords().isStopword }),
    ...treeOf(analysed.page),
    words,
    matched: words.map((w, i) => (labels[i] === 0 ? w : 0)),
    labels,
    captions,
    truthWords: truthTokens.length,
    readabilityWords: readabilityTokens.length,
    readabilityOverlap: overlap,
    baselineF1: 0,
    weights,
  };
}

/** The model the corrections continue: the shipped file when it was fitted on these very pages, else a fit on them. */
function baseModel(shipped: readonly TrainingPage[]): HtmlModel & { card: CardedModel['card'] } {
  if (existsSync(MODEL_FILE)) {
    const file = JSON.parse(readFileSync(MODEL_FILE, 'utf8')) as HtmlModel & { card: CardedModel['card'] };
    if (file.card?.trainingData === dataHashOf(shipped) && file.card.features === htmlFeatureHash()) return file;
  }
  return fitHtmlModel(shipped);
}

interface Rows {
  rows: Float64Array[];
  labels: number[];
  weights: number[];
}

function rowsOf(pages: readonly TrainingPage[], features: Map<TrainingPage, Float64Array[]>): Rows {
  const out: Rows = { rows: [], labels: [], weights: [] };
  for (const page of pages) {
    out.rows.push(...(features.get(page) as Float64Array[]));
    out.labels.push(...page.labels);
    out.weights.push(...blockWeightsOf(page));
  }
  return out;
}

const posteriorsUnder = (model: HtmlModel, boilerplate: BoostedTrees, rows: readonly Float64Array[]) =>
  smoothedProbabilities(model, rawProbabilities({ ...model, boilerplate }, rows));

/**
 * The base model with CORRECTION_TREES more trees fitted on every page, the corrected ones weighted.
 * Token weights stay the shipped ones (a token weighs only once three sites use it: one reviewer's
 * page cannot add one); rows carry the token scores computed without their own site, as in fit.ts.
 */
function continued(
  base: HtmlModel & { card: CardedModel['card'] },
  shipped: readonly TrainingPage[],
  extras: readonly TrainingPage[],
): HtmlModel & { card: CardedModel['card'] } {
  const counts = countTokens(shipped);
  const bySite = new Map<string, Map<number, number>>();
  const features = new Map<TrainingPage, Float64Array[]>();
  for (const page of [...shipped, ...extras]) {
    let weights = bySite.get(page.site);
    if (!weights) {
      weights = tokenWeightsOf(counts, page.site);
      bySite.set(page.site, weights);
    }
    features.set(page, rowsWithTokens(page, weights));
  }
  const options = { ...HTML_TREE_OPTIONS, trees: CORRECTION_TREES, rate: CORRECTION_RATE };
  const all = rowsOf([...shipped, ...extras], features);
  const { card: _card, ...weightsOnly } = base;
  const model: HtmlModel = { ...weightsOnly, boilerplate: fitTrees(all.rows, all.labels, all.weights, options, base.boilerplate) };

  // Out of fold: per site-grouped fold, the added trees fitted without the fold's pages, their effect on them.
  const folds = foldsBySite(shipped, FOLDS);
  const delta = { precision: 0, recall: 0, f1: 0 };
  for (let f = 0; f < FOLDS; f++) {
    const train = rowsOf([...shipped.filter((_, i) => folds[i] !== f), ...extras], features);
    const trees = fitTrees(train.rows, train.labels, train.weights, options, base.boilerplate);
    shipped.forEach((page, i) => {
      if (folds[i] !== f) return;
      const rows = features.get(page) as Float64Array[];
      const before = approximateScore(page, posteriorsUnder(base, base.boilerplate, rows), base.threshold, base.guard.minShareOfReadability);
      const after = approximateScore(page, posteriorsUnder(base, trees, rows), base.threshold, base.guard.minShareOfReadability);
      for (const key of ['precision', 'recall', 'f1'] as const) delta[key] += (after[key] - before[key]) / shipped.length;
    });
  }
  // In sample, as htmlCard measures it: the final model's token weights on every page.
  const full = new Map(Object.entries(model.tokenWeights).map(([t, w]) => [Number(t), w]));
  const inSample = { precision: 0, recall: 0, f1: 0 };
  for (const page of shipped) {
    const score = approximateScore(
      page,
      posteriorsUnder(model, model.boilerplate, rowsWithTokens(page, full)),
      model.threshold,
      model.guard.minShareOfReadability,
    );
    for (const key of ['precision', 'recall', 'f1'] as const) inSample[key] += score[key] / shipped.length;
  }
  const was = base.card.evaluation.metrics;
  const grouped = (name: string, key: 'precision' | 'recall' | 'f1') => (was[name]?.grouped ?? 0) + delta[key];
  const card = cardOf('html', model, {
    trainedOn: {
      ...base.card.trainedOn,
      correctedPages: extras.length,
      correctedBlocks: extras.reduce((n, p) => n + (p.weights ?? []).filter((w) => w > 1).length, 0),
    },
    trainingData: hashOf([base.card.trainingData, dataHashOf(extras)]),
    features: htmlFeatureHash(),
    evaluation: {
      ...base.card.evaluation,
      grouping: `${base.card.evaluation.grouping} (the corrections' trees fitted out of fold, added to the shipped model's out-of-fold figures)`,
      metrics: {
        wordF1: metric(inSample.f1, grouped('wordF1', 'f1'), was.wordF1?.baseline ?? null),
        wordPrecision: metric(inSample.precision, grouped('wordPrecision', 'precision'), null),
        wordRecall: metric(inSample.recall, grouped('wordRecall', 'recall'), null),
      },
    },
  });
  return { card, ...model };
}

/**
 * A model on a reviewer's pages: the share of the corrected blocks it now decides as the reviewer
 * said, and of all their labelled words (captions aside; the guard aside).
 */
function correctionFigures(model: HtmlModel, pages: readonly TrainingPage[]): Record<string, number> {
  const tokens = new Map(Object.entries(model.tokenWeights).map(([t, w]) => [Number(t), w]));
  let corrected = 0;
  let correctedRight = 0;
  let words = 0;
  let wordsRight = 0;
  for (const page of pages) {
    const rows = rowsWithTokens(page, tokens);
    const raw = rawProbabilities(model, rows);
    const posteriors = smoothedProbabilities(model, raw);
    const captions = new Set(page.captions);
    page.labels.forEach((label, b) => {
      if (captions.has(b)) return;
      const removed = (posteriors[b] ?? 0) >= model.threshold || (raw[b] ?? 0) >= SURE_BOILERPLATE ? 1 : 0;
      const w = page.words[b] as number;
      words += w;
      if (removed === label) wordsRight += w;
      if ((page.weights?.[b] ?? 1) > 1) {
        corrected++;
        if (removed === label) correctedRight++;
      }
    });
  }
  return { correctedBlocks: corrected ? correctedRight / corrected : 1, labelledWords: words ? wordsRight / words : 1 };
}
