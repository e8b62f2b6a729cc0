import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { FEATURE_NAMES, lineShapeOf } from '#shared/domain/clean/line-features.ts';
import { foldLine } from '#shared/domain/text/text.ts';

// The features skip regexes with character scans; each shortcut must give what the plain regex gives.
const at = (name: string) => FEATURE_NAMES.indexOf(name);
const SENTENCE_END = /[.!?。؟۔]["”'’»)\]]?$/u;
const URL_SHAPE = /https?:\/\/|www\.|\.(?:com|org|net|id|co|ru|de|fr|tr|ir)\b\/?|@\w{2,}|\S@\S+\.\w/iu;

/** Lines built from the characters the shortcuts look at, mixed with letters of several scripts and cases. */
const lineArb = fc
  .array(
    fc.oneof(
      fc.constantFrom(
        '.',
        '!',
        '?',
        '。',
        '؟',
        '۔',
        '"',
        '”',
        "'",
        '’',
        '»',
        ')',
        ']',
        '@',
        ':',
        '/',
        'www',
        'WWW',
        'http',
        'HTTPS',
        '.com',
        '.CO',
        '.id',
        '.Ir',
        'ſ',
        'K',
        'İ',
        'ı',
      ),
      fc.constantFrom(' ', 'a', 'Z', 'é', 'Ж', 'ب', '-', '|', '\t', '(', '1'),
      fc.string({ maxLength: 6 }),
    ),
    { maxLength: 30 },
  )
  .map((parts) => parts.join(''));

describe('line features computed without regexes', () => {
  it('sentenceEnd is the sentence-end regex', () => {
    fc.assert(
      fc.property(lineArb, (line) => {
        expect(lineShapeOf(line).values[at('sentenceEnd')]).toBe(SENTENCE_END.test(line) ? 1 : 0);
      }),
      { numRuns: 3000 },
    );
  });

  it('link is the URL regex', () => {
    fc.assert(
      fc.property(lineArb, (line) => {
        expect(lineShapeOf(line).values[at('link')]).toBe(URL_SHAPE.test(line) ? 1 : 0);
      }),
      { numRuns: 3000 },
    );
  });

  it('a lower case and fold passed in give the same shape as computed inside', () => {
    fc.assert(
      fc.property(lineArb, (line) => {
        expect(lineShapeOf(line, line.toLowerCase(), foldLine(line))).toEqual(lineShapeOf(line));
      }),
      { numRuns: 500 },
    );
  });

  it('counts stop words, capitalised and upper-case words as the word list does', () => {
    const shape = lineShapeOf('The UN and NATO met İSTANBUL officials in the city');
    // 10 words: stop words "the", "and", "in", "the"; capitalised The, UN, NATO, İSTANBUL; upper UN, NATO, İSTANBUL.
    expect(shape.values[at('capitalised')]).toBeCloseTo(4 / 10);
    expect(shape.values[at('upperCase')]).toBeCloseTo(3 / 10);
    expect(shape.values[at('stopwords')]).toBeGreaterThan(0);
  });
});
