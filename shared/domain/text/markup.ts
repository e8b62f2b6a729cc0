/**
 * Markup in short metadata strings (titles, authors, captions): publishers' JSON and meta tags carry
 * `<em>`, `&#8217;` and worse, while the record promises plain text to every downstream reader.
 */

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

/** Elements whose content is never text a reader sees: dropped with their tags. */
const HIDDEN_CONTENT = new Set(['script', 'style', 'template', 'noscript', 'textarea', 'iframe', 'object', 'svg', 'math']);
/** Tags that separate words when rendered; any other tag joins its neighbours (`<b>Tal</b>ks`). */
const BREAKING_TAGS = new Set([
  'br',
  'p',
  'div',
  'li',
  'ul',
  'ol',
  'h1',
  'h2',
  'h3',
  'h4',
  'h5',
  'h6',
  'tr',
  'td',
  'th',
  'table',
  'hr',
  'blockquote',
  'section',
  'article',
  'header',
  'footer',
  'figure',
  'figcaption',
  'img',
]);
const TAG_START = /^<\/?([a-zA-Z][a-zA-Z0-9:-]*)/;

/**
 * The text a browser would show for `value`, folded to one line: tags and comments dropped (script,
 * style and the like with their content), character references decoded once, white space folded.
 * A `<` that opens no tag (`a < b`, `<3`, an unclosed `<b`) stays as written. Linear in the length of `value`.
 *
 * @example plainTextOf('<b>Talks</b> resume&nbsp;in <em>Doha</em><script>alert(1)</script>') // → 'Talks resume in Doha'
 * @example plainTextOf('Q&amp;A: why 3 &lt; 5') // → 'Q&A: why 3 < 5'
 */
export function plainTextOf(value: string): string {
  if (!value.includes('<')) return decodeEntities(value).replace(/\s+/g, ' ').trim();
  let text = '';
  let i = 0;
  // Where the next `>` is, found once per `>`: with none left, no later `<` can open a tag either.
  let nextClose = -2;
  while (i < value.length) {
    const open = value.indexOf('<', i);
    if (open < 0) {
      text += value.slice(i);
      break;
    }
    text += value.slice(i, open);
    if (value.startsWith('<!--', open)) {
      const end = value.indexOf('-->', open + 4);
      i = end < 0 ? value.length : end + 3;
      continue;
    }
    const name = TAG_START.exec(value.slice(open, open + 64))?.[1]?.toLowerCase();
    // The first `>` ends the tag (a `>` inside a quoted attribute leaves inert text behind): one scan, linear.
    if (name !== undefined && nextClose !== -1 && nextClose < open) nextClose = value.indexOf('>', open);
    const close = name === undefined ? -1 : nextClose;
    if (name === undefined || close < 0) {
      text += '<';
      i = open + 1;
      continue;
    }
    if (BREAKING_TAGS.has(name)) text += ' ';
    i = close + 1;
    if (HIDDEN_CONTENT.has(name) && value[open + 1] !== '/' && value[close - 1] !== '/') {
      const ending = new RegExp(`</${name}\\b[^>]{0,200}>`, 'gi');
      ending.lastIndex = i;
      const found = ending.exec(value);
      i = found ? found.index + found[0].length : value.length;
    }
  }
  return decodeEntities(text).replace(/\s+/g, ' ').trim();
}
