import { type ArticleFormat, type ParsedArticle, parsedArticleOf, type Removal } from '../article.ts';
import { ArticleRejectedError } from '../errors.ts';
import { containsHtmlTags, declaredFormatOf, looksLikeHtml, looksLikeJson, looksLikeMarkdown } from './sniff.ts';
import { normaliseDate } from '../text/dates.ts';
import { plainTextOf } from '../text/markup.ts';

/** The HTML block model's type alone: html/ itself loads through import(), when an HTML page arrives. */
type BlockModel = import('./html/block-model.ts').HtmlModel;
/**
 * The parse stage: decoded text → the article's text plus the metadata its
 * format declared. Plain text passes through untouched (cleaning handles
 * boilerplate); Markdown loses its markup; JSON is read field by field; HTML
 * goes through Readability, loaded only when an HTML article arrives.
 */

/**
 * Detects the format (the content wins over the key's extension and the
 * Content-Type) and extracts the article from it.
 *
 * @example
 *   await parseArticle('{"headline":"Talks resume","articleBody":"Negotiators met …"}', { key: 'incoming/x/a.txt' })
 *   // → { format: 'json', title: 'Talks resume', text: 'Negotiators met …', … }
 * @throws ArticleRejectedError `INVALID_JSON`, `NO_BODY` or `NO_ARTICLE`
 */
export async function parseArticle(
  text: string,
  /** `htmlModel`: another block model than the bundled one (a retrain tried with `--models DIR`). */
  hints: { key: string; contentType?: string | undefined; htmlModel?: BlockModel | undefined },
): Promise<ParsedArticle> {
  const declared = declaredFormatOf(hints.key, hints.contentType);
  const json = jsonContentOf(text, declared);
  if (json) return parseJsonArticle(json.value);
  if (looksLikeHtml(text)) return parseHtmlArticle(text, hints.htmlModel);
  if (declared === 'markdown' || looksLikeMarkdown(text)) return parseMarkdownArticle(text);
  return parsedArticleOf('text', text);
}

/**
 * The parsed JSON when the content is JSON, whatever the key says; null when
 * it is not JSON at all (a `.json` key holding prose is read as text). Content
 * that only opens like JSON is text unless the upload declared JSON: whole-page
 * dumps begin with a rendered search box (`[ ]`) or a `{…}` template stub.
 *
 * @example jsonContentOf('[ ] Cari berita…', 'text') // → null (cleaned as text)
 * @example jsonContentOf('{"title": "Judul", "body": "tanpa penutup', 'json') // → throws INVALID_JSON
 * @throws ArticleRejectedError `INVALID_JSON` when the upload is declared JSON
 *   (`.json` key, `application/json`), opens an object or array, and does not parse
 */
