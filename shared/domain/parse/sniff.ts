import type { ArticleFormat } from '../article.ts';

/**
 * Format sniffing for the parse stage. The key's extension and the declared
 * Content-Type say what the publisher meant; the content says what it is, and
 * the content wins. Only the first few KB are inspected, so sniffing costs the
 * same for a 1 KB and a 5 MB article.
 */

/** What the upload claims to be: from Content-Type first, then the key's extension. */
export function declaredFormatOf(key: string, contentType?: string): ArticleFormat | null {
  const mime = contentType?.split(';')[0]?.trim().toLowerCase();
  if (mime) {
    if (mime === 'text/html' || mime === 'application/xhtml+xml') return 'html';
    if (mime === 'application/json' || mime.endsWith('+json') || mime === 'text/json') return 'json';
    if (mime === 'text/markdown' || mime === 'text/x-markdown') return 'markdown';
    if (mime === 'text/plain') return 'text';
  }
  const extension = /\.([a-z0-9]{1,10})$/i.exec(key)?.[1]?.toLowerCase();
  switch (extension) {
    case 'html':
    case 'htm':
    case 'xhtml':
      return 'html';
    case 'json':
      return 'json';
    case 'md':
    case 'markdown':
    case 'mdown':
    case 'mkd':
      return 'markdown';
    case 'txt':
    case 'text':
      return 'text';
    default:
      return null;
  }
}

/** Characters of content inspected; a document's nature shows in its opening. */
const SNIFF_CHARS = 8 * 1024;

// A document, or a fragment that opens with a tag a text never starts with.
const HTML_DOCUMENT_START = /^(?:<\?xml[^>]{0,200}>\s*)?(?:<!--[\s\S]{0,2000}?-->\s*)*<(?:!doctype\s+html|html|head|body|meta|title|link|article|main)\b/i;
const HTML_BLOCK_TAG =
  /<\/?(?:p|div|br|h[1-6]|article|section|main|span|a|ul|ol|li|table|tr|td|blockquote|figure|img|strong|em|b|i|script|style|nav|header|footer)\b[^<>]{0,500}>/gi;

/** True when the text is markup: a document opening, or dense HTML tags near the start. */
export function looksLikeHtml(text: string): boolean {
  const head = text.slice(0, SNIFF_CHARS).trimStart();
  if (HTML_DOCUMENT_START.test(head)) return true;
  if (!head.startsWith('<')) return countMatches(HTML_BLOCK_TAG, head, 8) >= 8;
  return countMatches(HTML_BLOCK_TAG, head, 3) >= 3;
}

/** True when the text contains a few HTML tags (e.g. a JSON body with `<p>` paragraphs). */
export function containsHtmlTags(text: string): boolean {
  return countMatches(HTML_BLOCK_TAG, text.slice(0, SNIFF_CHARS), 2) >= 2;
}

// `{"title": …` or `[{"…` or `["…",`: what JSON looks like even when it is broken.
const JSON_LIKE_START = /^\s*(?:\{\s*(?:"[^"\n]{0,200}"\s*:|\}|$)|\[\s*(?:\{\s*("|\})|"[^"\n]{0,200}"\s*[,\]]|\]))/;

/** The content opens like JSON (an object with a quoted key, or an array of objects/strings). */
export function looksLikeJson(text: string): boolean {
  return JSON_LIKE_START.test(text.slice(0, SNIFF_CHARS));
}

/** Markup that prose does not produce by accident, each with a character it cannot match without. */
const STRONG_MARKDOWN_SIGNALS: readonly [required: string, pattern: RegExp][] = [
  ['#', /^#{1,6}[ \t]+\S/gm], // ATX heading ("#hashtag" has no space)
  ['](', /!?\[[^\]\n]{1,300}\]\((?:[^()\s]{1,500})(?:\s+"[^"\n]{0,200}")?\)/g], // [text](url), ![alt](src)
  [']:', /^\s{0,3}\[[^\]\n]{1,100}\]:\s+\S/gm], // [ref]: url
  ['```', /^\s{0,3}```/gm], // fenced code
  ['~~~', /^\s{0,3}~~~/gm],
];
/** Markup that scraped text sometimes carries anyway (a bold lead, a "-----" divider). */
const WEAK_MARKDOWN_SIGNALS: readonly RegExp[] = [
  /(?:\*\*|__)(?=\S)[^\n]{1,200}?\S(?:\*\*|__)/g, // **strong**
  /^[^\n]{1,200}\n\s{0,3}(?:=+|-{3,})\s*$/gm, // setext heading
];

/**
 * True when the text carries Markdown markup: one strong signal (heading,
 * link, reference, code fence) together with any other signal, or three strong
 * ones. A hashtag, one bold phrase or divider lines alone stay plain text.
 */
export function looksLikeMarkdown(text: string): boolean {
  const head = text.slice(0, SNIFF_CHARS);
  let strongKinds = 0;
  let strongTotal = 0;
  for (const [required, signal] of STRONG_MARKDOWN_SIGNALS) {
    // Most prose holds none of these characters: skip the regex scan entirely.
    if (!head.includes(required)) continue;
    const count = countMatches(signal, head, 3);
    if (count > 0) strongKinds++;
    strongTotal += count;
  }
  if (strongKinds === 0) return false;
  const weakKinds = WEAK_MARKDOWN_SIGNALS.filter((signal) => countMatches(signal, head, 1) > 0).length;
  return strongKinds + weakKinds >= 2 || strongTotal >= 3;
}

/** Counts matches of a global regex, stopping early at `limit`. */
function countMatches(pattern: RegExp, text: string, limit: number): number {
  pattern.lastIndex = 0;
  let count = 0;
  while (count < limit && pattern.exec(text)) count++;
  pattern.lastIndex = 0;
  return count;
}
