/**
 * Cards of the topic model and of the genre model inside it: figures measured on the training
 * samples' derived features (lexicon signals and hashed n-grams, no text), in-sample (the shipped
 * decision exactly as the classifier runs it), out of fold (the fit's outlet-grouped folds, calibrated
 * out of fold) and for the simplest baseline (a topic for any lexicon match; the commonest genre).
 */
import { analyseArticle, type TopicModelData } from '#shared/domain/classify/classify.ts';
import { defaultTaxonomy } from '#shared/domain/classify/taxonomy.ts';
import { decodeGenreModel, GENRES, predictGenre } from '#shared/domain/classify/genre.ts';
import { FEATURE_NAMES, scoreTopic, type TopicSignals, topicFeatures } from '#shared/domain/classify/topic-features.ts';
import { PROBE_ARTICLES } from '../feature-probe.ts';
import { type CardMetric, cardOf, hashOf, metric, type ModelCard } from '../model-card.ts';
import { BUCKETS, calibrated, FOLDS, type OutOfFold, type Sample, topicIds } from './model.ts';

/** Where a sample comes from, by its id: `corpus/…`, `fixtures/…`, `own/…`, `labels/…` (a reviewer's export). */
export function sourceOfSample(id: string): string {
  const prefix = id.split('/')[0] ?? '';
  return prefix === 'labels' ? 'extra' : prefix || 'other';
}

/** Samples as plain JSON (typed arrays spelled out): what the training-data hash reads. */
export function plainSamples(samples: readonly Sample[]): unknown[] {
  return samples.map((s) => ({ ...s, genreFeatures: { buckets: Array.from(s.genreFeatures.buckets), values: Array.from(s.genreFeatures.values) } }));
}

/** The feature definitions: names, genres, hashing width, the taxonomy the lexicon is built from, and the signals of the probe articles. */
export function topicFeatureHash(): string {
  const probe = PROBE_ARTICLES.map((article) => {
    const { signals, genreFeatures } = analyseArticle(article, BUCKETS);
    return { signals, buckets: Array.from(genreFeatures.buckets), values: Array.from(genreFeatures.values) };
  });
  return hashOf({ names: FEATURE_NAMES, genres: GENRES, buckets: BUCKETS, taxonomy: defaultTaxonomy, probe });
}

interface Judged {
  gold: string[];
  predicted: string[];
}

function countsBySource(samples: readonly Sample[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const s of samples) counts[sourceOfSample(s.id)] = (counts[sourceOfSample(s.id)] ?? 0) + 1;
  return counts;
}

function f1Of(judged: readonly Judged[], topic: string): number {
  let tp = 0;
  let fp = 0;
  let fn = 0;
  for (const j of judged) {
    const want = j.gold.includes(topic);
    const got = j.predicted.includes(topic);
    if (want && got) tp++;
    else if (got) fp++;
    else if (want) fn++;
  }
  return tp + fp + fn === 0 ? 1 : (2 * tp) / (2 * tp + fp + fn);
}

function figures(judged: readonly Judged[]): Record<string, number> {
  // Per-topic F1 is in `npm run eval:topics`: on 60–90 positives one article moves it by more than the gate's half point.
  const offTopic = judged.filter((j) => j.gold.length === 0);
  return {
    macroF1: topicIds.reduce((s, t) => s + f1Of(judged, t), 0) / topicIds.length,
    exactLabelSets: judged.filter((j) => j.gold.length === j.predicted.length && j.gold.every((t) => j.predicted.includes(t))).length / (judged.length || 1),
    offTopicFalsePositives: offTopic.length ? offTopic.filter((j) => j.predicted.length > 0).length / offTopic.length : 0,
  };
}

/** The topic figures of articles `model` scored (a topic is assigned at its threshold). */
export function topicFigures(model: TopicModelData, scored: readonly { gold: string[]; scores: Record<string, number> }[]): Record<string, number> {
  const assigned = assignedBy(model);
  return figures(scored.map(({ gold, scores }) => ({ gold, predicted: assigned(scores) })));
}

const LOWER_IS_BETTER = new Set(['offTopicFalsePositives']);

function metricsOf(inSample: Record<string, number>, grouped: Record<string, number>, baseline: Record<string, number>): Record<string, CardMetric> {
  return Object.fromEntries(
    Object.keys(inSample).map((name) => [name, metric(inSample[name] ?? 0, grouped[name] ?? 0, baseline[name] ?? null, LOWER_IS_BETTER.has(name))]),
  );
}

/** Scores of the shipped decision on one sample, exactly as the classifier computes them (int8 genre weights included). */
export function scoresOf(model: TopicModelData, sample: Sample, genreOf: (sample: Sample) => number[]): Record<string, number> {
  const hasEvidence = topicIds.some((t) => (sample.signals[t]?.raw ?? 0) > 0);
  const genre = hasEvidence ? genreOf(sample) : [];
  return Object.fromEntries(
    topicIds.map((t) => {
      const signals = sample.signals[t] as TopicSignals;
      const topicModel = model.topics[t];
      return [t, signals.raw > 0 && topicModel ? scoreTopic(topicModel, topicFeatures(signals, genre)) : 0];
    }),
  );
}

