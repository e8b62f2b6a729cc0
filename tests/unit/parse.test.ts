import { describe, expect, it } from 'vitest';
import { normaliseAuthors, normaliseLanguage, parseArticle } from '#shared/domain/parse/parse.ts';
import { normaliseDate } from '#shared/domain/text/dates.ts';
import { rejectionOf } from '../fixtures/rejections.ts';

const BODY = 'Jakarta: Pemerintah mengumumkan paket kebijakan baru pada Senin.\n\nKebijakan itu mulai berlaku bulan depan.';
/** A whole-page text dump: the rendered search box and menu come first. */
const SEARCH_BOX_DUMP = `[ ] Cari\n[ Masuk ]  Beranda  Politik  Ekonomi\n\nJudul Berita Hari Ini\n\n${BODY}`;

describe('parseArticle', () => {
  describe('plain text', () => {
    it('passes the text through unchanged, leaving titles and boilerplate to cleaning', async () => {
      const text = 'Judul Berita\n\nBaca Juga: Lainnya\n\n  Paragraf dengan spasi.  \n';
      const parsed = await parseArticle(text, { key: 'incoming/antara/a.txt' });
      expect(parsed).toEqual({
        format: 'text',
        title: null,
        text,
        publishedAt: null,
        authors: [],
        url: null,
        source: null,
        declaredLanguage: null,
        extra: {},
        removed: [],
      });
    });

    it('keeps prose that happens to start with a bracket as text', async () => {
      const text = '[Foto] Warga antre di depan posko bantuan pada Minggu pagi.';
      expect((await parseArticle(text, { key: 'incoming/x/a.txt' })).format).toBe('text');
    });

    it('reads text from a key without an extension', async () => {
      expect((await parseArticle(BODY, { key: 'incoming/x/article' })).format).toBe('text');
    });
  });

  describe('format detection: the content wins', () => {
    it('parses a .txt key holding an HTML document as HTML', async () => {
      const html = `<!doctype html><html><head><title>Paket kebijakan baru</title></head><body><article><p>${'Pemerintah mengumumkan paket kebijakan baru untuk menahan harga pangan. '.repeat(4)}</p></article></body></html>`;
      const parsed = await parseArticle(html, { key: 'incoming/x/a.txt', contentType: 'text/plain' });
      expect(parsed.format).toBe('html');
      expect(parsed.text).toMatch(/^Pemerintah mengumumkan/);
      expect(parsed.text).not.toContain('<');
    });

    it('parses a .txt key holding a JSON article as JSON', async () => {
      const parsed = await parseArticle(JSON.stringify({ title: 'T', body: BODY }), { key: 'incoming/x/a.txt' });
      expect(parsed.format).toBe('json');
      expect(parsed.text).toBe(BODY);
    });

    it('reads a .json key holding prose as text', async () => {
      const parsed = await parseArticle(BODY, { key: 'incoming/x/a.json', contentType: 'application/json' });
      expect(parsed.format).toBe('text');
    });

    it('reads a .html key holding plain prose as text', async () => {
      expect((await parseArticle(BODY, { key: 'incoming/x/a.html', contentType: 'text/html' })).format).toBe('text');
    });

    it('recognises Markdown in a .txt key by its markup', async () => {
      const markdown = '# Paket Kebijakan\n\nPemerintah mengumumkan **paket** baru.\n\n## Dampak\n\nLihat [rincian](https://example.invalid/r).';
      expect((await parseArticle(markdown, { key: 'incoming/x/a.txt' })).format).toBe('markdown');
    });

    it('does not mistake a hashtag or a single bold phrase for Markdown', async () => {
      const text = '#PilihanRakyat ramai di media sosial.\n\nMenteri menyebutnya **penting** bagi ekonomi.';
      expect((await parseArticle(text, { key: 'incoming/x/a.txt' })).format).toBe('text');
    });

    it('does not mistake scraped divider lines for Markdown headings', async () => {
      const text = 'Judul\n-----\nParagraf satu.\n-----\nParagraf dua.\n-----\nParagraf **tiga**.';
      expect((await parseArticle(text, { key: 'incoming/x/a.txt' })).format).toBe('text');
    });
  });

  describe('JSON', () => {
    it.each([
      [{ title: 'Judul', body: BODY }],
      [{ headline: 'Judul', text: BODY }],
      [{ title: 'Judul', content: BODY }],
      [{ headline: 'Judul', articleBody: BODY }],
    ])('reads title and body from %j', async (article) => {
      const parsed = await parseArticle(JSON.stringify(article), { key: 'incoming/x/a.json' });
      expect(parsed).toMatchObject({ format: 'json', title: 'Judul', text: BODY });
    });

    it('reads the metadata fields and keeps unknown fields in extra', async () => {
      const json = JSON.stringify({
        title: 'Judul',
        body: BODY,
        url: 'https://example.invalid/a',
        published_at: '2025-02-18T10:00:00+07:00',
        author: { name: 'Rina Wulandari' },
        publisher: { name: 'Kabar Pagi' },
        lang: 'id-ID',
        category: 'ekonomi',
        tags: ['harga', 'pangan'],
      });
      const parsed = await parseArticle(json, { key: 'incoming/x/a.json' });
      expect(parsed).toMatchObject({
        url: 'https://example.invalid/a',
        publishedAt: '2025-02-18T10:00:00+07:00',
        authors: ['Rina Wulandari'],
        source: 'Kabar Pagi',
        declaredLanguage: 'id',
        extra: { category: 'ekonomi', tags: ['harga', 'pangan'] },
      });
      expect(Object.keys(parsed.extra)).toEqual(['category', 'tags']);
    });

    it.each([
      [{ publishedAt: '2025-02-18' }, '2025-02-18'],
      [{ date: 'Tue, 18 Feb 2025 10:00:00 +0700' }, '2025-02-18T03:00:00.000Z'],
      [{ datePublished: '2025-02-18T10:00:00Z' }, '2025-02-18T10:00:00Z'],
      [{ published_at: 1739847600 }, '2025-02-18T03:00:00.000Z'],
    ])('reads the publication time from %j', async (field, expected) => {
      const parsed = await parseArticle(JSON.stringify({ body: BODY, ...field }), { key: 'a.json' });
      expect(parsed.publishedAt).toBe(expected);
    });

    it.each([
      ['a string', 'Rina Wulandari', ['Rina Wulandari']],
      ['a list of strings and objects', ['Rina', { name: 'Budi' }], ['Rina', 'Budi']],
      ['an object', { name: 'Budi', url: 'https://x.invalid' }, ['Budi']],
    ])('reads authors given as %s', async (_name, author, expected) => {
      const parsed = await parseArticle(JSON.stringify({ body: BODY, author }), { key: 'a.json' });
      expect(parsed.authors).toEqual(expected);
    });

    it('keeps a date it cannot read in extra rather than dropping it', async () => {
      const parsed = await parseArticle(JSON.stringify({ body: BODY, date: 'kemarin sore' }), { key: 'a.json' });
      expect(parsed.publishedAt).toBeNull();
      expect(parsed.extra.publishedAtRaw).toBe('kemarin sore');
    });

    it('reads a date field written in words of another language', async () => {
      const parsed = await parseArticle(JSON.stringify({ body: BODY, date: 'Senin, 18 Februari 2025' }), { key: 'a.json' });
      expect(parsed.publishedAt).toBe('2025-02-18');
    });

    it('extracts text from a body that holds HTML, without its scripts', async () => {
      const body =
        '<p>Paragraf pertama.</p><script>alert("SCRIPT")</script><p>Baris satu<br>baris dua.</p><figure><img src="x.jpg"><figcaption>Foto: Antara</figcaption></figure>';
      const parsed = await parseArticle(JSON.stringify({ title: 'Judul', body }), { key: 'a.json' });
      expect(parsed.text).toBe('Paragraf pertama.\n\nBaris satu\nbaris dua.');
      expect(parsed.removed).toEqual([{ text: 'Foto: Antara', reason: 'caption' }]);
    });

    it('reads WordPress-style { rendered } fields', async () => {
      const json = JSON.stringify({ title: { rendered: 'Judul' }, content: { rendered: '<p>Isi berita pertama.</p>\n<p>Isi kedua.</p>' } });
      const parsed = await parseArticle(json, { key: 'a.json' });
      expect(parsed).toMatchObject({ title: 'Judul', text: 'Isi berita pertama.\n\nIsi kedua.' });
    });

    it('reads an article wrapped in { "article": … }', async () => {
      const parsed = await parseArticle(JSON.stringify({ article: { title: 'Judul', body: BODY } }), { key: 'a.json' });
      expect(parsed).toMatchObject({ title: 'Judul', text: BODY });
    });

    it('rejects malformed JSON as INVALID_JSON', async () => {
      const error = await rejectionOf(() => parseArticle('{"title": "Judul", "body": "tanpa penutup', { key: 'a.json' }));
      expect(error.code).toBe('INVALID_JSON');
    });

    it('rejects broken JSON declared by Content-Type, whatever the key says', async () => {
      const error = await rejectionOf(() =>
        parseArticle('{"title": "Judul", "body": "tanpa penutup', { key: 'a.txt', contentType: 'application/json; charset=utf-8' }),
      );
      expect(error.code).toBe('INVALID_JSON');
    });

    it('rejects a declared .json upload that opens like a text dump as INVALID_JSON', async () => {
      const error = await rejectionOf(() => parseArticle(SEARCH_BOX_DUMP, { key: 'incoming/x/a.json' }));
      expect(error.code).toBe('INVALID_JSON');
    });

    describe('text that only looks like JSON', () => {
      it.each([
        ['a .txt page dump opening with a rendered search box', SEARCH_BOX_DUMP, { key: 'incoming/x/a.txt' }],
        ['a .txt dump opening with a template stub', `{{ site.nav }}\n\n${BODY}`, { key: 'incoming/x/a.txt' }],
        ['broken JSON under a .txt key', '{"title": "Judul", body: "x"}', { key: 'incoming/x/a.txt' }],
        [
          'broken JSON with a text/plain Content-Type under a .json key',
          '{"title": "Judul", body: "x"}',
          { key: 'incoming/x/a.json', contentType: 'text/plain' },
        ],
        ['broken JSON under a key with no extension and no Content-Type', '{"title": "Judul", "body": "tanpa penutup', { key: 'incoming/x/article' }],
        ['a JSON-like array opening under a .md key', `["Pilihan", "Terpopuler"\n\n${BODY}`, { key: 'incoming/x/a.md' }],
      ])('cleans %s as text', async (_name, text, hints) => {
        const parsed = await parseArticle(text, hints);
        expect(parsed.format).not.toBe('json');
        expect(parsed.text).toContain(text.split('\n')[0]?.slice(0, 20));
      });

      it.each([
        ['a .txt key', { key: 'incoming/x/a.txt' }],
        ['a key with no extension', { key: 'incoming/x/article' }],
        ['a text/plain Content-Type', { key: 'incoming/x/a', contentType: 'text/plain' }],
      ])('still reads a JSON object that parses under %s as JSON', async (_name, hints) => {
        const parsed = await parseArticle(JSON.stringify({ title: 'Judul', body: BODY }), hints);
        expect(parsed).toMatchObject({ format: 'json', title: 'Judul', text: BODY });
      });
    });

    it.each([
      ['an array', JSON.stringify([{ title: 'a', body: 'b' }]), /array/],
      ['a string', '"just a string"', /string/],
      ['a number', '42', /number/],
    ])('rejects %s as INVALID_JSON with a message saying what was expected', async (_name, json, named) => {
      const error = await rejectionOf(() => parseArticle(json, { key: 'a.json', contentType: 'application/json' }));
      expect(error.code).toBe('INVALID_JSON');
      expect(error.message).toMatch(named);
      expect(error.message).toMatch(/article object/);
    });

    it('rejects JSON without a body field as NO_BODY', async () => {
      const error = await rejectionOf(() => parseArticle(JSON.stringify({ title: 'Judul', author: 'Rina' }), { key: 'a.json' }));
      expect(error.code).toBe('NO_BODY');
    });

    it.each([
      ['an empty string', ''],
      ['white space', '  \n '],
      ['HTML without text', '<p> </p><script>x()</script>'],
    ])('rejects a body that is %s as NO_BODY', async (_name, body) => {
      const error = await rejectionOf(() => parseArticle(JSON.stringify({ title: 'Judul', body }), { key: 'a.json' }));
      expect(error.code).toBe('NO_BODY');
    });

    it('parses a 10 MB body in linear time', async () => {
      const body = 'Kalimat berita yang panjang sekali. '.repeat(Math.ceil((10 * 1024 * 1024) / 36));
      const started = performance.now();
      const parsed = await parseArticle(JSON.stringify({ title: 'Besar', body }), { key: 'a.json' });
      expect(performance.now() - started).toBeLessThan(2000);
      expect(parsed.text.length).toBe(body.length);
    });
  });

  describe('Markdown', () => {
    const markdown = [
      '---',
      'title: Judul dari front matter',
      'date: 2025-02-18',
      'author: Rina Wulandari',
      'section: ekonomi',
      '---',
      '# Judul Markdown',
      '',
      'Pemerintah **mengumumkan** paket _baru_ di [Jakarta](https://example.invalid/jkt "Jakarta").',
      '![Foto menteri](https://images.invalid/m.jpg)',
      '',
      '## Dampak bagi warga',
      '',
      '- Harga beras turun',
      '* Subsidi naik',
      '',
      '> “Kami siap,” kata menteri, merujuk [laporan][lap] dan variabel `snake_case`.',
      '',
      '[lap]: https://example.invalid/laporan',
    ].join('\n');

    it('strips markup to plain lines and keeps paragraph structure', async () => {
      const parsed = await parseArticle(markdown, { key: 'incoming/x/a.md' });
      expect(parsed.format).toBe('markdown');
      expect(parsed.text).toBe(
        [
          'Pemerintah mengumumkan paket baru di Jakarta.',
          '',
          '',
          'Dampak bagi warga',
          '',
          'Harga beras turun',
          'Subsidi naik',
          '',
          '“Kami siap,” kata menteri, merujuk laporan dan variabel snake_case.',
        ]
          .join('\n')
          .replace(/\n{3,}/g, '\n\n'),
      );
    });

    it('reads front matter metadata, preferring its title over the first heading (which leaves the text)', async () => {
      const parsed = await parseArticle(markdown, { key: 'a.md' });
      expect(parsed).toMatchObject({
        title: 'Judul dari front matter',
        publishedAt: '2025-02-18',
        authors: ['Rina Wulandari'],
        extra: { section: 'ekonomi' },
      });
      expect(parsed.text).not.toContain('Judul Markdown');
    });

    it('takes the first level-1 heading as the title and leaves it out of the text', async () => {
      const parsed = await parseArticle('Intro line\n\n# Judul Utama #\n\nIsi berita.\n\n# Bagian Kedua', { key: 'a.md' });
      expect(parsed.title).toBe('Judul Utama');
      expect(parsed.text).toBe('Intro line\n\nIsi berita.\n\nBagian Kedua');
    });

    it('reads setext headings and keeps fenced code verbatim', async () => {
      const parsed = await parseArticle('Judul Setext\n============\n\n```\n**bukan tebal**\n```\nSelesai.', { key: 'a.md' });
      expect(parsed.title).toBe('Judul Setext');
      expect(parsed.text).toBe('**bukan tebal**\nSelesai.');
    });

    it('keeps arithmetic, snake_case and escaped markers as written', async () => {
      const parsed = await parseArticle('# T\n\nHasil 5 * 3 di file_name.txt, \\*bukan miring\\*, ***sangat*** ~~coret~~.', { key: 'a.md' });
      expect(parsed.text).toBe('Hasil 5 * 3 di file_name.txt, *bukan miring*, sangat coret.');
    });

    it('stays fast on a long line full of unmatched markers', async () => {
      const line = '**[_*`'.repeat(200_000);
      const started = performance.now();
      await parseArticle(`# T\n\n${line}`, { key: 'a.md' });
      expect(performance.now() - started).toBeLessThan(2000);
    });
  });
});

