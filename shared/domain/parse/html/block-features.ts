import stopwordData from '../../../data/stopwords.json' with { type: 'json' };
import {
  type ElementInfo,
  hashToken,
  type HtmlBlock,
  IN_ADDRESS,
  IN_ARTICLE,
  IN_ASIDE,
  IN_BLOCKQUOTE,
  IN_DETAILS,
  IN_FIGURE,
  IN_FOOTER,
  IN_FORM,
  IN_HEADER,
  IN_LINK,
  IN_LIST,
  IN_NAV,
  IN_TABLE,
  type PageBlocks,
} from './blocks.ts';

/**
 * The features of a page's blocks (blocks.ts segments them) for the HTML block model
 * (block-model.ts): one vector per block in BLOCK_FEATURES order, the class/id token scores
 * training recomputes per fold, and the stop-word filter a model file carries.
 *
 * Features follow what the field has found to separate main content from boilerplate:
 * Boilerpipe's shallow text features (words, link density, text density, neighbours), CETD's
 * composite text density, Web2Text's and trafilatura's structure and class/id cues, stop-word
 * density (the language-independent cue of jusText) and Readability's own verdict as one input.
 */

/** Learned log-odds (content minus boilerplate) of class/id tokens, by hash; absent tokens weigh 0. */
export type TokenWeights = ReadonlyMap<number, number>;

const STOPWORDS: ReadonlySet<string> = new Set((stopwordData as { words: string }).words.split(' '));
const WORD = /[\p{L}\p{N}_]+/gu;

export const BLOCK_FEATURES = [
  'logWords',
  'logChars',
  'linkDensity',
  'stopwordRatio',
  'punctuationRatio',
  'sentenceEnd',
  'digitRatio',
  'capitalisedRatio',
  'meanWordLength',
  'commas',
  'endsWithColon',
  'repeatedText',
  'tagP',
  'tagLi',
  'headingLevel',
  'tagTableRow',
  'tagContainer',
  'tagQuoteOrPre',
  'tagDefinitionOrSummary',
  'tagCaption',
  'inNav',
  'inHeader',
  'inFooter',
  'inAside',
  'inForm',
  'inArticle',
  'inFigure',
  'inList',
  'inTable',
  'inLink',
  'inDetails',
  'inAddress',
  'inBlockquote',
  'ownTokens',
  'ancestorTokensMin',
  'ancestorTokensMax',
  'ancestorTokensSum',
  'widgetWord',
  'position',
  'charsBefore',
  'depth',
  'ownerTextDensity',
  'parentLinkDensity',
  'parentLogChars',
  'repeatedCard',
  'repeatedCardHasClass',
  'readabilityShare',
  'readabilityPageShare',
  'readabilityFound',
  'readabilityDistance',
  'prevLogWords',
  'nextLogWords',
  'prevLinkDensity',
  'nextLinkDensity',
  'prevReadability',
  'nextReadability',
  'pageLogBlocks',
  'afterHeadline',
  'isHeadline',
] as const;

export type BlockFeatureName = (typeof BLOCK_FEATURES)[number];

/** What the features need besides the blocks. */
export interface FeatureContext {
  tokenWeights: TokenWeights;
  /** Readability's output characters per owner id; null when Readability found nothing or did not run. */
  readability: Map<number, number> | null;
  /** The page's headline (og:title, h1), to find where the article starts. */
  headline: string | null;
  /** Stop-word test on a lower-cased word; the model's own list (stopwordFilterOf) or, by default, shared/data/stopwords.json. */
  isStopword?: (lower: string) => boolean;
}

/** Bits of the stop-word filter: 2^17, two hashes per word (≈4% false positives at 14 000 words). */
export const STOPWORD_BITS = 1 << 17;

function stopwordHashes(word: string): [number, number] {
  const h = hashToken(word);
  return [h % STOPWORD_BITS, (((h >>> 15) ^ Math.imul(h, 0x9e3779b1)) >>> 0) % STOPWORD_BITS];
}

/** A Bloom filter over `words` as base64, the form the model file carries. */
export function stopwordBitsOf(words: Iterable<string>): string {
  const bits = new Uint8Array(STOPWORD_BITS / 8);
  for (const word of words) {
    for (const h of stopwordHashes(word)) {
      const at = h % STOPWORD_BITS;
      bits[at >> 3] = (bits[at >> 3] as number) | (1 << (at & 7));
    }
  }
  return Buffer.from(bits).toString('base64');
}

/** The stop-word test a model's filter stands for. */
export function stopwordFilterOf(base64: string): (lower: string) => boolean {
  const bits = Uint8Array.from(Buffer.from(base64, 'base64'));
  return (word) => {
    for (const h of stopwordHashes(word)) {
      const at = h % STOPWORD_BITS;
      if (((bits[at >> 3] as number) & (1 << (at & 7))) === 0) return false;
    }
    return true;
  };
}

const isSharedStopword = (lower: string) => STOPWORDS.has(lower);

const TOKEN_CLAMP = 4;

