import type { TopicSignals } from './topic-features.ts';
import { capitalisedWords, tokenize, tokenizeInto } from '../text/normalize.ts';
import { type CompiledLexicon, countMatches, countRolesNearTopicTerms, type Hit, type Tally } from './lexicon.ts';
import relationsData from '../../data/relations.json' with { type: 'json' };
import { homeGroups, type RelationSignals, type RelationsData, relationSignals } from './relations.ts';
import type { ParsedTaxonomy } from './taxonomy.ts';

/**
 * The evidence of one article: the lexicon's matches tallied per entry, each topic's raw evidence
 * (breadth-decayed entry strengths), and where and how its mentions stand (the aboutness signals
 * that topic-features.ts turns into features).
 */

export interface ClassifyInput {
  title: string | null;
  body: string;
  /** Declared or detected language. Not used to pick lexicons: all languages stay active because detection may say `und` and articles quote other languages. */
  language: string;
}

/** Longer titles get no headline bonus; real headlines stay well under this. */
const MAX_HEADLINE_LENGTH = 250;

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

/** One body sentence, with where its tokens start in the article's tokens. */
export interface Sentence {
  text: string;
  paragraph: number;
  /** Index of its first token in ArticleTokens.tokens. */
  start: number;
  length: number;
}

/**
 * An article as the classifier reads it, tokenised once: the lexicon's matches (topic terms,
 * roles, actions, shields and the relation words), the genre model's n-grams, the mention and
 * relation signals and the topic features all come from these tokens. A token's index in `tokens`
 * is its position everywhere (hits, sentences, spans).
 */
export interface ArticleTokens {
  /** Folded tokens (text/normalize.ts `tokenize`) of the title read as a headline, then of the body's opening sentences, in text order. */
  tokens: string[];
  /** `tokens[0, titleEnd)` are the title's (none when the title is absent or too long to be a headline). */
  titleEnd: number;
  /** The body's opening sentences (at most MAX_TOPIC_SENTENCES; a title too long for a headline is read as the first). */
  sentences: Sentence[];
  /** Whether the title was read as a headline (else it opens the body). */
  titleIsHeadline: boolean;
  /** With `locate`: per token, its start and end offset in the title or in the text the body tokens were read from. */
  offsets?: number[];
}

/**
 * Tokenises an article once for the classifier: the title (when it reads as a headline) and the
 * body's first MAX_TOPIC_SENTENCES sentences. `locate` also records each token's character offsets.
 *
 * @example tokenizeArticle({ title: 'Talks in Kyiv', body: 'Russia and Ukraine met. Then more.', language: 'en' }).tokens
 *   // → ['talks', 'in', 'kyiv', 'russia', 'and', 'ukraine', 'met', 'then', 'more']
 */
export function tokenizeArticle(input: ClassifyInput, locate = false): ArticleTokens {
  const offsets: number[] | undefined = locate ? [] : undefined;
  // A "title" as long as a paragraph is an extraction accident (a glued first line), not a headline: read it as body.
  const titleIsHeadline = input.title !== null && input.title.length <= MAX_HEADLINE_LENGTH;
  const tokens = titleIsHeadline && input.title ? tokenize(input.title, offsets) : [];
  const titleEnd = tokens.length;
  const body = !titleIsHeadline && input.title ? `${input.title}\n${input.body}` : input.body;
  const sentences: Sentence[] = [];
  const sentenceSpans: number[] = [];
  for (const { text, paragraph, offset } of sentencesOf(body, MAX_TOPIC_SENTENCES)) {
    sentenceSpans.length = 0;
    const start = tokens.length;
    tokenizeInto(text, tokens, offsets ? sentenceSpans : undefined);
    for (const at of sentenceSpans) offsets?.push(offset + at);
    sentences.push({ text, paragraph, start, length: tokens.length - start });
  }
  return { tokens, titleEnd, sentences, titleIsHeadline, offsets };
}

/** Where a counted match stands: character offsets in the title or the body the classifier read. */
export interface EvidenceSpan {
  topic: string;
  term: string;
  field: 'title' | 'body';
  start: number;
  end: number;
}

export interface Analysis {
  tallies: Map<number, Tally>;
  /** With `locate`: every counted topic and role match, in text order. */
  spans?: EvidenceSpan[];
  /** Per topic, in taxonomy order. */
  signals: TopicSignals[];
  raw: number[];
  /** The same for every topic. */
  relations: RelationSignals;
  /** The article's tokens, which every signal above was read from (the genre model reads them too). */
  tokens: ArticleTokens;
}

