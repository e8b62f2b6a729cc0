import { describe, expect, it } from 'vitest';
import { viewLines } from '#ops/console/line-view.ts';

describe('viewLines', () => {
  it('puts each removed line back where it stood, with its reason', () => {
    const source = 'Headline\nRead more: other story\nFirst paragraph.\n\nADVERTISEMENT\nSecond paragraph.';
    const view = viewLines(
      source,
      'First paragraph.\n\nSecond paragraph.',
      [
        { text: 'Headline', reason: 'title' },
        { text: 'Read more: other story', reason: 'related-link' },
        { text: 'ADVERTISEMENT', reason: 'ad-marker' },
      ],
      true,
    );

    expect(view).toEqual({
      lines: [
        { text: 'Headline', removed: 'title' },
        { text: 'Read more: other story', removed: 'related-link' },
        { text: 'First paragraph.' },
        { text: 'ADVERTISEMENT', removed: 'ad-marker' },
        { text: 'Second paragraph.' },
      ],
      unplaced: [],
    });
  });

  it('matches a repeated line to its next occurrence, in order', () => {
    const view = viewLines('Share\nBody one.\nShare\nBody two.', 'Body one.\nShare\nBody two.', [{ text: 'Share', reason: 'share-prompt' }], true);

    expect(view.lines.map((line) => line.removed ?? null)).toEqual(['share-prompt', null, null, null]);
  });

  it('compares with runs of spaces folded, as cleaning reports them', () => {
    const view = viewLines('Body.\nCek Artikel:  Other   story', 'Body.', [{ text: 'Cek Artikel: Other story', reason: 'related-link' }], true);

    expect(view.lines[1]).toEqual({ text: 'Cek Artikel:  Other   story', removed: 'related-link' });
  });

  it('shows removals that are not whole lines apart', () => {
    const view = viewLines(' date 2025-01-02 Headline\nBody.', 'Body.', [{ text: 'date 2025-01-02', reason: 'extractor-date-prefix' }], true);

    expect(view.unplaced).toEqual([{ text: 'date 2025-01-02', reason: 'extractor-date-prefix' }]);
    expect(view.lines.every((line) => line.removed === undefined)).toBe(true);
  });

  it('shows the cleaned body and every removal apart when the source is not line based', () => {
    const view = viewLines('<p>Body.</p><aside>Ad</aside>', 'Body one.\n\nBody two.', [{ text: 'Ad', reason: 'html-aside' }], false);

    expect(view).toEqual({ lines: [{ text: 'Body one.' }, { text: 'Body two.' }], unplaced: [{ text: 'Ad', reason: 'html-aside' }] });
  });
});
