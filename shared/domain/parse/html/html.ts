import type { Removal } from '../../article.ts';
import { ArticleRejectedError } from '../../errors.ts';
import { all, blockTextOf, type DomDocument, type DomElement, type DomNode, parseDocument, textOf } from './dom.ts';
import { bundledHtmlModel, decideBlocks, type HtmlModel, preparedHtmlModel } from './block-model.ts';
import { type DomElement as BlockElement, markOwners, type PageBlocks, readabilityCharsByOwner, segmentBlocks } from './blocks.ts';
import { type DeclaredMetadata, declaredMetadataOf, type PageMetadata, sameName, stripSiteSuffix } from './metadata.ts';
import { maxNestingDepthOf, stripTagsLinearly } from './scan.ts';
import { MAX_REMOVAL_CHARS, MAX_REMOVALS, removeCode, removeNonContent } from './widgets.ts';

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
 * goes through a linear tag-stripping scanner instead of a DOM (scan.ts).
 *
 * Here: the two entry points and finding the article text; the DOM view and DOM → text in
 * dom.ts, declared metadata in metadata.ts, widget and page-structure removal in widgets.ts.
 */

/** What an HTML page declared, as found (see PageMetadata), and its article text. */
export interface HtmlArticle extends PageMetadata {
  /** Paragraphs separated by blank lines; `<br>` breaks become single newlines. */
  text: string;
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

/**
 * Extracts the main article of an HTML page with its declared metadata.
 *
 * @example
 *   await extractHtmlArticle('<html lang="en"><head><title>Talks resume - Daily</title></head>'
 *     + '<body><nav>Home</nav><article><p>Negotiators met on Monday …</p></article></body></html>')
 *   // → { title: 'Talks resume', text: 'Negotiators met on Monday …', language: 'en', … }
 * @throws ArticleRejectedError `NO_ARTICLE` when the page holds no article text
 */
export async function extractHtmlArticle(html: string, model?: HtmlModel): Promise<HtmlArticle> {
  if (maxNestingDepthOf(html) > MAX_DOM_DEPTH) return extractWithoutDom(html);

  const { declared, page, readability, readabilityText } = await analyseHtmlPage(html);
  const headlines = [declared.title, declared.headline];
  const decision = decideBlocks(model ? preparedHtmlModel(model) : bundledHtmlModel(), page, {
    readability,
    readabilityText,
    headline: declared.headline ?? declared.title,
  });
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
  for (const r of removed.slice(0, MAX_REMOVALS))
    bounded.push({ text: r.text.length > MAX_REMOVAL_CHARS ? `${r.text.slice(0, MAX_REMOVAL_CHARS)}…` : r.text, reason: r.reason });
  const { headline: _headline, ...metadata } = declared;
  return { ...metadata, text: withoutLeadingHeadline(text, headlines), removed: bounded, judged: true };
}

/** A page read for the block model: its declared metadata, its blocks, and Readability's verdict on them. */
export interface AnalysedPage {
  declared: DeclaredMetadata;
  page: PageBlocks;
  /** Readability's output characters per block owner; null when it found nothing or was not run. */
  readability: Map<number, number> | null;
  /** Readability's article as text (the guard falls back to it), or null. */
  readabilityText: string | null;
}

/**
 * Parses the page once: metadata first (JSON-LD lives in `<script>`), then code and embeds go,
 * the blocks are read, their owners marked, and Readability runs on the same document; its
 * output is traced back to the blocks (blocks.ts).
 */
export async function analyseHtmlPage(html: string): Promise<AnalysedPage> {
  const document = await parseDocument(html);
  const declared = declaredMetadataOf(document);
  removeCode(document);
  const page = segmentBlocks((document.body ?? document.documentElement) as unknown as BlockElement);
  markOwners(page);
  // The walk counted the elements: past the limit, the blocks alone decide (Readability would cost seconds).
  const content = page.elements.length > MAX_READABILITY_ELEMENTS ? null : await readabilityContentOf(document);
  return {
    declared,
    page,
    readability: content ? readabilityCharsByOwner(content as unknown as DomNode, page) : null,
    readabilityText: content && isProse(content) ? blockTextOf(content) : null,
  };
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

/** The body should not repeat the headline the title field already carries. */
export function withoutLeadingHeadline(text: string, headlines: (string | null)[]): string {
  const breakAt = text.indexOf('\n\n');
  const first = breakAt === -1 ? text : text.slice(0, breakAt);
  if (breakAt === -1 || !headlines.some((headline) => headline && sameName(headline, first))) return text;
  return text.slice(breakAt + 2);
}

// Finding the article text.

/** Readability, loaded by the first HTML page that needs it (see `parseDocument`). */
let readabilityModule: Promise<typeof import('@mozilla/readability')> | undefined;

async function readabilityContentOf(document: DomDocument): Promise<DomElement | null> {
  readabilityModule ??= import('@mozilla/readability');
  const { Readability } = await readabilityModule;
  try {
    return (
      new Readability<DomElement>(document as never, {
        charThreshold: 250,
        serializer: (node) => node as unknown as DomElement,
      }).parse()?.content ?? null
    );
  } catch {
    // Readability fails the same way on every retry of the same page; the blocks alone decide.
    return null;
  }
}

/** Enough text outside links to be read as an article rather than a menu. */
function isProse(el: DomElement): boolean {
  const chars = textOf(el).length;
  const density = linkDensityOf(el, chars);
  return chars * (1 - density) >= MIN_ARTICLE_CHARS && density < MAX_LINK_DENSITY;
}

/** Share of `el`'s `chars` (its whitespace-folded text's length) inside links. */
function linkDensityOf(el: DomElement, chars: number): number {
  if (chars === 0) return 1;
  const linkChars = all(el, 'a').reduce((sum, a) => sum + textOf(a).length, 0);
  return linkChars / chars;
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
