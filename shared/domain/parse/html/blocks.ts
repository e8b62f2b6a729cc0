import stopwordData from '../../../data/stopwords.json' with { type: 'json' };
import widgetWords from '../../../data/html-widgets.json' with { type: 'json' };

/**
 * A page's text blocks and their DOM features, for the HTML block model (block-model.ts).
 *
 * A block is what a reader sees as one paragraph: the text between two block-level boundaries
 * (`<p>`, `<li>`, `<h2>`, `<tr>`, `<div>` …), owned by the innermost block element around it.
 * One depth-first walk collects the blocks and, per element, what the features need: the
 * element's tag, its class/id/role tokens (hashed), the structure flags it passes to its
 * descendants (inside `<nav>`, `<footer>`, a list, a table, the `<article>` …), its subtree's text
 * and link characters and element count (text and link density), and how often its signature
 * (tag and classes) repeats among its siblings (cards in a grid). Everything is linear in the page.
 *
 * Features follow what the field has found to separate main content from boilerplate:
 * Boilerpipe's shallow text features (words, link density, text density, neighbours), CETD's
 * composite text density, Web2Text's and trafilatura's structure and class/id cues, stop-word
 * density (the language-independent cue of jusText) and Readability's own verdict as one input.
 */

// ---------------------------------------------------------------------------
// A minimal view of linkedom's DOM: the project compiles without the DOM lib.

export interface DomNode {
  nodeType: number;
  textContent: string | null;
  parentNode: DomNode | null;
  firstChild: DomNode | null;
  nextSibling: DomNode | null;
}

export interface DomElement extends DomNode {
  tagName: string;
  getAttribute(name: string): string | null;
  setAttribute(name: string, value: string): void;
}

const ELEMENT_NODE = 1;
const TEXT_NODE = 3;

/**
 * Depth-first walk without recursion. `enter` returns whether to descend;
 * `leave` runs for every node whose `enter` returned true.
 */
export function walkDom(root: DomNode, enter: (node: DomNode) => boolean, leave: (node: DomNode) => void = () => {}): void {
  let node = root.firstChild;
  while (node) {
    const descend = enter(node);
    if (descend && node.firstChild) {
      node = node.firstChild;
      continue;
    }
    if (descend) leave(node);
    while (node && node !== root && !node.nextSibling) {
      node = node.parentNode;
      if (node && node !== root) leave(node);
    }
    node = node && node !== root ? node.nextSibling : null;
  }
}

// ---------------------------------------------------------------------------
// Tags

/** Tags that start a new paragraph (as html.ts's text conversion). */
export const BLOCK_TAGS: ReadonlySet<string> = new Set([
  'address',
  'article',
  'aside',
  'blockquote',
  'caption',
  'center',
  'dd',
  'details',
  'dialog',
  'div',
  'dl',
  'dt',
  'fieldset',
  'figcaption',
  'figure',
  'footer',
  'form',
  'h1',
  'h2',
  'h3',
  'h4',
  'h5',
  'h6',
  'header',
  'hgroup',
  'hr',
  'li',
  'main',
  'nav',
  'ol',
  'p',
  'pre',
  'section',
  'summary',
  'table',
  'tbody',
  'tfoot',
  'thead',
  'tr',
  'ul',
]);

/** Never text a reader sees. */
export const SKIPPED_TAGS: ReadonlySet<string> = new Set([
  'script',
  'style',
  'noscript',
  'template',
  'iframe',
  'object',
  'embed',
  'svg',
  'canvas',
  'head',
  'title',
  'button',
  'select',
  'textarea',
  'input',
  'audio',
  'video',
  'picture',
  'img',
  'map',
]);

/** Structure an element passes on to everything inside it. */
const IN_NAV = 1;
const IN_HEADER = 2;
const IN_FOOTER = 4;
const IN_ASIDE = 8;
const IN_FORM = 16;
const IN_ARTICLE = 32;
const IN_FIGURE = 64;
const IN_LIST = 128;
const IN_TABLE = 256;
const IN_LINK = 512;
const IN_DETAILS = 1024;
const IN_ADDRESS = 2048;
const IN_BLOCKQUOTE = 4096;
/** Not a feature: what makes a block a caption, which kabar never keeps in the body (captions go to `captions`). */
const IN_FIGCAPTION = 8192;