/** Per block, its feature vector in BLOCK_FEATURES order. */
export function blockFeatures(page: PageBlocks, context: FeatureContext): Float64Array[] {
  const { blocks, elements } = page;
  const n = blocks.length;
  const width = BLOCK_FEATURES.length;
  const out: Float64Array[] = [];
  if (n === 0) return out;

  const parents = elements.map((info) => info.parent?.id ?? -1);
  const tokenColumns = tokenScoresOf(
    parents,
    elements.map((info) => info.tokens),
    blocks.map((b) => b.owner.id),
    context.tokenWeights,
  );

  // Owner-level Readability share; blocks sharing an owner share its verdict.
  const ownerChars = new Map<number, number>();
  for (const b of blocks) ownerChars.set(b.owner.id, (ownerChars.get(b.owner.id) ?? 0) + b.chars);
  const rd = new Float64Array(n);
  let totalChars = 0;
  let rdChars = 0;
  for (let i = 0; i < n; i++) {
    const b = blocks[i] as HtmlBlock;
    totalChars += b.chars;
    const kept = context.readability?.get(b.owner.id) ?? 0;
    const share = Math.min(1, kept / Math.max(1, ownerChars.get(b.owner.id) ?? 1));
    rd[i] = share;
    rdChars += share * b.chars;
  }
  const rdDistance = distancesTo(n, (i) => (rd[i] as number) >= 0.5);

  const textCounts = new Map<string, number>();
  for (const b of blocks) textCounts.set(b.text, (textCounts.get(b.text) ?? 0) + 1);

  const headline = context.headline ? normalisedText(context.headline) : null;
  let headlineAt = -1;
  if (headline) {
    for (let i = 0; i < n; i++) {
      if (normalisedText((blocks[i] as HtmlBlock).text) === headline) {
        headlineAt = i;
        break;
      }
    }
  }

  const words = new Float64Array(n);
  const links = new Float64Array(n);
  const isStopword = context.isStopword ?? isSharedStopword;
  let before = 0;
  for (let i = 0; i < n; i++) {
    const b = blocks[i] as HtmlBlock;
    const x = new Float64Array(width);
    const text = b.text;
    const tokens = text.match(WORD) ?? [];
    const w = tokens.length;
    let stop = 0;
    let capitalised = 0;
    let digits = 0;
    let wordChars = 0;
    for (const t of tokens) {
      wordChars += t.length;
      const lower = t.toLowerCase();
      if (isStopword(lower)) stop++;
      const c = t.charCodeAt(0);
      if (c >= 48 && c <= 57) digits++;
      else if (lower !== t) capitalised++;
    }
    let punctuation = 0;
    let commas = 0;
    for (let k = 0; k < text.length; k++) {
      const c = text.charCodeAt(k);
      if (c === 44 || c === 0x060c || c === 0x3001) commas++;
      if (c === 44 || c === 46 || c === 59 || c === 58 || c === 33 || c === 63 || c === 0x060c || c === 0x3002) punctuation++;
    }
    const last = text.trimEnd().slice(-1);
    const owner = b.owner;
    const tag = owner.tag;
    const f = owner.flags;
    words[i] = Math.log1p(w);
    links[i] = b.chars ? b.linkChars / b.chars : 0;
    let k = 0;
    x[k++] = words[i] as number;
    x[k++] = Math.log1p(b.chars);
    x[k++] = links[i] as number;
    x[k++] = w ? stop / w : 0;
    x[k++] = b.chars ? punctuation / b.chars : 0;
    x[k++] = /[.!?…。؟"”’»)]/.test(last) ? 1 : 0;
    x[k++] = w ? digits / w : 0;
    x[k++] = w ? capitalised / w : 0;
    x[k++] = w ? wordChars / w : 0;
    x[k++] = Math.log1p(commas);
    x[k++] = last === ':' ? 1 : 0;
    x[k++] = (textCounts.get(text) ?? 0) > 1 ? 1 : 0;
    x[k++] = tag === 'p' ? 1 : 0;
    x[k++] = tag === 'li' ? 1 : 0;
    x[k++] = tag.length === 2 && tag[0] === 'h' && tag[1] !== 'r' ? Number(tag[1]) : 0;
    x[k++] = tag === 'tr' || tag === 'table' || tag === 'tbody' || tag === 'thead' ? 1 : 0;
    x[k++] = tag === 'div' || tag === 'section' || tag === 'article' || tag === 'main' || tag === 'body' ? 1 : 0;
    x[k++] = tag === 'blockquote' || tag === 'pre' ? 1 : 0;
    x[k++] = tag === 'dt' || tag === 'dd' || tag === 'summary' || tag === 'details' ? 1 : 0;
    x[k++] = tag === 'figcaption' || tag === 'caption' ? 1 : 0;
    for (const bit of [
      IN_NAV,
      IN_HEADER,
      IN_FOOTER,
      IN_ASIDE,
      IN_FORM,
      IN_ARTICLE,
      IN_FIGURE,
      IN_LIST,
      IN_TABLE,
      IN_LINK,
      IN_DETAILS,
      IN_ADDRESS,
      IN_BLOCKQUOTE,
    ]) {
      x[k++] = f & bit ? 1 : 0;
    }
    const tokenScores = tokenColumns[i] as Float64Array;
    for (let t = 0; t < TOKEN_FEATURE_COUNT; t++) x[k++] = tokenScores[t] as number;
    x[k++] = owner.widget === null ? 0 : 1;
    x[k++] = n > 1 ? i / (n - 1) : 0;
    x[k++] = totalChars ? before / totalChars : 0;
    x[k++] = Math.min(owner.depth, 60) / 10;
    x[k++] = Math.log1p(owner.chars / (owner.elements + 1));
    const parent = owner.parent ?? owner;
    x[k++] = parent.chars ? parent.linkChars / parent.chars : 0;
    x[k++] = Math.log1p(parent.chars);
    const card = repeatedCardOf(owner);
    x[k++] = Math.log1p(card.count);
    x[k++] = card.hasClass ? 1 : 0;
    x[k++] = rd[i] as number;
    x[k++] = totalChars ? rdChars / totalChars : 0;
    x[k++] = context.readability && context.readability.size > 0 ? 1 : 0;
    x[k++] = Math.log1p(rdDistance[i] as number);
    out.push(x);
    before += b.chars;
  }
  // Neighbour features need every block's own first.
  const base = BLOCK_FEATURES.indexOf('prevLogWords');
  for (let i = 0; i < n; i++) {
    const x = out[i] as Float64Array;
    let k = base;
    x[k++] = i > 0 ? (words[i - 1] as number) : 0;
    x[k++] = i + 1 < n ? (words[i + 1] as number) : 0;
    x[k++] = i > 0 ? (links[i - 1] as number) : 0;
    x[k++] = i + 1 < n ? (links[i + 1] as number) : 0;
    x[k++] = i > 0 ? (rd[i - 1] as number) : 0;
    x[k++] = i + 1 < n ? (rd[i + 1] as number) : 0;
    x[k++] = Math.log1p(n);
    x[k++] = headlineAt < 0 ? 0 : i > headlineAt ? 1 : -1;
    x[k++] = i === headlineAt ? 1 : 0;
  }
  return out;
}

/** Where the class/id token features sit in BLOCK_FEATURES: training recomputes them per fold. */
export const TOKEN_FEATURE_START = BLOCK_FEATURES.indexOf('ownTokens');
export const TOKEN_FEATURE_COUNT = 4;

/**
 * Per block, its owner's class/id token scores: the owner's own (sum of its tokens' weights,
 * clamped), and the least, greatest and summed score over the owner and its ancestors.
 * `parents[e]` is element e's parent (-1 at the root, parents before children), `owners[b]` block b's owner.
 */
export function tokenScoresOf(
  parents: ArrayLike<number>,
  tokens: readonly (readonly number[])[],
  owners: ArrayLike<number>,
  weights: TokenWeights,
): Float64Array[] {
  const count = parents.length;
  const own = new Float64Array(count);
  const low = new Float64Array(count);
  const high = new Float64Array(count);
  const sum = new Float64Array(count);
  for (let e = 0; e < count; e++) {
    let s = 0;
    for (const t of tokens[e] ?? []) s += weights.get(t) ?? 0;
    s = Math.max(-TOKEN_CLAMP, Math.min(TOKEN_CLAMP, s));
    own[e] = s;
    const p = parents[e] as number;
    low[e] = p >= 0 ? Math.min(low[p] as number, s) : s;
    high[e] = p >= 0 ? Math.max(high[p] as number, s) : s;
    sum[e] = Math.max(-3 * TOKEN_CLAMP, Math.min(3 * TOKEN_CLAMP, (p >= 0 ? (sum[p] as number) : 0) + s));
  }
  const out: Float64Array[] = [];
  for (let b = 0; b < owners.length; b++) {
    const e = owners[b] as number;
    out.push(Float64Array.of(own[e] as number, low[e] as number, high[e] as number, sum[e] as number));
  }
  return out;
}

/** The most repeated signature among the owner and its four nearest ancestors, as siblings count it. */
function repeatedCardOf(owner: ElementInfo): { count: number; hasClass: boolean } {
  let best = 0;
  let hasClass = false;
  let node: ElementInfo | null = owner;
  for (let level = 0; level < 5 && node?.parent; level++) {
    const count = node.parent.childSignatures?.get(node.signature) ?? 0;
    if (count > best) {
      best = count;
      hasClass = node.hasClass;
    }
    node = node.parent;
  }
  return { count: best, hasClass };
}

/** Per index, blocks to the nearest index where `hit` holds (n when none does). */
function distancesTo(n: number, hit: (i: number) => boolean): Float64Array {
  const d = new Float64Array(n).fill(n);
  let last = -1;
  for (let i = 0; i < n; i++) {
    if (hit(i)) last = i;
    if (last >= 0) d[i] = i - last;
  }
  last = -1;
  for (let i = n - 1; i >= 0; i--) {
    if (hit(i)) last = i;
    if (last >= 0) d[i] = Math.min(d[i] as number, last - i);
  }
  return d;
}

function normalisedText(text: string): string {
  return text.toLowerCase().replace(/[^\p{L}\p{N}]+/gu, '');
}
