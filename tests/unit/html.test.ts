import { readFileSync } from 'node:fs';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { extractHtmlArticle } from '#shared/domain/parse/html/html.ts';
import { stripSiteSuffix } from '#shared/domain/parse/html/metadata.ts';
import { parseDocument } from '#shared/domain/parse/html/dom.ts';
import { removeCode } from '#shared/domain/parse/html/widgets.ts';
import { decodeEntities, maxNestingDepthOf } from '#shared/domain/parse/html/scan.ts';
import { parseArticle } from '#shared/domain/parse/parse.ts';
import { rejectionOf } from '../fixtures/rejections.ts';

const fixture = (name: string) => readFileSync(new URL(`../fixtures/html/${name}`, import.meta.url), 'utf8');

const PARAGRAPH = 'Kedua menteri sepakat membentuk jalur konsultasi rutin untuk meredakan ketegangan yang membebani hubungan bilateral selama ini.';

/** A minimal page around the given body markup. */
const page = (body: string, head = '') => `<!doctype html><html><head>${head}</head><body>${body}</body></html>`;

describe('parseArticle on HTML', () => {
  const fetchSpy = vi.fn(() => {
    throw new Error('parsing must not reach the network');
  });

  beforeEach(() => {
    vi.stubGlobal('fetch', fetchSpy);
  });

  afterEach(() => {
    vi.unstubAllGlobals();
    fetchSpy.mockClear();
  });

  describe('a news page with scripts, embeds and widgets', () => {
    it('extracts the article as one paragraph per line, headings kept, <br> as a line break', async () => {
      const parsed = await parseArticle(fixture('news-article.html'), { key: 'incoming/kabarpagi/a.html' });
      expect(parsed.format).toBe('html');
      expect(parsed.text).toBe(
        [
          'Riyadh: Menteri luar negeri kedua negara sepakat membentuk jalur konsultasi rutin untuk meredakan ketegangan yang selama ini membebani hubungan bilateral.',
          'Pertemuan tertutup itu berlangsung hampir lima jam.\nKedua delegasi menyebutnya "produktif" dan "terus terang".',
          'Langkah berikutnya',
          'Tim teknis dari kedua pihak akan bertemu lagi bulan depan untuk menyusun agenda pembahasan, termasuk pemulihan staf kedutaan dan penerbangan langsung.',
          '“Kami datang untuk mendengar, bukan untuk berdebat,” kata juru bicara kementerian kepada wartawan seusai pertemuan.',
        ].join('\n\n'),
      );
    });

    it('never lets script, style, iframe, comment or handler text into the output, and never fetches', async () => {
      const parsed = await parseArticle(fixture('news-article.html'), { key: 'a.html' });
      const everything = JSON.stringify(parsed);
      for (const marker of ['SCRIPT_SHOULD', 'STYLE_SHOULD', 'IFRAME_SHOULD', 'COMMENT_SHOULD', 'NOSCRIPT_SHOULD', 'JS_LINK', 'IMG_HANDLER', 'alert(']) {
        expect(everything).not.toContain(marker);
      }
      expect(fetchSpy).not.toHaveBeenCalled();
    });

    it('reads the declared metadata', async () => {
      const parsed = await parseArticle(fixture('news-article.html'), { key: 'a.html' });
      expect(parsed).toMatchObject({
        title: 'Menlu Dua Negara Sepakati Jalur Konsultasi',
        publishedAt: '2025-02-18T10:30:00+07:00',
        authors: ['Rina Wulandari'],
        url: 'https://kabarpagi.invalid/internasional/menlu-sepakati-jalur',
        source: 'Kabar Pagi',
        declaredLanguage: 'id',
      });
      expect(parsed.extra.tags).toEqual(['diplomasi', 'konsultasi']);
      expect(parsed.extra.meta).toMatchObject({ 'article:section': 'Internasional', description: expect.stringContaining('jalur konsultasi') });
      expect(parsed.extra.meta).not.toHaveProperty('viewport');
      expect(parsed.extra.meta).not.toHaveProperty('refresh');
    });

    it('reports what it removed: captions as captions, each run of blocks the model removed with its kind and probability', async () => {
      const { removed } = await parseArticle(fixture('news-article.html'), { key: 'a.html' });
      for (const r of removed) expect(r.reason).toMatch(/^(caption|html-model:[a-z-]+ (0\.\d\d|1\.00))$/);
      const reasonOf = (text: string) => removed.find((r) => r.text.includes(text))?.reason ?? '';
      // Captions leave the body by kabar's convention, not by the model's judgement.
      expect(reasonOf('Kedua menteri berjabat tangan di Riyadh')).toBe('caption');
      expect(reasonOf('Harga minyak naik')).toMatch(/^html-model:related-widget /);
      expect(reasonOf('Bagikan')).toMatch(/^html-model:share-widget /);
      const kinds = new Set(removed.map((r) => r.reason.split(' ')[0]));
      expect([...kinds]).toEqual(expect.arrayContaining(['html-model:navigation', 'html-model:footer']));
    });
  });

  describe('metadata fallbacks', () => {
    const body = `<article><h1>Gencatan Senjata Disepakati</h1><p>${PARAGRAPH}</p><p>${PARAGRAPH}</p></article>`;

    it('takes the <h1> when there is no og:title, and keeps it out of the text', async () => {
      const parsed = await parseArticle(page(body, '<title>Beranda | Situs</title>'), { key: 'a.html' });
      expect(parsed.title).toBe('Gencatan Senjata Disepakati');
      expect(parsed.text.startsWith(PARAGRAPH)).toBe(true);
    });

    it('takes <title> without its site suffix when there is no heading', async () => {
      const parsed = await parseArticle(
        page(`<article><p>${PARAGRAPH}</p><p>${PARAGRAPH}</p></article>`, '<title>Gencatan Senjata Disepakati | Kabar Pagi</title>'),
        { key: 'a.html' },
      );
      expect(parsed.title).toBe('Gencatan Senjata Disepakati');
    });

    it('reads JSON-LD for the date and authors', async () => {
      const ld = JSON.stringify({
        '@context': 'https://schema.org',
        '@graph': [
          { '@type': 'WebPage' },
          { '@type': 'NewsArticle', datePublished: '2025-03-01T08:00:00Z', author: [{ '@type': 'Person', name: 'Ann Lee' }], publisher: { name: 'The Daily' } },
        ],
      });
      const parsed = await parseArticle(page(body, `<script type="application/ld+json">${ld}</script>`), { key: 'a.html' });
      expect(parsed).toMatchObject({ publishedAt: '2025-03-01T08:00:00Z', authors: ['Ann Lee'], source: 'The Daily' });
    });

    it.each([
      ['<time datetime>', '', `<article><time datetime="2025-03-02">2 Maret</time><p>${PARAGRAPH}</p><p>${PARAGRAPH}</p></article>`],
      ['meta name=pubdate', '<meta name="pubdate" content="2025-03-02">', body],
    ])('reads the publication date from %s', async (_name, head, markup) => {
      const parsed = await parseArticle(page(markup, head), { key: 'a.html' });
      expect(parsed.publishedAt).toBe('2025-03-02');
    });
  });

  describe('finding the article', () => {
    it('rejects a page of navigation links only as NO_ARTICLE', async () => {
      const error = await rejectionOf(() => parseArticle(fixture('navigation-only.html'), { key: 'a.html' }));
      expect(error.code).toBe('NO_ARTICLE');
    });

    it('rejects a page with an empty body as NO_ARTICLE', async () => {
      const error = await rejectionOf(() => parseArticle('<!doctype html><html><head><title>Kosong</title></head><body></body></html>', { key: 'a.html' }));
      expect(error.code).toBe('NO_ARTICLE');
    });

    it('reads a short article in <main> that is still prose', async () => {
      const text = 'Gempa berkekuatan 5,1 mengguncang pesisir selatan pada Selasa pagi. Tidak ada laporan kerusakan, kata badan meteorologi.';
      const parsed = await parseArticle(page(`<nav><a href="/">Beranda</a></nav><main><p>${text}</p></main>`), { key: 'a.html' });
      expect(parsed.text).toBe(text);
    });

    it('keeps the content when a wrapper’s class merely mentions a widget word', async () => {
      const markup = `<div class="post-content social-enabled"><p>${PARAGRAPH}</p><p>${PARAGRAPH.replace('Kedua', 'Para')}</p></div><div class="social-share"><a href="#">Share</a></div>`;
      const parsed = await parseArticle(page(markup), { key: 'a.html' });
      expect(parsed.text).toContain(PARAGRAPH);
      expect(parsed.text).not.toContain('Share');
    });

    it('drops widgets named in Indonesian site conventions, reporting each once', async () => {
      const second = 'Pertemuan berikutnya dijadwalkan bulan depan di Jakarta, dengan agenda pemulihan penerbangan langsung antara kedua ibu kota.';
      const markup = `<article><div class="wp-caption"><img src="x.jpg"><p class="wp-caption-text">Foto: Antara</p></div><p>${PARAGRAPH}</p><div class="baca-juga"><a href="/x">Baca juga: Harga cabai naik</a></div><p>${second}</p></article>`;
      const parsed = await parseArticle(page(markup), { key: 'a.html' });
      expect(parsed.text).toBe(`${PARAGRAPH}\n\n${second}`);
      expect(parsed.removed.map((r) => [r.text, r.reason.split(' ')[0]])).toEqual([
        ['Foto: Antara', 'caption'],
        ['Baca juga: Harga cabai naik', 'html-model:related-widget'],
      ]);
    });

    it('parses a 10 000-level nested page without crashing, in linear time', async () => {
      const html = page(`${'<div>'.repeat(10_000)}<p>${PARAGRAPH}</p>${'</div>'.repeat(10_000)}`, '<title>Sangat Dalam - Situs</title>');
      const started = performance.now();
      const parsed = await parseArticle(html, { key: 'a.html' });
      expect(performance.now() - started).toBeLessThan(1000);
      expect(parsed.text).toBe(PARAGRAPH);
      expect(parsed.title).toBe('Sangat Dalam');
    });

    it('rejects a deeply nested page without text as NO_ARTICLE', async () => {
      const error = await rejectionOf(() => parseArticle(page(`${'<div>'.repeat(5_000)}${'</div>'.repeat(5_000)}`), { key: 'a.html' }));
      expect(error.code).toBe('NO_ARTICLE');
    });
  });
});

