/**
 * Fits the page-dump line model: the line model's boosted trees, chain and title scorer trained on
 * real pages dumped to text (page-dumps.ts), for texts as long as a whole page's dump
 * (`PAGE_MIN_LINES`, line-model.ts). Its removal threshold is the one that gives the best word F1 per
 * page out of fold (site-grouped inner folds): on a whole page, a missed menu costs as much as a lost
 * list item, unlike a scraped article, where the article is nearly all of the text.
 *
 * It fits on numbers only (PageFitDoc: features, labels, word counts), so the shipped training set
 * (training-set.ts) retrains it without the pages.
 */
import { FEATURE_NAMES, lineFeatures } from '#shared/domain/clean/line-features.ts';
import {
  boilerplateProbability,
  isTitleCandidate,
  type LineModel,
  PAGE_MIN_LINES,
  type PageLineModel,
  smoothSequence,
  TITLE_EXTRA_FEATURES,
  TITLE_WINDOW,
  titleScore,
} from '#shared/domain/clean/line-model.ts';
import { foldsByOutlet } from '../labelled-articles.ts';
import { isParagraphLike } from '#shared/domain/text/text.ts';
import type { LabelledDocument } from './dataset.ts';
import { type FeaturedDoc, type FeaturedLine, fitBoostedTrees, fitLogistic, sourceOfDocument, TREE_OPTIONS } from './fit.ts';

/** A line as the page fitter sees it: the line model's, and whether it reads as a paragraph (`isParagraphLike`). */
export interface PageFitLine extends FeaturedLine {
  paragraph: boolean;
}

/** A featured document whose lines say which are paragraphs: the first content paragraph is the lead a title sits above. */
export interface PageFitDoc extends FeaturedDoc {
  lines: PageFitLine[];
}

/** A labelled page dump reduced to what the fitter reads. */
export function pageFitDocOf(doc: LabelledDocument, weight = 1): PageFitDoc {
  return {
    id: doc.id,
    outlet: doc.outlet,
    source: sourceOfDocument(doc),
    synthetic: doc.synthetic,
    weight,
    titleLabelled: doc.lines.some((l) => l.label === 'title'),
    cleaningLabelled: true,
    lines: doc.lines.map((l) => ({
      label: l.label,
      words: l.text.split(/\s+/).length,
      titleCandidate: isTitleCandidate(l.text),
      paragraph: isParagraphLike(l.text),
    })),
    features: lineFeatures(doc.lines.map((l) => l.text)),
  };
}

const round = (x: number) => Math.round(x * 1e5) / 1e5;

function fitChain(docs: readonly FeaturedDoc[]): Pick<LineModel, 'boilerplate' | 'prior' | 'transitions'> {
  const rows: number[][] = [];
  const labels: number[] = [];
  const weights: number[] = [];
  const t = { cc: 1, cb: 1, bc: 1, bb: 1 };
  for (const doc of docs) {
    doc.lines.forEach((line, i) => {
      rows.push(doc.features[i] as number[]);
      labels.push(line.label === 'boilerplate' ? 1 : 0);
      weights.push(doc.weight);
      if (i > 0) {
        const from = doc.lines[i - 1]?.label === 'boilerplate' ? 'b' : 'c';
        const to = line.label === 'boilerplate' ? 'b' : 'c';
        t[`${from}${to}` as keyof typeof t] += doc.weight;
      }
    });
  }
  const positives = labels.reduce((a, y, r) => a + y * (weights[r] ?? 1), 0);
  const total = weights.reduce((a, w) => a + w, 0);
  return {
    boilerplate: fitBoostedTrees(rows, labels, weights, TREE_OPTIONS),
    prior: round(positives / Math.max(1e-9, total)),
    transitions: { contentToBoilerplate: round(t.cb / (t.cb + t.cc)), boilerplateToBoilerplate: round(t.bb / (t.bb + t.bc)) },
  };
}

function modelOf(chain: Pick<LineModel, 'boilerplate' | 'prior' | 'transitions'>): PageLineModel {
  return {
    features: [...FEATURE_NAMES],
    ...chain,
    title: { bias: 0, weights: new Array<number>(FEATURE_NAMES.length + TITLE_EXTRA_FEATURES.length).fill(0) },
    threshold: 0.5,
    titleThreshold: 0.5,
    minLines: PAGE_MIN_LINES,
  };
}

