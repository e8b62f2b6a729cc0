import { classesOf, LOWER as LOWER_CASE, lowerCaseAligns, UPPER as UPPER_CASE, WORD_CHAR } from './chars.ts';

/**
 * Text folding and tokenising for lexicon matching. The classifier folds its
 * lexicon and the article with the same functions, so a term matches however
 * the article spells its accents, case or Arabic-script letter variants.
 */

/** Letters that Unicode decomposition leaves alone but readers treat as plain Latin. */
const LATIN_FOLDS: Record<string, string> = {
  ß: 'ss',
  ı: 'i',
  ø: 'o',
  ł: 'l',
  đ: 'd',
  æ: 'ae',
  œ: 'oe',
  þ: 'th',
  ð: 'd',
};

/**
 * Arabic/Persian letter variants folded to one form. Hamza carriers (أ إ آ ؤ ئ)
 * are already split by NFKD into a base letter plus a mark that is dropped.
 */
const ARABIC_FOLDS: Record<string, string> = {
  '\u0649': '\u064a', // alef maksura → yeh
  '\u06cc': '\u064a', // Persian yeh → Arabic yeh
  '\u06a9': '\u0643', // Persian keheh → kaf
  '\u0629': '\u0647', // teh marbuta → heh
  '\u0671': '\u0627', // alef wasla → alef
  '\u0640': '', // tatweel (elongation) carries no meaning
  '\u200c': ' ', // ZWNJ separates Persian word parts: treat as a break
  '\u200d': '',
};

const FOLD_CHARS = new RegExp(`[${Object.keys({ ...LATIN_FOLDS, ...ARABIC_FOLDS }).join('')}]`, 'gu');
const COMBINING_MARKS = /\p{M}+/gu;

/**
 * Folds text for matching: lower case, diacritics and harakat dropped, Arabic-script
 * letter variants unified.
 *
 * @example
 *   foldText('Ucrânia, KİEV, Selenskyj')  // → 'ucrania, kiev, selenskyj'
 *   foldText('أوكرانيا')                  // → 'اوكرانيا'
 */
export function foldText(text: string): string {
  return text
    .toLowerCase()
    .normalize('NFKD')
    .replace(COMBINING_MARKS, '')
    .replace(FOLD_CHARS, (ch) => LATIN_FOLDS[ch] ?? ARABIC_FOLDS[ch] ?? ch);
}

/**
 * Splits text into folded word tokens: runs of letters, digits and combining marks.
 * Apostrophes, hyphens and punctuation separate tokens, so Turkish case suffixes and
 * English possessives come off as their own tokens. A lower-case letter glued to an
 * upper-case one also separates them: two words that lost their space in extraction
 * ("yaptıDışişleri", "KanЕще"); all-capital runs ("NATO", "G20") stay whole.
 *
 * A hand-written scanner rather than a Unicode regex: it runs several times faster, and
 * plain ASCII tokens skip Unicode folding altogether.
 *
 * `spans`, when given, receives each token's start and end offset in `text`, two numbers a token:
 * where the review console highlights what matched.
 *
 * @example
 *   tokenize("Ukrayna'ya giden Zelenskyy'nin")  // → ['ukrayna', 'ya', 'giden', 'zelenskyy', 'nin']
 */
export function tokenize(text: string, spans?: number[]): string[] {
  return tokenizeInto(text, [], spans);
}