describe('extractHtmlArticle', () => {
  it('loads without anything HTML-specific being imported by parse.ts up front', async () => {
    // The import graph is the contract: parse.ts only reaches html/, linkedom and Readability through import().
    const source = readFileSync(new URL('../../shared/domain/parse/parse.ts', import.meta.url), 'utf8');
    expect(source).not.toMatch(/^import[^;]*(linkedom|readability|\.\/html\/)/m);
    await expect(extractHtmlArticle(page(`<p>${PARAGRAPH}</p><p>${PARAGRAPH}</p>`))).resolves.toMatchObject({ text: `${PARAGRAPH}\n\n${PARAGRAPH}` });
  });
});

describe('removeCode', () => {
  /** What the CSS query the walk replaced matched, and the comments it then removed from the document element. */
  const NON_TEXT =
    'script, style, noscript, template, iframe, frame, frameset, object, embed, applet, svg, canvas, audio, video, picture, button, input, select, textarea, [hidden], [aria-hidden="true"]';

  it.each([
    [
      'code, embeds and hidden elements',
      page(
        '<p>Keep <b>this</b></p><SCRIPT>x()</SCRIPT><svg><text>icon</text></svg><div hidden>h</div><div aria-hidden="true">a</div><div aria-hidden="TRUE">v</div><!-- note --><form><input value="q"><button>Go</button></form>',
      ),
    ],
    [
      'markup before <html>, which becomes a top-level element of its own',
      `<script>early()</script><style>p{}</style><!doctype html><html><head><!-- c --></head><body><p>Text</p><!-- d --><template><p>t</p></template></body></html>`,
    ],
    ['a comment and a paragraph before <html>', `<!-- top --><p>Stray</p><html><body><p>Text</p><!-- inside --></body></html>`],
  ])('removes what the CSS query did: %s', async (_name, html) => {
    const walked = await parseDocument(html);
    removeCode(walked);
    const queried = await parseDocument(html);
    for (const el of Array.from(queried.querySelectorAll(NON_TEXT))) el.remove();
    const comments: { remove(): void }[] = [];
    const visit = (node: { nodeType: number; firstChild: unknown; nextSibling: unknown } | null) => {
      for (let child = node?.firstChild as typeof node; child; child = child.nextSibling as typeof node) {
        if (child.nodeType === 8) comments.push(child as unknown as { remove(): void });
        if (child.nodeType === 1) visit(child);
      }
    };
    visit(queried.documentElement);
    for (const comment of comments) comment.remove();
    const html0 = (doc: typeof walked) => Array.from(doc.childNodes, (n) => (n as unknown as { toString(): string }).toString()).join('');
    expect(html0(walked)).toBe(html0(queried));
    expect(html0(walked)).not.toMatch(/<script|<svg|hidden>|<!--\s*(note|c|d)\b/i);
  });
});

