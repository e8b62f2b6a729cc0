import { describe, expect, it } from 'vitest';
import { decodeBytes } from '#shared/domain/decode/decode.ts';
import { rejectionOf } from '../fixtures/rejections.ts';

const utf8 = (text: string) => new TextEncoder().encode(text);

function utf16(text: string, order: 'le' | 'be', { bom }: { bom: boolean }): Uint8Array {
  const bytes: number[] = bom ? (order === 'le' ? [0xff, 0xfe] : [0xfe, 0xff]) : [];
  for (let i = 0; i < text.length; i++) {
    const unit = text.charCodeAt(i);
    if (order === 'le') bytes.push(unit & 0xff, unit >> 8);
    else bytes.push(unit >> 8, unit & 0xff);
  }
  return Uint8Array.from(bytes);
}

/** Windows-1252 bytes for the handful of characters these tests use. */
function cp1252(text: string): Uint8Array {
  const high: Record<string, number> = { '—': 0x97, '“': 0x93, '”': 0x94, '‘': 0x91, '’': 0x92, '€': 0x80, '…': 0x85 };
  return Uint8Array.from([...text].map((char) => high[char] ?? char.charCodeAt(0)));
}

const ARTICLE = 'Diplomasi — “konsultasi” berlanjut.\nMenlu bertemu di Riyadh.';

