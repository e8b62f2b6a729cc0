import type { Removal } from '../../article.ts';
import { blockKindOf, isCaptionBlock, type PageBlocks } from './blocks.ts';
import { BLOCK_FEATURES, blockFeatures, stopwordFilterOf, type TokenWeights } from './block-features.ts';
import { type BoostedTrees, sigmoid, smoothSequence, treeScore } from '../../scoring.ts';
import type { ModelCard } from '../../../model-card.ts';
import bundledModel from '../../../data/html-model.json' with { type: 'json' };

/**
 * The HTML block model: gradient-boosted trees over a block's DOM features (block-features.ts) score
 * how likely it is boilerplate, a two-state hidden Markov model smooths the scores along the page
 * (as the line model does for text), and blocks at or above the threshold go, each removal with
 * its reason and probability. Readability's verdict is one of the features, not a gate.
 *
 * Weights come from `npm run train:html` (training/html/train.ts) and ship as
 * `shared/data/html-model.json`, loaded with the HTML libraries, never by text uploads.
 */
export interface HtmlModel {
  /** What it is and how it was trained (shared/model-card.ts); absent while training builds it. */
  card?: ModelCard;
  /** Feature names in tree order; must equal BLOCK_FEATURES (checked on load). */
  features: string[];
  /** Stop words of many languages as a Bloom filter (block-features.ts's stopwordBitsOf), base64. */
  stopwords: string;
  /** Learned log-odds of class/id/role tokens, keyed by their FNV-1a hash in decimal. */
  tokenWeights: Record<string, number>;
  boilerplate: BoostedTrees;
  /** P(next block is boilerplate | content), P(next block is boilerplate | boilerplate). */
  transitions: { contentToBoilerplate: number; boilerplateToBoilerplate: number };
  /** Share of boilerplate in training (the HMM's emission prior). */
  prior: number;
  /** Smoothed P(boilerplate) at or above which a block goes. */
  threshold: number;
  /**
   * The fallback guard: when the kept text holds fewer than `minShareOfReadability` of the words of
   * Readability's own article, the page's content is probably where Readability found it.
   */
  guard: { minShareOfReadability: number };
}

export interface ScoredBlocks {
  /** Smoothed P(boilerplate) per block. */
  posteriors: number[];
}

export interface PreparedHtmlModel {
  model: HtmlModel;
  tokens: TokenWeights;
  isStopword: (lower: string) => boolean;
}

let loaded: PreparedHtmlModel | undefined;

/** The bundled model, checked once per container. */
export function bundledHtmlModel(): PreparedHtmlModel {
  loaded ??= prepareHtmlModel(bundledModel as unknown as HtmlModel);
  return loaded;
}

const prepared = new WeakMap<HtmlModel, PreparedHtmlModel>();

/** Another model than the bundled one (a retrain tried with `--models DIR`), checked once per model object. */
export function preparedHtmlModel(model: HtmlModel): PreparedHtmlModel {
  let ready = prepared.get(model);
  if (!ready) {
    ready = prepareHtmlModel(model);
    prepared.set(model, ready);
  }
  return ready;
}

export function prepareHtmlModel(model: HtmlModel): PreparedHtmlModel {
  if (model.features.join(',') !== BLOCK_FEATURES.join(','))
    throw new Error(`html model ${model.card?.version ?? ''} was trained on other features; run npm run train:html`);
  const tokens = new Map<number, number>();
  for (const [hash, weight] of Object.entries(model.tokenWeights)) tokens.set(Number(hash), weight);
  return { model, tokens, isStopword: stopwordFilterOf(model.stopwords) };
}

/** Per block, the model's raw P(boilerplate) from its features. */
export function rawProbabilities(model: HtmlModel, features: readonly ArrayLike<number>[]): number[] {
  return features.map((x) => sigmoid(treeScore(model.boilerplate, x as readonly number[])));
}

/** Raw probabilities smoothed along the page. */
export function smoothedProbabilities(model: HtmlModel, raw: readonly number[]): number[] {
  return smoothSequence(model, raw);
}

export interface BlockDecision {
  text: string;
  removed: Removal[];
  /** The guard gave the page back to Readability. */
  guarded: boolean;
  /** Indices of the kept blocks (empty when the guard gave back Readability's own text). */
  kept: number[];
}

const WORD = /[\p{L}\p{N}_]+/gu;
/** The reason of a removed caption: a convention, not the model's judgement. */
const CAPTION = 'caption';

export function countMetricWords(text: string): number {
  return text.match(WORD)?.length ?? 0;
}

/**
 * Scores a page's blocks and keeps the content: paragraphs joined by blank lines, each run of
 * removed blocks recorded once as `html-model:boilerplate 0.93` (its mean probability).
 */
