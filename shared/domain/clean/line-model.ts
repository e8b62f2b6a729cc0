import { FEATURE_NAMES, unspacedLetters } from './line-features.ts';
import { hasWords, isHeadlineLike } from '../text/text.ts';
import type { ModelCard } from '../../model-card.ts';
import bundledModel from '../../data/line-model.json' with { type: 'json' };

/**
 * The learned line model: small gradient-boosted trees over line features (line-features.ts) that
 * score how likely a line is boilerplate, smoothed over the line sequence by a two-state hidden Markov
 * model (forward-backward), so a short line inside a run of prose is judged by its neighbours and
 * the main content run of a whole-page dump stands out from the menus and footers around it.
 * A second logistic regression scores headline candidates.
 *
 * Weights come from `npm run train:clean` (training/clean/train.ts) and ship as
 * `shared/data/line-model.json`; the JSON is parsed once per container.
 */
export interface LogisticWeights {
  bias: number;
  /** One weight per feature, in the model's `features` order. */
  weights: number[];
}

/**
 * Gradient-boosted regression trees on the log-odds scale, each a complete binary tree in heap
 * order: node i tests `x[feature[i]] > threshold[i]` (right child 2i+2, left 2i+1; feature -1: always
 * left); `leaf` holds the 2^depth leaf values left to right.
 */
export interface BoostedTrees {
  base: number;
  depth: number;
  trees: { feature: number[]; threshold: number[]; leaf: number[] }[];
}

export interface LineModel {
  /** What it is and how it was trained (shared/model-card.ts); absent while training builds it. */
  card?: ModelCard;
  /** Feature names in weight order; must equal FEATURE_NAMES (checked on load). */
  features: string[];
  boilerplate: BoostedTrees;
  /** Title candidates: the line's features, then TITLE_EXTRA_FEATURES. */
  title: LogisticWeights;
  /** Smoothed boilerplate probability at or above which the model removes a line. */
  threshold: number;
  /** Lowest title score for a line to become the title; below it the text has no headline line. */
  titleThreshold: number;
  /** P(next line is boilerplate | this one is content), P(next line is boilerplate | this one is boilerplate). */
  transitions: { contentToBoilerplate: number; boilerplateToBoilerplate: number };
  /** Share of boilerplate lines in training: the prior the logistic scores are divided by. */
  prior: number;
  /** The model for whole pages dumped to text (PAGE_MIN_LINES lines or more), trained on real page dumps. */
  page?: PageLineModel;
}

/** A line model for texts of `minLines` non-empty lines or more: whole pages dumped to text. */
export interface PageLineModel extends Omit<LineModel, 'page'> {
  minLines: number;
}

/**
 * Non-empty lines from which a text is read as a whole page's dump (menus, article, footer) rather
 * than a scraped article: scraped articles of the team corpus have at most 26, real page dumps 96 or
 * more in nineteen of twenty pages.
 */
export const PAGE_MIN_LINES = 80;

/**
 * The model for a text of `lines` non-empty lines: the page model for whole pages, when the model has one.
 *
 * @example modelForText(model, 300) // → model.page (a page dump); modelForText(model, 20) // → model
 */
export function modelForText(model: LineModel, lines: number): LineModel {
  return model.page && lines >= model.page.minLines ? model.page : model;
}

/** Extra features of a title candidate: its rank among candidates, and the line's smoothed boilerplate probability. */
export const TITLE_EXTRA_FEATURES: readonly string[] = ['candidateRank', 'boilerplate'];

/** How far down (in non-empty lines) a headline may sit. */
export const TITLE_WINDOW = 40;

/**
 * A line that may be the headline: headline-shaped, at least two words and eight characters, at most
 * 30 words, counted as the line features count them (two letters of a script written without spaces
 * make a word: a line of Thai prose is no headline).
 */
export function isTitleCandidate(text: string): boolean {
  if (text.length < 8 || !hasWords(text, 2) || !isHeadlineLike(text)) return false;
  const unspaced = unspacedLetters(text);
  return unspaced >= 62 ? false : !hasWords(text, 31 - (unspaced >> 1));
}

function dot(w: LogisticWeights, x: readonly number[], extra: readonly number[] = []): number {
  let z = w.bias;
  const n = x.length;
  for (let i = 0; i < n; i++) z += (w.weights[i] ?? 0) * (x[i] ?? 0);
  for (let i = 0; i < extra.length; i++) z += (w.weights[n + i] ?? 0) * (extra[i] ?? 0);
  return z;
}

export function sigmoid(z: number): number {
  return z >= 0 ? 1 / (1 + Math.exp(-z)) : Math.exp(z) / (1 + Math.exp(z));
}

/** The trees packed into typed arrays, once per model: scoring runs on every line several times. */
interface PackedTrees {
  base: number;
  depth: number;
  internal: number;
  count: number;
  feature: Int32Array;
  threshold: Float64Array;
  leaf: Float64Array;
}

const packed = new WeakMap<BoostedTrees, PackedTrees>();