describe('normaliseDate', () => {
  it.each([
    ['2025-02-18', '2025-02-18'],
    ['2025-02-18 10:00:00', '2025-02-18T10:00:00'],
    ['2025/2/8', '2025-02-08'],
    ['1739847600000', '2025-02-18T03:00:00.000Z'],
    ['18 February 2025 10:00 GMT', '2025-02-18T10:00:00.000Z'],
    ['Senin, 18 Februari 2025', '2025-02-18'],
    ['2025-13-45', null],
    ['18 February 2025', '2025-02-18'],
    ['kemarin', null],
    ['', null],
  ])('%s → %s', (input, expected) => {
    expect(normaliseDate(input)).toBe(expected);
  });
});

describe('normaliseLanguage', () => {
  it.each([
    ['id-ID', 'id'],
    ['en_US', 'en'],
    ['in', 'id'],
    ['English', 'en'],
    ['ind', 'id'],
    ['fre', 'fr'],
    ['per', 'fa'],
    ['zho', 'zh'],
    ['iw', 'he'],
    ['ceb', null],
    ['xyz', null],
    ['klingon tongue', null],
  ])('%s → %s', (input, expected) => {
    expect(normaliseLanguage(input)).toBe(expected);
  });
});

describe('normaliseAuthors', () => {
  it('drops "By"/"Oleh" prefixes and duplicates', () => {
    expect(normaliseAuthors(['By Ann Lee', { name: 'Oleh Budi' }, 'Ann Lee'])).toEqual(['Ann Lee', 'Budi']);
  });
});
