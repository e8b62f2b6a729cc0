import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { BLOCK_FEATURES } from '#shared/domain/parse/html/block-features.ts';
import { bundledHtmlModel, keptText } from '#shared/domain/parse/html/block-model.ts';
import { shippedModels } from '#shared/domain/models.ts';
import { processArticle } from '#shared/domain/pipeline.ts';
import { htmlFeatureHash } from '../../training/html/card.ts';
import { exportPages, importPages, quantise } from '../../training/html/export.ts';
import type { TrainingPage } from '../../training/html/pages.ts';
import { approximateScore } from '../../training/html/evaluate.ts';
import { countTokens, tokenWeightsOf } from '../../training/html/fit.ts';
import { modelVersion } from '../../training/model-card.ts';

const read = (name: string) => JSON.parse(readFileSync(new URL(`../../shared/data/${name}`, import.meta.url), 'utf8'));

describe('the shipped HTML block model', () => {
  const model = read('html-model.json');

  it('is named by the hash of its weights, and the card the ingest bundle carries is its card', () => {
    expect(model.card.name).toBe('html');
    expect(model.card.version).toBe(modelVersion('html', model));
    expect(read('html-model-card.json').card).toEqual(model.card);
    expect(shippedModels().versions.extraction).toBe(model.card.version);
    expect(shippedModels().pipelineVersion).toContain(model.card.version);
  });

  it('names itself on the records it makes, and only on those', async () => {
    const page = readFileSync(new URL('../fixtures/html-shapes/key-takeaways.html', import.meta.url));
    const html = await processArticle({ bytes: page, key: 'incoming/x/a.html' });
    expect(html.models.extraction).toBe(model.card.version);
    const text = await processArticle({ bytes: new TextEncoder().encode('Negotiators met on Tuesday in Doha, officials said.'), key: 'incoming/x/a.txt' });
    expect(text.models).not.toHaveProperty('extraction');
  });

  it('was trained on the features this code computes', () => {
    expect(model.features).toEqual([...BLOCK_FEATURES]);
    expect(model.card.features).toBe(htmlFeatureHash());
    expect(() => bundledHtmlModel()).not.toThrow();
  });

  it('beats Readability alone out of fold (folds grouped by site), and records it', () => {
    const { metrics } = model.card.evaluation;
    expect(model.card.evaluation.grouping).toBe('site');
    expect(metrics.wordF1.grouped).toBeGreaterThan(metrics.wordF1.baseline);
    expect(metrics.wordF1.inSample).toBeGreaterThanOrEqual(metrics.wordF1.grouped);
  });
});

describe('the exported training set', () => {
  const pages = importPages();

  it('holds every page as numbers, with labels, and no text', () => {
    expect(pages.length).toBe(read('html-model.json').card.trainedOn.pages);
    const page = pages[0];
    expect(page?.features[0]).toHaveLength(BLOCK_FEATURES.length);
    expect(page?.labels.every((l) => l === 0 || l === 1)).toBe(true);
    expect(page?.texts).toBeUndefined();
    expect(readFileSync(new URL('../../training/html/data/pages.json.gz', import.meta.url)).length).toBeLessThan(4_000_000);
  });

  it('gives weight only to class/id tokens that three sites or more use', () => {
    const counts = countTokens(pages.slice(0, 60));
    const weights = tokenWeightsOf(counts);
    for (const token of weights.keys()) {
      const sites = [...counts.bySite.values()].filter((shares) => shares.has(token)).length;
      expect(sites).toBeGreaterThanOrEqual(3);
    }
  });

  it('scores a page from block counts: all content kept is recall 1, nothing kept is F1 0', () => {
    const page = pages.find((p) => p.truthWords > 0 && p.labels.includes(0) && p.labels.includes(1));
    if (!page) throw new Error('no page with both labels');
    const perfect = page.labels.map((l) => l);
    expect(approximateScore(page, perfect, 0.5, 0).recall).toBeGreaterThan(0.9);
    expect(
      approximateScore(
        page,
        page.labels.map(() => 1),
        0.5,
        0,
      ).f1,
    ).toBe(0);
  });
});

