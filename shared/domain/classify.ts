import * as z from 'zod/mini';
import taxonomyData from '../data/taxonomy.json' with { type: 'json' };
import relationsData from '../data/relations.json' with { type: 'json' };
import topicModelData from '../data/topic-model.json' with { type: 'json' };
import type { ModelCard } from '../model-card.ts';
import type { Classification, TopicEvidence } from './article.ts';
import { decodeGenreModel, GENRE_MAX_TOKENS, type GenreModel, type GenreModelData, hashFeatures, predictGenre } from './genre.ts';
import { capitalisedWords, tokenize, tokenVariants } from './normalize.ts';
import { homeGroups, isRelationKind, type RelationKind, type RelationsData, relationEntries, relationSignals } from './relations.ts';
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
 */

// zod/mini: the same checks as classic zod at a fifth of the bundle; only custom taxonomies are parsed at run time.
const nonEmptyString = () => z.string().check(z.minLength(1));

const formsSchema = z.record(z.string(), z.array(nonEmptyString()));

const entrySchema = z.object({
  /** Shown in evidence, e.g. `Kyiv` for every spelling of the capital. */
  term: nonEmptyString(),
  weight: z.number().check(z.positive()),
  /** Spellings per language; `word*` matches any token starting with `word`, spaces separate a phrase's tokens. */
  forms: formsSchema,
});

const roleSchema = z.extend(entrySchema, {
  /** How many tokens away a term of the same topic may stand for the role to count. */
  window: z.int().check(z.positive()),
});

const topicSchema = z.object({
  id: nonEmptyString(),
  description: z.optional(z.string()),
  /**
   * Evidence-only calibration `σ(slope × (ln(1 + raw) − offset))`, used until the topic has a
   * trained model in topic-model.json (a topic just added as data, before `npm run train:topics`).
   */
  calibration: z.optional(z.object({ slope: z.number().check(z.positive()), offset: z.number() })),
  entries: z.array(entrySchema).check(z.minLength(1)),
  /**
   * Words that show a topic actor playing a part ("mediated by", "hosted"): they count as
   * evidence only next to one of the topic's own terms, so "Qatar's mediation" weighs more
   * than Qatar in a list of visited countries.
   */
  roles: z._default(z.array(roleSchema), []),
});

/**
 * Shield phrases: longer names that contain a topic term ("Saudi Pro League", "Iranian-made").
 * The longest match wins, so the place name inside them does not count as topic evidence.
 * They decide nothing else: the genre model and the aboutness features do.
 */
const cueSchema = z.object({
  id: nonEmptyString(),
  description: z.optional(z.string()),
  entries: z.array(entrySchema).check(z.minLength(1)),
});

export const taxonomySchema = z.object({
  version: nonEmptyString(),
  threshold: z.number().check(z.gt(0), z.lt(1)),
  /** Bonus, in units of an entry's weight, for an entry that appears in the title. */
  titleWeight: z.number().check(z.gte(0)),
  /** Each further distinct entry of a topic counts this fraction of the previous one (0..1]. */
  breadthDecay: z.number().check(z.gt(0), z.lte(1)),
  topics: z.array(topicSchema).check(z.minLength(1)),
  cues: z._default(z.array(cueSchema), []),
  /**
   * Political and military action words (attack, negotiate, sign, condemn…) in every language:
   * a topic term near one is an actor of the clause rather than a modifier.
   */
  actions: z._default(z.array(entrySchema), []),
  /**
   * Words for states and their governments (government, president, country names): talks
   * between a union and a company name none, talks between two countries do.
   */
  states: z._default(z.array(entrySchema), []),
});

export type Taxonomy = z.input<typeof taxonomySchema>;
type ParsedTaxonomy = z.output<typeof taxonomySchema>;

/** The trained decision (shared/data/topic-model.json, written by `npm run train:topics`). */
export interface TopicModelData {
  /** What it is and how it was trained (shared/model-card.ts); absent while training builds it. */
  card?: ModelCard;
  /** A topic whose score lies within this distance of the threshold is listed in `uncertainTopics`. */
  uncertaintyMargin: number;
  genre: GenreModelData;
  topics: Record<string, TopicModel>;
}

