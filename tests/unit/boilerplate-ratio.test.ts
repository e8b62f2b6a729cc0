/**
 * The boilerplate ratio counts everything taken out of the upload's text, whichever stage took it
 * out: an HTML body whose captions and widgets went at parsing once showed "boilerplate ratio 0.00" (#23).
 */
import { describe, expect, it } from 'vitest';
import { processArticle } from '#shared/domain/pipeline.ts';

const bytes = (text: string) => new TextEncoder().encode(text);
const nonSpace = (text: string) => text.replace(/\s+/gu, '').length;

const PARAGRAPHS = [
  'Foreign ministers from six countries met in Doha on Monday to discuss a ceasefire plan for the region, officials said.',
  'The talks lasted five hours and ended with a joint statement calling for humanitarian corridors and the release of detainees.',
  'Another meeting is planned for next month in Cairo, according to the statement released after the talks.',
];

describe('boilerplate ratio', () => {
  it('counts what parsing removed from an HTML body', async () => {
    const body = [
      `<p>${PARAGRAPHS[0]}</p>`,
      '<figure><img src="a.jpg"><figcaption>Ministers arrive in Doha. (Photo: Daily)</figcaption></figure>',
      `<p>${PARAGRAPHS[1]}</p>`,
      '<aside class="related"><a href="/x">Oil prices fall on supply fears</a></aside>',
      `<p>${PARAGRAPHS[2]}</p>`,
    ].join('');
    const article = await processArticle({ bytes: bytes(JSON.stringify({ title: 'Ministers meet in Doha', body })), key: 'incoming/daily/a.json' });
    if (article.status !== 'ok') throw new Error(`rejected: ${article.error.code}`);
    expect(article.removed.length).toBeGreaterThanOrEqual(2);
    const removed = article.removed.reduce((n, r) => n + nonSpace(r.text), 0);
    const expected = removed / (removed + nonSpace(article.body));
    expect(article.quality.boilerplateRatio).toBeGreaterThan(0.1);
    expect(article.quality.boilerplateRatio).toBeCloseTo(expected, 2);
  });

  it('is zero for a text with nothing to remove, and counts removed lines of a plain text', async () => {
    const clean = await processArticle({ bytes: bytes(PARAGRAPHS.join('\n\n')), key: 'incoming/daily/b.txt' });
    if (clean.status !== 'ok') throw new Error('rejected');
    expect(clean.removed).toEqual([]);
    expect(clean.quality.boilerplateRatio).toBe(0);

    const junk = await processArticle({
      bytes: bytes([PARAGRAPHS[0], 'ADVERTISEMENT', PARAGRAPHS[1], 'Share this article on Facebook', PARAGRAPHS[2]].join('\n\n')),
      key: 'incoming/daily/c.txt',
    });
    if (junk.status !== 'ok') throw new Error('rejected');
    expect(junk.removed.length).toBeGreaterThanOrEqual(1);
    expect(junk.quality.boilerplateRatio).toBeGreaterThan(0);
  });
});