function posteriors(model: LineModel, doc: PageFitDoc): number[] {
  return smoothSequence(
    model,
    doc.features.map((f) => boilerplateProbability(model, f)),
  );
}

/**
 * Share of the pages' article words (out of fold, one pass of the model) the threshold must keep. The
 * cleaner runs the model to a fixed point, each removal changing its neighbours' context, so a single
 * pass's best-F1 threshold removes far too much in the cleaner; this target was chosen on the site folds.
 */
export const PAGE_KEEP_TARGET = 0.98;

/** The lowest threshold that keeps PAGE_KEEP_TARGET of the page dumps' article words out of fold. */
function calibrate(scored: readonly { doc: PageFitDoc; post: number[] }[]): number {
  let total = 0;
  for (const { doc } of scored) for (const line of doc.lines) if (line.label === 'content') total += line.words;
  for (let t = 0.3; t < 0.99; t += 0.01) {
    let lost = 0;
    for (const { doc, post } of scored)
      doc.lines.forEach((line, i) => {
        if (line.label === 'content' && (post[i] ?? 0) >= t) lost += line.words;
      });
    if (1 - lost / Math.max(1, total) >= PAGE_KEEP_TARGET) return round(t);
  }
  return 0.99;
}

/** The lead (first content paragraph) and the title candidates in the TITLE_WINDOW non-empty lines above it. */
function titleCandidates(doc: PageFitDoc): number[] {
  const lead = doc.lines.findIndex((l) => l.label === 'content' && l.paragraph);
  const end = lead < 0 ? doc.lines.length : lead;
  const start = lead < 0 ? 0 : Math.max(0, end - TITLE_WINDOW);
  const out: number[] = [];
  for (let i = start; i < Math.min(end, start + TITLE_WINDOW); i++) if (doc.lines[i]?.titleCandidate) out.push(i);
  return out;
}

/** The title chosen among `candidates` (line indices) by `model`, or -1 below its title threshold. */
function chooseTitle(model: LineModel, doc: PageFitDoc, candidates: readonly number[], post: readonly number[], threshold = model.titleThreshold): number {
  let top = -1;
  let topScore = -1;
  candidates.forEach((index, rank) => {
    const s = titleScore(model, doc.features[index] as number[], rank, post[index] ?? 0);
    if (s > topScore) {
      topScore = s;
      top = index;
    }
  });
  return topScore >= threshold ? top : -1;
}

/** Fits the title scorer and its threshold (the best share of pages right) on `docs`. */
function fitTitle(model: LineModel, docs: readonly PageFitDoc[]): void {
  const rows: number[][] = [];
  const labels: number[] = [];
  const perDoc: { doc: PageFitDoc; candidates: number[]; post: number[]; gold: number }[] = [];
  for (const doc of docs) {
    if (!doc.titleLabelled) continue;
    const post = posteriors(model, doc);
    const gold = doc.lines.findIndex((l) => l.label === 'title');
    const candidates = titleCandidates(doc);
    candidates.forEach((index, rank) => {
      rows.push([...(doc.features[index] as number[]), Math.min(1, rank / 5), post[index] ?? 0]);
      labels.push(index === gold ? 1 : 0);
    });
    perDoc.push({ doc, candidates, post, gold });
  }
  if (rows.length) model.title = fitLogistic(rows, labels, undefined, 1);
  let best = { t: 0.5, right: -1 };
  for (let t = 0.05; t < 0.95; t += 0.05) {
    let right = 0;
    for (const { doc, candidates, post, gold } of perDoc) if (chooseTitle(model, doc, candidates, post, t) === gold) right++;
    if (right > best.right) best = { t: round(t), right };
  }
  model.titleThreshold = best.t;
}

/** A page's lines judged by a model: smoothed posteriors and the title line (-1: none). */
export interface PageJudgement {
  posteriors: number[];
  title: number;
}