export interface ClassifyInput {
  title: string | null;
  body: string;
  /** Declared or detected language. Not used to pick lexicons: all languages stay active because detection may say `und` and articles quote other languages. */
  language: string;
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

interface Target {
  /** Index into topics (kinds topic and role) or cues (kind cue); 0 for actions and states. */
  group: number;
  kind: 'topic' | 'cue' | 'role' | 'action' | 'state' | RelationKind;
  /** For roles: how near a term of the same topic must be. */
  window: number;
  term: string;
  weight: number;
  /** Unique per entry, so that two spellings of one entry in the same place count once. */
  key: number;
}

interface TokenMatcher {
  text: string;
  prefix: boolean;
}

interface Pattern {
  tokens: TokenMatcher[];
  target: Target;
  /** A relations.json word (state, body, envoy, domestic): matched beside the topic lexicon, never consuming its tokens. */
  relation: boolean;
}

interface CompiledLexicon {
  /**
   * Patterns whose first token is at least PREFIX_KEY_LENGTH characters long, bucketed by
   * those first characters packed into a number (see prefixKey): one integer-keyed look-up
   * per article token finds every candidate, exact or prefix.
   */
  byPrefix: Map<number, Bucket>;
  /** Patterns whose first token is shorter ("un", "bm", "g7"), matched exactly. */
  short: Map<string, Bucket>;
  /**
   * Article token → the groups whose first token it matches, in the order they are tried; filled
   * on first sight of a token, so a token seen before (most are: function words, names) costs one
   * look-up. Bounded for long-lived Lambdas.
   */
  candidates: Map<string, readonly FirstTokenGroup[]>;
}

/**
 * Groups sharing a look-up key, in the order they were added (the order their patterns are
 * tried), with the exact first tokens indexed so a token finds its exact group in one look-up
 * and is compared only with the prefix groups.
 */
interface Bucket {
  groups: FirstTokenGroup[];
  /** Exact first token → index in groups. */
  exact: Map<string, number>;
  /** Indexes in groups of prefix first tokens, ascending. */
  prefixes: number[];
}

/** Patterns sharing one first token ("foreign minister", "foreign ministry", …), so the article token is compared once. */
interface FirstTokenGroup {
  first: TokenMatcher;
  patterns: Pattern[];
}

/** Topic entries lighter than this mark a loose association and do not anchor roles. */
const MIN_ROLE_ANCHOR_WEIGHT = 1;

/** Longer titles get no headline bonus; real headlines stay well under this. */
const MAX_HEADLINE_LENGTH = 250;

/** Prefix stems shorter than this would match too much; they are matched exactly instead. */
const PREFIX_KEY_LENGTH = 3;

/** An action word this many tokens or fewer from a topic term, in the same sentence, makes the term an actor. */
const ACTOR_WINDOW = 4;

/** Topic terms with no word between them (commas are not tokens) are items of one enumeration: "Iran, Iraq, Syria". */
const LIST_GAP = 0;

/** Collisions are looked for around a topic's first mentions only: enough to tell, and the split it needs costs. */
const MAX_NAME_CHECKS = 12;

/**
 * The topic is read from the title and the body's opening sentences: a news article says what it
 * is about early, and a long guide or listing page should not pile up evidence ("visit" fifty
 * times in a travel guide) that no article the models learned from could show. Also bounds the cost.
 */
export const MAX_TOPIC_SENTENCES = 30;

/** Mentions in the first paragraphs (or this share of the sentences) count as early. */
const EARLY_PARAGRAPHS = 3;
const EARLY_SHARE = 0.3;

/** Per language, the relations.json state groups that are the article's own country. */
const HOME_STATES = homeGroups(relationsData as RelationsData);

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

/**
 * The shipped taxonomy, trusted as it is: tests/unit/classify.test.ts validates it against
 * taxonomySchema, so a cold start does not pay for a schema parse. Only the defaults are applied.
 */
const DEFAULT_TAXONOMY: ParsedTaxonomy = withDefaults(taxonomyData as Taxonomy);
const DEFAULT_MODEL: TopicModelData = topicModelData as TopicModelData;

function withDefaults(taxonomy: Taxonomy): ParsedTaxonomy {
  return {
    ...taxonomy,
    topics: taxonomy.topics.map((topic) => ({ ...topic, roles: topic.roles ?? [] })),
    cues: taxonomy.cues ?? [],
    actions: taxonomy.actions ?? [],
    states: taxonomy.states ?? [],
  };
}

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
  const {
    rawScores: _raw,
    matchedTokens: _tokens,
    signals: _signals,
    genre: _genre,
    ...classification
  } = classifyWith(DEFAULT_TAXONOMY, lexicon, decision, input, false);
  return classification;
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
    signals[topic.id] = analysis.signals[t] as TopicSignals;
  });
  return { signals, genreFeatures: hashFeatures(analysis.titleTokens, analysis.bodyTokens, buckets) };
}