export function decideBlocks(
  prepared: PreparedHtmlModel,
  page: PageBlocks,
  context: { readability: Map<number, number> | null; readabilityText: string | null; headline: string | null },
): BlockDecision {
  const { model, tokens, isStopword } = prepared;
  const features = blockFeatures(page, { tokenWeights: tokens, readability: context.readability, headline: context.headline, isStopword });
  const raw = rawProbabilities(model, features);
  const posteriors = smoothedProbabilities(model, raw);
  const share = BLOCK_FEATURES.indexOf('readabilityShare');
  return keptText(
    page.blocks.map((b) => b.text),
    page.blocks.map(blockKindOf),
    page.blocks.map(isCaptionBlock),
    posteriors,
    model.threshold,
    features.map((x) => x[share] as number),
    context.readabilityText,
    model.guard.minShareOfReadability,
    raw,
  );
}

/** In the guard's fallback, the blocks of Readability's article the model still removes: those more likely boilerplate than not. */
export const GUARD_THRESHOLD = 0.5;
/** Unsmoothed P(boilerplate) at which a block goes whatever its neighbours say. */
export const SURE_BOILERPLATE = 0.9;
/** A block is in Readability's article when Readability kept this share of its text. */
const IN_READABILITY = 0.5;

/**
 * The kept blocks as text and the removed runs as removals (`html-model:navigation 0.97`: a run
 * of removed blocks of one kind, with their mean probability; captions as `caption`, by convention).
 *
 * The guard: when that keeps fewer than `minShareOfReadability` of the words of Readability's
 * article, the page's content is where Readability found it; its blocks are kept, less those the
 * model still judges boilerplate at GUARD_THRESHOLD by their own features (`guardScores`, the
 * unsmoothed probabilities: smoothing is what let the chrome around a short article outvote it),
 * or Readability's own text when none is left. A block whose own score reaches SURE_BOILERPLATE
 * goes whatever the smoothing says.
 */
export function keptText(
  texts: readonly string[],
  kinds: readonly string[] | null,
  captions: readonly boolean[] | null,
  posteriors: readonly number[],
  threshold: number,
  readabilityShares: readonly number[] | null,
  readabilityText: string | null,
  minShareOfReadability: number,
  guardScores: readonly number[] = posteriors,
): BlockDecision {
  const caption = (i: number) => captions?.[i] === true;
  // Smoothing must not outvote a block its own features condemn outright (a share row between paragraphs).
  const decision = assemble(
    texts,
    kinds,
    captions,
    posteriors,
    (i) => !caption(i) && (posteriors[i] ?? 0) < threshold && (guardScores[i] ?? 0) < SURE_BOILERPLATE,
  );
  if (readabilityText && minShareOfReadability > 0) {
    const readabilityWords = countMetricWords(readabilityText);
    if (readabilityWords > 0 && countMetricWords(decision.text) < minShareOfReadability * readabilityWords) {
      const fallback = assemble(
        texts,
        kinds,
        captions,
        posteriors,
        (i) => !caption(i) && (readabilityShares?.[i] ?? 0) >= IN_READABILITY && (guardScores[i] ?? 0) < GUARD_THRESHOLD,
      );
      if (countMetricWords(fallback.text) > 0) return { ...fallback, guarded: true };
      return { text: readabilityText, removed: [], guarded: true, kept: [] };
    }
  }
  return decision;
}

function assemble(
  texts: readonly string[],
  kinds: readonly string[] | null,
  captions: readonly boolean[] | null,
  posteriors: readonly number[],
  keep: (i: number) => boolean,
): BlockDecision {
  const kept: string[] = [];
  const keptIndices: number[] = [];
  const removed: Removal[] = [];
  let run: string[] = [];
  let runKind = '';
  let runSum = 0;
  const closeRun = () => {
    if (run.length === 0) return;
    removed.push({ text: run.join(' · '), reason: runKind === CAPTION ? CAPTION : `html-model:${runKind} ${(runSum / run.length).toFixed(2)}` });
    run = [];
    runSum = 0;
  };
  for (let i = 0; i < texts.length; i++) {
    const text = texts[i] as string;
    if (keep(i)) {
      closeRun();
      kept.push(text);
      keptIndices.push(i);
      continue;
    }
    const kind = captions?.[i] === true ? CAPTION : (kinds?.[i] ?? 'boilerplate');
    if (kind !== runKind) closeRun();
    runKind = kind;
    run.push(text.replace(/\n+/g, ' '));
    runSum += posteriors[i] ?? 0;
  }
  closeRun();
  return { text: kept.join('\n\n'), removed, guarded: false, kept: keptIndices };
}
