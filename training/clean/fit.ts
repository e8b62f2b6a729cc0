/**
 * Fits the line model (shared/domain/clean/line-model.ts) from labelled documents: gradient-boosted
 * trees for each line's boilerplate probability (logistic loss, histogram splits; deterministic, no
 * sampling), the two-state chain's transition rates counted from the label sequences, the removal
 * threshold calibrated on out-of-fold scores for high body recall, and the title scorer (an
 * L2-regularised logistic regression by Newton's method, IRLS, over the title candidates).
 */
import { FEATURE_NAMES, lineFeatures } from '#shared/domain/clean/line-features.ts';
import {
  type BoostedTrees,
  boilerplateProbability,
  treeScore,
  isTitleCandidate,
  type LineModel,
  type LogisticWeights,
  smoothSequence,
  TITLE_EXTRA_FEATURES,
  TITLE_WINDOW,
  titleScore,
} from '#shared/domain/clean/line-model.ts';
import { foldsByOutlet } from '../labelled-articles.ts';
import { CORRECTION_WEIGHTS } from '../registry.ts';
import type { LabelledDocument, LineLabel } from './dataset.ts';

/**
 * Share of paragraph words (content lines of PARAGRAPH_WORDS or more) the threshold must keep, measured out of fold.
 * Chosen on the outlet-grouped folds of `npm run eval:clean` once real scraped articles joined the corpus (their
 * content is harder: cut-off paragraphs, list items, bullets): at 0.996 the threshold rose to 0.83–0.9 and kept a
 * fifth of the junk; 0.993 kept 14% of the scraped set's junk; 0.99 keeps the body fragments of the corpus (99.7%)
 * and removes nine tenths of the junk without rules.
 */
export const CONTENT_KEEP_TARGET = 0.99;
const PARAGRAPH_WORDS = 8;
const TABLE_ROW = FEATURE_NAMES.indexOf('tableRow');

/**
 * Logistic regression by iteratively reweighted least squares with an L2 penalty on the weights
 * (not the bias). `rows` are feature vectors, `labels` 0/1, `sampleWeights` per row.
 */
export function fitLogistic(rows: readonly number[][], labels: readonly number[], sampleWeights?: readonly number[], l2 = 1, iterations = 25): LogisticWeights {
  const d = (rows[0]?.length ?? 0) + 1;
  const beta = new Array<number>(d).fill(0);
  for (let iter = 0; iter < iterations; iter++) {
    const hessian = Array.from({ length: d }, () => new Array<number>(d).fill(0));
    const gradient = new Array<number>(d).fill(0);
    for (let r = 0; r < rows.length; r++) {
      const x = [1, ...(rows[r] as number[])];
      let z = 0;
      for (let j = 0; j < d; j++) z += (beta[j] ?? 0) * (x[j] ?? 0);
      const p = 1 / (1 + Math.exp(-z));
      const w = sampleWeights?.[r] ?? 1;
      const residual = w * ((labels[r] ?? 0) - p);
      const curvature = w * Math.max(p * (1 - p), 1e-6);
      for (let j = 0; j < d; j++) {
        const xj = x[j] ?? 0;
        if (xj === 0) continue;
        gradient[j] = (gradient[j] ?? 0) + residual * xj;
        const row = hessian[j] as number[];
        for (let k = 0; k < d; k++) row[k] = (row[k] ?? 0) + curvature * xj * (x[k] ?? 0);
      }
    }
    for (let j = 1; j < d; j++) {
      gradient[j] = (gradient[j] ?? 0) - l2 * (beta[j] ?? 0);
      (hessian[j] as number[])[j] = ((hessian[j] as number[])[j] ?? 0) + l2;
    }
    (hessian[0] as number[])[0] = ((hessian[0] as number[])[0] ?? 0) + 1e-6;
    const step = solve(hessian, gradient);
    let change = 0;
    for (let j = 0; j < d; j++) {
      beta[j] = (beta[j] ?? 0) + (step[j] ?? 0);
      change = Math.max(change, Math.abs(step[j] ?? 0));
    }
    if (change < 1e-6) break;
  }
  return { bias: round(beta[0] ?? 0), weights: beta.slice(1).map(round) };
}

