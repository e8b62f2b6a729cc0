import { FEATURE_NAMES, unspacedLetters } from './line-features.ts';
import { hasWords, isHeadlineLike } from '../text/text.ts';
import type { ModelCard } from '../../model-card.ts';
import bundledModel from '../../data/line-model.json' with { type: 'json' };
import { type BoostedTrees, sigmoid, treeScore } from '../scoring.ts';

// The scoring primitives live in one place for both learned models; they are re-exported for the line model's users.
export { type BoostedTrees, sigmoid, smoothSequence, treeScore } from '../scoring.ts';

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

/** P(boilerplate) of one line from its features alone. */
export function boilerplateProbability(model: LineModel, features: readonly number[]): number {
  return sigmoid(treeScore(model.boilerplate, features));
}

/** Score of a title candidate (0..1). */
export function titleScore(model: LineModel, features: readonly number[], rank: number, boilerplate: number): number {
  return sigmoid(dot(model.title, features, [Math.min(1, rank / 5), boilerplate]));
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
