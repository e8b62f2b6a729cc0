import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { bundledHtmlModel } from '#shared/domain/parse/html/block-model.ts';
import type { LabelledArticle } from '../../training/labelled-articles.ts';
import { CORRECTION_WEIGHTS } from '../../training/registry.ts';
import { correctedPage } from '../../training/html/trainer.ts';

const HTML = readFileSync(join(import.meta.dirname, '..', 'fixtures', 'loop', 'harbour.html'), 'utf8');
const PODCAST = 'Listen: The quay podcast, episode 41';

/** The page as `kabar labels export` writes it after "is junk" on the podcast row: kabar's removals plus that line. */
const article = (overrides: Partial<LabelledArticle> = {}): LabelledArticle => ({
  id: 'labels/incoming/coastal/harbour.html',
  outlet: 'coastal',
  lang: 'en',
  topics: [],
  boilerplate: [
    'Home · News · Sport · Weather',
    'Harbour board approves dredging plan',
    'By Mara Quint, 3 March 2026',
    'More from the coast · Ferry fares to rise in April · Lifeboat crew honoured',
    '© 2026 Coastal Ledger. All rights reserved.',
    PODCAST,
  ],
  bodyKeep: [],
  text: HTML,
  fileName: 'harbour.html',
  ...overrides,
});

describe('a reviewer’s HTML page as a block-model training page (npm run train -- --extra)', () => {
  it('labels each block by the export’s lines and weighs only the blocks the reviewer corrected', async () => {
    const page = await correctedPage(article(), bundledHtmlModel().model);
    if (!page) throw new Error('no page');
    const texts = page.labels.map((_, b) => b);
    const podcast = texts.filter((b) => (page.weights?.[b] ?? 1) > 1);
    // One corrected block (the podcast row, which the shipped model keeps), labelled boilerplate.
    expect(podcast).toHaveLength(1);
    expect(page.labels[podcast[0] as number]).toBe(1);
    // Its weight: CORRECTION_WEIGHTS.blocks whole pages (a page's blocks weigh 100 together).
    const total = page.words.reduce((a, w) => a + w + 1, 0);
    expect((page.weights?.[podcast[0] as number] ?? 0) * ((page.words[podcast[0] as number] ?? 0) + 1)).toBeCloseTo(CORRECTION_WEIGHTS.blocks * total);
    // The navigation the model removed stays boilerplate at weight 1; the paragraphs stay content.
    expect(page.labels.filter((l) => l === 1).length).toBeGreaterThan(2);
    expect(page.matched.reduce((a, b) => a + b, 0)).toBe(page.truthWords);
    expect(page.truthWords).toBeGreaterThan(100);
  });

  it('marks a block the reviewer said is content as content, whatever the model decided', async () => {
    const page = await correctedPage(article({ bodyKeep: ['Home · News · Sport · Weather'] }), bundledHtmlModel().model);
    const corrected = (page?.weights ?? []).flatMap((w, b) => (w > 1 ? [page?.labels[b]] : []));
    expect(corrected).toContain(0);
  });

  it('leaves out what the block model does not learn from: a text upload, a page whose cleaning nobody corrected', async () => {
    expect(
      await correctedPage(article({ text: 'Harbour board approves dredging plan\n\nThe board voted.', fileName: 'a.txt' }), bundledHtmlModel().model),
    ).toBeNull();
    expect(await correctedPage(article({ boilerplate: undefined }), bundledHtmlModel().model)).toBeNull();
  });
});