const TAG_FLAGS: ReadonlyMap<string, number> = new Map([
  ['nav', IN_NAV],
  ['menu', IN_NAV],
  ['header', IN_HEADER],
  ['footer', IN_FOOTER],
  ['aside', IN_ASIDE],
  ['form', IN_FORM],
  ['article', IN_ARTICLE],
  ['main', IN_ARTICLE],
  ['figure', IN_FIGURE],
  ['figcaption', IN_FIGURE | IN_FIGCAPTION],
  ['ul', IN_LIST],
  ['ol', IN_LIST],
  ['dl', IN_LIST],
  ['table', IN_TABLE],
  ['a', IN_LINK],
  ['details', IN_DETAILS],
  ['address', IN_ADDRESS],
  ['blockquote', IN_BLOCKQUOTE],
]);

const ROLE_FLAGS: ReadonlyMap<string, number> = new Map([
  ['navigation', IN_NAV],
  ['menu', IN_NAV],
  ['menubar', IN_NAV],
  ['banner', IN_HEADER],
  ['contentinfo', IN_FOOTER],
  ['complementary', IN_ASIDE],
  ['main', IN_ARTICLE],
  ['article', IN_ARTICLE],
]);

// ---------------------------------------------------------------------------
// Class, id and role tokens

/**
 * Words of an element's class, id, role and itemprop, hashed (FNV-1a, 32 bits):
 * `class="post-content relatedPosts"` → hashes of post, content, related, posts.
 * Digits and one-letter pieces carry no meaning across sites and are dropped.
 */
export function attributeTokensOf(value: string): string[] {
  const out: string[] = [];
  for (const piece of value.split(/[^A-Za-z]+/)) {
    if (!piece) continue;
    for (const word of piece.replace(/([a-z])([A-Z])/g, '$1 $2').split(' ')) {
      if (word.length >= 2 && word.length <= 24) out.push(word.toLowerCase());
    }
  }
  return out;
}