/** The taxonomy the default classifier was built from. */
export const defaultTaxonomy: Taxonomy = taxonomyData as Taxonomy;

/** The shipped model the default classifier decides with. */
export const defaultTopicModel: TopicModelData = DEFAULT_MODEL;

/** The shipped taxonomy's version, known without compiling the classifier. */
export const DEFAULT_TAXONOMY_VERSION: string = DEFAULT_TAXONOMY.version;

function compileLexicon(taxonomy: ParsedTaxonomy): CompiledLexicon {
  const lexicon: CompiledLexicon = { byPrefix: new Map(), short: new Map(), candidates: new Map() };
  let key = 0;
  const addEntries = (kind: Target['kind'], group: number, entries: Array<z.output<typeof entrySchema> & { window?: number }>) => {
    for (const entry of entries) {
      const target: Target = { group, kind, term: entry.term, weight: entry.weight, key: key++, window: entry.window ?? 0 };
      for (const language in entry.forms) {
        for (const form of entry.forms[language] ?? []) {
          const tokens = compileForm(form);
          if (tokens.length > 0) addPattern(lexicon, { tokens, target, relation: isRelationKind(kind) });
        }
      }
    }
  };
  taxonomy.topics.forEach((topic, i) => {
    addEntries('topic', i, topic.entries);
    addEntries('role', i, topic.roles);
  });
  for (const [i, cue] of taxonomy.cues.entries()) addEntries('cue', i, cue.entries);
  addEntries('action', 0, taxonomy.actions);
  addEntries('state', 0, taxonomy.states);
  for (const { kind, group, entries } of relationEntries(relationsData as RelationsData)) addEntries(kind, group, entries);
  return lexicon;
}

/** `"menteri luar negeri"` → three exact tokens; `"ukrain*"` → one prefix token. */
function compileForm(form: string): TokenMatcher[] {
  const matchers: TokenMatcher[] = [];
  for (const piece of form.trim().split(/\s+/)) {
    const prefix = piece.endsWith('*');
    const stem = prefix ? piece.slice(0, -1) : piece;
    // Most forms are plain lower-case ASCII words, which tokenize would return unchanged: skip the tokenizer.
    const tokens = isPlainAsciiWord(stem) ? [stem] : tokenize(stem);
    tokens.forEach((text, i) => {
      const isLast = i === tokens.length - 1;
      matchers.push({ text, prefix: prefix && isLast && text.length >= PREFIX_KEY_LENGTH });
    });
  }
  return matchers;
}

/** `[a-z0-9]+`: one token as tokenize would fold it. */
function isPlainAsciiWord(text: string): boolean {
  if (text.length === 0) return false;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (!((code >= 0x61 && code <= 0x7a) || (code >= 0x30 && code <= 0x39))) return false;
  }
  return true;
}

function addPattern(lexicon: CompiledLexicon, pattern: Pattern): void {
  const first = pattern.tokens[0];
  if (!first) return;
  if (first.text.length >= PREFIX_KEY_LENGTH) pushTo(lexicon.byPrefix, prefixKey(first.text), pattern);
  else pushTo(lexicon.short, first.text, pattern);
}

function pushTo<K>(map: Map<K, Bucket>, key: K, pattern: Pattern): void {
  const first = pattern.tokens[0];
  if (!first) return;
  let bucket = map.get(key);
  if (bucket === undefined) {
    bucket = { groups: [], exact: new Map<string, number>(), prefixes: [] };
    map.set(key, bucket);
  }
  for (const group of bucket.groups) {
    if (group.first.text === first.text && group.first.prefix === first.prefix) {
      group.patterns.push(pattern);
      return;
    }
  }
  if (first.prefix) bucket.prefixes.push(bucket.groups.length);
  else bucket.exact.set(first.text, bucket.groups.length);
  bucket.groups.push({ first, patterns: [pattern] });
}

