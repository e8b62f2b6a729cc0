import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { cleanArticle } from '#shared/domain/clean/clean.ts';
import { ArticleRejectedError } from '#shared/domain/errors.ts';
import { extractHtmlArticle } from '#shared/domain/parse/html/html.ts';
import { parseArticle } from '#shared/domain/parse/parse.ts';
import { growthOf } from './growth.ts';

// Pieces of real pages: prose, menus, cards, banners, tables, FAQs, broken and odd markup.
const pieceArb = fc.oneof(
  fc.constantFrom(
    '<p>Negotiators met on Tuesday in Doha to discuss a ceasefire and the release of prisoners, officials said.</p>',
    '<p>Menteri luar negeri kedua negara sepakat membentuk jalur konsultasi rutin, kata juru bicara.</p>',
    '<h2>What happens next</h2>',
    '<ul><li>First point of the list.</li><li>Second point.</li></ul>',
    '<nav><a href="/">Home</a> <a href="/news">News</a></nav>',
    '<div class="card"><a href="/x">Teaser headline</a></div>',
    '<div class="cookie-banner">We use cookies. <a href="#">Accept</a></div>',
    '<table><tr><td>2024</td><td>12</td></tr></table>',
    '<details><summary>Question?</summary><p>Answer.</p></details>',
    '<footer>© 2025 Example</footer>',
    '<script>alert(1)</script>',
    '<p>',
    '</div>',
    '<div><span>',
    '<br>',
    '&amp;&#8220;&bogus;',
    '',
  ),
  fc.string({ maxLength: 60 }),
  fc.string({ unit: 'grapheme', maxLength: 40 }).map((s) => `<p>${s}</p>`),
);
const pageArb = fc
  .tuple(fc.array(pieceArb, { maxLength: 30 }), fc.constantFrom('', '<title>Talks resume | Daily</title>', '<meta property="og:title" content="T">'))
  .map(([pieces, head]) => `<!doctype html><html><head>${head}</head><body>${pieces.join('')}</body></html>`);

async function extractOrReject(html: string) {
  try {
    return await extractHtmlArticle(html);
  } catch (error) {
    if (error instanceof ArticleRejectedError) return error.code;
    throw error;
  }
}

describe('the HTML block model path', () => {
  it('never throws on any page: it extracts or rejects with a code', async () => {
    await fc.assert(
      fc.asyncProperty(pageArb, async (html) => {
        const result = await extractOrReject(html);
        expect(typeof result === 'string' ? ['NO_ARTICLE'] : ['ok']).toContain(typeof result === 'string' ? result : 'ok');
      }),
      { numRuns: 150 },
    );
  });

  it('is deterministic, and cleaning its text again changes nothing', async () => {
    await fc.assert(
      fc.asyncProperty(pageArb, async (html) => {
        const first = await extractOrReject(html);
        expect(await extractOrReject(html)).toEqual(first);
        if (typeof first === 'string') return;
        const parsed = await parseArticle(html, { key: 'a.html' });
        const cleaned = cleanArticle(parsed);
        const again = cleanArticle({ ...parsed, text: cleaned.body, title: cleaned.title });
        expect(again.body).toBe(cleaned.body);
        expect(again.title).toBe(cleaned.title);
      }),
      { numRuns: 60 },
    );
  });

  it('only keeps text the page has: every kept block is a block of the page', async () => {
    const html =
      '<html><body><nav><a href="/">Home</a></nav><article><h1>Talks resume</h1><p>Negotiators met on Tuesday in Doha to discuss a ceasefire, officials said.</p><p>The next round is planned for May, both delegations confirmed after the meeting.</p></article></body></html>';
    const { text } = await extractHtmlArticle(html);
    for (const paragraph of text.split('\n\n')) expect(html).toContain(paragraph);
  });

  it('scales linearly with the size of the page', async () => {
    const section = (i: number) =>
      `<div class="row"><h2>Section ${i}</h2><p>Negotiators met on Tuesday in Doha to discuss a ceasefire and the release of prisoners, officials said.</p><ul><li><a href="/${i}">Related ${i}</a></li></ul></div>`;
    const growth = await growthOf(
      (n) => `<html><body><article>${Array.from({ length: n }, (_, i) => section(i)).join('')}</article></body></html>`,
      (html) => extractHtmlArticle(html),
      { start: 4, max: 200, floorMs: 5, samples: 3 },
    );
    expect(growth.ok, JSON.stringify(growth)).toBe(true);
  });
});