export function judgePage(model: LineModel, doc: PageFitDoc): PageJudgement {
  const post = posteriors(model, doc);
  return { posteriors: post, title: doc.titleLabelled ? chooseTitle(model, doc, titleCandidates(doc), post) : -1 };
}

export interface PageFit {
  model: PageLineModel;
  /** Out-of-fold judgements of every page (folds by site). */
  outOfFold: Map<string, PageJudgement>;
  folds: number;
}

/**
 * Fits the page model: trees on the page dumps `docs` and the line model's own documents `others`
 * (scraped articles and their synthetic variants teach it languages the pages lack); threshold and
 * title scorer on the page dumps. `innerFolds` site-grouped folds give the out-of-fold judgements.
 */
export function fitPageModel(docs: readonly PageFitDoc[], others: readonly FeaturedDoc[] = [], innerFolds = 3): PageFit {
  const scored: { doc: PageFitDoc; post: number[] }[] = [];
  const outOfFold = new Map<string, PageJudgement>();
  for (const { train, test } of foldsByOutlet([...docs], innerFolds)) {
    if (train.length === 0 || test.length === 0) continue;
    const model = modelOf(fitChain([...train, ...others]));
    for (const doc of test) scored.push({ doc, post: posteriors(model, doc) });
    fitTitle(model, train);
    for (const doc of test) outOfFold.set(doc.id, judgePage(model, doc));
  }
  const model = modelOf(fitChain([...docs, ...others]));
  model.threshold = scored.length ? calibrate(scored) : 0.5;
  fitTitle(model, docs);
  return { model, outOfFold, folds: innerFolds };
}

/** Fits the page model (see fitPageModel). */
export function trainPageModel(docs: readonly PageFitDoc[], others: readonly FeaturedDoc[] = [], innerFolds = 3): PageLineModel {
  return fitPageModel(docs, others, innerFolds).model;
}

/** Mean page word F1 (line level, words of the lines kept) of `judge`'s decisions at each page's threshold. */
function meanPageF1(docs: readonly PageFitDoc[], judge: (doc: PageFitDoc) => PageJudgement | undefined, threshold: (doc: PageFitDoc) => number): number {
  let sum = 0;
  let n = 0;
  for (const doc of docs) {
    const j = judge(doc);
    if (!j) continue;
    let relevant = 0;
    let kept = 0;
    let hit = 0;
    doc.lines.forEach((line, i) => {
      const article = line.label !== 'boilerplate';
      if (article) relevant += line.words;
      if (i === j.title || (j.posteriors[i] ?? 0) < threshold(doc)) {
        kept += line.words;
        if (article) hit += line.words;
      }
    });
    sum += hit && kept && relevant ? (2 * hit) / (kept + relevant) : 0;
    n++;
  }
  return n ? sum / n : 0;
}

function titleShare(docs: readonly PageFitDoc[], judge: (doc: PageFitDoc) => PageJudgement | undefined): number {
  const titled = docs.filter((d) => d.titleLabelled);
  const right = titled.filter((d) => judge(d)?.title === d.lines.findIndex((l) => l.label === 'title')).length;
  return titled.length ? right / titled.length : 0;
}

/**
 * The page model's card figures (model alone, line level): mean page word F1 of the lines kept and
 * the headline line right, in-sample, out of fold (site folds), and for the raw dump (every line
 * kept; the first headline-shaped line above the lead as the title).
 */
export function pageFigures(fit: PageFit, docs: readonly PageFitDoc[]): Record<string, { inSample: number; grouped: number; baseline: number }> {
  const inSample = (doc: PageFitDoc) => judgePage(fit.model, doc);
  const oof = (doc: PageFitDoc) => fit.outOfFold.get(doc.id);
  const raw = (doc: PageFitDoc): PageJudgement => ({ posteriors: doc.lines.map(() => 0), title: titleCandidates(doc)[0] ?? -1 });
  const t = () => fit.model.threshold;
  return {
    pageDumpWordF1: { inSample: meanPageF1(docs, inSample, t), grouped: meanPageF1(docs, oof, t), baseline: meanPageF1(docs, raw, () => 1) },
    pageDumpTitleRight: { inSample: titleShare(docs, inSample), grouped: titleShare(docs, oof), baseline: titleShare(docs, raw) },
  };
}