function round(x: number): number {
  return Math.round(x * 1e5) / 1e5;
}

/** Solves A x = b by Gaussian elimination with partial pivoting (A is small and positive definite). */
function solve(a: number[][], b: number[]): number[] {
  const n = b.length;
  const m = a.map((row, i) => [...row, b[i] ?? 0]);
  for (let col = 0; col < n; col++) {
    let pivot = col;
    for (let r = col + 1; r < n; r++) if (Math.abs(m[r]?.[col] ?? 0) > Math.abs(m[pivot]?.[col] ?? 0)) pivot = r;
    [m[col], m[pivot]] = [m[pivot] as number[], m[col] as number[]];
    const p = m[col]?.[col] ?? 1;
    for (let r = col + 1; r < n; r++) {
      const f = (m[r]?.[col] ?? 0) / p;
      if (f === 0) continue;
      for (let c = col; c <= n; c++) (m[r] as number[])[c] = (m[r]?.[c] ?? 0) - f * (m[col]?.[c] ?? 0);
    }
  }
  const x = new Array<number>(n).fill(0);
  for (let r = n - 1; r >= 0; r--) {
    let s = m[r]?.[n] ?? 0;
    for (let c = r + 1; c < n; c++) s -= (m[r]?.[c] ?? 0) * (x[c] ?? 0);
    x[r] = s / (m[r]?.[r] ?? 1);
  }
  return x;
}

export interface TreeOptions {
  trees: number;
  depth: number;
  rate: number;
  /** Least hessian weight a leaf may hold (≈ lines at p = 0.5 × 4). */
  minLeaf: number;
  /** L2 penalty on leaf values. */
  lambda: number;
  bins: number;
}

export const TREE_OPTIONS: TreeOptions = { trees: 60, depth: 3, rate: 0.2, minLeaf: 5, lambda: 2, bins: 24 };

/**
 * Gradient-boosted trees for the logistic loss (second-order leaf values, histogram splits on
 * per-feature quantile thresholds). Deterministic: no sampling.
 */