export function hashToken(token: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < token.length; i++) {
    h ^= token.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/** Widget words (shared/data/html-widgets.json) by reason: a prior the model weighs, and the name a removal carries. */
const WIDGET_WORDS: ReadonlyMap<string, string> = new Map(
  Object.entries(widgetWords.reasons).flatMap(([reason, words]) => words.map((word) => [word, reason] as const)),
);

// ---------------------------------------------------------------------------
// The walk

/** What the walk knows of one element. */
export interface ElementInfo {
  id: number;
  el: DomElement;
  parent: ElementInfo | null;
  tag: string;
  /** Own structure flags OR the parent's. */
  flags: number;
  /** Hashes of the element's own class/id/role/itemprop words. */
  tokens: number[];
  /** The widget reason a class/id word of this element or an ancestor names (`related-widget`), or null: a feature. */
  widget: string | null;
  /** As `widget`, whole class names too (`baca-juga` → bacajuga): the kind a removal is reported as. */
  widgetKind: string | null;
  depth: number;
  /** Tag and class: siblings that share it are repeated cards or plain paragraphs. */
  signature: string;
  hasClass: boolean;
  /** Children's signatures and how often each occurs, filled as children are entered. */
  childSignatures: Map<string, number> | null;
  /** Subtree totals, complete once the element is left. */
  chars: number;
  linkChars: number;
  elements: number;
}

export interface HtmlBlock {
  /** Whitespace-normalised; `<br>` breaks kept as newlines; `<pre>` kept as written. */
  text: string;
  owner: ElementInfo;
  /** Non-space characters, and those inside links. */
  chars: number;
  linkChars: number;
}

export interface PageBlocks {
  blocks: HtmlBlock[];
  elements: ElementInfo[];
  /**
   * The owner id of every text node read: Readability moves text nodes into the elements it
   * rebuilds (a `<div>` becomes a `<p>`), so the node itself, not its parent, says whose text it kept.
   */
  ownerOfText: WeakMap<DomNode, number>;
}

const SPACES = /[ \t\f\r\n\u00a0]+/g;

/**
 * The page's blocks in reading order, with the element facts their features need.
 *
 * @example segmentBlocks(body) // `<p>A<br>B</p><ul><li>C</li></ul>` → blocks 'A\nB' (p), 'C' (li)
 */
export function segmentBlocks(root: DomElement): PageBlocks {
  const blocks: HtmlBlock[] = [];
  const elements: ElementInfo[] = [];
  const ownerOfText = new WeakMap<DomNode, number>();
  const rootInfo = infoOf(root, null, elements);
  const stack: ElementInfo[] = [rootInfo];
  let blockOwner: ElementInfo = rootInfo;
  const ownerStack: ElementInfo[] = [rootInfo];
  let parts: string[] = [];
  let chars = 0;
  let linkChars = 0;
  let linkDepth = 0;
  let preDepth = 0;

  const flush = () => {
    if (parts.length === 0) return;
    const joined = parts.join('');
    parts = [];
    const lines = joined.split('\n').map((line) => (preDepth > 0 ? line.trimEnd() : line.replace(SPACES, ' ').trim()));
    const text = lines.filter((line, i) => line || (preDepth > 0 && i > 0 && i < lines.length - 1)).join('\n');
    if (text && chars > 0) blocks.push({ text, owner: blockOwner, chars, linkChars });
    chars = 0;
    linkChars = 0;
  };

  walkDom(
    root,
    (node) => {
      if (node.nodeType === TEXT_NODE) {
        const raw = node.textContent ?? '';
        const visible = countNonSpace(raw);
        if (visible === 0 && parts.length === 0) return false;
        parts.push(preDepth > 0 ? raw : raw.replace(SPACES, ' '));
        if (visible > 0) ownerOfText.set(node, blockOwner.id);
        chars += visible;
        if (linkDepth > 0) linkChars += visible;
        const top = stack[stack.length - 1] as ElementInfo;
        top.chars += visible;
        if (linkDepth > 0) top.linkChars += visible;
        return false;
      }
      if (node.nodeType !== ELEMENT_NODE) return false;
      const el = node as DomElement;
      const tag = el.tagName.toLowerCase();
      if (SKIPPED_TAGS.has(tag) || el.getAttribute('hidden') !== null || el.getAttribute('aria-hidden') === 'true') return false;
      if (tag === 'br') {
        parts.push('\n');
        return false;
      }
      const parent = stack[stack.length - 1] as ElementInfo;
      const info = infoOf(el, parent, elements);
      stack.push(info);
      if (tag === 'a') linkDepth++;
      if (tag === 'pre') preDepth++;
      if (tag === 'td' || tag === 'th') parts.push(' ');
      else if (BLOCK_TAGS.has(tag)) {
        flush();
        ownerStack.push(info);
        blockOwner = info;
      }
      return true;
    },
    (node) => {
      const info = stack.pop() as ElementInfo;
      const tag = info.tag;
      if (BLOCK_TAGS.has(tag)) {
        flush();
        ownerStack.pop();
        blockOwner = ownerStack[ownerStack.length - 1] as ElementInfo;
      }
      if (tag === 'a') linkDepth--;
      if (tag === 'pre') preDepth--;
      const parent = info.parent;
      if (parent) {
        parent.chars += info.chars;
        parent.linkChars += info.linkChars;
        parent.elements += info.elements + 1;
      }
      void node;
    },
  );
  flush();
  return { blocks, elements, ownerOfText };
}

function infoOf(el: DomElement, parent: ElementInfo | null, elements: ElementInfo[]): ElementInfo {
  const tag = el.tagName.toLowerCase();
  const cls = el.getAttribute('class') ?? '';
  const id = el.getAttribute('id') ?? '';
  const role = el.getAttribute('role');
  const itemprop = el.getAttribute('itemprop');
  let flags = (parent?.flags ?? 0) | (TAG_FLAGS.get(tag) ?? 0);
  if (role) flags |= ROLE_FLAGS.get(role.toLowerCase()) ?? 0;
  if (itemprop === 'articleBody') flags |= IN_ARTICLE;
  const words = cls || id || role || itemprop ? attributeTokensOf(`${cls} ${id} ${role ?? ''} ${itemprop ?? ''}`) : [];
  let widget = parent?.widget ?? null;
  if (widget === null && tag !== 'body' && tag !== 'html' && tag !== 'main' && tag !== 'article') {
    for (const w of words) {
      widget = WIDGET_WORDS.get(w) ?? null;
      if (widget) break;
    }
  }
  let widgetKind = parent?.widgetKind ?? widget;
  if (widgetKind === null && cls && tag !== 'body' && tag !== 'html') {
    for (const name of `${cls} ${id}`.split(/\s+/)) {
      widgetKind = WIDGET_WORDS.get(name.toLowerCase().replace(/[-_]/g, '')) ?? null;
      if (widgetKind) break;
    }
  }
  const signature = cls ? `${tag}.${cls.trim().replace(/\s+/g, '.')}` : tag;
  const info: ElementInfo = {
    id: elements.length,
    el,
    parent,
    tag,
    flags,
    tokens: words.map(hashToken),
    widget,
    widgetKind: widgetKind ?? widget,
    depth: parent ? parent.depth + 1 : 0,
    signature,
    hasClass: cls.trim() !== '',
    childSignatures: null,
    chars: 0,
    linkChars: 0,
    elements: 0,
  };
  if (parent) {
    parent.childSignatures ??= new Map();
    parent.childSignatures.set(signature, (parent.childSignatures.get(signature) ?? 0) + 1);
  }
  elements.push(info);
  return info;
}

function countNonSpace(text: string): number {
  let n = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c > 32 && c !== 160) n++;
  }
  return n;
}

