import { describe, expect, it } from 'vitest';
import { CHROME_LANGUAGES, type LabelledDocument, synthesizeScraped } from '../../training/clean/dataset.ts';
import { INLINE_JUNK } from '../../training/clean/inline-junk.ts';

const DOC: LabelledDocument = {
  id: 'own/1',
  outlet: 'own',
  synthetic: false,
  title: 'Harbour talks resume after a week of delays',
  bodyKeep: [],
  text: '',
  lines: [
    { text: 'Harbour talks resume after a week of delays', label: 'title' },
    { text: 'Negotiators from both ports met again on Tuesday to settle the dispute over fees.', label: 'content' },
    { text: 'The talks had stalled when one side walked out over the shipping schedule.', label: 'content' },
    { text: 'A final agreement is expected before the end of the month, officials said.', label: 'content' },
    { text: 'Both sides called the meeting constructive and promised to return next week.', label: 'content' },
  ],
};
const HEADLINES = ['Ferry fares to rise in spring', 'New bridge opens to traffic', DOC.title as string];

describe('synthetic scraped articles', () => {
  it('are the same for the same seed and keep the article lines, in order, with their labels', () => {
    for (const language of CHROME_LANGUAGES) {
      const a = synthesizeScraped(DOC, language, HEADLINES, 11);
      expect(synthesizeScraped(DOC, language, HEADLINES, 11)).toEqual(a);
      expect(a.lines.filter((l) => l.label !== 'boilerplate')).toEqual(DOC.lines);
      expect(a.text).toBe(a.lines.map((l) => l.text).join('\n\n'));
      expect(a.synthetic).toBe(true);
    }
  });

  it('put junk inside the article (above the headline, under it or between paragraphs), not only around it', () => {
    let inside = 0;
    for (let seed = 1; seed <= 40; seed++) {
      const lines = synthesizeScraped(DOC, CHROME_LANGUAGES[seed % CHROME_LANGUAGES.length] as string, HEADLINES, seed).lines;
      const first = lines.findIndex((l) => l.label !== 'boilerplate');
      const last = lines.length - 1 - [...lines].reverse().findIndex((l) => l.label !== 'boilerplate');
      if (lines.slice(first, last).some((l) => l.label === 'boilerplate')) inside++;
    }
    expect(inside).toBeGreaterThan(30);
  });

  it('never use the article’s own headline as a related headline', () => {
    for (let seed = 1; seed <= 40; seed++) {
      const junk = synthesizeScraped(DOC, 'en', HEADLINES, seed)
        .lines.filter((l) => l.label === 'boilerplate')
        .map((l) => l.text);
      expect(junk).not.toContain(DOC.title);
    }
  });

  it('have inline junk templates for every chrome language', () => {
    expect(Object.keys(INLINE_JUNK).sort()).toEqual([...CHROME_LANGUAGES].sort());
    for (const junk of Object.values(INLINE_JUNK)) for (const templates of Object.values(junk)) expect(templates.length).toBeGreaterThan(0);
  });
});