export function fitBoostedTrees(
  rows: readonly number[][],
  labels: readonly number[],
  sampleWeights: readonly number[],
  options: TreeOptions = TREE_OPTIONS,
  cutRows: readonly number[][] = rows,
  start?: BoostedTrees,
): BoostedTrees {
  const n = rows.length;
  const d = rows[0]?.length ?? 0;
  // Candidate thresholds: midpoints between distinct quantile values of each feature, over `cutRows`
  // (the shipped rows: a reviewer's few corrections must not move every split of every tree). Bins are
  // stored row-major (row r's bins at r·d … r·d+d-1), so one pass over a node's rows fills every feature's histogram.
  const thresholds: number[][] = [];
  const binned = new Uint8Array(n * d);
  for (let f = 0; f < d; f++) {
    // The feature's distinct values, ascending (a typed array sorts numerically without a comparator).
    const column = new Float64Array(n);
    for (let r = 0; r < n; r++) column[r] = rows[r]?.[f] ?? 0;
    const sorted = (cutRows === rows ? column.slice() : Float64Array.from(cutRows, (row) => row[f] ?? 0)).sort();
    const values: number[] = [];
    for (let r = 0; r < sorted.length; r++) if (r === 0 || sorted[r] !== sorted[r - 1]) values.push(sorted[r] as number);
    const cuts: number[] = [];
    const step = Math.max(1, Math.floor(values.length / options.bins));
    for (let i = step; i < values.length; i += step) cuts.push(round(((values[i - 1] ?? 0) + (values[i] ?? 0)) / 2));
    const unique = [...new Set(cuts)];
    thresholds.push(unique);
    for (let r = 0; r < n; r++) {
      const x = column[r] as number;
      // The first cut at or above x (cuts ascend).
      let lo = 0;
      let hi = unique.length;
      while (lo < hi) {
        const mid = (lo + hi) >> 1;
        if (x > (unique[mid] as number)) lo = mid + 1;
        else hi = mid;
      }
      binned[r * d + f] = lo;
    }
  }
  const offsets = new Int32Array(d + 1);
  for (let f = 0; f < d; f++) offsets[f + 1] = (offsets[f] as number) + (thresholds[f]?.length ?? 0) + 1;
  const grid: SplitGrid = { d, binned, thresholds, offsets };
  const totalWeight = sampleWeights.reduce((a, b) => a + b, 0);
  const positive = labels.reduce((a, y, r) => a + y * (sampleWeights[r] ?? 1), 0);
  // Continuing `start` (a fitted ensemble): its trees stay as they are and new ones fit what it gets wrong.
  const base = start ? start.base : round(Math.log(Math.max(positive, 1) / Math.max(totalWeight - positive, 1)));
  const score = start ? Float64Array.from(rows, (row) => treeScore(start, row)) : new Float64Array(n).fill(base);
  const trees: BoostedTrees['trees'] = start ? [...start.trees] : [];
  const internal = (1 << options.depth) - 1;
  const g = new Float64Array(n);
  const h = new Float64Array(n);
  const all = Int32Array.from({ length: n }, (_, r) => r);
  for (let t = 0; t < options.trees; t++) {
    for (let r = 0; r < n; r++) {
      const p = 1 / (1 + Math.exp(-(score[r] ?? 0)));
      const w = sampleWeights[r] ?? 1;
      g[r] = w * (p - (labels[r] ?? 0));
      h[r] = w * Math.max(p * (1 - p), 1e-6);
    }
    const feature = new Array<number>(internal).fill(-1);
    const threshold = new Array<number>(internal).fill(0);
    const leaf = new Array<number>(internal + 1).fill(0);
    // Rows at each node, level by level, with their gradient histograms: a child's is computed from its
    // rows when it is the smaller of the two, else as its parent's minus its sibling's.
    let level: { node: number; rows: Int32Array; hist: Histogram | null }[] = [{ node: 0, rows: all, hist: null }];
    for (let depth = 0; depth < options.depth; depth++) {
      const next: { node: number; rows: Int32Array; hist: Histogram | null }[] = [];
      const last = depth === options.depth - 1;
      for (const { node, rows: members, hist } of level) {
        const own = hist ?? histogramOf(members, g, h, grid);
        const split = bestSplit(own, grid, options);
        if (split) {
          feature[node] = split.feature;
          threshold[node] = thresholds[split.feature]?.[split.bin] ?? 0;
        }
        let right = 0;
        if (split) for (const r of members) if ((binned[r * d + split.feature] as number) > split.bin) right++;
        const leftRows = new Int32Array(members.length - right);
        const rightRows = new Int32Array(right);
        let li = 0;
        let ri = 0;
        for (const r of members) {
          if (split && (binned[r * d + split.feature] as number) > split.bin) rightRows[ri++] = r;
          else leftRows[li++] = r;
        }
        let leftHist: Histogram | null = null;
        let rightHist: Histogram | null = null;
        if (!last && split) {
          if (leftRows.length <= rightRows.length) {
            leftHist = histogramOf(leftRows, g, h, grid);
            rightHist = difference(own, leftHist);
          } else {
            rightHist = histogramOf(rightRows, g, h, grid);
            leftHist = difference(own, rightHist);
          }
        }
        next.push({ node: 2 * node + 1, rows: leftRows, hist: leftHist ?? (split ? null : own) }, { node: 2 * node + 2, rows: rightRows, hist: rightHist });
      }
      level = next;
    }
    for (const { node, rows: members } of level) {
      let G = 0;
      let H = 0;
      for (const r of members) {
        G += g[r] ?? 0;
        H += h[r] ?? 0;
      }
      const value = round((-G / (H + options.lambda)) * options.rate);
      leaf[node - internal] = value;
      for (const r of members) score[r] = (score[r] ?? 0) + value;
    }
    trees.push({ feature, threshold, leaf });
  }
  return { base, depth: options.depth, trees };
}

/** Trees a retrain adds for reviewers' corrections (on top of the trees fitted on the shipped set). */
export const CORRECTION_TREES = 20;

/**
 * The shipped trees continued with CORRECTION_TREES more on `items` (the shipped documents and a
 * reviewer's corrections): the shipped ensemble is kept as it is, so the corrections change the
 * model where they differ from it, and the noise of a full refit stays out.
 */
