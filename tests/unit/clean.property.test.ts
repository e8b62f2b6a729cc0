import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parsedArticleOf } from '#shared/domain/article.ts';
import { cleanArticle } from '#shared/domain/clean/clean.ts';

const parsedText = (text: string, title: string | null = null) => parsedArticleOf('text', text, { title });

// Realistic building blocks: body prose, headlines, junk of every kind, blank and odd lines.
const lineArb = fc.oneof(
  fc.constantFrom(
    'JAKARTA, KOMPAS.com - Menteri Luar Negeri bertemu mitranya di sela pertemuan ASEAN pada Selasa.',
    'The talks in Jeddah lasted about six hours, but no final statement was released by the hosts.',
    'Pertemuan itu membahas gencatan senjata, bantuan kemanusiaan dan pertukaran tahanan kedua pihak.',
    'Baca Juga:',
    'Baca juga: Harga Cabai Naik Jelang Lebaran',
    'Harga Cabai Naik Jelang Lebaran',
    'Mungkin Anda Menyukai',
    'ADVERTISEMENT',
    'Foto: Dok ASEAN',
    'Editor: Teguh Imam Wibowo',
    'Selasa, 16 Januari 2024 05:35 WIB',
    'Fika Nurul Ulya,',
    'News',
    'Menu',
    'AS Tembak Jatuh Drone Iran',
    'Presiden tiba di Riyadh (Foto: ANTARA/Rivan). Ia disambut gubernur.',
    ' date 2024-02-07 Judul Berita',
    '— Euromaidan Press (@EuromaidanPress) May 18, 2024',
    'War in Ukraine, Israel',
    '',
    '\t\t',
    '...',
  ),
  fc.string({ maxLength: 80 }),
  fc.string({ unit: 'grapheme', maxLength: 60 }),
);
const articleArb = fc.array(lineArb, { maxLength: 25 }).map((lines) => lines.join('\n'));

// Article-like lines: the fixed blocks above plus sentences and headlines made of real words.
const wordArb = fc.constantFrom(
  'menteri',
  'Menteri',
  'Rusia',
  'bertemu',
  'di',
  'Riyadh',
  'the',
  'talks',
  'Gaza',
  'said',
  'Baca',
  'juga',
  'Foto',
  'Editor',
  'dan',
  '2024',
  'Selasa',
);
const proseArb = fc
  .tuple(fc.array(wordArb, { minLength: 1, maxLength: 30 }), fc.constantFrom('', '.', ':', '!', '?', ','))
  .map(([words, end]) => words.join(' ') + end);
