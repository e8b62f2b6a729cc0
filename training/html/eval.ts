/**
 * `npm run eval:html`: the HTML path's figures on ../shared/pages with the benchmark's metric
 * (word-F1 of title + body against the reviewed main content, averaged over pages; `with` snippets
 * kept, `without` snippets leaked), next to Readability alone on the same pages:
 *
 * - site-grouped: 5 folds grouped by site, each fold's pages judged by a model trained on the
 *   other sites' pages (class/id token weights included), with the shipped threshold and guard;
 * - in-sample: the shipped model on every page (what ../shared/tools/score-pages.mjs measures);
 * - per fold: the least margin over Readability alone;
 * - titles: the title kabar takes from the page's structure against the reviewed title.
 *
 * Without ../shared/pages it says so and prints the shipped card (figures from the export).
 */
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { prepareHtmlModel, rawProbabilities, smoothedProbabilities } from '#shared/domain/parse/html/block-model.ts';
import { bundledHtmlModel } from '#shared/domain/parse/html/block-model.ts';
import { formatCard } from '../model-card.ts';
import { crossValidatedPosteriors, extractedText, GUARDS, meanF1, type PageScore, scoreText, summarise, THRESHOLDS } from './evaluate.ts';
import { quantise } from './export.ts';
import { rowsWithTokens } from './fit.ts';
import { loadTrainingPages, PAGES_DIR, type TrainingPage } from './pages.ts';
import { FOLDS, OOF_FILE } from './train.ts';
import { HTML_TREE_OPTIONS } from './trees.ts';

const { model, tokens } = bundledHtmlModel();

if (!existsSync(resolve(PAGES_DIR, 'ground-truth'))) {
  console.log(`HTML: ${PAGES_DIR} not found; the shipped card (figures from the exported block counts):`);
  if (model.card) console.log(formatCard(model.card));
  process.exit(0);
}

const limit = Number(process.env.KABAR_EVAL_PAGES ?? 0);
const pages = await loadTrainingPages(limit);
quantise(pages);
const prepared = prepareHtmlModel(model);
const inSample = pages.map((page) => smoothedProbabilities(prepared.model, rawProbabilities(prepared.model, rowsWithTokens(page, tokens))));
// The training's own out-of-fold scores when they are of this model's data (train:html saves them); else the folds again.
const saved = existsSync(OOF_FILE) ? (JSON.parse(readFileSync(OOF_FILE, 'utf8')) as { trainingData: string; folds: number[]; posteriors: number[][] }) : null;
const { posteriors: grouped, folds } =
  saved && !limit && saved.trainingData === model.card?.trainingData && saved.posteriors.length === pages.length
    ? saved
    : crossValidatedPosteriors(pages, FOLDS, HTML_TREE_OPTIONS, (f) => process.stderr.write(`eval:html fold ${f + 1}/${FOLDS}\n`));

const scoresOf = (posteriors: readonly number[][]) =>
  pages.map((page, i) => scoreText(extractedText(page, posteriors[i] as number[], model.threshold, model.guard.minShareOfReadability).text, page));
const baseline = pages.map((page) => scoreText(page.texts?.readabilityAlone ?? '', page));
const groupedScores = scoresOf(grouped);
const inSampleScores = scoresOf(inSample);

const row = (name: string, scores: readonly PageScore[]) => {
  const s = summarise(scores);
  return `${name.padEnd(34)}${s.precision.toFixed(3)}     ${s.recall.toFixed(3)}  ${s.f1.toFixed(3)}  ${s.withKept.toFixed(3)}  ${s.withoutLeaked.toFixed(3)}`;
};
console.log(`HTML: ${pages.length} pages of ${new Set(pages.map((p) => p.site)).size} sites (${PAGES_DIR}); model ${model.card?.version ?? '?'}`);
console.log(`${''.padEnd(34)}precision recall  f1     with%  without%`);
console.log(row('kabar, site-grouped (5 folds)', groupedScores));
console.log(row('kabar, in-sample (shipped model)', inSampleScores));
console.log(row('Readability alone', baseline));
for (let f = 0; f < FOLDS; f++) {
  const idx = pages.map((_, i) => i).filter((i) => folds[i] === f);
  const k = summarise(idx.map((i) => groupedScores[i] as PageScore)).f1;
  const r = summarise(idx.map((i) => baseline[i] as PageScore)).f1;
  console.log(`  fold ${f + 1}: ${idx.length} pages, kabar ${k.toFixed(3)} vs Readability alone ${r.toFixed(3)} (${k >= r ? '+' : ''}${(k - r).toFixed(3)})`);
}
const worse = pages.filter((_, i) => (groupedScores[i] as PageScore).f1 < (baseline[i] as PageScore).f1 - 0.1).length;
const better = pages.filter((_, i) => (groupedScores[i] as PageScore).f1 > (baseline[i] as PageScore).f1 + 0.1).length;
console.log(`  pages more than 0.1 below Readability alone: ${worse}; more than 0.1 above: ${better}`);
const guarded = pages.filter((page, i) => extractedText(page, grouped[i] as number[], model.threshold, model.guard.minShareOfReadability).guarded).length;
console.log(`  guard (kept < ${model.guard.minShareOfReadability} of Readability's words → Readability's article): ${guarded} pages`);

// The threshold and guard the exact metric would choose on the same out-of-fold scores (training chooses from block counts).
const grid: string[] = [];
for (const guard of GUARDS) {
  grid.push(`  guard ${guard}: ${THRESHOLDS.map((t) => `${t}→${meanF1(pages, grouped, t, guard, true).toFixed(4)}`).join(' ')}`);
}
console.log(`exact site-grouped F1 by threshold and guard (shipped: ${model.threshold}, ${model.guard.minShareOfReadability}):\n${grid.join('\n')}`);

// Titles: the structured title against the reviewed one, compared as lower-cased words.
const norm = (s: string | null | undefined) =>
  (s ?? '')
    .toLowerCase()
    .match(/[\p{L}\p{N}]+/gu)
    ?.join(' ') ?? '';
const titled = pages.filter((p: TrainingPage) => norm(p.texts?.truthTitle));
const right = titled.filter((p) => norm(p.texts?.title) === norm(p.texts?.truthTitle)).length;
console.log(`HTML titles: ${right}/${titled.length} equal to the reviewed title (${((100 * right) / Math.max(1, titled.length)).toFixed(1)}%)`);
