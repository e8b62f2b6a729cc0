import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { markLines, viewLines } from '#ops/console/line-view.ts';
import { evidenceSpans } from '#shared/domain/classify/classify.ts';
import { processArticle } from '#shared/domain/pipeline.ts';

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

describe('markLines: the classifier’s own matches on the lines shown', () => {
  const SAMPLE = readFileSync(new URL('../../samples/000_8692206af46fdf20.txt', import.meta.url), 'utf8');

  it('highlights every counted match, inflected and translated ones too ("Rusia" for Russia)', async () => {
    const processed = await processArticle({ bytes: new TextEncoder().encode(SAMPLE), key: 'incoming/samples/000.txt' });
    if (processed.status !== 'ok') throw new Error('the sample is an article');
    const spans = evidenceSpans({ title: processed.title, body: processed.body, language: processed.metadata.language.code });
    const view = viewLines(SAMPLE, processed.body, processed.removed, true);
    const { view: marked, title } = markLines(view, processed.body, processed.title, spans);
    const marks = [...marked.lines.flatMap((line) => (line.marks ?? []).map((m) => ({ ...m, text: line.text.slice(m.start, m.end) })))];

    // As many marks per topic and term as the record's evidence counts, each over the words that matched.
    const counted = Object.entries(processed.classification.evidence).flatMap(([topic, terms]) => terms.map((e) => [topic, e.term, e.count]));
    // The title's matches are on the line cleaning took as the title, and in `title` for the heading.
    const markedCounts = counted.map(([topic, term]) => [topic, term, marks.filter((m) => m.topic === topic && m.term === term).length]);
    expect(title.length).toBeGreaterThan(0);
    expect(markedCounts).toEqual(counted);
    expect(marks.some((m) => m.term === 'Russia' && m.text === 'Rusia')).toBe(true);
    expect(marks.every((m) => m.text.trim() === m.text && m.text !== '')).toBe(true);
  });

  it('finds a body match on its line when cleaning took an inline fragment out of that line', () => {
    const view = viewLines('Menlu Rusia tiba (Foto: ANTARA) di Riyadh.', 'Menlu Rusia tiba di Riyadh.', [], true);
    const spans = [
      { field: 'body' as const, start: 6, end: 11, topic: 'ukraine', term: 'Russia' },
      { field: 'body' as const, start: 20, end: 26, topic: 'middle-east', term: 'Saudi Arabia' },
    ];
    const [line] = markLines(view, 'Menlu Rusia tiba di Riyadh.', null, spans).view.lines;
    expect(line?.marks?.map((m) => line.text.slice(m.start, m.end))).toEqual(['Rusia', 'Riyadh']);
  });
});

describe('evidenceSpans', () => {
  it('gives every counted match of every fixture article, as many as its evidence counts', async () => {
    const dir = new URL('../fixtures/generalization/', import.meta.url);
    const labels = JSON.parse(readFileSync(new URL('labels.json', dir), 'utf8')) as { file: string }[];
    for (const { file } of labels) {
      const processed = await processArticle({ bytes: readFileSync(new URL(file, dir)), key: `incoming/fixtures/${file}` });
      if (processed.status !== 'ok') continue;
      const input = { title: processed.title, body: processed.body, language: processed.metadata.language.code };
      const spans = evidenceSpans(input);
      for (const [topic, terms] of Object.entries(processed.classification.evidence))
        for (const { term, count } of terms)
          expect(
            spans.filter((s) => s.topic === topic && s.term === term),
            `${file} ${topic} ${term}`,
          ).toHaveLength(count);
      for (const span of spans) expect((span.field === 'title' ? (input.title ?? '') : input.body).slice(span.start, span.end).trim()).not.toBe('');
    }
  });
});