describe('a page whose <html> says hidden', () => {
  it.each(['hidden', 'aria-hidden="true"'])('is read like any page (<html %s>), not a crash', async (attribute) => {
    const html = `<!doctype html><html ${attribute}><head><title>Talks resume</title></head><body><p>${PARAGRAPH}</p><p>${PARAGRAPH}</p></body></html>`;
    await expect(extractHtmlArticle(html)).resolves.toMatchObject({ text: `${PARAGRAPH}\n\n${PARAGRAPH}` });
  });
});

describe('maxNestingDepthOf', () => {
  it('counts explicit nesting and ignores void and implicitly closed tags', () => {
    expect(maxNestingDepthOf('<div><section><p>a<p>b<br><img src=x><li>c</section></div>')).toBe(2);
  });

  it('skips script bodies and comments', () => {
    expect(maxNestingDepthOf('<div><script>"<div><div><div>"</script><!-- <div><div> --></div>')).toBe(1);
  });
});

describe('stripSiteSuffix', () => {
  it.each([
    ['Talks resume in Doha | The Daily', null, 'Talks resume in Doha'],
    ['Talks resume in Doha - Reuters', null, 'Talks resume in Doha'],
    ['Talks resume in Doha - the daily paper', 'The Daily Paper', 'Talks resume in Doha'],
    ['Ukraine war - live updates', null, 'Ukraine war - live updates'],
    ['Kabar | Pagi', null, 'Kabar | Pagi'],
  ])('%s (site %s) → %s', (title, site, expected) => {
    expect(stripSiteSuffix(title, site)).toBe(expected);
  });
});

describe('decodeEntities', () => {
  it('decodes numeric and common named references and leaves unknown ones', () => {
    expect(decodeEntities('caf&eacute; &amp; &#8220;teh&#x201D; &unknown; AT&T')).toBe('café & “teh” &unknown; AT&T');
  });
});
