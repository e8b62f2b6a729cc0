/**
 * Unicode character classes as bit flags, looked up by code point, so hot scanners can walk
 * a string with `charCodeAt` instead of running a Unicode regex per line or per token.
 * Each class is computed once with the matching `\p{…}` regex and cached: the answers are
 * exactly the regex's, at the cost of an array read.
 */

/** `\p{L}` */
export const LETTER = 1;
/** `\p{N}` */
export const NUMBER = 2;
/** `\p{M}` */
export const MARK = 4;
/** `\p{Lu}` */
export const UPPER = 8;
/** `\p{Ll}` */
export const LOWER = 16;
/** `\s` */
export const SPACE = 32;
/** `[\p{L}\p{N}\p{M}]`: a character of a word. */
export const WORD_CHAR = LETTER | NUMBER | MARK;

const COMPUTED = 128;

/** Classes of the ASCII characters, written out (as the regexes would compute them) so the common case is one read. */
const ASCII_CLASSES: Uint8Array = (() => {
  const table = new Uint8Array(0x80);
  for (let code = 0; code < 0x80; code++) {
    if (code >= 0x41 && code <= 0x5a) table[code] = LETTER | UPPER;
    else if (code >= 0x61 && code <= 0x7a) table[code] = LETTER | LOWER;
    else if (code >= 0x30 && code <= 0x39) table[code] = NUMBER;
    else if (code === 0x20 || (code >= 0x09 && code <= 0x0d)) table[code] = SPACE;
  }
  return table;
})();
const BMP_CLASSES = new Uint8Array(0x10000);
const ASTRAL_CLASSES = new Map<number, number>();

function computeClasses(codePoint: number): number {
  const ch = String.fromCodePoint(codePoint);
  return (
    (/\p{L}/u.test(ch) ? LETTER : 0) |
    (/\p{N}/u.test(ch) ? NUMBER : 0) |
    (/\p{M}/u.test(ch) ? MARK : 0) |
    (/\p{Lu}/u.test(ch) ? UPPER : 0) |
    (/\p{Ll}/u.test(ch) ? LOWER : 0) |
    (/\s/u.test(ch) ? SPACE : 0)
  );
}

/**
 * Class bits of a code point (a UTF-16 code unit for the BMP).
 *
 * @example
 *   classesOf('É'.charCodeAt(0)) & UPPER  // → UPPER
 *   classesOf(0x20) & SPACE               // → SPACE
 */
export function classesOf(codePoint: number): number {
  if (codePoint < 0x80) return ASCII_CLASSES[codePoint] ?? 0;
  if (codePoint < 0x10000) {
    const known = BMP_CLASSES[codePoint] ?? 0;
    if (known !== 0) return known & ~COMPUTED;
    // A lone surrogate is no character of any class, as in a `u` regex.
    const bits = codePoint >= 0xd800 && codePoint <= 0xdfff ? 0 : computeClasses(codePoint);
    BMP_CLASSES[codePoint] = bits | COMPUTED;
    return bits;
  }
  let bits = ASTRAL_CLASSES.get(codePoint);
  if (bits === undefined) {
    bits = computeClasses(codePoint);
    ASTRAL_CLASSES.set(codePoint, bits);
  }
  return bits;
}

/**
 * Class bits of the character starting at `index` (a surrogate pair counts as one character).
 * `classesAt('a😀', 1)` → the emoji's classes (none of the word classes).
 */
export function classesAt(text: string, index: number): number {
  const code = text.charCodeAt(index);
  if (code < 0x80) return ASCII_CLASSES[code] ?? 0;
  if (code >= 0xd800 && code <= 0xdbff) {
    const low = text.charCodeAt(index + 1);
    if (low >= 0xdc00 && low <= 0xdfff) return classesOf(((code - 0xd800) << 10) + (low - 0xdc00) + 0x10000);
  }
  return classesOf(code);
}

/** Number of UTF-16 code units of the character starting at `index`: 2 for a surrogate pair, else 1. */
export function widthAt(text: string, index: number): number {
  const code = text.charCodeAt(index);
  if (code >= 0xd800 && code <= 0xdbff) {
    const low = text.charCodeAt(index + 1);
    if (low >= 0xdc00 && low <= 0xdfff) return 2;
  }
  return 1;
}

/**
 * Whether `lower` (`text.toLowerCase()`) keeps every offset of `text`, so each word's lower case
 * can be sliced from it at the word's own bounds, lower-casing a text once instead of word by
 * word. Not when lower-casing expands a character (`İ` → `i̇`) or the text holds a capital
 * sigma, whose lower case (σ or final ς) depends on its neighbours, not on the word alone.
 * `lowerCaseAligns('KİEV', 'KİEV'.toLowerCase())` → false.
 */
export function lowerCaseAligns(text: string, lower: string): boolean {
  return lower.length === text.length && !text.includes('\u03a3');
}
