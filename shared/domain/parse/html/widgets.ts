import type { Removal } from '../../article.ts';
import { all, blockTextOf, COMMENT_NODE, type DomDocument, type DomElement, type DomNode, ELEMENT_NODE, textOf, walk } from './dom.ts';
import widgetWords from '../../../data/html-widgets.json' with { type: 'json' };

/** Removing what is not the article: code, embeds, navigation, widgets, captions. */

/** Bounds on what `removed` carries, since it ends up in the stored record. */
export const MAX_REMOVALS = 100;
export const MAX_REMOVAL_CHARS = 500;

/** Removed silently: code and embeds are not text anyone wrote for the article (and any element `hidden` or `aria-hidden="true"`). */
const NON_TEXT_TAGS: ReadonlySet<string> = new Set([
  'script',
  'style',
  'noscript',
  'template',
  'iframe',
  'frame',
  'frameset',
  'object',
  'embed',
  'applet',
  'svg',
  'canvas',
  'audio',
  'video',
  'picture',
  'button',
  'input',
  'select',
  'textarea',
]);

/** What the CSS selector `script, style, …, [hidden], [aria-hidden="true"]` matches in an HTML document (tag names case-insensitive, the value exact). */
function isNonText(el: DomElement): boolean {
  return NON_TEXT_TAGS.has(el.localName.toLowerCase()) || el.hasAttribute('hidden') || el.getAttribute('aria-hidden') === 'true';
}

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

/**
 * Code, embeds, hidden elements and comments: never text anyone wrote for the article. One walk
 * finds them (a CSS query is a walk of its own in linkedom): the code anywhere in the document
 * (markup before `<html>` becomes a top-level element of its own), what is inside it going with it,
 * then the comments inside the document element that is left.
 */
export function removeCode(document: DomDocument): void {
  const code: DomNode[] = [];
  const comments = new Map<DomNode, DomNode[]>();
  for (const top of Array.from(document.childNodes)) {
    if (top.nodeType !== ELEMENT_NODE) continue;
    // Never the page itself: `<html hidden>` left no document to read (a TypeError, not a verdict on the page).
    if ((top as DomElement).localName.toLowerCase() !== 'html' && isNonText(top as DomElement)) {
      code.push(top);
      continue;
    }
    const inside: DomNode[] = [];
    comments.set(top, inside);
    walk(top, (node) => {
      if (node.nodeType === COMMENT_NODE) inside.push(node);
      if (node.nodeType !== ELEMENT_NODE) return false;
      if (!isNonText(node as DomElement)) return true;
      code.push(node);
      return false;
    });
  }
  for (const node of code) (node as DomElement).remove();
  for (const comment of comments.get(document.documentElement) ?? []) (comment as DomElement).remove();
}

export function removeNonContent(document: DomDocument, removed: Removal[]): void {
  removeCode(document);

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

function record(removed: Removal[], text: string, reason: string): void {
  if (!text || removed.length >= MAX_REMOVALS) return;
  removed.push({ text: text.length > MAX_REMOVAL_CHARS ? `${text.slice(0, MAX_REMOVAL_CHARS)}…` : text, reason });
}