function continueBoilerplate(start: BoostedTrees, items: readonly FeaturedDoc[]): BoostedTrees {
  const rows: number[][] = [];
  const cutRows: number[][] = [];
  const labels: number[] = [];
  const weights: number[] = [];
  for (const doc of items) {
    if (!doc.cleaningLabelled) continue;
    doc.lines.forEach((line, i) => {
      rows.push(doc.features[i] as number[]);
      if (doc.source !== 'extra') cutRows.push(doc.features[i] as number[]);
      labels.push(line.label === 'boilerplate' ? 1 : 0);
      weights.push(doc.weight);
    });
  }
  return fitBoostedTrees(rows, labels, weights, { ...TREE_OPTIONS, trees: CORRECTION_TREES }, cutRows, start);
}

/** Binned features shared by every split search of one fit. */
interface SplitGrid {
  d: number;
  binned: Uint8Array;
  thresholds: readonly number[][];
  /** Feature f's bins start at offsets[f] in a histogram. */
  offsets: Int32Array;
}

/** Sums of gradients and hessians of a node's rows, per feature bin, and over all its rows. */
interface Histogram {
  gh: Float64Array;
  hh: Float64Array;
  G: number;
  H: number;
}

function histogramOf(members: Int32Array, g: Float64Array, h: Float64Array, grid: SplitGrid): Histogram {
  const { d, binned, offsets } = grid;
  const size = offsets[d] as number;
  const gh = new Float64Array(size);
  const hh = new Float64Array(size);
  let G = 0;
  let H = 0;
  for (const r of members) {
    const gr = g[r] as number;
    const hr = h[r] as number;
    G += gr;
    H += hr;
    const row = r * d;
    for (let f = 0; f < d; f++) {
      const at = (offsets[f] as number) + (binned[row + f] as number);
      gh[at] = (gh[at] as number) + gr;
      hh[at] = (hh[at] as number) + hr;
    }
  }
  return { gh, hh, G, H };
}

function difference(parent: Histogram, child: Histogram): Histogram {
  const gh = new Float64Array(parent.gh.length);
  const hh = new Float64Array(parent.hh.length);
  for (let i = 0; i < gh.length; i++) {
    gh[i] = (parent.gh[i] as number) - (child.gh[i] as number);
    hh[i] = (parent.hh[i] as number) - (child.hh[i] as number);
  }
  return { gh, hh, G: parent.G - child.G, H: parent.H - child.H };
}

function bestSplit(hist: Histogram, grid: SplitGrid, options: TreeOptions): { feature: number; bin: number } | null {
  const { G, H, gh, hh } = hist;
  if (H < 2 * options.minLeaf) return null;
  const { d, thresholds, offsets } = grid;
  const parent = (G * G) / (H + options.lambda);
  let best: { feature: number; bin: number; gain: number } | null = null;
  for (let f = 0; f < d; f++) {
    const cuts = thresholds[f]?.length ?? 0;
    if (cuts === 0) continue;
    const at = offsets[f] as number;
    let GL = 0;
    let HL = 0;
    for (let b = 0; b < cuts; b++) {
      GL += gh[at + b] as number;
      HL += hh[at + b] as number;
      const GR = G - GL;
      const HR = H - HL;
      if (HL < options.minLeaf || HR < options.minLeaf) continue;
      const gain = (GL * GL) / (HL + options.lambda) + (GR * GR) / (HR + options.lambda) - parent;
      if (gain > 1e-6 && (!best || gain > best.gain)) best = { feature: f, bin: b, gain };
    }
  }
  return best;
}

/** One line as the fitter sees it: its label and what the text told (no text: training sets ship without it). */
export interface FeaturedLine {
  label: LineLabel;
  /** White-space separated words (the content-keep target counts words). */
  words: number;
  /** `isTitleCandidate` of the line's text. */
  titleCandidate: boolean;
}