function jsonContentOf(text: string, declared: ArticleFormat | null): { value: unknown } | null {
  const start = text.trimStart();
  const opensStructure = start.startsWith('{') || start.startsWith('[');
  const scalarDeclaredJson = declared === 'json' && /^(?:"|-?\d|true\b|false\b|null\b)/.test(start);
  if (!opensStructure && !scalarDeclaredJson) return null;
  try {
    const value: unknown = JSON.parse(start);
    // "[1] Catatan kaki" or "123" in a .txt file is prose that happens to parse.
    if (declared === 'json' || looksLikeJson(start) || (value !== null && typeof value === 'object' && !Array.isArray(value))) return { value };
    return null;
  } catch (error) {
    if (declared === 'json' && opensStructure) {
      throw new ArticleRejectedError('INVALID_JSON', `The object looks like JSON but does not parse: ${(error as Error).message}`);
    }
    return null;
  }
}

// ---------------------------------------------------------------------------
// JSON

/** Field names per article property, in order of preference (camelCase, snake_case, schema.org). */
const JSON_FIELDS = {
  title: ['title', 'headline', 'judul'],
  body: ['body', 'text', 'content', 'articleBody', 'article_body', 'bodyText', 'body_text', 'isi'],
  url: ['url', 'link', 'canonicalUrl', 'canonical_url', 'permalink'],
  publishedAt: ['publishedAt', 'published_at', 'datePublished', 'date', 'pubDate', 'published', 'publishDate', 'publish_date', 'tanggal'],
  authors: ['author', 'authors', 'byline', 'creator', 'penulis'],
  source: ['source', 'publisher', 'siteName', 'site_name', 'outlet'],
  language: ['language', 'lang', 'inLanguage', 'locale'],
} as const satisfies Record<string, readonly string[]>;

/** Wrappers some exporters put around the article: `{ "article": { … } }`. */
const JSON_WRAPPERS = ['article', 'data', 'post', 'item', 'story'];

async function parseJsonArticle(value: unknown): Promise<ParsedArticle> {
  if (Array.isArray(value)) {
    throw new ArticleRejectedError('INVALID_JSON', 'The JSON is an array; expected one article object such as {"title": …, "body": …}.');
  }
  if (value === null || typeof value !== 'object') {
    throw new ArticleRejectedError(
      'INVALID_JSON',
      `The JSON is a single ${value === null ? 'null' : typeof value}; expected one article object such as {"title": …, "body": …}.`,
    );
  }
  const record = unwrap(value as Record<string, unknown>);
  const used = new Set<string>();
  const take = (names: readonly string[]): unknown => {
    for (const name of names) {
      if (record[name] !== undefined && record[name] !== null) {
        used.add(name);
        return record[name];
      }
    }
    return undefined;
  };

  const rawBody = take(JSON_FIELDS.body);
  const bodyText = textOfJsonValue(rawBody);
  if (bodyText === null) {
    throw new ArticleRejectedError('NO_BODY', `The JSON article has no body; expected one of the fields ${JSON_FIELDS.body.slice(0, 4).join(', ')}.`);
  }
  let text = bodyText;
  let removed: Removal[] = [];
  if (containsHtmlTags(bodyText)) {
    const { htmlFragmentToText } = await htmlExtraction();
    ({ text, removed } = await htmlFragmentToText(bodyText));
  }
  if (!text.trim()) throw new ArticleRejectedError('NO_BODY', "The JSON article's body is empty.");

  const rawTitle = textOfJsonValue(take(JSON_FIELDS.title));
  const rawDate = take(JSON_FIELDS.publishedAt);
  const publishedAt = normaliseDate(rawDate);
  const rawLanguage = take(JSON_FIELDS.language);
  const declaredLanguage = typeof rawLanguage === 'string' ? normaliseLanguage(rawLanguage) : null;
  const rawUrl = take(JSON_FIELDS.url);
  const authors = normaliseAuthors(take(JSON_FIELDS.authors));
  const source = nameOfJsonValue(take(JSON_FIELDS.source));

  const extra: Record<string, unknown> = {};
  for (const [name, fieldValue] of Object.entries(record)) if (!used.has(name)) extra[name] = fieldValue;
  // Values we could not interpret are kept as given, so nothing the publisher sent is lost.
  if (rawDate !== undefined && publishedAt === null) extra.publishedAtRaw = rawDate;
  if (typeof rawLanguage === 'string' && declaredLanguage === null) extra.languageRaw = rawLanguage;

  return parsedArticleOf('json', text, {
    title: rawTitle ? plainTextOf(rawTitle) || null : null,
    publishedAt,
    authors,
    url: typeof rawUrl === 'string' && rawUrl.trim() ? rawUrl.trim() : null,
    source,
    declaredLanguage,
    extra,
    removed,
  });
}

function unwrap(record: Record<string, unknown>): Record<string, unknown> {
  if (JSON_FIELDS.body.some((name) => record[name] !== undefined)) return record;
  for (const name of JSON_WRAPPERS) {
    const inner = record[name];
    if (inner && typeof inner === 'object' && !Array.isArray(inner)) return inner as Record<string, unknown>;
  }
  return record;
}

/** `"text"`, `["para 1", "para 2"]` (paragraphs) or WordPress' `{ rendered: "<p>…" }` → one string. */
function textOfJsonValue(value: unknown): string | null {
  if (typeof value === 'string') return value;
  if (typeof value === 'number') return String(value);
  if (Array.isArray(value)) {
    const paragraphs = value.map(textOfJsonValue).filter((p): p is string => p !== null && p.trim() !== '');
    return paragraphs.length > 0 ? paragraphs.join('\n\n') : '';
  }
  if (value && typeof value === 'object') {
    const object = value as Record<string, unknown>;
    for (const name of ['rendered', 'text', 'html', 'value']) {
      if (typeof object[name] === 'string') return object[name];
    }
  }
  return null;
}

function nameOfJsonValue(value: unknown): string | null {
  if (typeof value === 'string') return value.trim() || null;
  if (Array.isArray(value)) return nameOfJsonValue(value[0]);
  if (value && typeof value === 'object') return nameOfJsonValue((value as Record<string, unknown>).name);
  return null;
}

// ---------------------------------------------------------------------------
// HTML

/** The HTML extraction (linkedom, Readability, the block model): loaded by the first HTML page or fragment, then kept. */
let htmlModule: Promise<typeof import('./html/html.ts')> | undefined;
const htmlExtraction = () => (htmlModule ??= import('./html/html.ts'));

async function parseHtmlArticle(html: string, model: BlockModel | undefined): Promise<ParsedArticle> {
  const { extractHtmlArticle } = await htmlExtraction();
  const page = await extractHtmlArticle(html, model);
  const publishedAt = normaliseDate(page.publishedAt);
  const declaredLanguage = page.language ? normaliseLanguage(page.language) : null;
  return parsedArticleOf('html', page.text, {
    // og:title and JSON-LD headlines carry markup and references (`&#8217;`) the DOM never decoded.
    title: page.title === null ? null : plainTextOf(page.title) || null,
    publishedAt,
    authors: normaliseAuthors(page.authors),
    url: page.url,
    source: page.source,
    declaredLanguage,
    extra: {
      ...page.extra,
      ...(page.publishedAt && !publishedAt ? { publishedAtRaw: page.publishedAt } : {}),
    },
    removed: page.removed,
    judged: page.judged,
  });
}

// ---------------------------------------------------------------------------
// Markdown

/**
 * Inline Markdown, each rule with a substring it cannot match without (most
 * lines skip most rules). Spans are bounded and emphasis is stripped by
 * flanking markers rather than matched in pairs, so no rule rescans a line.
 */
const MARKDOWN_INLINE: readonly [required: string, pattern: RegExp, replacement: string][] = [
  ['`', /`([^`\n]{1,300})`/g, '$1'], // `code`
  ['![', /!\[[^\]\n]{0,300}\]\([^()\n]{0,1000}\)/g, ''], // image: dropped, the text never shows it
  ['![', /!\[[^\]\n]{0,300}\]\[[^\]\n]{0,100}\]/g, ''], // reference image
  ['](', /\[([^\]\n]{1,300})\]\([^()\n]{0,1000}\)/g, '$1'], // [text](url "title")
  ['][', /\[([^\]\n]{1,300})\]\[[^\]\n]{0,100}\]/g, '$1'], // [text][ref], [text][]
  ['<', /<(https?:\/\/[^\s<>]{1,1000})>/g, '$1'], // <https://autolink>
  ['<', /<\/?[a-zA-Z][\w-]{0,30}(?:\s[^<>\n]{0,500})?\/?>/g, ''], // inline HTML tags
  // Emphasis markers that open (after a space or punctuation, before a word) or close (the mirror);
  // "5 * 3" and snake_case are neither.
  ['', /(^|[\s\p{P}])(?:\*{1,3}|_{1,3}|~~)(?=[^\s*_~])/gu, '$1'],
  ['', /([^\s*_~])(?:\*{1,3}|_{1,3}|~~)(?=$|[\s\p{P}])/gu, '$1'],
];

/** Escaped characters are parked in the private-use area while the rules run, then restored. */
const ESCAPED = /\\([\\`*_{}[\]()#+\-.!>|~])/g;
const PARKED = /[\ue000-\ue07f]/g;

/**
 * Markdown → plain text lines: headings lose their `#`, links keep their text,
 * images go, the first level-1 heading becomes the title (and leaves the body).
 *
 * @example
 *   parseMarkdownArticle('# Talks resume\n\nNegotiators met in [Doha](https://x.y).')
 *   // → { title: 'Talks resume', text: 'Negotiators met in Doha.', … }
 */
function parseMarkdownArticle(markdown: string): ParsedArticle {
  const { fields, body } = frontMatterOf(markdown);
  const lines = body.split('\n');
  const out: string[] = [];
  let title = fields.title ?? null;
  let fence: string | null = null;
  let headlineSeen = false;

  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    const fenceMatch = /^\s{0,3}(`{3,}|~{3,})/.exec(line);
    if (fence) {
      if (fenceMatch && fenceMatch[1]!.startsWith(fence)) fence = null;
      else out.push(line);
      continue;
    }
    if (fenceMatch) {
      fence = fenceMatch[1]!;
      continue;
    }
    if (/^\s{0,3}\[[^\]\n]{1,100}\]:\s/.test(line)) continue; // reference definition
    if (/^\s{0,3}([-*_])(\s*\1){2,}\s*$/.test(line)) {
      out.push(''); // thematic break
      continue;
    }
    if (/^\s{0,3}\|?\s*:?-{3,}:?\s*(\|\s*:?-{3,}:?\s*)*\|?\s*$/.test(line) && line.includes('|')) continue; // table rule

    const next = lines[i + 1];
    const setext = next !== undefined && line.trim() !== '' && /^\s{0,3}(=+|-+)\s*$/.exec(next);
    const atx = /^\s{0,3}(#{1,6})[ \t]+(.*)$/.exec(line);
    let content: string;
    let level = 0;
    if (atx) {
      level = atx[1]!.length;
      content = withoutClosingHashes(atx[2]!);
    } else if (setext) {
      level = setext[1]!.startsWith('=') ? 1 : 2;
      content = line;
      i++;
    } else {
      content = line
        .replace(/^\s{0,3}(?:>\s?)+/, '') // blockquote
        .replace(/^(\s*)[-*+][ \t]+(?=\S)/, '$1') // bullet
        .replace(/^\s*\|(.*)\|\s*$/, '$1') // table row: outer pipes
        .trimEnd();
    }
    const plain = stripInlineMarkdown(content);
    if (level === 1 && !headlineSeen && plain.trim()) {
      // The headline leaves the body either way; front matter's title, when given, is the publisher's choice.
      headlineSeen = true;
      title ??= plain.trim();
      continue;
    }
    // Dropped images leave double spaces behind; indentation at the start of a line is the author's.
    out.push(level > 0 ? plain.trim() : plain.trimEnd().replace(/(\S) {2,}(?=\S)/g, '$1 '));
  }

  const text = out
    .join('\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
  return parsedArticleOf('markdown', text, {
    title: title === null ? null : plainTextOf(title) || null,
    publishedAt: normaliseDate(fields.date ?? null),
    authors: normaliseAuthors(fields.author ?? null),
    declaredLanguage: fields.lang ? normaliseLanguage(fields.lang) : null,
    url: fields.url ?? null,
    extra: fields.extra,
  });
}

/** `Title ##` → `Title` (ATX closing sequence), without a backtracking regex. */
function withoutClosingHashes(heading: string): string {
  const trimmed = heading.trimEnd();
  let end = trimmed.length;
  while (end > 0 && trimmed[end - 1] === '#') end--;
  if (end === trimmed.length) return trimmed;
  if (end === 0) return '';
  return trimmed[end - 1] === ' ' || trimmed[end - 1] === '\t' ? trimmed.slice(0, end).trimEnd() : trimmed;
}

function stripInlineMarkdown(line: string): string {
  if (!/[[\]*_`~<\\]/.test(line)) return line;
  const escaped = line.includes('\\');
  let result = escaped ? line.replace(ESCAPED, (_, char: string) => String.fromCharCode(0xe000 + char.charCodeAt(0))) : line;
  for (const [required, pattern, replacement] of MARKDOWN_INLINE) {
    if (result.includes(required)) result = result.replace(pattern, replacement);
  }
  return escaped ? result.replace(PARKED, (char) => String.fromCharCode(char.charCodeAt(0) - 0xe000)) : result;
}

interface FrontMatter {
  fields: { title?: string; date?: string; author?: string; lang?: string; url?: string; extra: Record<string, unknown> };
  body: string;
}

/** YAML front matter (`---` … `---`) with flat `key: value` lines, as static site generators write it. */
function frontMatterOf(markdown: string): FrontMatter {
  const match = /^---[ \t]*\n([\s\S]{0,10000}?)\n---[ \t]*(?:\n|$)/.exec(markdown);
  if (!match) return { fields: { extra: {} }, body: markdown };
  const fields: FrontMatter['fields'] = { extra: {} };
  for (const line of match[1]!.split('\n')) {
    const pair = /^([\w-]{1,50}):\s*(.*)$/.exec(line);
    if (!pair) continue;
    const key = pair[1]!.toLowerCase();
    const value = pair[2]!.trim().replace(/^(["'])(.*)\1$/, '$2');
    if (!value) continue;
    if (key === 'title') fields.title = value;
    else if (key === 'date' || key === 'published' || key === 'publishedat' || key === 'published_at') fields.date = value;
    else if (key === 'author' || key === 'authors') fields.author = value;
    else if (key === 'lang' || key === 'language') fields.lang = value;
    else if (key === 'url' || key === 'link') fields.url = value;
    else fields.extra[pair[1]!] = value;
  }
  return { fields, body: markdown.slice(match[0].length) };
}

// ---------------------------------------------------------------------------
// Normalising declared metadata

/**
 * Author names from a string, a list, or `{ name }` objects; "By" prefixes dropped.
 *
 * @example normaliseAuthors([{ name: 'By Ann Lee' }, 'Budi']) // → ['Ann Lee', 'Budi']
 */
export function normaliseAuthors(value: unknown): string[] {
  const names: string[] = [];
  const visit = (item: unknown) => {
    if (Array.isArray(item)) item.forEach(visit);
    else if (item && typeof item === 'object') visit((item as Record<string, unknown>).name);
    else if (typeof item === 'string') {
      const name = plainTextOf(item).replace(/^(?:by|oleh|penulis|reporter|writer)\s*:?\s+/i, '');
      if (name && name.length <= 200) names.push(name);
    }
  };
  visit(value);
  return [...new Set(names)];
}

/** Language names publishers write instead of a code. */
const LANGUAGE_NAMES: Record<string, string> = {
  indonesian: 'id',
  'bahasa indonesia': 'id',
  indonesia: 'id',
  english: 'en',
  arabic: 'ar',
  russian: 'ru',
  ukrainian: 'uk',
  french: 'fr',
  german: 'de',
  spanish: 'es',
  malay: 'ms',
  javanese: 'jv',
  chinese: 'zh',
  hebrew: 'he',
  turkish: 'tr',
  dutch: 'nl',
  portuguese: 'pt',
  japanese: 'ja',
  persian: 'fa',
};

/**
 * A declared language as ISO 639-1, or null when unrecognised.
 *
 * @example normaliseLanguage('id-ID') // → 'id'
 * @example normaliseLanguage('English') // → 'en'
 */
export function normaliseLanguage(value: string): string | null {
  const lower = value.trim().toLowerCase();
  const named = LANGUAGE_NAMES[lower];
  if (named) return named;
  const code = /^([a-z]{2,3})(?:[-_][a-z0-9]{2,8})*$/.exec(lower)?.[1];
  if (!code) return null;
  // Intl.Locale canonicalises ISO 639-2/3 and withdrawn codes: 'ind' → 'id', 'fre' → 'fr', 'in' (old Java stacks) → 'id'.
  let language: string | undefined;
  try {
    language = new Intl.Locale(code).language;
  } catch {
    return null;
  }
  return language?.length === 2 ? language : null;
}
