import type { Removal } from './article.ts';
import { ArticleRejectedError } from './errors.ts';
import widgetWords from '../data/html-widgets.json' with { type: 'json' };
import {
  type DomElement as BlockElement,
  type DomNode as BlockNode,
  markOwners,
  type PageBlocks,
  readabilityCharsByOwner,
  segmentBlocks,
} from './html-blocks.ts';
import { bundledHtmlModel, decideBlocks } from './html-model.ts';

/**
 * HTML main-content extraction for the parse stage.
 *
 * linkedom builds a DOM without running scripts or fetching anything (no
 * `<script>`, `<iframe>`, `<img>` or `<meta http-equiv=refresh>` has any
 * effect), and @mozilla/readability picks the article inside it. Both are
 * heavy, so they load on first use only: text uploads never pay for them.
 *
 * Readability's scoring is super-linear in nesting depth (depth 300 already
 * costs ~0.7 s, depth 10 000 overflows the stack), so absurdly nested markup
 * goes through a linear tag-stripping scanner instead of a DOM.
 */

/** What an HTML page declared, as found; parse.ts normalises dates, names and language codes. */
export interface HtmlArticle {
  title: string | null;
  /** Paragraphs separated by blank lines; `<br>` breaks become single newlines. */
  text: string;
  publishedAt: string | null;
  authors: string[];
  url: string | null;
  source: string | null;
  language: string | null;
  extra: Record<string, unknown>;
  removed: Removal[];
  /** The block model judged the text (cleaning keeps it); false on the linear path for absurd nesting. */
  judged: boolean;
}

/** Nesting beyond this is not a real page: real news pages stay under ~40. */
const MAX_DOM_DEPTH = 100;
/** Non-link characters an extracted article needs: a news brief has more, a "page not found" notice less. */
const MIN_ARTICLE_CHARS = 80;
/** Above this share of characters inside links, a block is navigation, not prose. */
const MAX_LINK_DENSITY = 0.5;
/** Readability costs ~0.25 ms per element; past this many, the cheaper article/paragraph fallback reads the page. */
const MAX_READABILITY_ELEMENTS = 15_000;
/** Bounds on what `removed` and `extra` carry, since both end up in the stored record. */
const MAX_REMOVALS = 100;
const MAX_REMOVAL_CHARS = 500;
const MAX_META_ENTRIES = 40;
const MAX_META_CHARS = 500;

/**
 * Extracts the main article of an HTML page with its declared metadata.
 *
 * @example
 *   await extractHtmlArticle('<html lang="en"><head><title>Talks resume - Daily</title></head>'
 *     + '<body><nav>Home</nav><article><p>Negotiators met on Monday …</p></article></body></html>')
 *   // → { title: 'Talks resume', text: 'Negotiators met on Monday …', language: 'en', … }
 * @throws ArticleRejectedError `NO_ARTICLE` when the page holds no article text
 */
/** A page read for the block model: its declared metadata, its blocks, and Readability's verdict on them. */
export interface AnalysedPage {
  declared: DeclaredMetadata;
  page: PageBlocks;
  /** Readability's output characters per block owner; null when it found nothing or was not run. */
  readability: Map<number, number> | null;
  /** Readability's article as text (the fallback guard compares against it), or null. */
  readabilityText: string | null;
}

/**
 * Parses the page once: metadata first (JSON-LD lives in `<script>`), then code and embeds go,
 * the blocks are read, their owners marked, and Readability runs on the same document; its
 * output is traced back to the blocks through the marks.
 */
export async function analyseHtmlPage(html: string): Promise<AnalysedPage> {
  const document = await parseDocument(html);
  const declared = declaredMetadataOf(document);
  for (const el of all(document, NON_TEXT_SELECTOR)) el.remove();
  removeComments(document);
  const page = segmentBlocks((document.body ?? document.documentElement) as unknown as BlockElement);
  markOwners(page);
  // The walk counted the elements: past the limit, the blocks alone decide (Readability would cost seconds).
  const content = page.elements.length > MAX_READABILITY_ELEMENTS ? null : await readabilityContentOf(document);
  return {
    declared,
    page,
    readability: content ? readabilityCharsByOwner(content as unknown as BlockNode, page) : null,
    readabilityText: content && isProse(content) ? blockTextOf(content) : null,
  };
}

