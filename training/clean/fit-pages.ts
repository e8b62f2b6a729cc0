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
import { FEATURE_NAMES, lineFeatures } from '#shared/domain/line-features.ts';
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
} from '#shared/domain/line-model.ts';
import { foldsByOutlet } from '../labelled-articles.ts';
import { isParagraphLike } from '#shared/domain/text.ts';
import { benchmarkWords } from './align.ts';
import type { LabelledDocument, LineLabel } from './dataset.ts';
import { fitBoostedTrees, fitLogistic, MODEL_VERSION, TREE_OPTIONS } from './fit.ts';

/** One line as the page fitter sees it. */
export interface PageFitLine {
  label: LineLabel;
  /** Benchmark words of the line (the word F1 the threshold is chosen for counts them). */
  words: number;
  /** `isTitleCandidate` of the line. */
  titleCandidate: boolean;
  /** `isParagraphLike` of the line: the first content paragraph is the lead the title sits above. */
  paragraph: boolean;
}

export interface PageFitDoc {
  id: string;
  /** The site: folds group by it. */
  outlet: string;
  weight: number;
  /** Whether the headline line is labelled (the dump prints the page's title on a line of its own). */
  titled: boolean;
  lines: PageFitLine[];
  features: number[][];
}

/** A labelled page dump reduced to what the fitter reads. */
export function pageFitDocOf(doc: LabelledDocument, weight = 1): PageFitDoc {
  return {
    id: doc.id,
    outlet: doc.outlet,
    weight,
    titled: doc.lines.some((l) => l.label === 'title'),
    lines: doc.lines.map((l) => ({
      label: l.label,
      words: benchmarkWords(l.text).length,
      titleCandidate: isTitleCandidate(l.text),
      paragraph: isParagraphLike(l.text),
    })),
    features: lineFeatures(doc.lines.map((l) => l.text)),
  };
}

const round = (x: number) => Math.round(x * 1e5) / 1e5;

function fitChain(docs: readonly PageFitDoc[]): Pick<LineModel, 'boilerplate' | 'prior' | 'transitions'> {
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
    version: MODEL_VERSION,
    features: [...FEATURE_NAMES],
    ...chain,
    title: { bias: 0, weights: new Array<number>(FEATURE_NAMES.length + TITLE_EXTRA_FEATURES.length).fill(0) },
    threshold: 0.5,
    titleThreshold: 0.5,
    trainedOn: { articles: 0, lines: 0, syntheticPages: 0 },
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
export const PAGE_KEEP_TARGET = Number(process.env.PAGE_KEEP ?? 0.98);

/** The lowest threshold that keeps PAGE_KEEP_TARGET of the page dumps' article words out of fold. */
function calibrate(scored: readonly { doc: PageFitDoc; post: number[] }[]): number {
  let total = 0;
  for (const { doc } of scored) for (const line of doc.lines) if (line.label === 'content') total += line.words;
  for (let t = 0.3; t < 0.99; t += 0.01) {
    let lost = 0;
    for (const { doc, post } of scored) doc.lines.forEach((line, i) => {
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

/** Fits the page model on `docs`; `innerFolds` site-grouped folds give the out-of-fold scores the threshold is chosen on. */
export function trainPageModel(docs: readonly PageFitDoc[], others: readonly PageFitDoc[] = [], innerFolds = 3): PageLineModel {
  const scored: { doc: PageFitDoc; post: number[] }[] = [];
  for (const { train, test } of foldsByOutlet([...docs], innerFolds)) {
    if (train.length === 0 || test.length === 0) continue;
    const model = modelOf(fitChain([...train, ...others]));
    for (const doc of test) scored.push({ doc, post: posteriors(model, doc) });
  }
  const model = modelOf(fitChain([...docs, ...others]));
  model.threshold = scored.length ? calibrate(scored) : 0.5;

  // Title scorer: headline-shaped lines above the lead; the title threshold as the line model's.
  const rows: number[][] = [];
  const labels: number[] = [];
  const perDoc: { candidates: { index: number; row: number[] }[]; gold: number }[] = [];
  for (const doc of docs) {
    if (!doc.titled) continue;
    const post = posteriors(model, doc);
    const gold = doc.lines.findIndex((l) => l.label === 'title');
    const candidates = titleCandidates(doc).map((index, rank) => ({ index, row: [...(doc.features[index] as number[]), Math.min(1, rank / 5), post[index] ?? 0] }));
    for (const c of candidates) {
      rows.push(c.row);
      labels.push(c.index === gold ? 1 : 0);
    }
    perDoc.push({ candidates, gold });
  }
  model.title = rows.length ? fitLogistic(rows, labels, undefined, 1) : model.title;
  let best = { t: 0.5, right: -1 };
  for (let t = 0.05; t < 0.95; t += 0.05) {
    let right = 0;
    for (const { candidates, gold } of perDoc) {
      let top = -1;
      let topScore = -1;
      candidates.forEach((c, rank) => {
        const s = titleScore(model, c.row.slice(0, FEATURE_NAMES.length), rank, c.row[FEATURE_NAMES.length + 1] ?? 0);
        if (s > topScore) {
          topScore = s;
          top = c.index;
        }
      });
      if ((topScore >= t ? top : -1) === gold) right++;
    }
    if (right > best.right) best = { t: round(t), right };
  }
  model.titleThreshold = best.t;
  model.trainedOn = { articles: docs.length + others.length, lines: [...docs, ...others].reduce((n, d) => n + d.lines.length, 0), syntheticPages: 0 };
  return model;
}
