import widgetWords from '../../../data/html-widgets.json' with { type: 'json' };
import { BLOCK_TAGS, type DomNode, ELEMENT_NODE, SKIPPED_TAGS, TEXT_NODE, walk } from './dom.ts';

/**
 * A page's text blocks and the DOM facts their features need, for the HTML block model
 * (block-model.ts; the features themselves are block-features.ts).
 *
 * A block is what a reader sees as one paragraph: the text between two block-level boundaries
 * (`<p>`, `<li>`, `<h2>`, `<tr>`, `<div>` …), owned by the innermost block element around it.
 * One depth-first walk collects the blocks and, per element, what the features need: the
 * element's tag, its class/id/role tokens (hashed), the structure flags it passes to its
 * descendants (inside `<nav>`, `<footer>`, a list, a table, the `<article>` …), its subtree's text
 * and link characters and element count (text and link density), and how often its signature
 * (tag and classes) repeats among its siblings (cards in a grid). Everything is linear in the page.
 */

// ---------------------------------------------------------------------------
// The element view the walk needs (dom.ts's is wider; markOwners sets an attribute)

export interface DomElement extends DomNode {
  tagName: string;
  getAttribute(name: string): string | null;
  setAttribute(name: string, value: string): void;
}

// ---------------------------------------------------------------------------
// Tags (which start a block and which are never read: dom.ts's BLOCK_TAGS and SKIPPED_TAGS, as the text conversion)

/** Structure an element passes on to everything inside it. */
export const IN_NAV = 1;
export const IN_HEADER = 2;
export const IN_FOOTER = 4;
export const IN_ASIDE = 8;
export const IN_FORM = 16;
export const IN_ARTICLE = 32;
export const IN_FIGURE = 64;
export const IN_LIST = 128;
export const IN_TABLE = 256;
export const IN_LINK = 512;
export const IN_DETAILS = 1024;
export const IN_ADDRESS = 2048;
export const IN_BLOCKQUOTE = 4096;
/** Not a feature: what makes a block a caption, which kabar never keeps in the body (captions go to `captions`). */
export const IN_FIGCAPTION = 8192;

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
  const wordsOf = attributeWordsCache();
  const rootInfo = infoOf(root, null, elements, wordsOf);
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

  walk(
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
      const info = infoOf(el, parent, elements, wordsOf);
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

/** An element's attribute words and their hashes (ElementInfo.tokens; shared, never mutated). */
interface AttributeWords {
  words: string[];
  tokens: number[];
}

/**
 * `attributeTokensOf` and the hashes, once per distinct attribute string of a page: the same
 * class names repeat on most elements of a page (every card, every paragraph of a template).
 */
function attributeWordsCache(): (value: string) => AttributeWords {
  const cache = new Map<string, AttributeWords>();
  return (value) => {
    let found = cache.get(value);
    if (!found) {
      const words = attributeTokensOf(value);
      found = { words, tokens: words.map(hashToken) };
      cache.set(value, found);
    }
    return found;
  };
}

const NO_WORDS: AttributeWords = { words: [], tokens: [] };

function infoOf(el: DomElement, parent: ElementInfo | null, elements: ElementInfo[], wordsOf: (value: string) => AttributeWords): ElementInfo {
  const tag = el.tagName.toLowerCase();
  const cls = el.getAttribute('class') ?? '';
  const id = el.getAttribute('id') ?? '';
  const role = el.getAttribute('role');
  const itemprop = el.getAttribute('itemprop');
  let flags = (parent?.flags ?? 0) | (TAG_FLAGS.get(tag) ?? 0);
  if (role) flags |= ROLE_FLAGS.get(role.toLowerCase()) ?? 0;
  if (itemprop === 'articleBody') flags |= IN_ARTICLE;
  const { words, tokens } = cls || id || role || itemprop ? wordsOf(`${cls} ${id} ${role ?? ''} ${itemprop ?? ''}`) : NO_WORDS;
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
    tokens,
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
  walk(
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
