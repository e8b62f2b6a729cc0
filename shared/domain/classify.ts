import * as z from 'zod/mini';
import taxonomyData from '../data/taxonomy.json' with { type: 'json' };
import type { Classification, TopicEvidence } from './article.ts';
import { tokenize, tokenVariants } from './normalize.ts';

/**
 * Multi-label topic classification from a weighted, multilingual lexicon.
 *
 * Everything topic-specific lives in `shared/data/taxonomy.json`: topics, their
 * terms in each language with spelling variants, the context cues that damp them
 * (sport, oil markets, Hajj logistics…), the threshold and the calibration. Adding
 * a topic is a data change.
 *
 * Scoring, per topic:
 *   entry    = weight × ((1 + ln bodyCount if in body) + (titleWeight if in title))
 *   raw      = Σ entries, strongest first, the k-th times breadthDecay^k
 *   damped   = raw × exp(−Σ over cues  damp[topic] × max(0, cueStrength − cueAllowance))
 *   score    = logistic(slope × (ln(1 + damped) − offset))          (slope/offset fitted by bin/calibrate.ts)
 * Logarithms make repeated mentions count less than distinct evidence, and keep long
 * articles from scoring high on sheer repetition.
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
  calibration: z.object({ slope: z.number().check(z.positive()), offset: z.number() }),
  entries: z.array(entrySchema).check(z.minLength(1)),
  /**
   * Words that show a topic actor playing a part ("mediated by", "hosted"): they count as
   * evidence only next to one of the topic's own terms, so "Qatar's mediation" weighs more
   * than Qatar in a list of visited countries.
   */
  roles: z._default(z.array(roleSchema), []),
});

const cueSchema = z.object({
  id: nonEmptyString(),
  description: z.optional(z.string()),
  /** Per topic id: how strongly each unit of cue strength damps that topic (0 = not at all). */
  damp: z.record(z.string(), z.number().check(z.gte(0))),
  entries: z.array(entrySchema).check(z.minLength(1)),
});

export const taxonomySchema = z.object({
  version: nonEmptyString(),
  threshold: z.number().check(z.gt(0), z.lt(1)),
  /** Bonus, in units of an entry's weight, for an entry that appears in the title. */
  titleWeight: z.number().check(z.gte(0)),
  /** Each further distinct entry of a topic counts this fraction of the previous one (0..1]. */
  breadthDecay: z.number().check(z.gt(0), z.lte(1)),
  /** Cue strength an article may carry before any damping: one incidental "match" or "price" is not a context. */
  cueAllowance: z.number().check(z.gte(0)),
  topics: z.array(topicSchema).check(z.minLength(1)),
  cues: z._default(z.array(cueSchema), []),
});

export type Taxonomy = z.input<typeof taxonomySchema>;
type ParsedTaxonomy = z.output<typeof taxonomySchema>;

export interface ClassifyInput {
  title: string | null;
  body: string;
  /** Declared or detected language. Not used to pick lexicons: all languages stay active because detection may say `und` and articles quote other languages. */
  language: string;
}

/** Raw evidence behind a classification, for calibration and debugging. */
export interface ClassificationDetail extends Classification {
  /** Per topic: evidence after cue damping, before calibration. */
  rawScores: Record<string, number>;
  /** Folded article tokens that matched, per evidence term (topic terms and `cue:` terms). */
  matchedTokens: Record<string, string[]>;
}

export type Classifier = (input: ClassifyInput) => ClassificationDetail;

