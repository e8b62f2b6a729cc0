import type { DecodedText } from '../article.ts';
import { ArticleRejectedError } from '../errors.ts';

/**
 * The decode stage: bytes as uploaded → clean Unicode text.
 *
 * Order of evidence, strongest first: a byte-order mark, the bytes themselves
 * (magic numbers, NUL patterns, UTF-8 validity), then the declared charset
 * (Content-Type or an HTML `<meta charset>`), which only picks among legacy
 * encodings once the bytes have ruled out UTF-8. Every step is one pass over
 * the bytes or one native TextDecoder call, so a 5 MB object decodes in
 * milliseconds.
 */

interface BinarySignature {
  name: string;
  /** Byte values, `null` for "any byte". */
  magic: readonly (number | null)[];
}

/** Files publishers upload by mistake; a text decoder would turn them into mojibake. */
const BINARY_SIGNATURES: readonly BinarySignature[] = [
  { name: 'a PDF document', magic: [0x25, 0x50, 0x44, 0x46, 0x2d] }, // %PDF-
  { name: 'a PNG image', magic: [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a] },
  { name: 'a JPEG image', magic: [0xff, 0xd8, 0xff] },
  { name: 'a GIF image', magic: [0x47, 0x49, 0x46, 0x38] }, // GIF8(7|9)a
  { name: 'a WebP image', magic: [0x52, 0x49, 0x46, 0x46, null, null, null, null, 0x57, 0x45, 0x42, 0x50] },
  { name: 'a gzip archive', magic: [0x1f, 0x8b] },
  { name: 'a ZIP archive (or a DOCX/XLSX/EPUB file)', magic: [0x50, 0x4b, 0x03, 0x04] },
  { name: 'an empty ZIP archive', magic: [0x50, 0x4b, 0x05, 0x06] },
  { name: 'a bzip2 archive', magic: [0x42, 0x5a, 0x68] }, // "BZh" + block size digit, checked below
  { name: 'a 7-Zip archive', magic: [0x37, 0x7a, 0xbc, 0xaf, 0x27, 0x1c] },
  { name: 'a legacy Microsoft Office document', magic: [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1] },
  { name: 'an ELF executable', magic: [0x7f, 0x45, 0x4c, 0x46] },
];

/** Share of NUL bytes above which non-UTF-16 content is binary (text never holds NULs). */
const MAX_NUL_SHARE = 0.01;
/** Share of other C0 control bytes above which content is binary. */
const MAX_CONTROL_SHARE = 0.1;
/** Share of (even or odd) positions that must be NUL for BOM-less UTF-16. */
const UTF16_NUL_SHARE = 0.3;
/** Bytes inspected for UTF-16 and binary patterns; enough to be sure, cheap on 5 MB. */
const SNIFF_BYTES = 64 * 1024;

/**
 * Decodes an uploaded object into NFC text with newlines normalised to `\n`
 * and control characters (other than `\n` and `\t`) removed.
 * The declared charset is a hint: the bytes win.
 *
 * @example
 *   decodeBytes(Uint8Array.of(0x63, 0x61, 0x66, 0xe9)) // cp1252 "café"
 *   // → { text: 'café', encoding: 'windows-1252' }
 * @throws ArticleRejectedError `EMPTY`, `BINARY` or `INVALID_ENCODING`
 */
export function decodeBytes(bytes: Uint8Array, declaredCharset: string | null = null): DecodedText {
  if (bytes.length === 0) throw emptyError();

  const binary = binarySignatureOf(bytes);
  if (binary) throw new ArticleRejectedError('BINARY', `The object is ${binary}, not text.`);

  const { encoding, text, clean } = decodeRaw(bytes, declaredCharset);
  const cleaned = normaliseText(text, clean === true);
  if (!/[^\s\u200b-\u200d\u2060]/.test(cleaned)) throw emptyError();
  return { text: cleaned, encoding };
}

