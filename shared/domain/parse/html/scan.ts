import { decodeEntities } from '../../text/markup.ts';
import { BLOCK_TAGS } from './dom.ts';

export { decodeEntities };

/** The linear path for markup too deeply nested for a DOM: a tag scanner, tag stripping and entity decoding, one pass each. */

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
export function stripTagsLinearly(html: string): { text: string; title: string | null } {
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