/** A labelled document reduced to numbers: what `npm run train` fits on and what the shipped training set holds. */
export interface FeaturedDoc {
  id: string;
  outlet: string;
  /** Where it comes from (`corpus`, `fixtures`, `synthetic`, `extra`): the card counts by source. */
  source: string;
  /** A synthetic page dump or scraped variant: trains the model, is not scored as a real article. */
  synthetic: boolean;
  /** Whether the source labels the headline (a text without one is labelled too: no title). */
  titleLabelled: boolean;
  /** Whether its lines are labelled content or boilerplate; a reviewer who only picked the title labels none. */
  cleaningLabelled: boolean;
  /** Training weight of each of its lines. */
  weight: number;
  lines: FeaturedLine[];
  /** `lineFeatures` of the lines, in FEATURE_NAMES order. */
  features: number[][];
}

/** Real articles weigh more than synthetic pages: they are what the cleaner mostly sees. */
export const SYNTHETIC_WEIGHT = 0.5;

/**
 * Each line of a real scraped article (scraped.ts) weighs as two of the corpus: chosen on the
 * outlet-grouped folds of `npm run eval:clean` (1: more junk kept on both sets; 3: no better).
 */
export const SCRAPED_WEIGHT = 2;

/** Where a document comes from, by its id (`corpus/…`, `fixtures/…`, `labels/…` for exported corrections). */
export function sourceOfDocument(doc: Pick<LabelledDocument, 'id' | 'synthetic'>): string {
  if (doc.synthetic) return 'synthetic';
  const prefix = doc.id.split('/')[0] ?? '';
  return prefix === 'labels' ? 'extra' : prefix || 'other';
}

/** Labelled documents as the fitter sees them: features computed once, the text dropped. */
export function featuredDocs(docs: readonly LabelledDocument[], weightOf: (doc: LabelledDocument) => number = defaultWeight): FeaturedDoc[] {
  return docs.map((doc) => ({
    id: doc.id,
    outlet: doc.outlet,
    source: sourceOfDocument(doc),
    synthetic: doc.synthetic,
    titleLabelled: doc.title !== undefined,
    cleaningLabelled: doc.cleaningLabelled ?? true,
    weight: weightOf(doc),
    lines: doc.lines.map((line) => ({ label: line.label, words: line.text.split(/\s+/).length, titleCandidate: isTitleCandidate(line.text) })),
    features: lineFeatures(doc.lines.map((l) => l.text)),
  }));
}

function defaultWeight(doc: LabelledDocument): number {
  return doc.synthetic ? SYNTHETIC_WEIGHT : 1;
}

/** What a fit may change from the shipped recipe (evaluation scripts compare recipes with them). */
export interface LineFitOptions {
  trees?: TreeOptions;
  keepTarget?: number;
}

function fitBoilerplate(
  items: readonly FeaturedDoc[],
  trees: TreeOptions = TREE_OPTIONS,
): { weights: BoostedTrees; prior: number; transitions: LineModel['transitions'] } {
  const rows: number[][] = [];
  const cutRows: number[][] = [];
  const labels: number[] = [];
  const weights: number[] = [];
  const transitions = { cc: 1, cb: 1, bc: 1, bb: 1 };
  for (const doc of items) {
    if (!doc.cleaningLabelled) continue;
    doc.lines.forEach((line, i) => {
      rows.push(doc.features[i] as number[]);
      if (doc.source !== 'extra') cutRows.push(doc.features[i] as number[]);
      labels.push(line.label === 'boilerplate' ? 1 : 0);
      weights.push(doc.weight);
      if (i > 0) {
        const from = doc.lines[i - 1]?.label === 'boilerplate' ? 'b' : 'c';
        const to = line.label === 'boilerplate' ? 'b' : 'c';
        transitions[`${from}${to}` as keyof typeof transitions]++;
      }
    });
  }
  const positives = labels.reduce((a, b) => a + b, 0);
  return {
    weights: fitBoostedTrees(rows, labels, weights, trees, cutRows.length > 0 ? cutRows : rows),
    prior: round(positives / Math.max(1, labels.length)),
    transitions: {
      contentToBoilerplate: round(transitions.cb / (transitions.cb + transitions.cc)),
      boilerplateToBoilerplate: round(transitions.bb / (transitions.bb + transitions.bc)),
    },
  };
}

function partialModel(fit: ReturnType<typeof fitBoilerplate>): LineModel {
  return {
    features: [...FEATURE_NAMES],
    boilerplate: fit.weights,
    title: { bias: 0, weights: new Array<number>(FEATURE_NAMES.length + TITLE_EXTRA_FEATURES.length).fill(0) },
    threshold: 0.5,
    titleThreshold: 0.5,
    transitions: fit.transitions,
    prior: fit.prior,
  };
}