interface Target {
  /** Index into topics (kinds topic and role) or cues (kind cue). */
  group: number;
  kind: 'topic' | 'cue' | 'role';
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

/**
 * Builds a classifier from a taxonomy object. Compiles every form into token maps once,
 * so classifying costs one pass over the article's tokens with a constant number of map
 * look-ups per token, whatever the lexicon's size.
 *
 * @example
 *   const classify = createClassifier(taxonomyWithClimate);
 *   classify({ title: 'COP29 talks', body: 'Emissions …', language: 'en' }).topics  // → ['climate', …]
 */
export function createClassifier(taxonomy: Taxonomy): Classifier {
  const parsed = taxonomySchema.parse(taxonomy);
  const lexicon = compileLexicon(parsed);
  return (input) => classifyWith(parsed, lexicon, input, true);
}

/**
 * The shipped taxonomy, trusted as it is: tests/unit/classify.test.ts validates it against
 * taxonomySchema, so a cold start does not pay for a schema parse. Only the defaults are applied.
 */
const DEFAULT_TAXONOMY: ParsedTaxonomy = withDefaults(taxonomyData as Taxonomy);

function withDefaults(taxonomy: Taxonomy): ParsedTaxonomy {
  return {
    ...taxonomy,
    topics: taxonomy.topics.map((topic) => ({ ...topic, roles: topic.roles ?? [] })),
    cues: taxonomy.cues ?? [],
  };
}

let compiledDefault: CompiledLexicon | undefined;

/** Compiled on first use, not at import: a cold start that never classifies (or classifies later) does not wait for it. */
function defaultLexicon(): CompiledLexicon {
  compiledDefault ??= compileLexicon(DEFAULT_TAXONOMY);
  return compiledDefault;
}

const defaultClassifier: Classifier = (input) => classifyWith(DEFAULT_TAXONOMY, defaultLexicon(), input, true);

/**
 * Assigns topics (diplomacy, ukraine, middle-east, …) to a cleaned article.
 * Evidence lists matched terms with counts; cue entries that damped a topic appear as
 * `cue:<cue id>/<term>` (for example `cue:sport/football`).
 *
 * @example
 *   classifyArticle({ title: 'Saudi Arabia hosts Ukraine peace talks in Jeddah', body: '…', language: 'en' })
 *   // → { taxonomyVersion: '2026.11.1', topics: ['ukraine', 'diplomacy', 'middle-east'],
 *   //     scores: { diplomacy: 0.97, ukraine: 0.99, 'middle-east': 0.9 }, primaryTopic: 'ukraine',
 *   //     evidence: { ukraine: [{ term: 'Ukraine', count: 1 }, …], … } }
 */
export function classifyArticle(input: ClassifyInput): Classification {
  // The pipeline needs no matched-token listing: skip building it.
  const { rawScores: _raw, matchedTokens: _tokens, ...classification } = classifyWith(DEFAULT_TAXONOMY, defaultLexicon(), input, false);
  return classification;
}

/** The default classifier with its raw evidence scores, for calibration tooling. */
export function classifyArticleDetailed(input: ClassifyInput): ClassificationDetail {
  return defaultClassifier(input);
}

/** The taxonomy the default classifier was built from. */
export const defaultTaxonomy: Taxonomy = taxonomyData as Taxonomy;

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
          if (tokens.length > 0) addPattern(lexicon, { tokens, target });
        }
      }
    }
  };
  taxonomy.topics.forEach((topic, i) => {
    addEntries('topic', i, topic.entries);
    addEntries('role', i, topic.roles);
  });
  for (const [i, cue] of taxonomy.cues.entries()) addEntries('cue', i, cue.entries);
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

/** Where a topic term or a role word matched, to pair roles with nearby topic terms. */
interface Hit {
  target: Target;
  field: 'title' | 'body';
  position: number;
}

interface Tally {
  target: Target;
  body: number;
  title: number;
  /** The article tokens that matched; null when the caller does not list them. */
  tokens: Set<string> | null;
}

