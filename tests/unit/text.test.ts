import { describe, expect, it } from 'vitest';
import { lowerCaseAligns } from '#shared/domain/text/chars.ts';
import { firstWordOf, PhraseIndex, phraseMatchesAt, textWordsOf, wordsOf } from '#shared/domain/text/text.ts';

describe('PhraseIndex', () => {
  const index = new PhraseIndex<string>();
  index.add(wordsOf('Kementerian'), 'ministry');
  index.add(wordsOf('Kementerian Luar Negeri AS'), 'US State Department');
  index.add(wordsOf('Kementerian Luar Negeri'), 'foreign ministry');

  it('finds the phrases starting with a word, longest first', () => {
    expect(index.startingWith('Kementerian').map((phrase) => phrase.value)).toEqual(['US State Department', 'foreign ministry', 'ministry']);
    expect(index.startingWith('Luar')).toEqual([]);
  });

  it('lets the first phrase that matches a text be the longest one written there', () => {
    const text = wordsOf('Juru bicara Kementerian Luar Negeri mengatakan');
    expect(index.startingWith('Kementerian').find((phrase) => phraseMatchesAt(phrase.words, text, 2))?.value).toBe('foreign ministry');
  });
});

describe('phraseMatchesAt', () => {
  it('matches word by word from the given index, and never past the end of the text', () => {
    expect(phraseMatchesAt(['amerika', 'serikat'], ['di', 'amerika', 'serikat'], 1)).toBe(true);
    expect(phraseMatchesAt(['amerika', 'serikat'], ['di', 'amerika'], 1)).toBe(false);
  });

  it('compares words the way it is told', () => {
    const caseless = (text: string, word: string) => text.toLowerCase() === word;
    expect(phraseMatchesAt(['gaza'], ['GAZA'], 0, caseless)).toBe(true);
    expect(phraseMatchesAt(['gaza'], ['GAZA'], 0)).toBe(false);
  });
});

describe('firstWordOf', () => {
  it('is the first of the words wordsOf splits off', () => {
    expect(firstWordOf('  "Baca juga: AS-Rusia bertemu')).toBe('Baca');
    expect(firstWordOf('AS-Rusia sepakati')).toBe(wordsOf('AS-Rusia sepakati')[0]);
    expect(firstWordOf(' — ')).toBeNull();
  });
});

describe('lowerCaseAligns', () => {
  it('lets a text be lower-cased once only when each word keeps its own lower case at its own offsets', () => {
    const aligns = (text: string) => lowerCaseAligns(text, text.toLowerCase());
    expect(aligns('Rusia dan NATO, Ucrânia')).toBe(true);
    expect(aligns('KİEV')).toBe(false); // İ lower-cases to two code units (i + combining dot)
    expect(aligns('ΟΔΟΣ ΣΟΦΙΑ')).toBe(false); // capital sigma: σ or final ς by its neighbours
  });

  it('gives textWordsOf the lower case of each word, whichever path it takes', () => {
    for (const text of ['AS-Rusia, 2025!', 'KİEV ve İSTANBUL', 'ΟΔΟΣ ΣΟΦΙΑ Αθήνα']) {
      const { words, lowerWords } = textWordsOf(text);
      expect(words).toEqual(wordsOf(text));
      expect(lowerWords).toEqual(wordsOf(text.toLowerCase()));
    }
  });
});