/** `clean`: the text is known to hold nothing that normalisation would replace. */
function decodeRaw(bytes: Uint8Array, declaredCharset: string | null): { encoding: string; text: string; clean?: true } {
  const bom = byteOrderMarkOf(bytes);
  if (bom === 'utf-8') return { encoding: 'utf-8', text: new TextDecoder('utf-8').decode(bytes) };
  if (bom) return { encoding: bom, text: decodeUtf16(bytes, bom) };

  // Fast path for the common case: valid UTF-8 without NULs or C0 controls cannot be
  // BOM-less UTF-16 (Latin UTF-16 is full of NULs) nor binary by the rules below.
  const utf8 = tryDecode('utf-8', bytes);
  if (utf8 !== null) {
    if (!NEEDS_CLEANING.test(utf8)) return { encoding: 'utf-8', text: utf8, clean: true };
    if (!HAS_NUL_OR_C0_CONTROL.test(utf8)) return { encoding: 'utf-8', text: utf8 };
  }

  const stats = byteStatsOf(bytes.subarray(0, SNIFF_BYTES));
  const utf16 = utf16WithoutBomOf(stats, declaredCharset);
  if (utf16) return { encoding: utf16, text: decodeUtf16(bytes, utf16) };

  // A stray NUL or two is a copy-paste accident, not a binary file.
  if (stats.nul > Math.max(3, stats.total * MAX_NUL_SHARE) || stats.control > Math.max(3, stats.total * MAX_CONTROL_SHARE)) {
    throw new ArticleRejectedError('BINARY', 'The object holds binary data (many NUL or control bytes), not text.');
  }

  if (utf8 !== null) return { encoding: 'utf-8', text: utf8 };

  const legacy = legacyCharsetOf(declaredCharset ?? metaCharsetOf(bytes));
  if (legacy && legacy !== 'windows-1252') {
    const text = tryDecode(legacy, bytes);
    if (text !== null) return { encoding: legacy, text };
  }
  if (isMostlyUtf8(bytes)) return { encoding: 'utf-8', text: decodeMixedUtf8(bytes) };
  // Windows-1252 maps every byte, so this never fails; WHATWG also uses it for ISO-8859-1.
  return { encoding: 'windows-1252', text: decodeWindows1252(bytes) };
}

/** Windows-1252's printable characters at 0x80–0x9F, where ISO-8859-1 has C1 controls. */
const WINDOWS_1252_HIGH = '€\u0081‚ƒ„…†‡ˆ‰Š‹Œ\u008dŽ\u008f\u0090‘’“”•–—˜™š›œ\u009džŸ';
/** Byte → UTF-16 code unit for all 256 Windows-1252 bytes. */
const WINDOWS_1252 = Uint16Array.from({ length: 256 }, (_, byte) => (byte >= 0x80 && byte <= 0x9f ? WINDOWS_1252_HIGH.charCodeAt(byte - 0x80) : byte));

/**
 * Windows-1252 by table: Node 20's TextDecoder('windows-1252') decodes as
 * ISO-8859-1 (0x93 → U+0093 instead of “), so it cannot be trusted. Mapping
 * into UTF-16 code units and decoding those natively is linear and fast.
 */
function decodeWindows1252(bytes: Uint8Array): string {
  const units = new Uint16Array(bytes.length);
  for (let i = 0; i < bytes.length; i++) units[i] = WINDOWS_1252[bytes[i]!]!;
  return new TextDecoder('utf-16le').decode(units);
}

function emptyError(): ArticleRejectedError {
  return new ArticleRejectedError('EMPTY', 'The object is empty or holds only white space.');
}

function binarySignatureOf(bytes: Uint8Array): string | null {
  for (const { name, magic } of BINARY_SIGNATURES) {
    if (bytes.length < magic.length) continue;
    if (magic.every((b, i) => b === null || bytes[i] === b)) {
      // "BZh" is also how a text could begin ("BZh..." is unlikely but cheap to confirm).
      if (name === 'a bzip2 archive' && !(bytes[3] !== undefined && bytes[3] >= 0x31 && bytes[3] <= 0x39 && bytes[4] === 0x31)) {
        continue;
      }
      return name;
    }
  }
  return null;
}

type Utf16 = 'utf-16le' | 'utf-16be';