/** Smoothed boilerplate probabilities of a document's lines under `model`. */
export function posteriorsOf(model: LineModel, features: readonly number[][]): number[] {
  return smoothSequence(
    model,
    features.map((f) => boilerplateProbability(model, f)),
  );
}

/** A line that calibrates the threshold: not the title, not a short content line, not a table row. */
function calibratesThreshold(doc: FeaturedDoc, i: number): boolean {
  const line = doc.lines[i] as FeaturedLine;
  // The title chooser takes its line back from the model: titles do not calibrate removal. Nor do
  // short lines (table cells, datelines, cut-off fragments): the threshold protects the paragraphs.
  if (line.label === 'title' || (line.label === 'content' && line.words < PARAGRAPH_WORDS)) return false;
  // Table rows are never removed by the model (clean/apply-line-model.ts): they do not calibrate it either.
  return doc.features[i]?.[TABLE_ROW] !== 1;
}

/**
 * The lowest threshold that keeps CONTENT_KEEP_TARGET of the content words, from out-of-fold
 * posteriors: a false removal of real content costs more than a missed junk line.
 */
function calibrateThreshold(scored: { words: number; content: boolean; posterior: number }[], target = CONTENT_KEEP_TARGET): number {
  const contentWords = scored.filter((s) => s.content).reduce((n, s) => n + s.words, 0);
  for (let t = 0.3; t < 0.99; t += 0.01) {
    const lost = scored.filter((s) => s.content && s.posterior >= t).reduce((n, s) => n + s.words, 0);
    if (1 - lost / Math.max(1, contentWords) >= target) return round(t);
  }
  return 0.99;
}

interface TitleCandidate {
  index: number;
  row: number[];
}

function titleCandidates(doc: FeaturedDoc, posteriors: readonly number[]): TitleCandidate[] {
  const rows: TitleCandidate[] = [];
  const end = Math.min(doc.lines.length, TITLE_WINDOW);
  for (let i = 0; i < end; i++) {
    if (!doc.lines[i]?.titleCandidate) continue;
    rows.push({ index: i, row: [...(doc.features[i] as number[]), Math.min(1, rows.length / 5), posteriors[i] ?? 0] });
  }
  return rows;
}

/** The line the title scorer picks (-1: the text has no headline line), as clean/title.ts picks it. */
function chosenTitle(model: LineModel, candidates: readonly TitleCandidate[], threshold = model.titleThreshold): number {
  let top = -1;
  let topScore = -1;
  for (const c of candidates) {
    const s = titleScore(
      model,
      c.row.slice(0, FEATURE_NAMES.length),
      c.row[FEATURE_NAMES.length] === undefined ? 0 : Math.round((c.row[FEATURE_NAMES.length] ?? 0) * 5),
      c.row[FEATURE_NAMES.length + 1] ?? 0,
    );
    if (s > topScore) {
      topScore = s;
      top = c.index;
    }
  }
  return topScore >= threshold ? top : -1;
}

/** Fits the title scorer and its threshold on `items` under `model`'s boilerplate posteriors (sets both on `model`). */
function fitTitle(model: LineModel, items: readonly FeaturedDoc[]): void {
  const rows: number[][] = [];
  const labels: number[] = [];
  const rowWeights: number[] = [];
  const perDoc: { candidates: TitleCandidate[]; gold: number; weight: number }[] = [];
  for (const doc of items) {
    // Texts whose headline is not labelled teach nothing about titles.
    if (!doc.titleLabelled) continue;
    const candidates = titleCandidates(doc, posteriorsOf(model, doc.features));
    const gold = doc.lines.findIndex((l) => l.label === 'title');
    // A reviewer's headline weighs CORRECTION_WEIGHTS.titles documents; the shipped documents count one each.
    const weight = doc.source === 'extra' ? CORRECTION_WEIGHTS.titles : 1;
    for (const c of candidates) {
      rows.push(c.row);
      labels.push(c.index === gold ? 1 : 0);
      rowWeights.push(weight);
    }
    perDoc.push({ candidates, gold, weight });
  }
  model.title = fitLogistic(rows, labels, rowWeights, 1);
  // The title threshold: best share of documents right (the headline, or none where there is none).
  let best = { t: 0.5, right: -1 };
  for (let t = 0.05; t < 0.95; t += 0.05) {
    let right = 0;
    for (const { candidates, gold, weight } of perDoc) if (chosenTitle(model, candidates, t) === gold) right += weight;
    if (right > best.right) best = { t: round(t), right };
  }
  model.titleThreshold = best.t;
}

