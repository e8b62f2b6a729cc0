import topicModelData from '../../data/topic-model.json' with { type: 'json' };
import type { ModelCard } from '../../model-card.ts';
import type { Classification, TopicEvidence } from '../article.ts';
import { analyse, type ClassifyInput, type EvidenceSpan } from './evidence.ts';
import { type CompiledLexicon, compileLexicon } from './lexicon.ts';
import { DEFAULT_TAXONOMY, type ParsedTaxonomy, type Taxonomy, taxonomySchema } from './taxonomy.ts';
import { decodeGenreModel, type GenreModel, type GenreModelData, hashFeatures, predictGenreOfTokens } from './genre.ts';
import { type CompiledTopicModel, compileTopicModel, type TopicModel, type TopicSignals, scoreCompiled, topicFeatures } from './topic-features.ts';

/**
 * Multi-label topic classification: a multilingual lexicon finds the evidence, a learned
 * model decides.
 *
 * `shared/data/taxonomy.json` holds the topics, their terms in each language with spelling
 * variants, role words (mediator, host, supplier), political and military action words, and
 * shield phrases ("Saudi Pro League", "Iranian-made") that keep a place name inside a longer
 * name from counting. `shared/data/topic-model.json` holds what `npm run train:topics` learned:
 * the genre model and, per topic, the weights of the aboutness features (topic-features.ts)
 * and their out-of-fold calibration. Adding a topic is a data change plus a retrain.
 *
 * Per topic:
 *   entry    = weight × ((1 + ln bodyCount if in body) + (titleWeight if in title))
 *   raw      = Σ entries, strongest first, the k-th times breadthDecay^k        (the evidence)
 *   features = where and how the mentions stand, plus the genre probabilities   (topic-features.ts)
 *   score    = σ(a × (w · features + bias) + b), 0 without evidence
 * A topic is assigned at its own threshold (chosen by training for the feed's precision, else the
 * taxonomy's `threshold`); one within `uncertaintyMargin` of it is listed as uncertain.
 *
 * Here: the decision and the public entry points; the schema in taxonomy.ts, the compiled lexicon
 * and its matcher in lexicon.ts, the evidence and aboutness signals in evidence.ts.
 */

/** The trained decision (shared/data/topic-model.json, written by `npm run train:topics`). */
export interface TopicModelData {
  /** What it is and how it was trained (shared/model-card.ts); absent while training builds it. */
  card?: ModelCard;
  /** A topic whose score lies within this distance of the threshold is listed in `uncertainTopics`. */
  uncertaintyMargin: number;
  genre: GenreModelData;
  topics: Record<string, TopicModel>;
}

/** Raw evidence behind a classification, for calibration and debugging. */
export interface ClassificationDetail extends Classification {
  /** Per topic: lexicon evidence before the model. */
  rawScores: Record<string, number>;
  /** Per topic: the aboutness signals the model read. */
  signals: Record<string, TopicSignals>;
  /** Genre probabilities (GENRES order); empty when no topic had evidence and the genre model was not run. */
  genre: number[];
  /** Folded article tokens that matched, per evidence term (topic terms and `cue:` shield phrases). */
  matchedTokens: Record<string, string[]>;
}

export type Classifier = (input: ClassifyInput) => ClassificationDetail;

/** The topic model a topic gets before it is trained: its taxonomy calibration on the evidence alone. */
function evidenceOnlyModel(topic: ParsedTaxonomy['topics'][number]): TopicModel {
  if (!topic.calibration) throw new Error(`Topic "${topic.id}" has no trained model and no calibration: run npm run train:topics`);
  const { slope, offset } = topic.calibration;
  return { weights: { evidence: slope }, bias: -slope * offset, calibration: { a: 1, b: 0 } };
}

interface Decision {
  /** Per topic, in taxonomy order. */
  thresholds: number[];
  margin: number;
  /** Per topic, in taxonomy order. */
  models: CompiledTopicModel[];
  genre: () => GenreModel;
}

