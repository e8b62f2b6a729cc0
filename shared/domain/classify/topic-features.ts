/**
 * Aboutness features of one topic in one article, and the learned decision over them.
 *
 * The lexicon (taxonomy.json) finds the evidence; these features say whether the article is
 * *about* the topic or only *mentions* it: where the mentions stand, how many sentences carry
 * them, how many distinct entities appear, how they are used (actor of a political or military
 * verb, item of a list, inside a quote, glued to a capitalised name), and the article's genre.
 * A per-topic logistic model (weights in shared/data/topic-model.json, fitted by
 * `npm run train:topics`) turns them into a margin, and a calibration fitted out of fold turns
 * the margin into a score that reads as a probability on unseen articles.
 */
import { GENRES } from './genre.ts';
import { NO_RELATIONS, RELATION_FEATURE_NAMES, type RelationSignals, relationFeatures } from './relations.ts';

const POLITICS = GENRES.indexOf('politics');

/** What the lexicon pass gathered about one topic in one article. */
export interface TopicSignals {
  /** Lexicon evidence, strongest entries first with diminishing weight (as before the model). */
  raw: number;
  /** Distinct words that matched the topic's entries (entities, offices, events; a spelling variant counts apart). */
  distinct: number;
  /** Topic mentions in the body. */
  mentions: number;
  inTitle: boolean;
  /** A mention in the first two sentences of the body. */
  inLead: boolean;
  /** A mention in the first three paragraphs or the first 30% of sentences. */
  early: boolean;
  /** Body sentences with at least one mention, and all body sentences. */
  sentencesWithEvidence: number;
  sentences: number;
  /** Mentions with a political or military action word (taxonomy `actions`) within a few tokens. */
  asActor: number;
  /** Role words (mediator, host, supplier) next to a term of the topic. */
  roles: number;
  /** Mentions right beside another topic term: an enumeration of countries or cities. */
  inList: number;
  /** Mentions in a sentence that carries quotation marks. */
  quoted: number;
  /** Mentions glued to a capitalised word the lexicon does not know ("Jordan Henderson", "Georgia Tech"). */
  besideName: number;
  /** Body mentions checked for besideName (the first few). */
  nameChecks: number;
  /** Words for states and governments in the whole article (taxonomy `states`); the same for every topic. */
  states: number;
  /** States, international bodies, envoys and domestic institutions (relations.ts); the same for every topic. Absent: none found. */
  relations?: RelationSignals;
}

/** Feature names, in the order of topicFeatures' output; the model file keys its weights by them. */
export const FEATURE_NAMES = [
  'evidence',
  'distinct',
  'title',
  'lead',
  'early',
  'deepOnly',
  'sentenceShare',
  'actor',
  'role',
  'list',
  'quoted',
  'besideName',
  'states',
  ...GENRES.map((genre) => `genre:${genre}`),
  'offGenre:evidence',
  'offGenre:title',
  'offGenre:sentenceShare',
  ...RELATION_FEATURE_NAMES,
] as const;

/**
 * The feature vector of one topic: lexicon signals as shares and logarithms (so that a long
 * article does not win on length), followed by the genre probabilities.
 *
 * @example topicFeatures({ raw: 6, distinct: 3, mentions: 5, inTitle: true, … }, genreProbabilities)[0] // → ln 7 ≈ 1.95
 */
export function topicFeatures(signals: TopicSignals, genre: readonly number[], relations: RelationSignals = signals.relations ?? NO_RELATIONS): number[] {
  const share = (n: number) => (signals.mentions > 0 ? n / signals.mentions : 0);
  const anywhere = signals.mentions > 0 || signals.inTitle;
  const features = [
    Math.log1p(signals.raw),
    Math.log1p(Math.max(0, signals.distinct - 1)),
    signals.inTitle ? 1 : 0,
    signals.inLead ? 1 : 0,
    signals.early ? 1 : 0,
    anywhere && !signals.inTitle && !signals.early ? 1 : 0,
    signals.sentences > 0 ? signals.sentencesWithEvidence / signals.sentences : 0,
    share(signals.asActor),
    Math.log1p(signals.roles),
    share(signals.inList),
    share(signals.quoted),
    signals.nameChecks > 0 ? signals.besideName / signals.nameChecks : 0,
    Math.log1p(signals.states),
  ];
  for (let g = 0; g < GENRES.length; g++) features.push(genre[g] ?? 0);
  // How far the page is from news about states, times the evidence: a country named many times
  // in a match report or a song contest should count for less, not for as much as in a summit story.
  const offGenre = genre.length > 0 ? 1 - (genre[POLITICS] ?? 0) : 0;
  features.push(offGenre * (features[0] ?? 0), offGenre * (features[2] ?? 0), offGenre * (features[6] ?? 0));
  // Who deals with whom: two states in one sentence with a counterpart, or one country's parliament and parties.
  for (const value of relationFeatures(relations)) features.push(value);
  return features;
}

/** One topic's learned decision, as stored in topic-model.json. */
export interface TopicModel {
  /** Per feature name; a name the file lacks weighs 0. */
  weights: Record<string, number>;
  bias: number;
  /** Platt scaling fitted out of fold: score = σ(a × margin + b). */
  calibration: { a: number; b: number };
  /** Score at which the topic is assigned, chosen on out-of-fold scores for the feed's precision; absent: the taxonomy's threshold. */
  threshold?: number;
}

/**
 * The calibrated score of one topic, 0..1, rounded to three decimals.
 *
 * @example scoreTopic(model, topicFeatures(signals, genre)) // → 0.87
 */
export function scoreTopic(model: TopicModel, features: readonly number[]): number {
  return scoreCompiled(compileTopicModel(model), features);
}

/** A topic model with its weights in FEATURE_NAMES order, built once per classifier. */
export interface CompiledTopicModel {
  weights: Float64Array;
  bias: number;
  a: number;
  b: number;
}

export function compileTopicModel(model: TopicModel): CompiledTopicModel {
  const weights = Float64Array.from(FEATURE_NAMES, (name) => model.weights[name] ?? 0);
  return { weights, bias: model.bias, a: model.calibration.a, b: model.calibration.b };
}

/** scoreTopic for a compiled model: what the classifier runs per topic and article. */
export function scoreCompiled(model: CompiledTopicModel, features: readonly number[]): number {
  let margin = model.bias;
  for (let i = 0; i < model.weights.length; i++) margin += model.weights[i]! * (features[i] ?? 0);
  const score = 1 / (1 + Math.exp(-(model.a * margin + model.b)));
  return Math.round(score * 1000) / 1000;
}

/** The model's linear margin before calibration (what training fits). */
export function topicMargin(model: TopicModel, features: readonly number[]): number {
  let margin = model.bias;
  FEATURE_NAMES.forEach((name, i) => {
    margin += (model.weights[name] ?? 0) * (features[i] ?? 0);
  });
  return margin;
}