describe('the export round trip', () => {
  it('gives back the numbers training saw: quantised features, the neighbours recomputed, tokens of three sites', () => {
    const width = BLOCK_FEATURES.length;
    const pageOf = (site: string, id: string): TrainingPage => ({
      id,
      site,
      features: [0, 1, 2].map((b) => Float64Array.from({ length: width }, (_, f) => ((b + 1) * (f + 1) * 0.12345) % 3)),
      parents: [-1, 0, 1],
      tokens: [[], [11, 22], [33]],
      owners: [1, 2, 2],
      words: [3, 10, 0],
      matched: [0, 9, 0],
      labels: [1, 0, 1],
      captions: [2],
      truthWords: 12,
      readabilityWords: 11,
      readabilityOverlap: 9,
      baselineF1: 0.8,
    });
    const pages = ['a', 'b', 'c'].map((site, i) => pageOf(site, String(i)));
    pages[0]?.tokens[2]?.push(44);
    quantise(pages);
    // What training sees from the pages: the neighbour columns copy the quantised neighbours.
    for (const page of pages) {
      page.features.forEach((row, b) => {
        const copy = (name: string, from: number | undefined, source: string) => {
          row[BLOCK_FEATURES.indexOf(name as never)] =
            from === undefined ? 0 : ((page.features[from] as Float64Array)[BLOCK_FEATURES.indexOf(source as never)] as number);
        };
        copy('prevLogWords', b > 0 ? b - 1 : undefined, 'logWords');
        copy('nextLogWords', b < 2 ? b + 1 : undefined, 'logWords');
        copy('prevLinkDensity', b > 0 ? b - 1 : undefined, 'linkDensity');
        copy('nextLinkDensity', b < 2 ? b + 1 : undefined, 'linkDensity');
        copy('prevReadability', b > 0 ? b - 1 : undefined, 'readabilityShare');
        copy('nextReadability', b < 2 ? b + 1 : undefined, 'readabilityShare');
        row[BLOCK_FEATURES.indexOf('pageLogBlocks')] = Math.round(Math.log1p(3) * 1000) / 1000;
        for (const name of ['ownTokens', 'ancestorTokensMin', 'ancestorTokensMax', 'ancestorTokensSum']) row[BLOCK_FEATURES.indexOf(name as never)] = 0;
      });
    }
    const dir = mkdtempSync(join(tmpdir(), 'html-export-'));
    const file = join(dir, 'pages.json.gz');
    exportPages(pages, file);
    const back = importPages(file);
    expect(back.map((p) => p.site)).toEqual(['a', 'b', 'c']);
    back.forEach((page, i) => {
      const original = pages[i] as TrainingPage;
      expect(page.features.map((r) => Array.from(r))).toEqual(original.features.map((r) => Array.from(r)));
      expect(page).toMatchObject({ parents: [-1, 0, 1], owners: [1, 2, 2], labels: [1, 0, 1], captions: [2], words: [3, 10, 0], baselineF1: 0.8 });
    });
    // Token 44 is used on one site only: it can never get a weight, so it is not exported.
    expect(back[0]?.tokens).toEqual([[], [11, 22], [33]]);
    rmSync(dir, { recursive: true, force: true });
  });
});

describe('keptText', () => {
  it('keeps blocks under the threshold and reports each run of removed blocks once, by kind', () => {
    const decision = keptText(
      ['Menu', 'Home', 'Prose one.', 'Share', 'Prose two.', 'Photo: AP'],
      ['navigation', 'navigation', 'boilerplate', 'share-widget', 'boilerplate', 'caption'],
      [false, false, false, false, false, true],
      [0.9, 0.95, 0.1, 0.8, 0.2, 0.1],
      0.5,
      null,
      null,
      0,
    );
    expect(decision.text).toBe('Prose one.\n\nProse two.');
    expect(decision.removed).toEqual([
      { text: 'Menu · Home', reason: 'html-model:navigation 0.93' },
      { text: 'Share', reason: 'html-model:share-widget 0.80' },
      { text: 'Photo: AP', reason: 'caption' },
    ]);
  });

  it('falls back to Readability’s blocks, less the model’s sure boilerplate, when it keeps too little of them', () => {
    const readability = 'One two three four five six seven eight nine ten.';
    const texts = ['Menu', 'One two three four.', 'Five six seven eight nine ten.', 'Share this'];
    const posteriors = [0.9, 0.1, 0.4, 0.7];
    const inReadability = [0, 1, 1, 1];
    // Threshold 0.3 keeps four of ten words: under half of Readability's; its blocks then count, less "Share this" (0.7 ≥ 0.5).
    const decision = keptText(texts, null, null, posteriors, 0.3, inReadability, readability, 0.5);
    expect(decision).toMatchObject({ text: 'One two three four.\n\nFive six seven eight nine ten.', guarded: true, kept: [1, 2] });
    expect(keptText(texts, null, null, posteriors, 0.3, inReadability, readability, 0).guarded).toBe(false);
    // None of Readability's blocks left: its own text.
    expect(keptText(texts, null, null, [0.9, 0.9, 0.9, 0.9], 0.3, inReadability, readability, 0.5)).toMatchObject({ text: readability, guarded: true });
  });
});
