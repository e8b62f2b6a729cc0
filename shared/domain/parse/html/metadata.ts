import { type DomDocument, type DomElement, forEachElement, textOf } from './dom.ts';

/** Declared metadata (meta tags, JSON-LD, `<h1>`, `<title>`), read before anything is removed: JSON-LD lives in `<script>`. */

/** Bounds on what `extra` carries, since it ends up in the stored record. */
const MAX_META_ENTRIES = 40;
const MAX_META_CHARS = 500;

/** What an HTML page declared, as found; parse.ts normalises dates, names and language codes. */
export interface PageMetadata {
  title: string | null;
  publishedAt: string | null;
  authors: string[];
  url: string | null;
  source: string | null;
  language: string | null;
  extra: Record<string, unknown>;
}

export type DeclaredMetadata = PageMetadata & {
  /** The page's `<h1>`, which Readability may leave at the top of the text. */
  headline: string | null;
};

/** Meta tags that say nothing about the article; kept out of `extra`. */
const IGNORED_META =
  /^(viewport|robots|googlebot|theme-color|msapplication-|apple-|format-detection|referrer|csrf|google-site-verification|fb:|twitter:(card|site|creator|image)|og:image:|generator|mobile-web-app|handheldfriendly|color-scheme)/;

/** What the metadata reads from the page's elements, found in one walk (each CSS query is a walk of the whole DOM in linkedom). */
interface DeclaringElements {
  /** `meta[content]` */
  metas: DomElement[];
  /** `script[type="application/ld+json"]` */
  jsonLd: DomElement[];
  h1s: DomElement[];
  /** `a[rel="author"], [itemprop="author"] [itemprop="name"]` */
  authorNames: DomElement[];
}

const JSON_LD_SELECTOR = 'script[type="application/ld+json"]';
const AUTHOR_SELECTOR = 'a[rel="author"], [itemprop="author"] [itemprop="name"]';

/** The elements of each query above, in document order: tag names and attributes screen, `matches` decides. */
function declaringElementsOf(document: DomDocument): DeclaringElements {
  const found: DeclaringElements = { metas: [], jsonLd: [], h1s: [], authorNames: [] };
  forEachElement(document, (el) => {
    const tag = el.localName.toLowerCase();
    if (tag === 'meta') {
      if (el.hasAttribute('content')) found.metas.push(el);
    } else if (tag === 'script') {
      if (el.hasAttribute('type') && el.matches(JSON_LD_SELECTOR)) found.jsonLd.push(el);
    } else if (tag === 'h1') found.h1s.push(el);
    // `matches` compiles its selector on every call: only the few elements that could match ask it.
    if (((tag === 'a' && el.hasAttribute('rel')) || el.getAttribute('itemprop') === 'name') && el.matches(AUTHOR_SELECTOR)) found.authorNames.push(el);
  });
  return found;
}

export function declaredMetadataOf(document: DomDocument): DeclaredMetadata {
  const elements = declaringElementsOf(document);
  const { meta, articleTags } = metaTagsOf(elements.metas);
  const ld = jsonLdArticleOf(elements.jsonLd);
  const source = firstOf(meta.get('og:site_name'), nameOf(ld?.publisher), meta.get('application-name'));

  const headline = headlineOf(elements.h1s, source);
  // The visible headline first: on ../shared/pages the article's <h1> is the reviewed title on 87% of
  // pages, og:title (often an SEO variant) on 77%. A one- or two-word <h1> is a section name more often.
  const title = firstOf(
    headline && (headline.split(' ').length >= 3 || headline.length >= 16) ? headline : null,
    stripSiteSuffix(meta.get('og:title'), source),
    stringOf(ld?.headline),
    headline,
    stripSiteSuffix(meta.get('twitter:title'), source),
    () => stripSiteSuffix(textOf(document.querySelector('title')), source),
  );

  let itemprop: ReturnType<DomDocument['querySelector']> | undefined;
  const datePublished = () => {
    itemprop ??= document.querySelector('[itemprop="datePublished"]');
    return itemprop;
  };
  const publishedAt = firstOf(
    meta.get('article:published_time'),
    stringOf(ld?.datePublished),
    () => datePublished()?.getAttribute('content'),
    () => datePublished()?.getAttribute('datetime'),
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
    () => (document.querySelector('article time[datetime], main time[datetime]') ?? document.querySelector('time[datetime]'))?.getAttribute('datetime'),
  );

  const authors = [
    ...splitList(meta.get('author')),
    ...splitList(meta.get('article:author')),
    ...namesOf(ld?.author),
    ...elements.authorNames.map((el) => textOf(el)),
  ].filter((name) => name && !/^https?:\/\//i.test(name));

  const url = firstOf(
    () => httpUrlOf(document.querySelector('link[rel="canonical"]')?.getAttribute('href')),
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

  return { title, headline, publishedAt, authors: [...new Set(authors)], url, source, language, extra: extraOf(meta, articleTags) };
}

/** name/property/itemprop/http-equiv → content, first occurrence wins, keys lower-cased. */
function metaTagsOf(metas: DomElement[]): { meta: Map<string, string>; articleTags: string[] } {
  const meta = new Map<string, string>();
  // Every `article:tag`, in page order (the map keeps only the first).
  const articleTags: string[] = [];
  for (const el of metas) {
    const property = el.getAttribute('property');
    const key = (property ?? el.getAttribute('name') ?? el.getAttribute('itemprop') ?? el.getAttribute('http-equiv'))?.trim().toLowerCase();
    const content = el.getAttribute('content')?.trim();
    if (property === 'article:tag' && content) articleTags.push(content);
    if (key && content && !meta.has(key)) meta.set(key, content);
  }
  return { meta, articleTags };
}

function extraOf(meta: Map<string, string>, tags: string[]): Record<string, unknown> {
  const extra: Record<string, unknown> = {};
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
function jsonLdArticleOf(scripts: DomElement[]): JsonObject | null {
  const nodes: JsonObject[] = [];
  for (const script of scripts) {
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

/**
 * The first non-blank value, whitespace collapsed. A function stands for a value found by a CSS query:
 * called only when no earlier value is there, since each query walks the whole DOM.
 */
function firstOf(...values: (string | null | undefined | (() => string | null | undefined))[]): string | null {
  for (const value of values) {
    const trimmed = (typeof value === 'function' ? value() : value)?.replace(/\s+/g, ' ').trim();
    if (trimmed) return trimmed;
  }
  return null;
}

function httpUrlOf(value: string | null | undefined): string | null {
  const trimmed = value?.trim();
  return trimmed && /^https?:\/\/[^\s]+$/i.test(trimmed) ? trimmed : null;
}

/** The article's `<h1>`: one inside article/main first; a logo `<h1>` in the page header is not a headline. */
function headlineOf(h1s: DomElement[], siteName: string | null): string | null {
  function* candidates() {
    yield h1s.find((h1) => h1.matches('article h1, main h1, [role="main"] h1')) ?? null;
    yield* h1s.filter((h1) => !h1.closest('header, nav, footer'));
    yield h1s[0] ?? null;
  }
  for (const h1 of candidates()) {
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

export function sameName(a: string, b: string): boolean {
  return normalisedName(a) === normalisedName(b);
}