function byteOrderMarkOf(bytes: Uint8Array): 'utf-8' | Utf16 | null {
  const [a, b, c] = bytes;
  if (a === 0xef && b === 0xbb && c === 0xbf) return 'utf-8';
  if (a === 0xff && b === 0xfe) return 'utf-16le';
  if (a === 0xfe && b === 0xff) return 'utf-16be';
  return null;
}

interface ByteStats {
  total: number;
  /** NUL bytes at even and odd offsets: ASCII in UTF-16LE has them at odd offsets. */
  nulEven: number;
  nulOdd: number;
  nul: number;
  /** C0 controls other than TAB, LF, CR, FF, ESC and NUL. */
  control: number;
}

function byteStatsOf(sample: Uint8Array): ByteStats {
  let nulEven = 0;
  let nulOdd = 0;
  let control = 0;
  for (let i = 0; i < sample.length; i++) {
    const b = sample[i]!;
    if (b >= 0x20) continue;
    if (b === 0) {
      if (i & 1) nulOdd++;
      else nulEven++;
    } else if (b !== 0x09 && b !== 0x0a && b !== 0x0d && b !== 0x0c && b !== 0x1b) {
      control++;
    }
  }
  return { total: sample.length, nulEven, nulOdd, nul: nulEven + nulOdd, control };
}

/** UTF-16 without a BOM shows as NULs in every other byte (Latin text), on one side only. */
function utf16WithoutBomOf(stats: ByteStats, declaredCharset: string | null): Utf16 | null {
  const pairs = Math.floor(stats.total / 2);
  if (pairs === 0) return null;
  const lopsided = (many: number, few: number) => many >= pairs * UTF16_NUL_SHARE && few <= many * 0.05;
  if (lopsided(stats.nulOdd, stats.nulEven)) return 'utf-16le';
  if (lopsided(stats.nulEven, stats.nulOdd)) return 'utf-16be';
  // Non-Latin UTF-16 has few NULs; trust the declaration only if the bytes are not plain ASCII-like.
  const declared = declaredCharset?.toLowerCase();
  if ((declared === 'utf-16le' || declared === 'utf-16be') && stats.nul > 0 && stats.total % 2 === 0) return declared;
  return null;
}

/** Share of U+FFFD replacements tolerated in UTF-16 before calling it undecodable. */
const MAX_REPLACEMENT_SHARE = 0.01;

function decodeUtf16(bytes: Uint8Array, encoding: Utf16): string {
  const strict = tryDecode(encoding, bytes);
  if (strict !== null) return strict;
  const lenient = new TextDecoder(encoding).decode(bytes);
  let replacements = 0;
  for (let i = lenient.indexOf('\ufffd'); i !== -1; i = lenient.indexOf('\ufffd', i + 1)) replacements++;
  if (replacements > Math.max(1, lenient.length * MAX_REPLACEMENT_SHARE)) {
    throw new ArticleRejectedError(
      'INVALID_ENCODING',
      `The object starts like ${encoding.toUpperCase()} text but its bytes are not valid ${encoding.toUpperCase()}.`,
    );
  }
  return lenient;
}

const HAS_NUL_OR_C0_CONTROL = /[\u0000-\u0008\u000e-\u001a\u001c-\u001f]/;

/** Reused: a non-streaming decode() starts from a clean state, even after a failure. */
const STRICT_UTF8 = new TextDecoder('utf-8', { fatal: true });

function tryDecode(encoding: string, bytes: Uint8Array): string | null {
  try {
    return (encoding === 'utf-8' ? STRICT_UTF8 : new TextDecoder(encoding, { fatal: true })).decode(bytes);
  } catch {
    return null;
  }
}

