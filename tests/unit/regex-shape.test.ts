import { describe, expect, it } from 'vitest';
import { classesAt, classesOf, LETTER, LOWER, MARK, NUMBER, SPACE, UPPER } from '#shared/domain/text/chars.ts';
import { mayContainMatch, PrefilterText, shapeOf } from '#shared/domain/clean/regex-shape.ts';
import { countWords, foldLine, textWordsOf, wordsOf } from '#shared/domain/text/text.ts';
import { findDates } from '#shared/domain/text/dates.ts';

// Every shortcut below must give exactly what the plain regex or chain of replaces gives.

describe('shapeOf', () => {
  it('bounds the length of what a pattern matches and names what it starts with', () => {
    expect(shapeOf('sign up(?: now)?[:!]?.{0,120}', true)).toMatchObject({ minLength: 7, maxLength: 132, firstAtoms: ['s'], requiredLiteral: 'sign up' });
  });

  it('finds the characters a breadcrumb needs', () => {
    expect(shapeOf('(?:[^>»›\\n]{1,60}\\s[>»›]\\s){2,12}[^>»›\\n]{1,200}', true).requiredCharacterSets).toEqual(['>»›']);
  });

  it('requires one literal of each alternative of a group every match passes through', () => {
    const shape = shapeOf('.{0,160}\\b(?:we use cookies|this (?:site|website) uses cookies|çerez(?:ler)? kullan)\\b.{0,300}', true);
    expect(shape.requiredLiteralSets).toEqual([['we use cookies', ' uses cookies', ' kullan']]);
    expect(mayContainMatch(shape, true, new PrefilterText('This site uses COOKIES to help'))).toBe(true);
    expect(mayContainMatch(shape, true, new PrefilterText('Ministers met in Cairo on Sunday.'))).toBe(false);
    // One alternative without a literal (`\\d+`) leaves nothing to require.
    expect(shapeOf('(?:cookies|\\d+) here', true).requiredLiteralSets).toEqual([]);
  });

  it('gives up, without pruning anything, on syntax it does not model', () => {
    expect(shapeOf('(\\w+) \\1', false)).toMatchObject({ minLength: 0, maxLength: Infinity, firstAtoms: null, requiredLiterals: [] });
  });

  it('never rules out a line the pattern matches', () => {
    const patterns = [
      ['.{0,400}\\bpic\\.twitter\\.com/\\w{1,20}.{0,200}', true],
      ['(?:[^>»›\\n]{1,60}\\s[>»›]\\s){2,12}[^>»›\\n]{1,200}', true],
      ['(?:copyright|©|\\(c\\)).{0,160}', true],
      ['[Bb]y\\s\\p{Lu}[^!?]{0,160}[^.!?]', false],
      ['sign up(?: now)?[:!]?.{0,120}', true],
    ] as const;
    const lines = ['Home › World › Asia', 'PIC.TWITTER.COM/abc', 'ſign up now', 'By Jane Doe', '© 2025 Kabar', 'Copyright Kabar', 'Sign Up!'];
    for (const [pattern, caseInsensitive] of patterns) {
      const shape = shapeOf(pattern, caseInsensitive);
      const regex = new RegExp(`^(?:${pattern})$`, caseInsensitive ? 'iu' : 'u');
      for (const line of lines) {
        if (regex.test(line)) expect(mayContainMatch(shape, caseInsensitive, new PrefilterText(line)), `${pattern} on ${line}`).toBe(true);
      }
    }
  });
});

describe('character classes', () => {
  it('gives every ASCII character the classes the Unicode regexes give it', () => {
    for (let code = 0; code < 0x80; code++) {
      const ch = String.fromCharCode(code);
      const expected =
        (/\p{L}/u.test(ch) ? LETTER : 0) |
        (/\p{N}/u.test(ch) ? NUMBER : 0) |
        (/\p{M}/u.test(ch) ? MARK : 0) |
        (/\p{Lu}/u.test(ch) ? UPPER : 0) |
        (/\p{Ll}/u.test(ch) ? LOWER : 0) |
        (/\s/u.test(ch) ? SPACE : 0);
      expect(classesOf(code), `U+${code.toString(16)}`).toBe(expected);
      expect(classesAt(`${ch}x`, 0)).toBe(expected);
    }
  });
});

describe('text scanners', () => {
  const samples = [
    "AS-Rusia, 2025! Zelenskyy’s talks. 'quoted' -dash- a.b.c",
    'Ucrânia e\u0301 KİEV ΟΔΟΣ:Α 😀𝐀bc ٣٤ \u200c',
    '  Tabs\tand\u00a0odd  spaces “quotes” ‘single’ – — \u2212 ﬁ Ａ  ',
    ' Plain ASCII  line, with "quotes" -- and\ttabs ',
  ];

  it('splits words exactly as the word regex does', () => {
    const word = /[\p{L}\p{N}\p{M}]+(?:['’.-][\p{L}\p{N}\p{M}]+)*/gu;
    for (const text of samples) {
      expect(wordsOf(text)).toEqual(text.match(word) ?? []);
      expect(countWords(text)).toBe((text.match(word) ?? []).length);
    }
  });

  it('splits a text and its lower case at the same words as two separate scans do', () => {
    for (const text of [...samples, 'İSTANBUL’DA ODYSSEUS ΟΔΟΣ ΣΑΣ', 'KİEV-İzmir Ὰ ǅemal']) {
      expect(textWordsOf(text)).toEqual({ words: wordsOf(text), lowerWords: wordsOf(text.toLowerCase()) });
    }
  });

  it('folds lines exactly as normalise, lower-case and replace do', () => {
    const reference = (line: string) =>
      line
        .normalize('NFKC')
        .toLowerCase()
        .replace(/[\u2018\u2019\u201a\u201b]/g, "'")
        .replace(/[\u201c\u201d\u201e\u201f\u00ab\u00bb]/g, '"')
        .replace(/[\u2010-\u2015\u2212]/g, '-')
        .replace(/\s+/g, ' ')
        .trim();
    for (const text of samples) expect(foldLine(text)).toBe(reference(text));
  });

  it('finds dates around years however far apart they stand', () => {
    const filler = 'kata '.repeat(40);
    const text = `Selasa 18 Februari 2025 ${filler} Feb. 19, 2025 ${filler} 2024-03-05 dan 12/03/2021 ${filler} 120201 2020x`;
    expect(findDates(text).map((d) => [d.iso, d.withWeekday])).toEqual([
      ['2025-02-18', true],
      ['2025-02-19', false],
      ['2024-03-05', false],
      ['2021-03-12', false],
    ]);
  });
});