/** tokenize, appending to `tokens` (returned): one array for a whole article's sentences. */
export function tokenizeInto(text: string, tokens: string[], spans?: number[]): string[] {
  let start = -1;
  let ascii = true;
  let previous = SEPARATOR;
  // Lower-case the whole text once and slice tokens from it, when that gives each token's own lower case.
  const lower = text.toLowerCase();
  const aligned = lowerCaseAligns(text, lower);
  const length = text.length;
  for (let i = 0; i <= length; i++) {
    // One step past the end flushes the last token.
    const code = i < length ? text.charCodeAt(i) : 0x20;
    const kind = charClass(code);
    let flush = false;
    if (kind === SEPARATOR) flush = start >= 0;
    else if (start < 0) {
      start = i;
      ascii = code <= 0x7f;
    } else if (kind === UPPER && previous === LOWER) flush = true;
    else if (code > 0x7f) ascii = false;
    previous = kind;
    if (!flush) continue;
    const token = aligned
      ? ascii
        ? lower.slice(start, i)
        : foldCached(lower.slice(start, i))
      : ascii
        ? text.slice(start, i).toLowerCase()
        : foldCached(text.slice(start, i));
    if (token) {
      tokens.push(token);
      spans?.push(start, i);
    }
    if (kind === SEPARATOR) start = -1;
    else {
      // A capital after a lower-case letter starts the next token ("ZelenskyyNATO").
      start = i;
      ascii = code <= 0x7f;
    }
  }
  return tokens;
}

/** Non-ASCII words repeat a lot (names, places); folding them once is enough. Bounded for long-lived Lambdas. */
const FOLD_CACHE = new Map<string, string>();
const FOLD_CACHE_LIMIT = 50_000;

function foldCached(word: string): string {
  let folded = FOLD_CACHE.get(word);
  if (folded === undefined) {
    if (FOLD_CACHE.size >= FOLD_CACHE_LIMIT) FOLD_CACHE.clear();
    folded = foldText(word);
    FOLD_CACHE.set(word, folded);
  }
  return folded;
}

/**
 * Per word of `text` (a maximal run of letters, digits and marks, as splitting at every other
 * character gives), 1 when it starts with a capital letter, else 0. One pass, no word strings.
 *
 * @example capitalisedWords('Jordan Henderson scored') // → [1, 1, 0]
 */
export function capitalisedWords(text: string): number[] {
  const words: number[] = [];
  let inWord = false;
  for (let i = 0; i < text.length; i++) {
    const kind = charClass(text.charCodeAt(i));
    if (kind === SEPARATOR) inWord = false;
    else if (!inWord) {
      inWord = true;
      words.push(kind === UPPER ? 1 : 0);
    }
  }
  return words;
}

const SEPARATOR = 1;
const LOWER = 2;
const UPPER = 3;
const OTHER_WORD = 4;

/** What each UTF-16 code unit is to the tokenizer (0: not yet looked up), filled from the shared class table on first sight. */
const CHAR_CLASSES = new Uint8Array(0x10000);

/** What a UTF-16 code unit is to the tokenizer, from the shared Unicode class table (`chars.ts`). */
function charClass(code: number): number {
  const known = CHAR_CLASSES[code] as number;
  if (known !== 0) return known;
  const bits = classesOf(code);
  const kind = (bits & LOWER_CASE) !== 0 ? LOWER : (bits & UPPER_CASE) !== 0 ? UPPER : (bits & WORD_CHAR) !== 0 ? OTHER_WORD : SEPARATOR;
  CHAR_CLASSES[code] = kind;
  return kind;
}

/** Clitics written onto Arabic words: conjunctions و/ف, prepositions ب/ل/ك and the article ال. Longest first. */
const ARABIC_CLITICS = ['وبال', 'وال', 'بال', 'فال', 'كال', 'ولل', 'لل', 'ال', 'و', 'ب', 'ل', 'ف'];
const ARABIC_SCRIPT = /^[\u0600-\u06ff]/;
const MIN_ARABIC_STEM = 3;

/**
 * The forms a token may take once attached clitics are removed: the token itself
 * first, then each stripped form. Non-Arabic tokens come back alone.
 *
 * @example
 *   tokenVariants('والسعوديه')  // → ['والسعوديه', 'سعوديه', 'السعوديه']
 */
export function tokenVariants(token: string): string[] {
  if (!ARABIC_SCRIPT.test(token)) return [token];
  const variants = [token];
  for (const clitic of ARABIC_CLITICS) {
    if (token.startsWith(clitic) && token.length - clitic.length >= MIN_ARABIC_STEM) {
      const stripped = token.slice(clitic.length);
      if (!variants.includes(stripped)) variants.push(stripped);
    }
  }
  return variants;
}
