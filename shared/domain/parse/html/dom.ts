/**
 * A minimal view of linkedom's DOM (the project compiles without the DOM lib), and the DOM read
 * back as text: one paragraph per line.
 */

export interface DomNode {
  nodeType: number;
  textContent: string | null;
  parentNode: DomNode | null;
  firstChild: DomNode | null;
  nextSibling: DomNode | null;
}

export interface DomElement extends DomNode {
  tagName: string;
  /** As parsed (lower case for HTML elements); `tagName` is its upper-case form in an HTML document. */
  localName: string;
  /** False once an ancestor was removed: a widget inside a removed widget is not reported twice. */
  isConnected: boolean;
  getAttribute(name: string): string | null;
  hasAttribute(name: string): boolean;
  querySelector(selector: string): DomElement | null;
  querySelectorAll(selector: string): ArrayLike<DomElement>;
  closest(selector: string): DomElement | null;
  matches(selector: string): boolean;
  remove(): void;
}

export interface DomDocument {
  documentElement: DomElement;
  childNodes: ArrayLike<DomNode>;
  head: DomElement | null;
  body: DomElement | null;
  querySelector(selector: string): DomElement | null;
  querySelectorAll(selector: string): ArrayLike<DomElement>;
}

export const ELEMENT_NODE = 1;
export const TEXT_NODE = 3;
export const COMMENT_NODE = 8;

/** linkedom, loaded by the first HTML page; kept, since each `import()` goes through the module loader again. */
let linkedom: Promise<typeof import('linkedom')> | undefined;

export async function parseDocument(html: string): Promise<DomDocument> {
  linkedom ??= import('linkedom');
  const { parseHTML } = await linkedom;
  // linkedom treats markup without <html> as a bare fragment (no body, no head), so give it a document.
  const source = /<html[\s>]/i.test(html.slice(0, 16 * 1024)) ? html : `<!doctype html><html><head></head><body>${html}</body></html>`;
  return (parseHTML(source) as unknown as { document: DomDocument }).document;
}

/**
 * Every element of the document in document order (what `querySelectorAll('*')` lists, markup
 * before `<html>` included), in one walk without building a list.
 */
export function forEachElement(document: DomDocument, visit: (el: DomElement) => void): void {
  const enter = (node: DomNode) => {
    if (node.nodeType !== ELEMENT_NODE) return false;
    visit(node as DomElement);
    return true;
  };
  for (const top of Array.from(document.childNodes)) if (enter(top)) walk(top, enter);
}

export function all(root: DomDocument | DomElement, selector: string): DomElement[] {
  return Array.from(root.querySelectorAll(selector));
}

export function textOf(node: DomNode | null): string {
  return (node?.textContent ?? '').replace(/\s+/g, ' ').trim();
}

// DOM → text, one paragraph per line.

/** Tags that start a new paragraph (and a new block of blocks.ts). */
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

/** `<p>A<br>B</p><h2>C</h2>` → `A\nB\n\nC`. Iterative, so depth cannot overflow the stack. */
export function blockTextOf(root: DomElement): string {
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
export function walk(root: DomNode, enter: (node: DomNode) => boolean, leave: (node: DomNode) => void = () => {}): void {
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
