/**
 * The HTML block model's card (shared/model-card.ts): figures measured from the training set's
 * derived numbers (no text needed, so a clean clone measures them the same way), in-sample and out
 * of fold (folds grouped by site), next to Readability alone on the same pages.
 *
 * The model's figure is the word-F1 of the kept blocks from their aligned word counts (title words
 * aside); Readability's is its exact word-F1 (title + textContent), stored per page in the export.
 * `npm run eval:html` measures both exactly on the texts.
 */
import { parseHTML } from 'linkedom';
import { type DomElement, hashToken, segmentBlocks } from '#shared/domain/parse/html/blocks.ts';
import { BLOCK_FEATURES, blockFeatures } from '#shared/domain/parse/html/block-features.ts';
import { PROBE_LINES } from '../feature-probe.ts';
import { cardOf, hashOf, metric, type ModelCard } from '../model-card.ts';
import { approximateScore } from './evaluate.ts';
import type { TrainingPage } from './pages.ts';
import { htmlStopwords } from './stopwords.ts';

export const HTML_BASELINE = 'Readability.js on linkedom alone (title + textContent, exact word-F1)';

/** A page of the probe lines in common shapes: menu, headline, prose, a table, a related list, a footer. */
function probePage(): string {
  const [menu, search, crumbs, headline, date, byline, ...rest] = PROBE_LINES;
  const items = (menu ?? '').split(' | ').map((m) => `<li><a href="/${m}">${m}</a></li>`);
  return `<html><body><header class="site-header"><nav><ul>${items.join('')}</ul></nav><form><p>${search}</p></form></header>
<div class="breadcrumb">${crumbs}</div><main><article class="post-content"><h1>${headline}</h1><p class="meta">${date}</p><p class="byline">${byline}</p>
${rest
  .slice(0, 4)
  .map((l) => `<p>${l}</p>`)
  .join('')}<figure><figcaption>${rest[4]}</figcaption></figure>
<table>${rest
    .slice(5, 8)
    .map((l) => `<tr><td>${l}</td></tr>`)
    .join('')}</table>${rest
    .slice(8, 11)
    .map((l) => `<p>${l}</p>`)
    .join('')}</article>
<aside class="related-posts"><ul>${rest
    .slice(11)
    .map((l) => `<li><a href="/x">${l}</a></li>`)
    .join('')}</ul></aside></main><footer><p>© footer</p></footer></body></html>`;
}

/** The feature definitions: names, the stop words, and the features of the probe page. */
export function htmlFeatureHash(): string {
  const { document } = parseHTML(probePage());
  const page = segmentBlocks(document.body as unknown as DomElement);
  const tokenWeights = new Map([
    [hashToken('related'), -2],
    [hashToken('content'), 1],
  ]);
  const readability = new Map(page.blocks.filter((b) => b.owner.tag === 'p').map((b) => [b.owner.id, b.chars]));
  const rows = blockFeatures(page, { tokenWeights, readability, headline: PROBE_LINES[3] ?? null, isStopword: htmlStopwords().isStopword });
  return hashOf({ names: BLOCK_FEATURES, stopwords: htmlStopwords().bits, probe: rows.map((r) => Array.from(r, (x) => Math.round(x * 1e6) / 1e6)) });
}

const mean = (xs: readonly number[]) => (xs.length ? xs.reduce((a, b) => a + b, 0) / xs.length : 0);

export function htmlCard(
  model: unknown,
  pages: readonly TrainingPage[],
  grouped: readonly number[][],
  inSample: readonly number[][],
  threshold: number,
  guard: number,
  trainingData: string,
): ModelCard {
  const scores = (posteriors: readonly number[][]) => pages.map((page, i) => approximateScore(page, posteriors[i] as number[], threshold, guard));
  const g = scores(grouped);
  const s = scores(inSample);
  const avg = (xs: { precision: number; recall: number; f1: number }[], key: 'precision' | 'recall' | 'f1') => mean(xs.map((x) => x[key]));
  return cardOf('html', model, {
    trainedOn: { pages: pages.length, sites: new Set(pages.map((p) => p.site)).size, blocks: pages.reduce((n, p) => n + p.labels.length, 0) },
    trainingData,
    features: htmlFeatureHash(),
    evaluation: {
      grouping: 'site',
      folds: 5,
      baseline: HTML_BASELINE,
      primary: 'wordF1',
      metrics: {
        wordF1: metric(avg(s, 'f1'), avg(g, 'f1'), mean(pages.map((p) => p.baselineF1))),
        wordPrecision: metric(avg(s, 'precision'), avg(g, 'precision'), null),
        wordRecall: metric(avg(s, 'recall'), avg(g, 'recall'), null),
      },
    },
  });
}