/** Out-of-fold judgements of one document's lines: posteriors, and the title line picked. */
export interface LineJudgement {
  posteriors: number[];
  title: number;
}

/** What the fit gives besides the model: out-of-fold judgements of every document (folds by outlet). */
export interface LineFit {
  model: LineModel;
  outOfFold: Map<string, LineJudgement>;
  folds: number;
}

/**
 * Fits the whole model on `docs`. `innerFolds` outlet-grouped folds give every document out-of-fold
 * posteriors (they calibrate the removal threshold) and an out-of-fold title (the card's figures).
 */
export function fitLineModel(items: readonly FeaturedDoc[], innerFolds = 4, options: LineFitOptions = {}): LineFit {
  const isCorrection = (doc: FeaturedDoc) => doc.source === 'extra';
  const corrections = items.filter(isCorrection);
  // The shipped procedure: trees on the shipped documents; with corrections, more trees on top (continueBoilerplate).
  const fitFold = (train: readonly FeaturedDoc[]) => {
    const fit = fitBoilerplate(
      train.filter((doc) => !isCorrection(doc)),
      options.trees,
    );
    const model = partialModel(fit);
    if (train.some(isCorrection)) model.boilerplate = continueBoilerplate(fit.weights, train);
    return { fit, model };
  };
  const outOfFold = new Map<string, LineJudgement>();
  const scored: { words: number; content: boolean; posterior: number }[] = [];
  for (const { train, test } of foldsByOutlet([...items], innerFolds, 1, isCorrection)) {
    if (test.length === 0 || train.length === 0) continue;
    const { fit, model } = fitFold(train);
    fitTitle(model, train);
    // The removal threshold is calibrated on the shipped procedure alone: a few corrections must not move the operating point.
    const calibrating = corrections.length > 0 ? partialModel(fit) : model;
    for (const doc of test) {
      const posteriors = posteriorsOf(model, doc.features);
      outOfFold.set(doc.id, { posteriors, title: doc.titleLabelled ? chosenTitle(model, titleCandidates(doc, posteriors)) : -1 });
      if (doc.synthetic || !doc.cleaningLabelled || isCorrection(doc)) continue;
      const calibration = calibrating === model ? posteriors : posteriorsOf(calibrating, doc.features);
      doc.lines.forEach((line, i) => {
        if (calibratesThreshold(doc, i)) scored.push({ words: line.words, content: line.label !== 'boilerplate', posterior: calibration[i] ?? 0 });
      });
    }
  }
  const { model } = fitFold(items);
  model.threshold = scored.length ? calibrateThreshold(scored, options.keepTarget) : 0.5;
  fitTitle(model, items);
  return { model, outOfFold, folds: innerFolds };
}

/** In-sample judgements of `doc` by `model` (the shipped model on its own training set). */
export function judgeDocument(model: LineModel, doc: FeaturedDoc): LineJudgement {
  const posteriors = posteriorsOf(model, doc.features);
  return { posteriors, title: doc.titleLabelled ? chosenTitle(model, titleCandidates(doc, posteriors)) : -1 };
}

/** Whether the model removes line `i` at `threshold` (table rows never: clean.ts keeps them). */
export function removesLine(doc: FeaturedDoc, i: number, posterior: number, threshold: number): boolean {
  return posterior >= threshold && doc.features[i]?.[TABLE_ROW] !== 1;
}

/** Fits the whole model on labelled documents with text (features computed here). */
export function trainLineModel(docs: readonly LabelledDocument[], innerFolds = 4): LineModel {
  return fitLineModel(featuredDocs(docs), innerFolds).model;
}