function classifyWith(taxonomy: ParsedTaxonomy, lexicon: CompiledLexicon, input: ClassifyInput, listTokens: boolean): ClassificationDetail {
  const tallies = new Map<number, Tally>();
  const hits: Hit[] = [];
  // A "title" as long as a paragraph is an extraction accident (a glued first line), not a headline.
  const titleIsHeadline = input.title !== null && input.title.length <= MAX_HEADLINE_LENGTH;
  if (input.title) countMatches(lexicon, tokenize(input.title), tallies, hits, titleIsHeadline ? 'title' : 'body', listTokens);
  countMatches(lexicon, tokenize(input.body), tallies, hits, 'body', listTokens);
  countRolesNearTopicTerms(hits, tallies, listTokens);

  const contributions: number[][] = taxonomy.topics.map(() => []);
  const cueStrength = taxonomy.cues.map(() => 0);
  const topicEvidence: TopicEvidence[][] = taxonomy.topics.map(() => []);
  const cueEvidence: TopicEvidence[][] = taxonomy.cues.map(() => []);
  const matchedTokens: Record<string, string[]> = {};
  for (const { target, body, title, tokens } of tallies.values()) {
    if (listTokens) matchedTokens[target.kind === 'cue' ? `cue:${taxonomy.cues[target.group]?.id}/${target.term}` : target.term] = [...(tokens ?? [])];
    const strength = entryStrength(target.weight, body, title, taxonomy.titleWeight);
    const item = { term: target.term, count: body + title };
    if (target.kind !== 'cue') {
      contributions[target.group]?.push(strength);
      topicEvidence[target.group]?.push(item);
    } else {
      cueStrength[target.group] = (cueStrength[target.group] ?? 0) + strength;
      cueEvidence[target.group]?.push(item);
    }
  }
  const topicRaw = contributions.map((list) => combineBreadth(list, taxonomy.breadthDecay));

  const scores: Record<string, number> = {};
  const rawScores: Record<string, number> = {};
  const evidence: Record<string, TopicEvidence[]> = {};
  taxonomy.topics.forEach((topic, t) => {
    let damping = 0;
    const damped: TopicEvidence[] = [];
    taxonomy.cues.forEach((cue, c) => {
      const rate = cue.damp[topic.id] ?? 0;
      const strength = Math.max(0, (cueStrength[c] ?? 0) - taxonomy.cueAllowance);
      if (rate > 0 && strength > 0) {
        damping += rate * strength;
        for (const item of cueEvidence[c] ?? []) damped.push({ term: `cue:${cue.id}/${item.term}`, count: item.count });
      }
    });
    const raw = (topicRaw[t] ?? 0) * Math.exp(-damping);
    rawScores[topic.id] = raw;
    scores[topic.id] = calibrate(raw, topic.calibration);
    const terms = (topicEvidence[t] ?? []).sort((a, b) => b.count - a.count || a.term.localeCompare(b.term));
    evidence[topic.id] = terms.length > 0 ? [...terms, ...damped] : [];
  });

  const topics = taxonomy.topics
    .map((topic) => topic.id)
    .filter((id) => (scores[id] ?? 0) >= taxonomy.threshold)
    .sort((a, b) => (scores[b] ?? 0) - (scores[a] ?? 0));
  return { taxonomyVersion: taxonomy.version, topics, scores, primaryTopic: topics[0] ?? null, evidence, rawScores, matchedTokens };
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
  return strengths
    .sort((a, b) => b - a)
    .reduce((sum, strength, rank) => sum + strength * decay ** rank, 0);
}

/**
 * Maps raw evidence to a 0..1 score whose value reads as a probability of the label,
 * monotonic in the evidence: `logistic(slope × (ln(1 + raw) − offset))`, 0 when there is no evidence.
 */
export function calibrate(raw: number, { slope, offset }: { slope: number; offset: number }): number {
  if (raw <= 0) return 0;
  const score = 1 / (1 + Math.exp(-slope * (Math.log1p(raw) - offset)));
  return Math.round(score * 1000) / 1000;
}

/**
 * One pass over the tokens. At each position the longest matching pattern wins and its
 * tokens are consumed, so a cue phrase such as "Saudi Pro League" or "Iranian-made"
 * keeps its place name from also counting as a topic term.
 */
function countMatches(
  lexicon: CompiledLexicon,
  tokens: string[],
  tallies: Map<number, Tally>,
  hits: Hit[],
  field: 'title' | 'body',
  listTokens: boolean,
): void {
  const single = [''];
  const winners: Pattern[] = [];
  let i = 0;
  while (i < tokens.length) {
    const token = tokens[i] ?? '';
    let longest = 0;
    single[0] = token;
    // Only Arabic-script tokens carry clitics worth stripping; everything else is looked up as is.
    const variants = isArabicScript(token) ? tokenVariants(token) : single;
    for (const variant of variants) {
      const groups = candidateGroups(lexicon, variant);
      for (let g = 0; g < groups.length; g++) longest = considerGroup(groups[g], tokens, i, longest, winners);
      if (longest > 0) break;
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
      if (target.kind !== 'cue') hits.push({ target, field, position: i });
      if (target.kind === 'role') continue;
      const tally = tallies.get(target.key) ?? { target, body: 0, title: 0, tokens: listTokens ? new Set<string>() : null };
      tally[field] += 1;
      tally.tokens?.add(matched);
      tallies.set(target.key, tally);
    }
    winners.length = 0;
    i += longest;
  }
}

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

/** considerPattern for each of a group's patterns, whose first token already matched. */
function considerGroup(group: FirstTokenGroup | undefined, tokens: string[], start: number, longest: number, winners: Pattern[]): number {
  let result = longest;
  for (const pattern of group?.patterns ?? []) result = considerPattern(pattern, tokens, start, result, winners);
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
      } else {
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