export async function extractHtmlArticle(html: string): Promise<HtmlArticle> {
  if (maxNestingDepthOf(html) > MAX_DOM_DEPTH) return extractWithoutDom(html);

  const { declared, page, readability, readabilityText } = await analyseHtmlPage(html);
  const headlines = [declared.title, declared.headline];
  const decision = decideBlocks(bundledHtmlModel(), page, { readability, readabilityText, headline: declared.headline ?? declared.title });
  let text: string | null = decision.text;
  let removed = decision.removed;
  if (decision.kept.length > 0) {
    let chars = 0;
    let linkChars = 0;
    for (const i of decision.kept) {
      chars += page.blocks[i]?.chars ?? 0;
      linkChars += page.blocks[i]?.linkChars ?? 0;
    }
    // The model takes blocks out of an article, never the article: with no prose left, Readability's article stands.
    if (chars - linkChars < MIN_ARTICLE_CHARS || linkChars >= MAX_LINK_DENSITY * chars) {
      text = readabilityText;
      removed = [];
    }
  }
  if (!text) {
    throw new ArticleRejectedError('NO_ARTICLE', 'The HTML page holds no article: no block of prose was found (only navigation, links or nothing).');
  }
  const bounded: Removal[] = [];
  for (const r of removed) record(bounded, r.text, r.reason);
  return { ...declared, text: withoutLeadingHeadline(text, headlines), removed: bounded, judged: true };
}

/**
 * Converts an HTML fragment (e.g. a JSON `body` with `<p>` paragraphs) to
 * plain text, dropping scripts, captions and widgets but not judging whether it
 * is an article: the publisher said it is the body.
 *
 * @example
 *   await htmlFragmentToText('<p>One.</p><p>Two<br>lines.</p><script>x()</script>')
 *   // → { text: 'One.\n\nTwo\nlines.', removed: [] }
 */
export async function htmlFragmentToText(html: string): Promise<{ text: string; removed: Removal[] }> {
  if (maxNestingDepthOf(html) > MAX_DOM_DEPTH) return { text: stripTagsLinearly(html).text, removed: [] };
  const document = await parseDocument(html);
  const removed: Removal[] = [];
  removeNonContent(document, removed);
  return { text: document.body ? blockTextOf(document.body) : '', removed };
}

// ---------------------------------------------------------------------------
// A minimal view of linkedom's DOM: the project compiles without the DOM lib.

interface DomNode {
  nodeType: number;
  textContent: string | null;
  parentNode: DomNode | null;
  firstChild: DomNode | null;
  nextSibling: DomNode | null;
}

interface DomElement extends DomNode {
  tagName: string;
  /** False once an ancestor was removed: a widget inside a removed widget is not reported twice. */
  isConnected: boolean;
  getAttribute(name: string): string | null;
  hasAttribute(name: string): boolean;
  querySelector(selector: string): DomElement | null;
  querySelectorAll(selector: string): ArrayLike<DomElement>;
  closest(selector: string): DomElement | null;
  remove(): void;
}

interface DomDocument {
  documentElement: DomElement;
  head: DomElement | null;
  body: DomElement | null;
  querySelector(selector: string): DomElement | null;
  querySelectorAll(selector: string): ArrayLike<DomElement>;
}

const ELEMENT_NODE = 1;
const TEXT_NODE = 3;

async function parseDocument(html: string): Promise<DomDocument> {
  const { parseHTML } = await import('linkedom');
  // linkedom treats markup without <html> as a bare fragment (no body, no head), so give it a document.
  const source = /<html[\s>]/i.test(html.slice(0, 16 * 1024)) ? html : `<!doctype html><html><head></head><body>${html}</body></html>`;
  return (parseHTML(source) as unknown as { document: DomDocument }).document;
}

function all(root: DomDocument | DomElement, selector: string): DomElement[] {
  return Array.from(root.querySelectorAll(selector));
}

function textOf(node: DomNode | null): string {
  return (node?.textContent ?? '').replace(/\s+/g, ' ').trim();
}

// ---------------------------------------------------------------------------
// Declared metadata: read before anything is removed (JSON-LD lives in <script>).

export type DeclaredMetadata = Omit<HtmlArticle, 'text' | 'removed' | 'judged'> & {
  /** The page's `<h1>`, which Readability may leave at the top of the text. */
  headline: string | null;
};

/** Meta tags that say nothing about the article; kept out of `extra`. */
const IGNORED_META =
  /^(viewport|robots|googlebot|theme-color|msapplication-|apple-|format-detection|referrer|csrf|google-site-verification|fb:|twitter:(card|site|creator|image)|og:image:|generator|mobile-web-app|handheldfriendly|color-scheme)/;