const realisticArticleArb = fc
  .array(
    fc.oneof(
      lineArb.filter((l) => /^[\p{L}\p{N}\s.,:;!?'"()#@\-–—/|]*$/u.test(l)),
      proseArb,
    ),
    { maxLength: 25 },
  )
  .map((lines) => lines.join('\n'));

describe('cleanArticle properties', () => {
  it('never throws on any string', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string({ maxLength: 500 }), fc.string({ unit: 'binary', maxLength: 300 }), articleArb), (text) => {
        const cleaned = cleanArticle(parsedText(text));
        expect(cleaned.boilerplateRatio).toBeGreaterThanOrEqual(0);
        expect(cleaned.boilerplateRatio).toBeLessThanOrEqual(1);
      }),
      { numRuns: 400 },
    );
  });

  it('is idempotent: cleaning a cleaned body with the same title changes nothing', () => {
    fc.assert(
      fc.property(realisticArticleArb, fc.option(fc.constantFrom('Judul Berita', 'Oil prices rise')), (text, title) => {
        const once = cleanArticle(parsedText(text, title));
        const twice = cleanArticle(parsedText(once.body, once.title));
        expect(twice.body).toBe(once.body);
        expect(twice.title).toBe(once.title);
      }),
      { numRuns: 400 },
    );
  });

  // Inputs the property once found where a second look removed more: a line judged beside junk that
  // looks different once the junk has gone (the lead taken as the title, a short paragraph dropped).
  it.each([
    'talks di 2024 Baca Riyadh Selasa Editor.\ndi Rusia bertemu Selasa the 2024 Foto\nSelasa talks!\nHarga Cabai Naik Jelang Lebaran\nThe talks in Jeddah lasted about six hours, but no final statement was released by the hosts.',
    'Foto: Dok ASEAN\nEditor Selasa\nAS Tembak Jatuh Drone Iran\nmenteri juga di Rusia juga said menteri di dan the talks Selasa\nThe talks in Jeddah lasted about six hours, but no final statement was released by the hosts.\nMenu\nADVERTISEMENT\n\nThe talks in Jeddah lasted about six hours, but no final statement was released by the hosts.\nEditor,',
    'Harga Cabai Naik Jelang Lebaran\nAS Tembak Jatuh Drone Iran\nSelasa, 16 Januari 2024 05:35 WIB\nAS Tembak Jatuh Drone Iran\ntalks Gaza said!\nFoto: Dok ASEAN\ndi 2024 said bertemu the said di Rusia talks said!\nMenu\nAS Tembak Jatuh Drone Iran\ntalks Selasa Editor 2024 menteri Baca Baca talks bertemu Editor Baca talks,',
    'Selasa bertemu dan said\nthe talks di Baca di the Editor,\nHarga Cabai Naik Jelang Lebaran\nEditor 2024 the Gaza Baca bertemu Baca 2024 said Baca?\nSelasa, 16 Januari 2024 05:35 WIB\ndan 2024 di menteri Selasa dan Editor dan di dan!\nNews\nThe talks in Jeddah lasted about six hours, but no final statement was released by the hosts.\nADVERTISEMENT',
  ])('is idempotent where a second look once removed more (%#)', (text) => {
    const once = cleanArticle(parsedText(text));
    const twice = cleanArticle(parsedText(once.body, once.title));
    expect(twice.body).toBe(once.body);
    expect(twice.title).toBe(once.title);
    expect(once.body).not.toBe('');
  });

  it('only removes: every body word comes from the input', () => {
    fc.assert(
      fc.property(articleArb, (text) => {
        const lettersOf = (w: string) => w.replace(/[^\p{L}\p{N}]/gu, '');
        const inputWords = new Set(text.split(/\s+/).map(lettersOf));
        for (const word of cleanArticle(parsedText(text)).body.split(/\s+/).filter(Boolean)) {
          // Inline removals may leave punctuation glued differently ("KTT." from "KTT (Foto: …)."); compare letters.
          const letters = lettersOf(word);
          if (letters) expect([...inputWords].some((w) => w.includes(letters))).toBe(true);
        }
      }),
      { numRuns: 200 },
    );
  });

  it('stays linear on adversarial input: a 1 MB line and 100 000 "Baca Juga:" lines', () => {
    const longLine = 'Baca juga: ('.repeat(10).concat('a '.repeat(500_000));
    const manyLabels = 'Baca Juga:\n'.repeat(100_000);
    const started = Date.now();
    expect(cleanArticle(parsedText(longLine)).body.length).toBeGreaterThan(900_000);
    expect(cleanArticle(parsedText(manyLabels)).body).toBe('');
    // A generous sanity bound, far above the expected tens of milliseconds.
    expect(Date.now() - started).toBeLessThan(10_000);
  });

  it('scales linearly with the number of lines', () => {
    const block = 'JAKARTA - Menteri bertemu mitranya di Riyadh pada Selasa untuk membahas kerja sama.\nBaca juga: Judul Lain\nADVERTISEMENT\n';
    const time = (n: number) => {
      const text = block.repeat(n);
      const started = performance.now();
      cleanArticle(parsedText(text, 'Judul'));
      return performance.now() - started;
    };
    time(500);
    const small = Math.max(1, time(2_000));
    const large = time(8_000);
    expect(large / small).toBeLessThan(16);
  });
});