// ---------------------------------------------------------------------------
// Readability's verdict

/** The attribute that carries an owner's id through Readability (which keeps attributes other than class and style). */
export const OWNER_ATTRIBUTE = 'data-kabar-block';

/** Marks every element that owns a block, so Readability's output can be traced back to blocks. */
export function markOwners(page: PageBlocks): void {
  const seen = new Set<number>();
  for (const block of page.blocks) {
    if (seen.has(block.owner.id)) continue;
    seen.add(block.owner.id);
    block.owner.el.setAttribute(OWNER_ATTRIBUTE, String(block.owner.id));
  }
}

/**
 * Non-space characters of Readability's output per owner id: each text node is traced to the block
 * it was read in; a node Readability made anew (it re-parses the page when a first attempt finds too
 * little) counts for the nearest marked element around it.
 */
export function readabilityCharsByOwner(content: DomNode, page: Pick<PageBlocks, 'ownerOfText'>): Map<number, number> {
  const kept = new Map<number, number>();
  const owners: number[] = [-1];
  walkDom(
    content,
    (node) => {
      if (node.nodeType === TEXT_NODE) {
        const owner = page.ownerOfText.get(node) ?? (owners[owners.length - 1] as number);
        if (owner >= 0) kept.set(owner, (kept.get(owner) ?? 0) + countNonSpace(node.textContent ?? ''));
        return false;
      }
      if (node.nodeType !== ELEMENT_NODE) return false;
      const mark = (node as DomElement).getAttribute(OWNER_ATTRIBUTE);
      owners.push(mark === null ? (owners[owners.length - 1] as number) : Number(mark));
      return true;
    },
    () => {
      owners.pop();
    },
  );
  return kept;
}

// ---------------------------------------------------------------------------
// Features

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

/**
 * What a removed block was, for its removal reason: the structure around it (`navigation`,
 * `footer`, `caption` …), else the widget its class names, else a run of links, else `boilerplate`.
 */
export function blockKindOf(block: HtmlBlock): string {
  const { owner } = block;
  const f = owner.flags;
  if (owner.tag === 'figcaption' || owner.tag === 'caption' || (f & IN_FIGURE) !== 0) return 'caption';
  if (f & IN_NAV) return 'navigation';
  if (owner.widgetKind) return owner.widgetKind;
  if (f & IN_FOOTER) return 'footer';
  if (f & IN_HEADER) return 'header';
  if (f & IN_ASIDE) return 'aside';
  if (f & IN_FORM) return 'form';
  if (f & IN_ADDRESS) return 'byline';
  if (block.chars > 0 && block.linkChars / block.chars >= 0.5) return 'links';
  return 'boilerplate';
}

/**
 * A figure caption (`<figcaption>`, or an element a caption class names: `wp-caption-text`): kabar's
 * convention is that captions and credits leave the body, whatever a page's reviewers decided.
 */
export function isCaptionBlock(block: HtmlBlock): boolean {
  return (block.owner.flags & IN_FIGCAPTION) !== 0 || block.owner.widgetKind === 'caption';
}