function declaredMetadataOf(document: DomDocument): DeclaredMetadata {
  const meta = metaTagsOf(document);
  const ld = jsonLdArticleOf(document);
  const source = firstOf(meta.get('og:site_name'), nameOf(ld?.publisher), meta.get('application-name'));

  const headline = headlineOf(document, source);
  // The visible headline first: on ../shared/pages the article's <h1> is the reviewed title on 87% of
  // pages, og:title (often an SEO variant) on 77%. A one- or two-word <h1> is a section name more often.
  const title = firstOf(
    headline && (headline.split(' ').length >= 3 || headline.length >= 16) ? headline : null,
    stripSiteSuffix(meta.get('og:title'), source),
    stringOf(ld?.headline),
    headline,
    stripSiteSuffix(meta.get('twitter:title'), source),
    stripSiteSuffix(textOf(document.querySelector('title')), source),
  );

  const publishedAt = firstOf(
    meta.get('article:published_time'),
    stringOf(ld?.datePublished),
    document.querySelector('[itemprop="datePublished"]')?.getAttribute('content'),
    document.querySelector('[itemprop="datePublished"]')?.getAttribute('datetime'),
    ...[
      'date',
      'pubdate',
      'publishdate',
      'publish-date',
      'publish_date',
      'og:published_time',
      'dc.date',
      'dc.date.issued',
      'dcterms.created',
      'dcterms.date',
      'sailthru.date',
      'parsely-pub-date',
    ].map((name) => meta.get(name)),
    (document.querySelector('article time[datetime], main time[datetime]') ?? document.querySelector('time[datetime]'))?.getAttribute('datetime'),
  );

  const authors = [
    ...splitList(meta.get('author')),
    ...splitList(meta.get('article:author')),
    ...namesOf(ld?.author),
    ...all(document, 'a[rel="author"], [itemprop="author"] [itemprop="name"]').map((el) => textOf(el)),
  ].filter((name) => name && !/^https?:\/\//i.test(name));

  const url = firstOf(
    httpUrlOf(document.querySelector('link[rel="canonical"]')?.getAttribute('href')),
    httpUrlOf(meta.get('og:url')),
    httpUrlOf(stringOf(ld?.url)),
  );

  const language = firstOf(
    document.documentElement.getAttribute('lang'),
    document.documentElement.getAttribute('xml:lang'),
    meta.get('content-language'),
    meta.get('og:locale'),
    stringOf(ld?.inLanguage),
  );

  return { title, headline, publishedAt, authors: [...new Set(authors)], url, source, language, extra: extraOf(meta, document) };
}

/** name/property/itemprop/http-equiv → content, first occurrence wins, keys lower-cased. */
function metaTagsOf(document: DomDocument): Map<string, string> {
  const meta = new Map<string, string>();
  for (const el of all(document, 'meta[content]')) {
    const key = (el.getAttribute('property') ?? el.getAttribute('name') ?? el.getAttribute('itemprop') ?? el.getAttribute('http-equiv'))?.trim().toLowerCase();
    const content = el.getAttribute('content')?.trim();
    if (key && content && !meta.has(key)) meta.set(key, content);
  }
  return meta;
}

function extraOf(meta: Map<string, string>, document: DomDocument): Record<string, unknown> {
  const extra: Record<string, unknown> = {};
  const tags = all(document, 'meta[property="article:tag"]')
    .map((el) => el.getAttribute('content')?.trim())
    .filter(Boolean);
  if (tags.length > 0) extra.tags = [...new Set(tags)].slice(0, MAX_META_ENTRIES);
  const kept: Record<string, string> = {};
  let count = 0;
  for (const [key, content] of meta) {
    if (count >= MAX_META_ENTRIES) break;
    if (key === 'refresh' || IGNORED_META.test(key)) continue;
    kept[key] = content.slice(0, MAX_META_CHARS);
    count++;
  }
  if (count > 0) extra.meta = kept;
  return extra;
}

type JsonObject = Record<string, unknown>;

const ARTICLE_TYPE = /Article|Posting|Report|Story/i;

/** The schema.org Article node among the page's JSON-LD blocks (flattening arrays and @graph). */
function jsonLdArticleOf(document: DomDocument): JsonObject | null {
  const nodes: JsonObject[] = [];
  for (const script of all(document, 'script[type="application/ld+json"]')) {
    try {
      collectJsonLdNodes(JSON.parse(script.textContent ?? ''), nodes, 0);
    } catch {
      // A broken JSON-LD block is common and harmless: the page's other metadata still counts.
    }
  }
  const typeOf = (node: JsonObject) =>
    [node['@type']]
      .flat()
      .filter((t) => typeof t === 'string')
      .join(' ');
  return nodes.find((node) => ARTICLE_TYPE.test(typeOf(node))) ?? nodes.find((node) => 'headline' in node || 'datePublished' in node) ?? null;
}

function collectJsonLdNodes(value: unknown, into: JsonObject[], depth: number): void {
  if (depth > 3 || into.length > 50) return;
  if (Array.isArray(value)) {
    for (const item of value) collectJsonLdNodes(item, into, depth + 1);
  } else if (value && typeof value === 'object') {
    const node = value as JsonObject;
    into.push(node);
    if (node['@graph']) collectJsonLdNodes(node['@graph'], into, depth + 1);
  }
}

function stringOf(value: unknown): string | null {
  return typeof value === 'string' && value.trim() ? value.trim() : null;
}

/** `"Ann"`, `{ name: "Ann" }` → `"Ann"`. */
function nameOf(value: unknown): string | null {
  if (Array.isArray(value)) return nameOf(value[0]);
  if (value && typeof value === 'object') return stringOf((value as JsonObject).name);
  return stringOf(value);
}

function namesOf(value: unknown): string[] {
  return [value]
    .flat()
    .map(nameOf)
    .filter((name): name is string => name !== null);
}

/** `"Ann Lee, Budi"` → two names; a single name stays whole. */
function splitList(value: string | undefined): string[] {
  return value ? value.split(/\s*[,;]\s*/).filter(Boolean) : [];
}

function firstOf(...values: (string | null | undefined)[]): string | null {
  for (const value of values) {
    const trimmed = value?.replace(/\s+/g, ' ').trim();
    if (trimmed) return trimmed;
  }
  return null;
}

function httpUrlOf(value: string | null | undefined): string | null {
  const trimmed = value?.trim();
  return trimmed && /^https?:\/\/[^\s]+$/i.test(trimmed) ? trimmed : null;
}

/** The article's `<h1>`: one inside article/main first; a logo `<h1>` in the page header is not a headline. */
function headlineOf(document: DomDocument, siteName: string | null): string | null {
  const candidates = [
    document.querySelector('article h1, main h1, [role="main"] h1'),
    ...all(document, 'h1').filter((h1) => !h1.closest('header, nav, footer')),
    document.querySelector('h1'),
  ];
  for (const h1 of candidates) {
    const text = textOf(h1);
    if (text && !(siteName && sameName(text, siteName))) return text;
  }
  return null;
}

const TITLE_SEPARATOR = / (?:\||-|–|—|::|·|•|») /g;

/**
 * Drops the site name that pages append to their titles.
 *
 * @example
 *   stripSiteSuffix('Talks resume in Doha | The Daily', null) // → 'Talks resume in Doha'
 *   stripSiteSuffix('Talks resume in Doha - Reuters', 'Reuters') // → 'Talks resume in Doha'
 *   stripSiteSuffix('Ukraine war - live updates', null) // unchanged: the tail is not a name
 */
export function stripSiteSuffix(title: string | null | undefined, siteName: string | null): string | null {
  const trimmed = title?.replace(/\s+/g, ' ').trim();
  if (!trimmed) return null;
  let last: RegExpExecArray | null = null;
  TITLE_SEPARATOR.lastIndex = 0;
  for (let match = TITLE_SEPARATOR.exec(trimmed); match; match = TITLE_SEPARATOR.exec(trimmed)) last = match;
  if (!last) return trimmed;
  const head = trimmed.slice(0, last.index).trim();
  const tail = trimmed.slice(last.index + last[0].length).trim();
  const tailWords = tail.split(' ').length;
  if (!head || head.split(' ').length < 2) return trimmed;
  const isSiteName = siteName !== null && (sameName(tail, siteName) || normalisedName(tail).includes(normalisedName(siteName)));
  const looksLikeName = tailWords <= 3 && tail.split(' ').every((word) => /^[\p{Lu}\p{N}]/u.test(word));
  if (isSiteName || (last[0] === ' | ' && tailWords <= 4) || looksLikeName) return head;
  return trimmed;
}

function normalisedName(name: string): string {
  return name.toLowerCase().replace(/[^\p{L}\p{N}]+/gu, '');
}

function sameName(a: string, b: string): boolean {
  return normalisedName(a) === normalisedName(b);
}

// ---------------------------------------------------------------------------
// Removing what is not the article: code, embeds, navigation, widgets, captions.

/** Removed silently: code and embeds are not text anyone wrote for the article. */
const NON_TEXT_SELECTOR =
  'script, style, noscript, template, iframe, frame, frameset, object, embed, applet, svg, canvas, audio, video, picture, button, input, select, textarea, [hidden], [aria-hidden="true"]';

/** Page structure around the article, removed and reported. */
const STRUCTURE_REASONS: readonly [selector: string, reason: string][] = [
  ['nav, [role="navigation"], menu', 'navigation'],
  ['aside, [role="complementary"]', 'aside'],
  ['header, [role="banner"]', 'header'],
  ['footer, [role="contentinfo"]', 'footer'],
  ['form', 'form'],
  // <address> holds the contact details of the nearest article's author: the byline, never prose.
  ['address', 'byline'],
];

/**
 * Words in class/id names that mark widgets, by removal reason (`shared/data/html-widgets.json`).
 * "epic" is the Guardian-style name of reader-funding appeals that other publishers' templates copied;
 * bylines are read from meta tags and JSON-LD, in the text they would read as the first paragraph.
 */
const WIDGET_WORDS = new Map<string, string>(Object.entries(widgetWords.reasons).flatMap(([reason, words]) => words.map((word) => [word, reason] as const)));

function removeNonContent(document: DomDocument, removed: Removal[]): void {
  for (const el of all(document, NON_TEXT_SELECTOR)) el.remove();
  removeComments(document);

  for (const caption of all(document, 'figcaption')) {
    record(removed, textOf(caption), 'caption');
    caption.remove();
  }

  const protection = articleProtectionOf(document);
  for (const [selector, reason] of STRUCTURE_REASONS) {
    for (const el of all(document, selector)) {
      if (!el.isConnected || protection.covers(el)) continue;
      // An article's own <header> holds its headline and byline, already read as metadata.
      record(removed, removedTextOf(el), reason);
      el.remove();
    }
  }
  for (const el of all(document, WIDGET_NAMED_SELECTOR)) {
    if (!el.isConnected) continue;
    const reason = widgetReasonOf(el);
    if (!reason || protection.covers(el)) continue;
    record(removed, removedTextOf(el), reason);
    el.remove();
  }
  for (const el of all(document, LINK_BLOCK_SELECTOR)) {
    if (!el.isConnected || !isLabelledLinkBlock(el) || protection.covers(el)) continue;
    record(removed, removedTextOf(el), 'related-links');
    el.remove();
  }
}

/** Attributes whose words name a widget: component frameworks put the name in data attributes, not classes. */
const WIDGET_NAMED_SELECTOR = '[class], [id], [data-component], [data-testid]';

/** Blocks that, made of links with at most a short label, are teasers: "Baca juga: …", "Read more: · …", a list of headlines. */
const LINK_BLOCK_SELECTOR = 'p, div, section, ul, ol, table';
/** A label like "Baca juga:", "Lire aussi", "More on this story" fits in this many characters outside links. */
const MAX_LINK_BLOCK_LABEL_CHARS = 40;

/**
 * `<p>Baca juga: <a>Harga gabah naik</a></p>` → true; a paragraph with one
 * linked name in a sentence → false (its unlinked prose is longer than a label).
 */
function isLabelledLinkBlock(el: DomElement): boolean {
  const chars = textOf(el).length;
  if (chars === 0) return false;
  const linkChars = all(el, 'a').reduce((sum, a) => sum + textOf(a).length, 0);
  return linkChars > 0 && linkChars >= chars - linkChars && chars - linkChars <= MAX_LINK_BLOCK_LABEL_CHARS;
}

/** A removed block's lines joined on one line: `Related · First story · Second story`. */
function removedTextOf(el: DomElement): string {
  return blockTextOf(el).split(/\n+/).join(' · ');
}

function removeComments(document: DomDocument): void {
  const comments: DomNode[] = [];
  walk(document.documentElement, (node) => {
    if (node.nodeType === 8) comments.push(node);
    return node.nodeType === ELEMENT_NODE;
  });
  for (const comment of comments) (comment as DomElement).remove();
}

/** `class="share-buttons"` → 'share-widget'; `class="header"` → null (words, not substrings). */
function widgetReasonOf(el: DomElement): string | null {
  const tag = el.tagName.toLowerCase();
  if (tag === 'html' || tag === 'body' || tag === 'main' || tag === 'article') return null;
  const names = `${el.getAttribute('class') ?? ''} ${el.getAttribute('id') ?? ''} ${el.getAttribute('data-component') ?? ''} ${el.getAttribute('data-testid') ?? ''}`;
  for (const token of names.split(/\s+/)) {
    // "baca-juga" as a whole, then "relatedPosts" / "post-share" word by word.
    const whole = WIDGET_WORDS.get(token.toLowerCase().replace(/[-_]/g, ''));
    if (whole) return whole;
    for (const word of token
      .replace(/([a-z])([A-Z])/g, '$1 $2')
      .toLowerCase()
      .split(/[\s_-]+/)) {
      const reason = WIDGET_WORDS.get(word);
      if (reason) return reason;
    }
  }
  return null;
}

/**
 * Guards the article against over-eager removal: a wrapper whose class says
 * "sidebar" or "social" but that holds most of the page's paragraph text, or
 * the `<article>` itself, is the content, not a widget.
 */
function articleProtectionOf(document: DomDocument): { covers(el: DomElement): boolean } {
  const paragraphChars = (root: DomDocument | DomElement) => all(root, 'p').reduce((sum, p) => sum + textOf(p).length, 0);
  const total = paragraphChars(document);
  return {
    covers(el) {
      const tag = el.tagName.toLowerCase();
      if (tag === 'html' || tag === 'body' || tag === 'main' || tag === 'article') return true;
      if (el.querySelector('article, main, [role="main"], [itemprop="articleBody"]')) return true;
      if (el.closest('article') && tag === 'header') return el.querySelector('p') !== null;
      return total > 0 && paragraphChars(el) >= total * 0.5;
    },
  };
}

/** The body should not repeat the headline the title field already carries. */
export function withoutLeadingHeadline(text: string, headlines: (string | null)[]): string {
  const breakAt = text.indexOf('\n\n');
  const first = breakAt === -1 ? text : text.slice(0, breakAt);
  if (breakAt === -1 || !headlines.some((headline) => headline && sameName(headline, first))) return text;
  return text.slice(breakAt + 2);
}

function record(removed: Removal[], text: string, reason: string): void {
  if (!text || removed.length >= MAX_REMOVALS) return;
  removed.push({ text: text.length > MAX_REMOVAL_CHARS ? `${text.slice(0, MAX_REMOVAL_CHARS)}…` : text, reason });
}

// ---------------------------------------------------------------------------
// Finding the article text.

async function readabilityContentOf(document: DomDocument): Promise<DomElement | null> {
  const { Readability } = await import('@mozilla/readability');
  try {
    return (
      new Readability<DomElement>(document as never, {
        charThreshold: 250,
        serializer: (node) => node as unknown as DomElement,
      }).parse()?.content ?? null
    );
  } catch {
    return null;
  }
}

/** Enough text outside links to be read as an article rather than a menu. */
function isProse(el: DomElement): boolean {
  const density = linkDensityOf(el);
  return textOf(el).length * (1 - density) >= MIN_ARTICLE_CHARS && density < MAX_LINK_DENSITY;
}

function linkDensityOf(el: DomElement): number {
  const chars = textOf(el).length;
  if (chars === 0) return 1;
  const linkChars = all(el, 'a').reduce((sum, a) => sum + textOf(a).length, 0);
  return linkChars / chars;
}

// ---------------------------------------------------------------------------
// DOM → text, one paragraph per line.

const BLOCK_TAGS = new Set([
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
const SKIPPED_TAGS = new Set([
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

/** `<p>A<br>B</p><h2>C</h2>` → `A\nB\n\nC`. Iterative, so depth cannot overflow the stack. */
function blockTextOf(root: DomElement): string {
  const paragraphs: string[] = [];
  let parts: string[] = [];
  let preDepth = 0;
  const flush = () => {
    const lines = parts
      .join('')
      .split('\n')
      .map((line) => (preDepth > 0 ? line.trimEnd() : line.replace(/[ \t\f\r\u00a0]+/g, ' ').trim()));
    const paragraph = lines.filter((line, i) => line || (preDepth > 0 && i > 0 && i < lines.length - 1)).join('\n');
    if (paragraph) paragraphs.push(paragraph);
    parts = [];
  };
  walk(
    root,
    (node) => {
      if (node.nodeType === TEXT_NODE) {
        const text = node.textContent ?? '';
        parts.push(preDepth > 0 ? text : text.replace(/\s+/g, ' '));
        return false;
      }
      if (node.nodeType !== ELEMENT_NODE) return false;
      const tag = (node as DomElement).tagName.toLowerCase();
      if (SKIPPED_TAGS.has(tag)) return false;
      if (tag === 'br') parts.push('\n');
      else if (tag === 'td' || tag === 'th') parts.push(' ');
      else if (BLOCK_TAGS.has(tag)) flush();
      if (tag === 'pre') preDepth++;
      return true;
    },
    (node) => {
      const tag = (node as DomElement).tagName.toLowerCase();
      if (BLOCK_TAGS.has(tag)) flush();
      if (tag === 'pre') preDepth--;
    },
  );
  flush();
  return paragraphs.join('\n\n');
}

/**
 * Depth-first walk without recursion. `enter` returns whether to descend;
 * `leave` runs for every node whose `enter` returned true.
 */
function walk(root: DomNode, enter: (node: DomNode) => boolean, leave: (node: DomNode) => void = () => {}): void {
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
// The linear path for markup too deeply nested for a DOM.

const VOID_TAGS = new Set(['area', 'base', 'br', 'col', 'embed', 'hr', 'img', 'input', 'link', 'meta', 'param', 'source', 'track', 'wbr']);
/** Elements browsers close implicitly; counting them would overstate depth for sloppy but ordinary markup. */
const SELF_CLOSING_IN_PRACTICE = new Set(['p', 'li', 'dt', 'dd', 'option', 'tr', 'td', 'th', 'tbody', 'thead', 'tfoot', 'colgroup']);
const RAW_TEXT_TAGS = new Set(['script', 'style', 'textarea', 'title', 'xmp', 'noscript', 'template']);
/** Containers whose whole content the linear path drops (it cannot judge widgets by class). */
const SKIPPED_CONTAINERS = new Set(['nav', 'aside', 'header', 'footer', 'form', 'figcaption', 'iframe', 'svg', 'select', 'button', 'object', 'video', 'audio']);

interface Tag {
  name: string;
  closing: boolean;
  selfClosing: boolean;
  /** Index just past the tag's `>`. */
  end: number;
}

/**
 * Scans markup once, calling `onText` for text runs and `onTag` for tags;
 * comments, doctypes and raw-text bodies (script, style) are skipped in O(n).
 */
function scanHtml(html: string, onText: (text: string) => void, onTag: (tag: Tag, rawText: string | null) => void): void {
  const length = html.length;
  let i = 0;
  while (i < length) {
    const lt = html.indexOf('<', i);
    if (lt === -1) {
      onText(html.slice(i));
      return;
    }
    if (lt > i) onText(html.slice(i, lt));
    if (html.startsWith('<!--', lt)) {
      const close = html.indexOf('-->', lt + 4);
      i = close === -1 ? length : close + 3;
      continue;
    }
    const next = html.charCodeAt(lt + 1);
    if (next === 33 /* ! */ || next === 63 /* ? */) {
      const close = html.indexOf('>', lt);
      i = close === -1 ? length : close + 1;
      continue;
    }
    const closing = next === 47; /* / */
    const nameStart = closing ? lt + 2 : lt + 1;
    let nameEnd = nameStart;
    while (nameEnd < length && isNameChar(html.charCodeAt(nameEnd))) nameEnd++;
    if (nameEnd === nameStart) {
      onText('<');
      i = lt + 1;
      continue;
    }
    const end = tagEndOf(html, nameEnd);
    const name = html.slice(nameStart, nameEnd).toLowerCase();
    const tag: Tag = { name, closing, selfClosing: html.charCodeAt(end - 2) === 47, end };
    if (!closing && RAW_TEXT_TAGS.has(name)) {
      const closeAt = indexOfIgnoreCase(html, `</${name}`, end);
      const bodyEnd = closeAt === -1 ? length : closeAt;
      onTag(tag, html.slice(end, bodyEnd));
      const after = closeAt === -1 ? -1 : html.indexOf('>', closeAt);
      i = after === -1 ? length : after + 1;
      continue;
    }
    onTag(tag, null);
    i = end;
  }
}

function isNameChar(code: number): boolean {
  return (code >= 97 && code <= 122) || (code >= 65 && code <= 90) || (code >= 48 && code <= 57) || code === 45 || code === 58;
}

/** Index just past the `>` that ends a tag, skipping `>` inside quoted attribute values. */
function tagEndOf(html: string, from: number): number {
  let quote = 0;
  for (let i = from; i < html.length; i++) {
    const code = html.charCodeAt(i);
    if (quote) {
      if (code === quote) quote = 0;
    } else if (code === 34 || code === 39) {
      quote = code;
    } else if (code === 62) {
      return i + 1;
    }
  }
  return html.length;
}

/** Case-insensitive `indexOf` for an ASCII needle, linear without lower-casing the whole text. */
function indexOfIgnoreCase(text: string, needle: string, from: number): number {
  const pattern = new RegExp(needle.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'), 'ig');
  pattern.lastIndex = from;
  return pattern.exec(text)?.index ?? -1;
}

/** Deepest element nesting, counting only tags that must be closed explicitly. */
export function maxNestingDepthOf(html: string): number {
  let depth = 0;
  let max = 0;
  scanHtml(
    html,
    () => {},
    (tag) => {
      if (VOID_TAGS.has(tag.name) || SELF_CLOSING_IN_PRACTICE.has(tag.name) || tag.selfClosing) return;
      if (tag.closing) depth = Math.max(0, depth - 1);
      else if (!RAW_TEXT_TAGS.has(tag.name)) max = Math.max(max, ++depth);
    },
  );
  return max;
}

/** Block tags as paragraph breaks, `<br>` as a line break, skipped containers dropped: one pass. */
function stripTagsLinearly(html: string): { text: string; title: string | null } {
  const parts: string[] = [];
  let title: string | null = null;
  let skipped: string | null = null;
  let skippedDepth = 0;
  scanHtml(
    html,
    (text) => {
      if (!skipped) parts.push(decodeEntities(text).replace(/\s+/g, ' '));
    },
    (tag, rawText) => {
      if (tag.name === 'title' && rawText !== null && title === null) title = decodeEntities(rawText).replace(/\s+/g, ' ').trim() || null;
      if (skipped) {
        if (tag.name === skipped && !tag.selfClosing) skippedDepth += tag.closing ? -1 : 1;
        if (skippedDepth === 0) skipped = null;
        return;
      }
      if (!tag.closing && !tag.selfClosing && SKIPPED_CONTAINERS.has(tag.name)) {
        skipped = tag.name;
        skippedDepth = 1;
      } else if (tag.name === 'br') {
        parts.push('\n');
      } else if (BLOCK_TAGS.has(tag.name)) {
        parts.push('\n\n');
      }
    },
  );
  const text = parts
    .join('')
    .split(/\n{2,}/)
    .map((paragraph) =>
      paragraph
        .split('\n')
        .map((line) => line.trim())
        .filter(Boolean)
        .join('\n'),
    )
    .filter(Boolean)
    .join('\n\n');
  return { text, title };
}

function extractWithoutDom(html: string): HtmlArticle {
  const { text, title } = stripTagsLinearly(html);
  if (text.replace(/\s+/g, '').length < MIN_ARTICLE_CHARS / 2) {
    throw new ArticleRejectedError('NO_ARTICLE', 'The HTML page holds no article text.');
  }
  const language = /<html\b[^>]{0,500}?\blang\s*=\s*["']?([\w-]{2,20})/i.exec(html.slice(0, 4096))?.[1] ?? null;
  return {
    title: stripSiteSuffix(title, null),
    text,
    publishedAt: null,
    authors: [],
    url: null,
    source: null,
    language,
    extra: { htmlExtraction: 'linear-fallback' },
    removed: [],
    judged: false,
  };
}

const NAMED_ENTITIES: Record<string, string> = {
  amp: '&',
  lt: '<',
  gt: '>',
  quot: '"',
  apos: "'",
  nbsp: '\u00a0',
  ndash: '–',
  mdash: '—',
  hellip: '…',
  lsquo: '‘',
  rsquo: '’',
  ldquo: '“',
  rdquo: '”',
  laquo: '«',
  raquo: '»',
  bull: '•',
  middot: '·',
  copy: '©',
  reg: '®',
  trade: '™',
  deg: '°',
  times: '×',
  eacute: 'é',
  egrave: 'è',
  aacute: 'á',
  agrave: 'à',
  iacute: 'í',
  oacute: 'ó',
  uacute: 'ú',
  ntilde: 'ñ',
  ccedil: 'ç',
  uuml: 'ü',
  ouml: 'ö',
  auml: 'ä',
  szlig: 'ß',
  euro: '€',
};

/**
 * Decodes numeric and common named character references; unknown names stay as written.
 *
 * @example decodeEntities('caf&eacute; &amp; &#8220;tea&#x201D;') // → 'café & “tea”'
 */
export function decodeEntities(text: string): string {
  if (!text.includes('&')) return text;
  return text.replace(/&(?:#(\d{1,7})|#[xX]([0-9a-fA-F]{1,6})|([a-zA-Z][a-zA-Z0-9]{1,31}));/g, (whole, dec?: string, hex?: string, name?: string) => {
    if (name !== undefined) return NAMED_ENTITIES[name] ?? NAMED_ENTITIES[name.toLowerCase()] ?? whole;
    const code = dec !== undefined ? Number.parseInt(dec, 10) : Number.parseInt(hex ?? '', 16);
    return code > 0 && code <= 0x10ffff && !(code >= 0xd800 && code <= 0xdfff) ? String.fromCodePoint(code) : whole;
  });
}