function pack(model: BoostedTrees): PackedTrees {
  let p = packed.get(model);
  if (p) return p;
  const internal = (1 << model.depth) - 1;
  const count = model.trees.length;
  p = {
    base: model.base,
    depth: model.depth,
    internal,
    count,
    feature: new Int32Array(count * internal).fill(-1),
    threshold: new Float64Array(count * internal),
    leaf: new Float64Array(count * (internal + 1)),
  };
  model.trees.forEach((tree, t) => {
    for (let i = 0; i < internal; i++) {
      (p as PackedTrees).feature[t * internal + i] = tree.feature[i] ?? -1;
      (p as PackedTrees).threshold[t * internal + i] = tree.threshold[i] ?? 0;
    }
    for (let i = 0; i <= internal; i++) (p as PackedTrees).leaf[t * (internal + 1) + i] = tree.leaf[i] ?? 0;
  });
  packed.set(model, p);
  return p;
}

/** Log-odds of the boosted trees for one feature vector. */
export function treeScore(model: BoostedTrees, x: readonly number[]): number {
  const { base, depth, internal, count, feature, threshold, leaf } = pack(model);
  let z = base;
  for (let t = 0; t < count; t++) {
    const offset = t * internal;
    let i = 0;
    for (let d = 0; d < depth; d++) {
      const f = feature[offset + i] as number;
      i = 2 * i + (f >= 0 && (x[f] as number) > (threshold[offset + i] as number) ? 2 : 1);
    }
    z += leaf[t * (internal + 1) + i - internal] as number;
  }
  return z;
}

/** P(boilerplate) of one line from its features alone. */
export function boilerplateProbability(model: LineModel, features: readonly number[]): number {
  return sigmoid(treeScore(model.boilerplate, features));
}

/** Score of a title candidate (0..1). */
export function titleScore(model: LineModel, features: readonly number[], rank: number, boilerplate: number): number {
  return sigmoid(dot(model.title, features, [Math.min(1, rank / 5), boilerplate]));
}

/**
 * Posterior P(boilerplate) of each line given the whole sequence: forward-backward over a two-state
 * chain whose emissions are the per-line probabilities divided by the prior (scaled likelihoods).
 * `fixed[i]` (a line a rule already removed) pins that line's emission.
 *
 * @example smoothSequence(model, [0.1, 0.7, 0.1]) // → [0.05, 0.4, 0.05]: a lone doubtful line between prose stays
 */
export function smoothSequence(model: LineModel, probabilities: readonly number[]): number[] {
  const n = probabilities.length;
  if (n === 0) return [];
  const { contentToBoilerplate: cb, boilerplateToBoilerplate: bb } = model.transitions;
  const prior = Math.min(0.99, Math.max(0.01, model.prior));
  // Emission likelihoods up to a constant: P(state | x) / P(state).
  const eB = probabilities.map((p) => clampP(p) / prior);
  const eC = probabilities.map((p) => (1 - clampP(p)) / (1 - prior));
  const fB = new Array<number>(n);
  const fC = new Array<number>(n);
  // The first line starts from the prior.
  let b = prior * (eB[0] ?? 1);
  let c = (1 - prior) * (eC[0] ?? 1);
  let s = b + c;
  fB[0] = b / s;
  fC[0] = c / s;
  for (let i = 1; i < n; i++) {
    const pb = fB[i - 1] ?? 0;
    const pc = fC[i - 1] ?? 0;
    b = (pb * bb + pc * cb) * (eB[i] ?? 1);
    c = (pb * (1 - bb) + pc * (1 - cb)) * (eC[i] ?? 1);
    s = b + c;
    fB[i] = b / s;
    fC[i] = c / s;
  }
  const out = new Array<number>(n);
  let betaB = 1;
  let betaC = 1;
  for (let i = n - 1; i >= 0; i--) {
    const postB = (fB[i] ?? 0) * betaB;
    const postC = (fC[i] ?? 0) * betaC;
    out[i] = postB / (postB + postC);
    // β for line i-1: sum over this line's state of transition × emission × β.
    const nb = bb * (eB[i] ?? 1) * betaB + (1 - bb) * (eC[i] ?? 1) * betaC;
    const nc = cb * (eB[i] ?? 1) * betaB + (1 - cb) * (eC[i] ?? 1) * betaC;
    const t = nb + nc;
    betaB = nb / t;
    betaC = nc / t;
  }
  return out;
}

function clampP(p: number): number {
  return Math.max(0.001, Math.min(p, 0.999));
}

/** Checks a model file's shape against the features this code computes; throws with what differs. */
export function checkLineModel(model: LineModel): LineModel {
  const expected = FEATURE_NAMES.join(',');
  if (model.features.join(',') !== expected) throw new Error(`line model ${model.card?.version ?? ''} was trained on other features; run npm run train:clean`);
  if (model.boilerplate.trees.some((t) => t.feature.some((f) => f >= FEATURE_NAMES.length)))
    throw new Error('line model: a tree reads a feature this code does not compute');
  if (model.title.weights.length !== FEATURE_NAMES.length + TITLE_EXTRA_FEATURES.length) throw new Error('line model: title weights do not match the features');
  if (model.page) checkLineModel(model.page);
  return model;
}

let loaded: LineModel | undefined;

/** The bundled model, checked once per container. */
export function bundledLineModel(): LineModel {
  loaded ??= checkLineModel(bundledModel as unknown as LineModel);
  return loaded;
}
