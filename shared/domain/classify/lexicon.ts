import { tokenize, tokenVariants } from '../text/normalize.ts';
import relationsData from '../../data/relations.json' with { type: 'json' };
import { isRelationKind, type RelationKind, type RelationsData, relationEntries } from './relations.ts';
import type { ParsedTaxonomy, TaxonomyEntry } from './taxonomy.ts';

/**
 * The lexicon: every form of every taxonomy entry compiled into token patterns bucketed by their
 * first token, and the one pass over an article's tokens that finds the longest match at each
 * position (shield phrases consume their tokens) and counts role words near their topic's terms.
 */

export interface Target {
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

export interface CompiledLexicon {
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
  /**
   * What the fourth code unit of a token may be (fourthOf) for some group to match it; null: anything
   * (a three-letter stem). Most tokens sharing three letters with a form part from it at the fourth.
   */
  fourths: Set<number> | null;
}

/** Patterns sharing one first token ("foreign minister", "foreign ministry", …), so the article token is compared once. */
interface FirstTokenGroup {
  first: TokenMatcher;
  patterns: Pattern[];
}

/** Topic entries lighter than this mark a loose association and do not anchor roles. */
const MIN_ROLE_ANCHOR_WEIGHT = 1;

/** Prefix stems shorter than this would match too much; they are matched exactly instead. */
const PREFIX_KEY_LENGTH = 3;

export function compileLexicon(taxonomy: ParsedTaxonomy): CompiledLexicon {
  const lexicon: CompiledLexicon = { byPrefix: new Map(), short: new Map(), candidates: new Map() };
  let key = 0;
  const addEntries = (kind: Target['kind'], group: number, entries: Array<TaxonomyEntry & { window?: number }>) => {
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
    bucket = { groups: [], exact: new Map<string, number>(), prefixes: [], fourths: new Set() };
    map.set(key, bucket);
  }
  if (first.prefix && first.text.length <= PREFIX_KEY_LENGTH) bucket.fourths = null;
  else bucket.fourths?.add(fourthOf(first.text));
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
export interface Hit {
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
  /** A role word counted as evidence (next to a term of its topic); topic terms always count. */
  counted?: boolean;
}

export interface Tally {
  target: Target;
  body: number;
  title: number;
  /** The article tokens that matched; null when the caller does not list them. */
  tokens: Set<string> | null;
}

/**
 * One pass over the tokens. At each position the longest matching pattern wins and its
 * tokens are consumed, so a shield phrase such as "Saudi Pro League" or "Iranian-made"
 * keeps its place name from also counting as a topic term.
 */
export function countMatches(
  lexicon: CompiledLexicon,
  tokens: string[],
  start: number,
  end: number,
  sentence: number,
  tallies: Map<number, Tally>,
  hits: Hit[],
  relatedHits: Hit[],
  field: 'title' | 'body',
  listTokens: boolean,
): void {
  // Scratch space shared by all calls (matching is synchronous): a call per sentence allocates nothing up front.
  const single = SINGLE;
  const winners = WINNERS;
  const related = RELATED;
  related.longest = 0;
  if (related.winners.length > 0) related.winners = [];
  // Where the last relation match ends: a phrase's later tokens do not count again.
  let relatedEnd = start;
  let i = start;
  while (i < end) {
    const token = tokens[i] ?? '';
    let longest = 0;
    related.longest = 0;
    single[0] = token;
    // Only Arabic-script tokens carry clitics worth stripping; everything else is looked up as is.
    const variants = isArabicScript(token) ? tokenVariants(token) : single;
    for (const variant of variants) {
      const groups = candidateGroups(lexicon, variant);
      for (let g = 0; g < groups.length; g++) longest = considerGroup(groups[g], tokens, i, end, longest, winners, related);
      if (longest > 0) break;
    }
    if (related.longest > 0) {
      if (i >= relatedEnd) pushRelated(related, relatedHits, field, i, sentence, token);
      relatedEnd = Math.max(relatedEnd, i + related.longest);
      related.winners = [];
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
      hits.push({ target, field, position: i, length: longest, sentence, surface: token });
      if (target.kind === 'role' || target.kind === 'action' || target.kind === 'state') continue;
      const tally = tallies.get(target.key) ?? { target, body: 0, title: 0, tokens: listTokens ? new Set<string>() : null };
      tally[field] += 1;
      tally.tokens?.add(matched);
      tallies.set(target.key, tally);
    }
    winners.length = 0;
    // A topic phrase consumes its tokens; the relation words inside it ("minister of foreign affairs") still count.
    for (let k = i + 1; k < i + longest; k++) {
      if (k < relatedEnd || !relatedAt(lexicon, tokens, k, end, related, single)) continue;
      pushRelated(related, relatedHits, field, k, sentence, tokens[k] ?? '');
      relatedEnd = k + related.longest;
      related.winners = [];
    }
    i += longest;
  }
}

const SINGLE = [''];
const WINNERS: Pattern[] = [];
const RELATED: RelatedMatches = { longest: 0, winners: [] };

/** Only the relation-layer patterns at position k (the topic patterns there were consumed): whether any matched. */
function relatedAt(lexicon: CompiledLexicon, tokens: string[], k: number, end: number, related: RelatedMatches, single: string[]): boolean {
  const token = tokens[k] ?? '';
  related.longest = 0;
  single[0] = token;
  const variants = isArabicScript(token) ? tokenVariants(token) : single;
  for (const variant of variants) {
    const groups = candidateGroups(lexicon, variant);
    for (let g = 0; g < groups.length; g++) considerGroup(groups[g], tokens, k, end, Number.MAX_SAFE_INTEGER, NO_WINNERS, related);
    if (related.longest > 0) return true;
  }
  return false;
}

/** Never filled: topic patterns cannot beat a longest of MAX_SAFE_INTEGER. */
const NO_WINNERS: Pattern[] = [];

const NO_GROUPS: readonly FirstTokenGroup[] = [];
const CANDIDATE_CACHE_LIMIT = 50_000;

/** A token's fourth code unit (10 bits, as prefixKey packs them), or -1 for a token of three. */
function fourthOf(token: string): number {
  return token.length > PREFIX_KEY_LENGTH ? token.charCodeAt(PREFIX_KEY_LENGTH) & 0x3ff : -1;
}

/** The groups whose first token `token` matches, in the order countMatches tries them (see CompiledLexicon.candidates). */
function candidateGroups(lexicon: CompiledLexicon, token: string): readonly FirstTokenGroup[] {
  // Most tokens share their first three or four characters with no lexicon form: integer look-ups settle them without hashing the token.
  if (token.length >= PREFIX_KEY_LENGTH) {
    const bucket = lexicon.byPrefix.get(prefixKey(token));
    if (bucket === undefined || (bucket.fourths !== null && !bucket.fourths.has(fourthOf(token)))) return NO_GROUPS;
  }
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
  end: number,
  longest: number,
  winners: Pattern[],
  related: RelatedMatches,
): number {
  if (group === undefined) return longest;
  let result = longest;
  const patterns = group.patterns;
  for (let p = 0; p < patterns.length; p++) {
    const pattern = patterns[p] as Pattern;
    if (pattern.relation) related.longest = considerPattern(pattern, tokens, start, end, related.longest, related.winners);
    else result = considerPattern(pattern, tokens, start, end, result, winners);
  }
  return result;
}

/** Keeps the longest patterns matching at `start` (within tokens before `end`) in `winners`; returns the new longest length. */
function considerPattern(pattern: Pattern, tokens: string[], start: number, end: number, longest: number, winners: Pattern[]): number {
  const length = pattern.tokens.length;
  if (length < longest || start + length > end || !restMatches(pattern, tokens, start)) return longest;
  // Setting an array's length is a runtime call: only when there is something to forget.
  if (length > longest && winners.length > 0) winners.length = 0;
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
export function countRolesNearTopicTerms(hits: Hit[], tallies: Map<number, Tally>, listTokens: boolean): void {
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
    hit.counted = true;
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