/**
 * The first three UTF-16 code units packed into one small integer (10 bits each): a Map key
 * that needs no substring per token and stays a V8 small integer. Scripts may collide
 * modulo 1024; the bucket's `startsWith` check sorts that out.
 */
function prefixKey(token: string): number {
  return ((token.charCodeAt(0) & 0x3ff) << 20) | ((token.charCodeAt(1) & 0x3ff) << 10) | (token.charCodeAt(2) & 0x3ff);
}

/** Where a lexicon entry matched: to pair roles and actions with topic terms, and to place mentions. */
interface Hit {
  target: Target;
  field: 'title' | 'body';
  /** Token index in the whole text (title, then body). */
  position: number;
  /** Tokens the match spans. */
  length: number;
  /** Body sentence index; -1 in the title. */
  sentence: number;
  /** The article's first matched token: tells apart the towns or names one entry lists. */
  surface: string;
}

interface Tally {
  target: Target;
  body: number;
  title: number;
  /** The article tokens that matched; null when the caller does not list them. */
  tokens: Set<string> | null;
}

/** One body sentence, with where its tokens start in the whole text. */
interface Sentence {
  text: string;
  paragraph: number;
  start: number;
  length: number;
}

interface Analysis {
  tallies: Map<number, Tally>;
  /** Per topic, in taxonomy order. */
  signals: TopicSignals[];
  raw: number[];
  titleTokens: string[];
  /** The opening tokens of the body, enough for the genre model. */
  bodyTokens: string[];
}