describe('decodeBytes', () => {
  describe('Unicode', () => {
    it('decodes UTF-8 without a BOM', () => {
      expect(decodeBytes(utf8(ARTICLE))).toEqual({ text: ARTICLE, encoding: 'utf-8' });
    });

    it('strips the UTF-8 byte-order mark', () => {
      const bytes = Uint8Array.from([0xef, 0xbb, 0xbf, ...utf8(ARTICLE)]);
      expect(decodeBytes(bytes)).toEqual({ text: ARTICLE, encoding: 'utf-8' });
    });

    it('decodes UTF-16LE with a BOM', () => {
      expect(decodeBytes(utf16(ARTICLE, 'le', { bom: true }))).toEqual({ text: ARTICLE, encoding: 'utf-16le' });
    });

    it('decodes UTF-16BE with a BOM', () => {
      expect(decodeBytes(utf16(ARTICLE, 'be', { bom: true }))).toEqual({ text: ARTICLE, encoding: 'utf-16be' });
    });

    it('recognises UTF-16LE without a BOM from the NULs in every other byte', () => {
      expect(decodeBytes(utf16(ARTICLE, 'le', { bom: false }))).toEqual({ text: ARTICLE, encoding: 'utf-16le' });
    });

    it('recognises UTF-16BE without a BOM', () => {
      expect(decodeBytes(utf16(ARTICLE, 'be', { bom: false }))).toEqual({ text: ARTICLE, encoding: 'utf-16be' });
    });

    it('keeps non-Latin scripts intact', () => {
      const text = 'Москва и Киев. القدس. 北京。';
      expect(decodeBytes(utf8(text)).text).toBe(text);
    });
  });

  describe('legacy encodings', () => {
    it('decodes Windows-1252 when the bytes are not valid UTF-8, punctuation included', () => {
      expect(decodeBytes(cp1252('café — “quoted” ‘single’ €5…'))).toEqual({
        text: 'café — “quoted” ‘single’ €5…',
        encoding: 'windows-1252',
      });
    });

    it('treats a declared ISO-8859-1 as Windows-1252, as browsers do', () => {
      expect(decodeBytes(cp1252('“Halo”, kata café'), 'iso-8859-1')).toEqual({
        text: '“Halo”, kata café',
        encoding: 'windows-1252',
      });
    });

    it('lets the bytes win over a declared legacy charset when they are valid UTF-8', () => {
      expect(decodeBytes(utf8('café — “kutipan”'), 'iso-8859-1')).toEqual({ text: 'café — “kutipan”', encoding: 'utf-8' });
    });

    it('uses a declared legacy charset other than Windows-1252 once UTF-8 is ruled out', () => {
      // "Łódź" in ISO-8859-2.
      expect(decodeBytes(Uint8Array.of(0xa3, 0xf3, 0x64, 0xbc), 'iso-8859-2')).toEqual({ text: 'Łódź', encoding: 'iso-8859-2' });
    });

    it('reads the charset from an HTML meta tag when nothing was declared', () => {
      const bytes = Uint8Array.from([...utf8('<meta charset="windows-1250"><p>'), 0x8a, 0x61, 0x9d]);
      expect(decodeBytes(bytes)).toEqual({ text: '<meta charset="windows-1250"><p>Šať', encoding: 'windows-1250' });
    });

    it('decodes UTF-8 with a stray Windows-1252 byte without garbling the UTF-8 around it', () => {
      const bytes = Uint8Array.from([...utf8('Jakarta — “satu” — '), 0x93, ...utf8('dua” — tiga — empat')]);
      expect(decodeBytes(bytes)).toEqual({ text: 'Jakarta — “satu” — “dua” — tiga — empat', encoding: 'utf-8' });
    });
  });

  describe('normalisation', () => {
    it('normalises CRLF and lone CR to LF', () => {
      expect(decodeBytes(utf8('satu\r\ndua\rtiga\n')).text).toBe('satu\ndua\ntiga\n');
    });

    it('drops control characters but keeps newlines and tabs', () => {
      const prose = 'Menlu bertemu di Riyadh untuk membahas konsultasi bilateral. '.repeat(4);
      const bytes = utf8(`${prose}a\u0000b\u0007c\td\u001be\u007ff\u0085g\n`);
      expect(decodeBytes(bytes).text).toBe(`${prose}abc\tdef\ng\n`);
    });

    it('composes to NFC', () => {
      const decomposed = 'cafe\u0301 Sa\u0303o Paulo';
      expect(decodeBytes(utf8(decomposed)).text).toBe('café São Paulo');
    });

    it('keeps the author’s punctuation (curly quotes, dashes, ellipses)', () => {
      const text = '“Kami siap,” katanya — ‘sepenuhnya’… «oui»';
      expect(decodeBytes(utf8(text)).text).toBe(text);
    });
  });

  describe('rejections', () => {
    it.each([
      ['an empty object', new Uint8Array(0)],
      ['white space only', utf8(' \n\t\r\n \u00a0\u200b')],
      ['a lone byte-order mark', Uint8Array.of(0xef, 0xbb, 0xbf)],
      ['a UTF-16 BOM and spaces', utf16('   ', 'le', { bom: true })],
    ])('rejects %s as EMPTY', async (_name, bytes) => {
      expect((await rejectionOf(() => decodeBytes(bytes))).code).toBe('EMPTY');
    });

    it.each([
      ['PDF', [0x25, 0x50, 0x44, 0x46, 0x2d, 0x31, 0x2e, 0x37], /PDF/],
      ['PNG', [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0], /PNG/],
      ['JPEG', [0xff, 0xd8, 0xff, 0xe0, 0, 0x10], /JPEG/],
      ['GIF', [...utf8('GIF89a'), 1, 0], /GIF/],
      ['gzip', [0x1f, 0x8b, 0x08, 0], /gzip/],
      ['ZIP', [0x50, 0x4b, 0x03, 0x04, 0x14, 0], /ZIP/],
    ])('rejects a %s file as BINARY, naming the type', async (_name, magic, named) => {
      const bytes = Uint8Array.from([...magic, ...utf8(' followed by something that could pass for text')]);
      const error = await rejectionOf(() => decodeBytes(bytes));
      expect(error.code).toBe('BINARY');
      expect(error.message).toMatch(named);
    });

    it('tolerates a stray NUL in a short text instead of calling it binary', () => {
      expect(decodeBytes(utf8('Berita singkat.\u0000 Selesai.')).text).toBe('Berita singkat. Selesai.');
    });

    it('rejects bytes full of NULs and control characters that are not UTF-16 as BINARY', async () => {
      const bytes = Uint8Array.from({ length: 4096 }, (_, i) => (i * 7919) % 256);
      expect((await rejectionOf(() => decodeBytes(bytes))).code).toBe('BINARY');
    });

    it('rejects UTF-16 whose code units are mostly broken surrogates as INVALID_ENCODING', async () => {
      const bytes = Uint8Array.from([0xff, 0xfe, ...Array.from({ length: 50 }, () => [0x00, 0xdc]).flat()]);
      expect((await rejectionOf(() => decodeBytes(bytes))).code).toBe('INVALID_ENCODING');
    });
  });

  describe('performance', () => {
    const paragraph = 'Pembicaraan bilateral di ibu kota Saudi — “produktif”, kata juru bicara. café\r\n';

    it('decodes 5 MB of UTF-8 in well under a second', () => {
      const bytes = utf8(paragraph.repeat(Math.ceil((5 * 1024 * 1024) / paragraph.length)));
      const started = performance.now();
      const { text } = decodeBytes(bytes);
      expect(performance.now() - started).toBeLessThan(1000);
      expect(text.startsWith('Pembicaraan')).toBe(true);
    });

    it('decodes 5 MB of Windows-1252 in well under a second', () => {
      const bytes = cp1252(paragraph.repeat(Math.ceil((5 * 1024 * 1024) / paragraph.length)));
      const started = performance.now();
      const { encoding } = decodeBytes(bytes);
      expect(performance.now() - started).toBeLessThan(1000);
      expect(encoding).toBe('windows-1252');
    });
  });
});
