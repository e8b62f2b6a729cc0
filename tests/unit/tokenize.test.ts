import { describe, expect, it } from 'vitest';
import { tokenize } from '#shared/domain/text/normalize.ts';

describe('tokenize', () => {
  it('flushes the last token at the end of the text and yields nothing for blank text', () => {
    expect(tokenize('')).toEqual([]);
    expect(tokenize('   ')).toEqual([]);
    expect(tokenize('Kyiv')).toEqual(['kyiv']);
    expect(tokenize('end.')).toEqual(['end']);
  });

  it('starts a new token at a capital after a lower-case letter, mid-text and at the end', () => {
    expect(tokenize('ZelenskyyNATO talks')).toEqual(['zelenskyy', 'nato', 'talks']);
    expect(tokenize('iPhone')).toEqual(['i', 'phone']);
  });

  it('splits at punctuation and at characters outside the word classes (an emoji between two words)', () => {
    expect(tokenize('A-B c')).toEqual(['a', 'b', 'c']);
    expect(tokenize('Gaza😀Rafah')).toEqual(['gaza', 'rafah']);
  });

  it('folds each token on its own when lower-casing the whole text would shift offsets (İ) or depend on context (Σ)', () => {
    expect(tokenize('İstanbul ΣΟΦΙΑ')).toEqual(['istanbul', 'σοφια']);
  });
});