function decisionFor(taxonomy: ParsedTaxonomy, model: TopicModelData): Decision {
  let genre: GenreModel | undefined;
  return {
    thresholds: taxonomy.topics.map((topic) => model.topics[topic.id]?.threshold ?? taxonomy.threshold),
    margin: model.uncertaintyMargin,
    models: taxonomy.topics.map((topic) => compileTopicModel(model.topics[topic.id] ?? evidenceOnlyModel(topic))),
    genre: () => {
      genre ??= decodeGenreModel(model.genre);
      return genre;
    },
  };
}

/**
 * Builds a classifier from a taxonomy object (and a trained model, the shipped one by default).
 * Compiles every form into token maps once, so classifying costs one pass over the article's
 * tokens with a constant number of map look-ups per token, whatever the lexicon's size.
 *
 * @example
 *   const classify = createClassifier(taxonomyWithClimate);
 *   classify({ title: 'COP29 talks', body: 'Emissions …', language: 'en' }).topics  // → ['climate', …]
 */
export function createClassifier(taxonomy: Taxonomy, model: TopicModelData = DEFAULT_MODEL): Classifier {
  const parsed = taxonomySchema.parse(taxonomy);
  const lexicon = compileLexicon(parsed);
  const decision = decisionFor(parsed, model);
  return (input) => classifyWith(parsed, lexicon, decision, input, true);
}

const DEFAULT_MODEL: TopicModelData = topicModelData as TopicModelData;

let compiledDefault: { lexicon: CompiledLexicon; decision: Decision } | undefined;

/** Compiled on first use, not at import: a cold start that never classifies (or classifies later) does not wait for it. */
function defaults(): { lexicon: CompiledLexicon; decision: Decision } {
  compiledDefault ??= { lexicon: compileLexicon(DEFAULT_TAXONOMY), decision: decisionFor(DEFAULT_TAXONOMY, DEFAULT_MODEL) };
  return compiledDefault;
}

/**
 * Assigns topics (diplomacy, ukraine, middle-east, …) to a cleaned article. Evidence lists the
 * matched terms with counts; `uncertainTopics` the topics whose score is near the threshold.
 * `model` is the shipped decision unless a retrained one is tried (`kabar process --models DIR`).
 *
 * @example
 *   classifyArticle({ title: 'Saudi Arabia hosts Ukraine peace talks in Jeddah', body: '…', language: 'en' })
 *   // → { taxonomyVersion: '2026.12.1', topics: ['ukraine', 'diplomacy', 'middle-east'],
 *   //     scores: { diplomacy: 0.97, ukraine: 0.99, 'middle-east': 0.9 }, primaryTopic: 'ukraine',
 *   //     uncertainTopics: [], evidence: { ukraine: [{ term: 'Ukraine', count: 1 }, …], … } }
 */
export function classifyArticle(input: ClassifyInput, model: TopicModelData = DEFAULT_MODEL): Classification {
  const { lexicon, decision } = model === DEFAULT_MODEL ? defaults() : { lexicon: defaults().lexicon, decision: decisionOf(model) };
  // The pipeline needs no matched-token listing: skip building it.
  const { taxonomyVersion, topics, scores, primaryTopic, uncertainTopics, evidence } = classifyWith(DEFAULT_TAXONOMY, lexicon, decision, input, false);
  return { taxonomyVersion, topics, scores, primaryTopic, uncertainTopics, evidence };
}

/** Decisions of models other than the shipped one (a retrained model tried before it ships), built once per model object. */
const decisions = new WeakMap<TopicModelData, Decision>();

function decisionOf(model: TopicModelData): Decision {
  let decision = decisions.get(model);
  if (!decision) {
    decision = decisionFor(DEFAULT_TAXONOMY, model);
    decisions.set(model, decision);
  }
  return decision;
}

/** The default classifier with its raw evidence, signals and genre, for training and evaluation tooling. */
export function classifyArticleDetailed(input: ClassifyInput): ClassificationDetail {
  const { lexicon, decision } = defaults();
  return classifyWith(DEFAULT_TAXONOMY, lexicon, decision, input, true);
}

/**
 * The lexicon pass alone, for training: per topic the aboutness signals, and the hashed genre
 * features of the text (`buckets` as in the model being trained).
 */