/** `<meta charset="iso-8859-2">` or `<meta http-equiv … content="…; charset=…">` in the first KB of HTML. */
function metaCharsetOf(bytes: Uint8Array): string | null {
  const head = String.fromCharCode(...bytes.subarray(0, 1024));
  return /<meta[^>]{0,200}?charset\s*=\s*["']?\s*([\w.:-]{1,40})/i.exec(head)?.[1] ?? null;
}

/** A declared charset worth trying once UTF-8 has failed; null for UTF-8/UTF-16 or unknown labels. */
function legacyCharsetOf(charset: string | null): string | null {
  if (!charset) return null;
  const label = charset.trim().toLowerCase();
  if (/^(utf-?8|utf-?16(le|be)?|unicode|ucs-?2)$/.test(label)) return null;
  try {
    return new TextDecoder(label).encoding;
  } catch {
    return null;
  }
}

/**
 * True when the bytes hold many valid multi-byte UTF-8 sequences and only a
 * few stray invalid bytes: text assembled from UTF-8 with a Windows-1252
 * fragment pasted in. Decoding it all as Windows-1252 would garble the rest.
 */
function isMostlyUtf8(bytes: Uint8Array): boolean {
  let valid = 0;
  let invalid = 0;
  for (let i = 0; i < bytes.length; ) {
    const length = utf8SequenceLength(bytes, i);
    if (length > 1) valid++;
    else if (length === 0) invalid++;
    i += length || 1;
  }
  return valid > 0 && valid >= invalid * 2;
}

/** Valid UTF-8 as UTF-8, each invalid byte as its Windows-1252 character. */
function decodeMixedUtf8(bytes: Uint8Array): string {
  const utf8 = new TextDecoder('utf-8');
  const parts: string[] = [];
  let start = 0;
  for (let i = 0; i < bytes.length; ) {
    const length = utf8SequenceLength(bytes, i);
    if (length > 0) {
      i += length;
      continue;
    }
    if (i > start) parts.push(utf8.decode(bytes.subarray(start, i)));
    parts.push(decodeWindows1252(bytes.subarray(i, i + 1)));
    i += 1;
    start = i;
  }
  if (start < bytes.length) parts.push(utf8.decode(bytes.subarray(start)));
  return parts.join('');
}

/** Length of the well-formed UTF-8 sequence at `i`, or 0 when it is not one (RFC 3629 table 3-7). */
function utf8SequenceLength(bytes: Uint8Array, i: number): number {
  const b0 = bytes[i]!;
  if (b0 < 0x80) return 1;
  if (b0 < 0xc2 || b0 > 0xf4) return 0;
  const b1 = bytes[i + 1] ?? 0;
  if (b0 < 0xe0) return b1 >= 0x80 && b1 <= 0xbf ? 2 : 0;
  const low = b0 === 0xe0 ? 0xa0 : b0 === 0xf0 ? 0x90 : 0x80;
  const high = b0 === 0xed ? 0x9f : b0 === 0xf4 ? 0x8f : 0xbf;
  if (b1 < low || b1 > high) return 0;
  const b2 = bytes[i + 2] ?? 0;
  if (b2 < 0x80 || b2 > 0xbf) return 0;
  if (b0 < 0xf0) return 3;
  const b3 = bytes[i + 3] ?? 0;
  return b3 >= 0x80 && b3 <= 0xbf ? 4 : 0;
}

// Line breaks in all their spellings: CRLF, CR, NEL, LS, PS, VT and FF (page breaks in pasted PDFs).
const LINE_BREAKS = /\r\n?|[\u000b\u000c\u0085\u2028\u2029]/g;
// C0/C1 controls except TAB and LF, the BOM/ZWNBSP, and noncharacters left by broken converters.
const CONTROL_CHARACTERS = /[\u0000-\u0008\u000e-\u001f\u007f-\u009f\ufeff\ufffe\uffff]/g;

/** Any character either replacement would touch; one scan, since most articles hold none. */
const NEEDS_CLEANING = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u2028\u2029\ufeff\ufffe\uffff]/;

/** NFC, `\n` line breaks, no control characters; `knownClean` skips the scan decoding already ran. */
function normaliseText(text: string, knownClean: boolean): string {
  const cleaned = knownClean || !NEEDS_CLEANING.test(text) ? text : text.replace(LINE_BREAKS, '\n').replace(CONTROL_CHARACTERS, '');
  return cleaned.normalize('NFC');
}