const SENTENCE_END = /[.!?؟。…]\s+/gu;
const QUOTE_MARKS = /["“”„«»‹›「」]/;

/** Body paragraphs (lines) cut into sentences at terminal punctuation: the first `limit`. */
function sentencesOf(body: string, limit: number): { text: string; paragraph: number }[] {
  const sentences: { text: string; paragraph: number }[] = [];
  let paragraph = 0;
  for (const line of body.split('\n')) {
    if (sentences.length >= limit) return sentences.slice(0, limit);
    if (line.trim() === '') continue;
    // A sentence ends at terminal punctuation followed by white space (matched, not split with a look-behind: cheaper).
    let start = 0;
    SENTENCE_END.lastIndex = 0;
    for (let end = SENTENCE_END.exec(line); end !== null; end = SENTENCE_END.exec(line)) {
      const text = line.slice(start, end.index + 1);
      if (text.trim() !== '') sentences.push({ text, paragraph });
      start = end.index + end[0].length;
    }
    const last = line.slice(start);
    if (last.trim() !== '') sentences.push({ text: last, paragraph });
    paragraph++;
  }
  return sentences.length > limit ? sentences.slice(0, limit) : sentences;
}

function analyse(taxonomy: ParsedTaxonomy, lexicon: CompiledLexicon, input: ClassifyInput, listTokens: boolean): Analysis {
  const tallies = new Map<number, Tally>();
  const hits: Hit[] = [];
  // A "title" as long as a paragraph is an extraction accident (a glued first line), not a headline: read it as body.
  const titleIsHeadline = input.title !== null && input.title.length <= MAX_HEADLINE_LENGTH;
  const titleTokens = titleIsHeadline && input.title ? tokenize(input.title) : [];
  countMatches(lexicon, titleTokens, 0, -1, tallies, hits, 'title', listTokens);
  const body = !titleIsHeadline && input.title ? `${input.title}\n${input.body}` : input.body;
  const sentences: Sentence[] = [];
  const bodyTokens: string[] = [];
  let position = titleTokens.length;
  for (const { text, paragraph } of sentencesOf(body, MAX_TOPIC_SENTENCES)) {
    const tokens = tokenize(text);
    countMatches(lexicon, tokens, position, sentences.length, tallies, hits, 'body', listTokens);
    sentences.push({ text, paragraph, start: position, length: tokens.length });
    position += tokens.length;
    for (let i = 0; i < tokens.length && bodyTokens.length < GENRE_MAX_TOKENS; i++) bodyTokens.push(tokens[i] as string);
  }
  countRolesNearTopicTerms(hits, tallies, listTokens);

  const contributions: number[][] = taxonomy.topics.map(() => []);
  const signals: TopicSignals[] = taxonomy.topics.map(() => emptySignals(sentences.length));
  for (const { target, body: inBody, title } of tallies.values()) {
    if (target.kind !== 'topic' && target.kind !== 'role') continue;
    contributions[target.group]?.push(entryStrength(target.weight, inBody, title, taxonomy.titleWeight));
    if (target.kind === 'role') (signals[target.group] as TopicSignals).roles += inBody + title;
  }
  const raw = contributions.map((list) => combineBreadth(list, taxonomy.breadthDecay));
  placeMentions(hits, sentences, signals);
  const relations = relationSignals(hits, sentences.length, HOME_STATES.get(input.language));
  return { tallies, signals: signals.map((s, t) => ({ ...s, raw: raw[t] ?? 0, relations })), raw, titleTokens, bodyTokens };
}

function emptySignals(sentences: number): TopicSignals {
  return {
    raw: 0,
    distinct: 0,
    mentions: 0,
    inTitle: false,
    inLead: false,
    early: false,
    sentencesWithEvidence: 0,
    sentences,
    asActor: 0,
    roles: 0,
    inList: 0,
    quoted: 0,
    besideName: 0,
    nameChecks: 0,
    states: 0,
  };
}

/**
 * Where and how each topic mention stands: title, lead, early or deep; next to an action word;
 * in an enumeration; in a quoting sentence; beside a capitalised word the lexicon does not know.
 * Hits arrive in text order, so neighbours are found by looking a few hits either way.
 */
function placeMentions(hits: Hit[], sentences: Sentence[], signals: TopicSignals[]): void {
  const lastSentence = signals.map(() => -1);
  const surfaces = signals.map(() => new Set<string>());
  const earlyLimit = Math.max(1, Math.ceil(sentences.length * EARLY_SHARE));
  const words = new Map<number, number[] | null>();
  // Per sentence, computed once (0 not yet, 1 no, 2 yes): a long run-on "sentence" (a breadcrumb trail) may carry many mentions.
  const quotedSentences = new Uint8Array(sentences.length);
  let states = 0;
  for (const hit of hits) if (hit.target.kind === 'state') states++;
  for (const topic of signals) topic.states = states;
  for (let i = 0; i < hits.length; i++) {
    const hit = hits[i] as Hit;
    if (hit.target.kind !== 'topic') continue;
    const group = hit.target.group;
    const topic = signals[group] as TopicSignals;
    const seen = surfaces[group] as Set<string>;
    if (!seen.has(hit.surface)) {
      seen.add(hit.surface);
      topic.distinct++;
    }
    if (hit.field === 'title') {
      topic.inTitle = true;
      continue;
    }
    topic.mentions++;
    const sentence = sentences[hit.sentence] as Sentence;
    if (hit.sentence < 2) topic.inLead = true;
    if (sentence.paragraph < EARLY_PARAGRAPHS || hit.sentence < earlyLimit) topic.early = true;
    if (lastSentence[group] !== hit.sentence) {
      topic.sentencesWithEvidence++;
      lastSentence[group] = hit.sentence;
    }
    if (quotedSentences[hit.sentence] === 0) quotedSentences[hit.sentence] = QUOTE_MARKS.test(sentence.text) ? 2 : 1;
    if (quotedSentences[hit.sentence] === 2) topic.quoted++;
    const around = neighbours(hits, i, -1) | neighbours(hits, i, 1);
    if (around & NEAR_ACTION) topic.asActor++;
    if (around & NEAR_OTHER_TERM) topic.inList++;
    if (topic.nameChecks < MAX_NAME_CHECKS) {
      topic.nameChecks++;
      if (besideUnknownName(hits, i, sentence, words)) topic.besideName++;
    }
  }
}

const NEAR_ACTION = 1;
const NEAR_OTHER_TERM = 2;

/** What stands near hits[i] in one direction within its sentence: an action word (NEAR_ACTION), another topic term right beside it (NEAR_OTHER_TERM). */
function neighbours(hits: Hit[], i: number, step: -1 | 1): number {
  const hit = hits[i] as Hit;
  let found = 0;
  for (let j = i + step; j >= 0 && j < hits.length; j += step) {
    const other = hits[j] as Hit;
    if (other.sentence !== hit.sentence) break;
    const gap = step > 0 ? other.position - (hit.position + hit.length) : hit.position - (other.position + other.length);
    if (gap > ACTOR_WINDOW) break;
    if (other.target.kind === 'action') found |= NEAR_ACTION;
    if (other.target.kind === 'topic' && other.target.key !== hit.target.key && gap <= LIST_GAP) found |= NEAR_OTHER_TERM;
  }
  return found;
}

/**
 * A topic term glued to a capitalised word the lexicon does not know: a person or brand that
 * shares the place's name ("Jordan Henderson", "Qatar Airways"), not the place itself. The word
 * before a mention counts only when it does not start the sentence (which is capitalised anyway).
 */
function besideUnknownName(hits: Hit[], i: number, sentence: Sentence, cache: Map<number, number[] | null>): boolean {
  const hit = hits[i] as Hit;
  let words = cache.get(hit.sentence);
  if (words === undefined) {
    const capitals = capitalisedWords(sentence.text);
    // The original casing is read from a plain split into words; when it does not line up with the tokens, say nothing.
    words = capitals.length === sentence.length ? capitals : null;
    cache.set(hit.sentence, words);
  }
  if (words === null) return false;
  const local = hit.position - sentence.start;
  const isName = (index: number) => words[index] === 1 && !coveredByHit(hits, i, sentence.start + index);
  return (local - 1 >= 1 && isName(local - 1)) || isName(local + hit.length);
}

/** Whether a lexicon match near hits[i] (hits are in text order) spans the token at `position`. */
function coveredByHit(hits: Hit[], i: number, position: number): boolean {
  for (let j = i - 1; j >= 0; j--) {
    const other = hits[j] as Hit;
    if (other.position + other.length <= position - ACTOR_WINDOW) break;
    if (other.position <= position && position < other.position + other.length) return true;
  }
  for (let j = i + 1; j < hits.length; j++) {
    const other = hits[j] as Hit;
    if (other.position > position) break;
    if (position < other.position + other.length) return true;
  }
  return false;
}

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
  const genre = anyEvidence ? predictGenre(decision.genre(), hashFeatures(analysis.titleTokens, analysis.bodyTokens, decision.genre().buckets)) : [];
  const scores: Record<string, number> = {};
  const rawScores: Record<string, number> = {};
  const signals: Record<string, TopicSignals> = {};
  const evidence: Record<string, TopicEvidence[]> = {};
  taxonomy.topics.forEach((topic, t) => {
    const topicSignals = analysis.signals[t] as TopicSignals;
    rawScores[topic.id] = topicSignals.raw;
    signals[topic.id] = topicSignals;
    scores[topic.id] = topicSignals.raw > 0 ? scoreCompiled(decision.models[t] as CompiledTopicModel, topicFeatures(topicSignals, genre)) : 0;
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

/**
 * One entry's evidence: repeated body mentions add logarithmically; a title mention adds a
 * fixed bonus, because the headline says what the article is about.
 */
function entryStrength(weight: number, body: number, title: number, titleWeight: number): number {
  return weight * ((body > 0 ? 1 + Math.log(body) : 0) + (title > 0 ? titleWeight : 0));
}

/**
 * Sums a topic's entry strengths, strongest first, each next one worth `decay` times the
 * previous: a list naming many countries once each ("visited Iran, Egypt, Iraq…") adds up
 * to less than one country the article is actually about.
 */
function combineBreadth(strengths: number[], decay: number): number {
  return strengths.sort((a, b) => b - a).reduce((sum, strength, rank) => sum + strength * decay ** rank, 0);
}

/**
 * One pass over the tokens. At each position the longest matching pattern wins and its
 * tokens are consumed, so a shield phrase such as "Saudi Pro League" or "Iranian-made"
 * keeps its place name from also counting as a topic term.
 */
function countMatches(
  lexicon: CompiledLexicon,
  tokens: string[],
  offset: number,
  sentence: number,
  tallies: Map<number, Tally>,
  hits: Hit[],
  field: 'title' | 'body',
  listTokens: boolean,
): void {
  const single = [''];
  const winners: Pattern[] = [];
  const related: RelatedMatches = { longest: 0, winners: [] };
  // Where the last relation match ends: a phrase's later tokens do not count again.
  let relatedEnd = 0;
  let i = 0;
  while (i < tokens.length) {
    const token = tokens[i] ?? '';
    let longest = 0;
    related.longest = 0;
    single[0] = token;
    // Only Arabic-script tokens carry clitics worth stripping; everything else is looked up as is.
    const variants = isArabicScript(token) ? tokenVariants(token) : single;
    for (const variant of variants) {
      const groups = candidateGroups(lexicon, variant);
      for (let g = 0; g < groups.length; g++) longest = considerGroup(groups[g], tokens, i, longest, winners, related);
      if (longest > 0) break;
    }
    if (related.longest > 0) {
      if (i >= relatedEnd) pushRelated(related, hits, field, offset + i, sentence, token);
      relatedEnd = Math.max(relatedEnd, i + related.longest);
      related.winners.length = 0;
    }
    if (longest === 0) {
      i += 1;
      continue;
    }
    // One winner is the common case: no set needed to count an entry once per place.
    const seen = winners.length > 1 ? new Set<number>() : null;
    const matched = !listTokens ? '' : longest === 1 ? token : tokens.slice(i, i + longest).join(' ');
    for (const { target } of winners) {
      if (seen) {
        if (seen.has(target.key)) continue;
        seen.add(target.key);
      }
      hits.push({ target, field, position: offset + i, length: longest, sentence, surface: token });
      if (target.kind === 'role' || target.kind === 'action' || target.kind === 'state') continue;
      const tally = tallies.get(target.key) ?? { target, body: 0, title: 0, tokens: listTokens ? new Set<string>() : null };
      tally[field] += 1;
      tally.tokens?.add(matched);
      tallies.set(target.key, tally);
    }
    winners.length = 0;
    // A topic phrase consumes its tokens; the relation words inside it ("minister of foreign affairs") still count.
    for (let k = i + 1; k < i + longest; k++) {
      if (k < relatedEnd || !relatedAt(lexicon, tokens, k, related, single)) continue;
      pushRelated(related, hits, field, offset + k, sentence, tokens[k] ?? '');
      relatedEnd = k + related.longest;
      related.winners.length = 0;
    }
    i += longest;
  }
}

/** Only the relation-layer patterns at position k (the topic patterns there were consumed): whether any matched. */
function relatedAt(lexicon: CompiledLexicon, tokens: string[], k: number, related: RelatedMatches, single: string[]): boolean {
  const token = tokens[k] ?? '';
  related.longest = 0;
  single[0] = token;
  const variants = isArabicScript(token) ? tokenVariants(token) : single;
  for (const variant of variants) {
    const groups = candidateGroups(lexicon, variant);
    for (let g = 0; g < groups.length; g++) considerGroup(groups[g], tokens, k, Number.MAX_SAFE_INTEGER, NO_WINNERS, related);
    if (related.longest > 0) return true;
  }
  return false;
}

/** Never filled: topic patterns cannot beat a longest of MAX_SAFE_INTEGER. */
const NO_WINNERS: Pattern[] = [];

const NO_GROUPS: readonly FirstTokenGroup[] = [];
const CANDIDATE_CACHE_LIMIT = 50_000;

/** The groups whose first token `token` matches, in the order countMatches tries them (see CompiledLexicon.candidates). */
function candidateGroups(lexicon: CompiledLexicon, token: string): readonly FirstTokenGroup[] {
  // Most tokens share their first three characters with no lexicon form: an integer look-up settles them without hashing the token.
  if (token.length >= PREFIX_KEY_LENGTH && !lexicon.byPrefix.has(prefixKey(token))) return NO_GROUPS;
  let groups = lexicon.candidates.get(token);
  if (groups === undefined) {
    groups = findCandidateGroups(lexicon, token);
    if (lexicon.candidates.size >= CANDIDATE_CACHE_LIMIT) lexicon.candidates.clear();
    lexicon.candidates.set(token, groups);
  }
  return groups;
}

function findCandidateGroups(lexicon: CompiledLexicon, token: string): readonly FirstTokenGroup[] {
  const bucket = token.length >= PREFIX_KEY_LENGTH ? lexicon.byPrefix.get(prefixKey(token)) : lexicon.short.get(token);
  if (bucket === undefined) return NO_GROUPS;
  const found: FirstTokenGroup[] = [];
  // Groups are tried in bucket order: the exact group (if any) slots in among the matching prefix groups.
  const exact = bucket.exact.get(token) ?? -1;
  const exactGroup = exact >= 0 ? bucket.groups[exact] : undefined;
  let exactPending = exactGroup !== undefined;
  for (const index of bucket.prefixes) {
    if (exactGroup && exactPending && exact < index) {
      found.push(exactGroup);
      exactPending = false;
    }
    const group = bucket.groups[index];
    if (group && token.startsWith(group.first.text)) found.push(group);
  }
  if (exactGroup && exactPending) found.push(exactGroup);
  return found.length > 0 ? found : NO_GROUPS;
}

/** One hit per relation entry matched at a position (Arabic variants may find the same entry twice). */
function pushRelated(related: RelatedMatches, hits: Hit[], field: 'title' | 'body', position: number, sentence: number, surface: string): void {
  for (let w = 0; w < related.winners.length; w++) {
    const target = (related.winners[w] as Pattern).target;
    let duplicate = false;
    for (let v = 0; v < w; v++) if ((related.winners[v] as Pattern).target.key === target.key) duplicate = true;
    if (!duplicate) hits.push({ target, field, position, length: related.longest, sentence, surface });
  }
}

/** The longest relation-layer patterns at one position, kept apart from the topic lexicon's winners. */
interface RelatedMatches {
  longest: number;
  winners: Pattern[];
}

/** considerPattern for each of a group's patterns, whose first token already matched. */
function considerGroup(
  group: FirstTokenGroup | undefined,
  tokens: string[],
  start: number,
  longest: number,
  winners: Pattern[],
  related: RelatedMatches,
): number {
  let result = longest;
  for (const pattern of group?.patterns ?? []) {
    if (pattern.relation) related.longest = considerPattern(pattern, tokens, start, related.longest, related.winners);
    else result = considerPattern(pattern, tokens, start, result, winners);
  }
  return result;
}

/** Keeps the longest patterns matching at `start` in `winners`; returns the new longest length. */
function considerPattern(pattern: Pattern, tokens: string[], start: number, longest: number, winners: Pattern[]): number {
  const length = pattern.tokens.length;
  if (length < longest || !restMatches(pattern, tokens, start)) return longest;
  if (length > longest) winners.length = 0;
  winners.push(pattern);
  return length;
}

function matchesToken(matcher: TokenMatcher | undefined, token: string): boolean {
  if (!matcher) return false;
  return matcher.prefix ? token.startsWith(matcher.text) : token === matcher.text;
}

function isArabicScript(token: string): boolean {
  const code = token.charCodeAt(0);
  return code >= 0x0600 && code <= 0x06ff;
}

/**
 * Counts each role word that has a term of its own topic within its window (same field).
 * Hits arrive in text order, so one forward and one backward sweep find the nearest
 * topic term on either side: linear in the number of hits.
 */
function countRolesNearTopicTerms(hits: Hit[], tallies: Map<number, Tally>, listTokens: boolean): void {
  const distances = new Array<number>(hits.length).fill(Infinity);
  const sweep = (from: number, to: number, step: 1 | -1) => {
    // Slot: topic and field, as one small integer.
    const lastSeen = new Map<number, number>();
    for (let i = from; i !== to; i += step) {
      const hit = hits[i];
      if (!hit) continue;
      const slot = hit.target.group * 2 + (hit.field === 'title' ? 1 : 0);
      if (hit.target.kind === 'topic') {
        // Weak entries (Turkey, Russia: weight below 1) are too loose to anchor a role.
        if (hit.target.weight >= MIN_ROLE_ANCHOR_WEIGHT) lastSeen.set(slot, hit.position);
      } else if (hit.target.kind === 'role') {
        const seen = lastSeen.get(slot);
        if (seen !== undefined) distances[i] = Math.min(distances[i] ?? Infinity, Math.abs(hit.position - seen));
      }
    }
  };
  sweep(0, hits.length, 1);
  sweep(hits.length - 1, -1, -1);
  hits.forEach((hit, i) => {
    if (hit.target.kind !== 'role' || (distances[i] ?? Infinity) > hit.target.window) return;
    const tally = tallies.get(hit.target.key) ?? { target: hit.target, body: 0, title: 0, tokens: listTokens ? new Set<string>() : null };
    tally[hit.field] += 1;
    tallies.set(hit.target.key, tally);
  });
}

function restMatches(pattern: Pattern, tokens: string[], start: number): boolean {
  for (let k = 1; k < pattern.tokens.length; k++) {
    const matcher = pattern.tokens[k];
    const token = tokens[start + k];
    if (!matcher || token === undefined) return false;
    if (matchesToken(matcher, token)) continue;
    if (!isArabicScript(token) || !tokenVariants(token).some((form) => matchesToken(matcher, form))) return false;
  }
  return true;
}