export function analyseArticle(
  input: ClassifyInput,
  buckets: number,
): { signals: Record<string, TopicSignals>; genreFeatures: ReturnType<typeof hashFeatures> } {
  const analysis = analyse(DEFAULT_TAXONOMY, defaults().lexicon, input, false);
  const signals: Record<string, TopicSignals> = {};
  DEFAULT_TAXONOMY.topics.forEach((topic, t) => {
    signals[topic.id] = { ...(analysis.signals[t] as TopicSignals), relations: analysis.relations };
  });
  const { tokens, titleEnd } = analysis.tokens;
  return { signals, genreFeatures: hashFeatures(tokens.slice(0, titleEnd), tokens.slice(titleEnd), buckets) };
}

/**
 * Where the default classifier found its evidence: every counted topic term and role word with its
 * character range in the title or the body, exactly as it matched (inflected, translated, folded:
 * "Rusia" for Russia). The review console highlights these.
 *
 * @example evidenceSpans({ title: null, body: 'Delegasi Rusia tiba.', language: 'id' })
 *   // → [{ topic: 'ukraine', term: 'Russia', field: 'body', start: 9, end: 14 }, …]
 */
export function evidenceSpans(input: ClassifyInput): EvidenceSpan[] {
  return analyse(DEFAULT_TAXONOMY, defaults().lexicon, input, false, true).spans ?? [];
}

/** The shipped model the default classifier decides with. */
export const defaultTopicModel: TopicModelData = DEFAULT_MODEL;

function classifyWith(taxonomy: ParsedTaxonomy, lexicon: CompiledLexicon, decision: Decision, input: ClassifyInput, listTokens: boolean): ClassificationDetail {
  const analysis = analyse(taxonomy, lexicon, input, listTokens);
  const topicEvidence: TopicEvidence[][] = taxonomy.topics.map(() => []);
  const matchedTokens: Record<string, string[]> = {};
  for (const { target, body, title, tokens } of analysis.tallies.values()) {
    if (listTokens) matchedTokens[target.kind === 'cue' ? `cue:${taxonomy.cues[target.group]?.id}/${target.term}` : target.term] = [...(tokens ?? [])];
    if (target.kind === 'topic' || target.kind === 'role') topicEvidence[target.group]?.push({ term: target.term, count: body + title });
  }

  // The genre model runs only when some topic has evidence: most pages of a natural stream have none.
  const anyEvidence = analysis.raw.some((r) => r > 0);
  const genre = anyEvidence ? predictGenreOfTokens(decision.genre(), analysis.tokens.tokens, analysis.tokens.titleEnd, analysis.tokens.tokens.length) : [];
  const scores: Record<string, number> = {};
  const rawScores: Record<string, number> = {};
  const signals: Record<string, TopicSignals> = {};
  const evidence: Record<string, TopicEvidence[]> = {};
  taxonomy.topics.forEach((topic, t) => {
    const topicSignals = analysis.signals[t] as TopicSignals;
    rawScores[topic.id] = topicSignals.raw;
    // The detailed result (training, evaluation, debugging) shows the relation signals with each topic's.
    signals[topic.id] = listTokens ? { ...topicSignals, relations: analysis.relations } : topicSignals;
    scores[topic.id] =
      topicSignals.raw > 0 ? scoreCompiled(decision.models[t] as CompiledTopicModel, topicFeatures(topicSignals, genre, analysis.relations)) : 0;
    evidence[topic.id] = (topicEvidence[t] ?? []).sort((a, b) => b.count - a.count || a.term.localeCompare(b.term));
  });

  const byScore = (a: string, b: string) => (scores[b] ?? 0) - (scores[a] ?? 0);
  const ids = taxonomy.topics.map((topic) => topic.id);
  const threshold = (t: number) => decision.thresholds[t] ?? taxonomy.threshold;
  const topics = ids.filter((id, t) => (scores[id] ?? 0) >= threshold(t)).sort(byScore);
  const uncertainTopics = ids.filter((id, t) => (rawScores[id] ?? 0) > 0 && Math.abs((scores[id] ?? 0) - threshold(t)) < decision.margin).sort(byScore);
  return {
    taxonomyVersion: taxonomy.version,
    topics,
    scores,
    primaryTopic: topics[0] ?? null,
    uncertainTopics,
    evidence,
    rawScores,
    signals,
    genre,
    matchedTokens,
  };
}
