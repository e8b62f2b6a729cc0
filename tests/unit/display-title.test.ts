/**
 * The words a feed shows for an article without a headline line (#23): the record keeps `title`
 * null, as the headline convention says, and carries a display title derived from the lead, marked
 * `titleSource: 'lead'`; a headline from the format's field or the line model is marked too.
 */
import { describe, expect, it } from 'vitest';
import { formatRecordSummary } from '#ops/local/samples.ts';
import { DISPLAY_TITLE_CHARS, displayTitleOf, leadTitleOf } from '#shared/domain/extract/display-title.ts';
import { processArticle } from '#shared/domain/pipeline.ts';
import { flatArticleOf } from '#shared/flat-record.ts';

const bytes = (text: string) => new TextEncoder().encode(text);

describe('leadTitleOf', () => {
  it("takes the lead's first sentence, without its dateline or closing full stop", () => {
    expect(leadTitleOf('Riyadh (Reuters) - Gulf ministers met on Sunday. They agreed on an aid corridor.', 'Riyadh')).toBe('Gulf ministers met on Sunday');
    expect(leadTitleOf('JAKARTA: Menteri bertemu di Riyadh pada Senin. Pertemuan itu berlangsung lama.', 'JAKARTA')).toBe(
      'Menteri bertemu di Riyadh pada Senin',
    );
    // A dateline the lead does not open with leaves the lead as it is.
    expect(leadTitleOf('Talks resumed in Doha. More later.', 'Cairo')).toBe('Talks resumed in Doha');
  });

  it('does not end the sentence at a title-cased abbreviation', () => {
    expect(leadTitleOf('Talks with Dr. Smith and Gen. Adams resumed in Geneva on Monday. More followed.', null)).toBe(
      'Talks with Dr. Smith and Gen. Adams resumed in Geneva on Monday',
    );
  });

  it('cuts a long sentence at a word boundary near 120 characters, with an ellipsis', () => {
    const lead =
      'The delegations met in Geneva for talks on a prisoner exchange, diplomats said, and the foreign ministers agreed to meet again next week, while others waited outside.';
    const title = leadTitleOf(lead, null) ?? '';
    expect(title.endsWith('…')).toBe(true);
    expect(title.length).toBeLessThanOrEqual(DISPLAY_TITLE_CHARS + 1);
    expect(title.length).toBeGreaterThan(DISPLAY_TITLE_CHARS / 2);
    // Cut between words: what precedes the ellipsis is a prefix of the lead ending on a whole word.
    const kept = title.slice(0, -1);
    expect(lead.startsWith(kept)).toBe(true);
    expect(lead[kept.length]).toMatch(/[\s,]/);
  });

  it('keeps a sentence that only just passes 120 characters whole', () => {
    const sentence = `${'Ministers met in Doha and '.repeat(4)}agreed on more aid`;
    expect(sentence.length).toBeGreaterThan(DISPLAY_TITLE_CHARS);
    expect(leadTitleOf(`${sentence}. Then more.`, null)).toBe(sentence);
  });

  it('gives plain text and nothing for a lead without words', () => {
    expect(leadTitleOf('<b>Talks</b> resume&nbsp;in Doha. Later more.', null)).toBe('Talks resume in Doha');
    expect(leadTitleOf('… — ...', null)).toBeNull();
  });
});

describe('displayTitleOf', () => {
  it('marks where the display title came from', () => {
    const lead = 'Ministers met in Doha on Monday. They talked.';
    expect(displayTitleOf({ title: 'Talks resume', structured: true, lead, dateline: null })).toEqual({
      displayTitle: 'Talks resume',
      titleSource: 'structure',
    });
    expect(displayTitleOf({ title: 'Talks resume', structured: false, lead, dateline: null })).toEqual({ displayTitle: 'Talks resume', titleSource: 'model' });
    expect(displayTitleOf({ title: null, structured: false, lead, dateline: null })).toEqual({
      displayTitle: 'Ministers met in Doha on Monday',
      titleSource: 'lead',
    });
    expect(displayTitleOf({ title: null, structured: false, lead: null, dateline: null })).toEqual({ displayTitle: null, titleSource: null });
  });
});

describe('the record of an article without a headline line', () => {
  const LEAD_FIRST = [
    'Foreign ministers from six countries met in Doha on Monday to discuss a ceasefire plan for the region, officials said.',
    'The talks lasted five hours and ended with a joint statement calling for humanitarian corridors and the release of detainees.',
    'Another meeting is planned for next month in Cairo, according to the statement released after the talks.',
  ].join('\n\n');

  it('keeps title null and shows the lead, marked as derived', async () => {
    const flat = flatArticleOf(await processArticle({ bytes: bytes(LEAD_FIRST), key: 'incoming/daily/097.txt' }));
    expect(flat).toMatchObject({
      status: 'ok',
      title: null,
      titleSource: 'lead',
      displayTitle: 'Foreign ministers from six countries met in Doha on Monday to discuss a ceasefire plan for the region, officials said',
    });
  });

  it('marks a headline from the format as structure and one the line model chose as model', async () => {
    const json = flatArticleOf(
      await processArticle({ bytes: bytes(JSON.stringify({ title: 'Talks in Doha', body: LEAD_FIRST })), key: 'incoming/daily/a.json' }),
    );
    expect(json).toMatchObject({ title: 'Talks in Doha', displayTitle: 'Talks in Doha', titleSource: 'structure' });
    const text = flatArticleOf(await processArticle({ bytes: bytes(`Ministers open ceasefire talks in Doha\n\n${LEAD_FIRST}`), key: 'incoming/daily/b.txt' }));
    expect(text).toMatchObject({
      title: 'Ministers open ceasefire talks in Doha',
      displayTitle: 'Ministers open ceasefire talks in Doha',
      titleSource: 'model',
    });
  });

  it('has no display title when rejected', async () => {
    const flat = flatArticleOf(await processArticle({ bytes: bytes(''), key: 'incoming/daily/empty.txt' }));
    expect(flat).toMatchObject({ status: 'rejected', displayTitle: null, titleSource: null });
  });
});

describe("npm start's line for a record", () => {
  const summary = {
    id: '0123456789abcdef',
    status: 'ok' as const,
    title: null,
    language: 'en',
    publishedAt: null,
    ingestedAt: '2026-12-07T20:00:00.000Z',
    topics: ['diplomacy'],
    scores: { diplomacy: 0.91 },
    primaryTopic: 'diplomacy',
    bucket: 'kabar-articles',
    objectKey: 'incoming/daily/097.txt',
    errorCode: null,
  };

  it('shows the lead of an article without a headline, marked, and the headline of one with it', () => {
    expect(formatRecordSummary({ ...summary, displayTitle: 'Ministers met in Doha on Monday' })).toBe(
      'incoming/daily/097.txt  ok  (lead) "Ministers met in Doha on Monday" [en]  diplomacy 0.91',
    );
    expect(formatRecordSummary({ ...summary, title: 'Talks in Doha', displayTitle: 'Talks in Doha' })).toBe(
      'incoming/daily/097.txt  ok  "Talks in Doha" [en]  diplomacy 0.91',
    );
  });
});