/** A genre function for `model`'s stored (int8) genre weights. */
export function genreOfModel(model: TopicModelData): (sample: Sample) => number[] {
  const genre = decodeGenreModel(model.genre);
  return (sample) => predictGenre(genre, sample.genreFeatures);
}

/** Topics at or above their threshold: the model's own per topic (chosen for the feed), else the taxonomy's. */
const assignedBy = (model: TopicModelData) => (scores: Record<string, number>) =>
  topicIds.filter((t) => (scores[t] ?? 0) >= (model.topics[t]?.threshold ?? defaultTaxonomy.threshold));

/** The topic model's figures on `samples`: in-sample, out of fold, baseline. */
export function topicEvaluation(model: TopicModelData, oof: OutOfFold, samples: readonly Sample[]): ModelCard['evaluation'] {
  const genreOf = genreOfModel(model);
  const assigned = assignedBy(model);
  const inSample = samples.map((s) => ({ gold: s.topics, predicted: assigned(scoresOf(model, s, genreOf)) }));
  const grouped = samples.map((s) => {
    const margins = oof.margins.get(s.id) ?? {};
    const scores = Object.fromEntries(topicIds.map((t) => [t, calibrated(margins[t] ?? null, model.topics[t]?.calibration ?? { a: 1, b: 0 })]));
    return { gold: s.topics, predicted: assigned(scores) };
  });
  const baseline = samples.map((s) => ({ gold: s.topics, predicted: topicIds.filter((t) => (s.signals[t]?.raw ?? 0) > 0) }));
  return {
    grouping: 'outlet',
    folds: FOLDS,
    baseline: 'a topic for any lexicon match',
    primary: 'macroF1',
    metrics: metricsOf(figures(inSample), figures(grouped), figures(baseline)),
  };
}

function genreFigures(pairs: readonly { gold: number; predicted: number }[]): Record<string, number> {
  const classes = GENRES.map((_, g) => {
    const tp = pairs.filter((p) => p.gold === g && p.predicted === g).length;
    const fp = pairs.filter((p) => p.gold !== g && p.predicted === g).length;
    const fn = pairs.filter((p) => p.gold === g && p.predicted !== g).length;
    return tp + fp + fn === 0 ? null : (2 * tp) / (2 * tp + fp + fn);
  }).filter((f): f is number => f !== null);
  return {
    accuracy: pairs.filter((p) => p.gold === p.predicted).length / (pairs.length || 1),
    macroF1: classes.reduce((s, f) => s + f, 0) / (classes.length || 1),
  };
}

const argmax = (p: readonly number[]) => p.reduce((best, x, i) => (x > (p[best] ?? -1) ? i : best), 0);

/** The genre model's figures on the genre-labelled samples: in-sample, out of fold, the commonest genre. */
export function genreEvaluation(model: TopicModelData, oof: OutOfFold, samples: readonly Sample[]): ModelCard['evaluation'] {
  const labelled = samples.filter((s) => s.genre >= 0);
  const genreOf = genreOfModel(model);
  const counts = GENRES.map((_, g) => labelled.filter((s) => s.genre === g).length);
  const commonest = argmax(counts);
  const inSample = genreFigures(labelled.map((s) => ({ gold: s.genre, predicted: argmax(genreOf(s)) })));
  const grouped = genreFigures(labelled.map((s) => ({ gold: s.genre, predicted: argmax(oof.genre.get(s.id) ?? []) })));
  const baseline = genreFigures(labelled.map((s) => ({ gold: s.genre, predicted: commonest })));
  return { grouping: 'outlet', folds: FOLDS, baseline: `always ${GENRES[commonest]}`, primary: 'macroF1', metrics: metricsOf(inSample, grouped, baseline) };
}

/**
 * The topic model file with both cards: the genre model's inside `genre`, the decision's at the top.
 * `scored` picks the samples the figures are measured on (all by default; the training gate passes the shipped ones).
 */
export function withTopicCards(
  model: TopicModelData,
  oof: OutOfFold,
  samples: readonly Sample[],
  scored: (sample: Sample) => boolean = () => true,
): TopicModelData & { card: ModelCard; genre: { card: ModelCard } } {
  const measured = samples.filter(scored);
  const trainingData = hashOf(plainSamples(samples));
  const features = topicFeatureHash();
  const genreCard = cardOf('genre', model.genre, {
    trainedOn: countsBySource(samples.filter((s) => s.genre >= 0)),
    trainingData,
    features,
    evaluation: genreEvaluation(model, oof, measured),
  });
  // Keys in the model's own order, the genre model carded in place.
  const carded = Object.fromEntries(
    Object.entries(model).map(([key, value]) => [key, key === 'genre' ? { card: genreCard, ...model.genre } : value]),
  ) as TopicModelData & {
    genre: { card: ModelCard };
  };
  const card = cardOf('topics', carded, { trainedOn: countsBySource(samples), trainingData, features, evaluation: topicEvaluation(model, oof, measured) });
  return { card, ...carded };
}
