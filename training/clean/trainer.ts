/**
 * The line model (cleaning and headline choice) as `npm run train` trains it: items are documents'
 * lines as feature vectors (fit.ts `FeaturedDoc`), shipped in training/sets/line.json.gz.
 */
import { existsSync } from 'node:fs';
import { extname } from 'node:path';
import type { LineModel } from '#shared/domain/clean/line-model.ts';
import { modelSetOf } from '#shared/domain/models.ts';
import type { LabelledArticle } from '../labelled-articles.ts';
import { withCard } from '../model-card.ts';
import { type CardedModel, CORRECTION_WEIGHTS, type Trainer } from '../registry.ts';
import { lineCard, lineFeatureHash, lineFiguresOf } from './card.ts';
import { documentOf, type LabelledDocument } from './dataset.ts';
import { loadLabelledArticles, loadTrainingDocuments } from './documents.ts';
import { type FeaturedDoc, featuredDocs, fitLineModel } from './fit.ts';
import { decodeLineSet, encodeLineSet, type LineSet } from './set.ts';

/** Sources whose text the line model sees as uploaded, line by line (HTML and JSON reach it through their parsers). */
const LINE_FORMATS = new Set(['', '.txt', '.text', '.md', '.markdown']);

/** A reviewer's labels as a line document: the lines it labels, or only its headline. */
function correctedDocument(article: LabelledArticle): LabelledDocument | null {
  if (!LINE_FORMATS.has(extname(article.fileName).toLowerCase())) return null;
  if (article.boilerplate === undefined && article.title === undefined) return null;
  const doc = documentOf({ ...article, boilerplate: article.boilerplate ?? [] });
  return doc && { ...doc, cleaningLabelled: article.boilerplate !== undefined };
}

export const lineTrainer: Trainer<FeaturedDoc> = {
  name: 'line',
  file: 'line-model.json',
  featureHash: lineFeatureHash,
  async fromSource(context) {
    const notes = existsSync(context.corpusDir)
      ? []
      : [`no team corpus at ${context.corpusDir}: the line set is made from the repo's own labelled fixtures only (the shipped one also holds the corpus)`];
    return { items: featuredDocs(loadTrainingDocuments(loadLabelledArticles(context.corpusDir))), notes };
  },
  async fromLabels(labels) {
    const docs = labels.map(correctedDocument).filter((d): d is LabelledDocument => d !== null);
    return featuredDocs(docs, () => CORRECTION_WEIGHTS.lines);
  },
  encode: (items) => encodeLineSet(items),
  decode: (encoded) => decodeLineSet(encoded as LineSet),
  fit(items, scored) {
    const fit = fitLineModel(items);
    return withCard(fit.model, lineCard(fit, items, scored)) as unknown as CardedModel;
  },
  figures: (model, items) => lineFiguresOf(model as unknown as LineModel, items),
  use: (models, model) => modelSetOf({ ...models.models, line: model as unknown as LineModel }),
};