const SENTENCE_END = /[.!?؟。…]\s+/gu;
const QUOTE_MARKS = /["“”„«»‹›「」]/;

/** Body paragraphs (lines) cut into sentences at terminal punctuation: the first `limit`, each with its offset in `body`. */
function sentencesOf(body: string, limit: number): { text: string; paragraph: number; offset: number }[] {
  const sentences: { text: string; paragraph: number; offset: number }[] = [];
  let paragraph = 0;
  let lineStart = 0;
  for (const line of body.split('\n')) {
    const offset = lineStart;
    lineStart += line.length + 1;
    if (sentences.length >= limit) return sentences.slice(0, limit);
    if (line.trim() === '') continue;
    // A sentence ends at terminal punctuation followed by white space (matched, not split with a look-behind: cheaper).
    let start = 0;
    SENTENCE_END.lastIndex = 0;
    for (let end = SENTENCE_END.exec(line); end !== null; end = SENTENCE_END.exec(line)) {
      const text = line.slice(start, end.index + 1);
      if (text.trim() !== '') sentences.push({ text, paragraph, offset: offset + start });
      start = end.index + end[0].length;
    }
    const last = line.slice(start);
    if (last.trim() !== '') sentences.push({ text: last, paragraph, offset: offset + start });
    paragraph++;
  }
  return sentences.length > limit ? sentences.slice(0, limit) : sentences;
}

/**
 * The lexicon pass over one article. `locate` also returns where each counted match stands
 * (`spans`, character offsets), for the review console's highlighting; the pipeline never asks.
 */
export function analyse(taxonomy: ParsedTaxonomy, lexicon: CompiledLexicon, input: ClassifyInput, listTokens: boolean, locate = false): Analysis {
  const article = tokenizeArticle(input, locate);
  const { tokens, titleEnd, sentences } = article;
  const tallies = new Map<number, Tally>();
  const hits: Hit[] = [];
  // Relation words go to their own list: the mention features' loops over `hits` stay as short as before.
  const related: Hit[] = [];
  countMatches(lexicon, tokens, 0, titleEnd, -1, tallies, hits, related, 'title', listTokens);
  for (let s = 0; s < sentences.length; s++) {
    const sentence = sentences[s] as Sentence;
    countMatches(lexicon, tokens, sentence.start, sentence.start + sentence.length, s, tallies, hits, related, 'body', listTokens);
  }
  countRolesNearTopicTerms(hits, tallies, listTokens);

  const contributions: number[][] = taxonomy.topics.map(() => []);
  const signals: TopicSignals[] = taxonomy.topics.map(() => emptySignals(sentences.length));
  for (const { target, body: inBody, title } of tallies.values()) {
    if (target.kind !== 'topic' && target.kind !== 'role') continue;
    contributions[target.group]?.push(entryStrength(target.weight, inBody, title, taxonomy.titleWeight));
    if (target.kind === 'role') (signals[target.group] as TopicSignals).roles += inBody + title;
  }
  placeMentions(hits, sentences, signals);
  // Kept beside the per-topic signals, not copied into them: the classifier's hot path reads it once,
  // and a key added to the signals objects cost a fifth of the classify time (their shape changes).
  const relations = relationSignals(related, hits, sentences.length, HOME_STATES.get(input.language));
  const bodyShift = article.titleIsHeadline ? 0 : (input.title?.length ?? -1) + 1;
  const spans = article.offsets ? spansOf(taxonomy, hits, article.offsets, bodyShift) : undefined;
  const raw = contributions.map((list) => combineBreadth(list, taxonomy.breadthDecay));
  for (let t = 0; t < signals.length; t++) (signals[t] as TopicSignals).raw = raw[t] ?? 0;
  return { tallies, spans, signals, raw, relations, tokens: article };
}

/**
 * Counted matches as character ranges: topic terms, and role words that counted. `bodyShift` is
 * where the body starts in the text the body tokens were read from (past a title read as body).
 */
function spansOf(taxonomy: ParsedTaxonomy, hits: readonly Hit[], offsets: readonly number[], bodyShift: number): EvidenceSpan[] {
  const spans: EvidenceSpan[] = [];
  for (const hit of hits) {
    if (hit.target.kind !== 'topic' && !(hit.target.kind === 'role' && hit.counted)) continue;
    const topic = taxonomy.topics[hit.target.group]?.id;
    const start = offsets[hit.position * 2];
    const end = offsets[(hit.position + hit.length - 1) * 2 + 1];
    if (topic === undefined || start === undefined || end === undefined) continue;
    const term = hit.target.term;
    if (hit.field === 'title') spans.push({ topic, term, field: 'title', start, end });
    else if (start >= bodyShift) spans.push({ topic, term, field: 'body', start: start - bodyShift, end: end - bodyShift });
    // A long title read as body: its matches stand in the title.
    else spans.push({ topic, term, field: 'title', start, end });
  }
  return spans;
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
  // Most topics of most articles have no entry or one: the sum is 0 or the entry itself.
  if (strengths.length < 2) return strengths[0] ?? 0;
  strengths.sort((a, b) => b - a);
  let sum = 0;
  for (let rank = 0; rank < strengths.length; rank++) sum += (strengths[rank] as number) * decay ** rank;
  return sum;
}
