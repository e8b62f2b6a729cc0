/**
 * The line model (cleaning and headline choice) as `npm run train` trains it: items are documents'
 * lines as feature vectors (fit.ts `FeaturedDoc`), shipped in training/sets/line.json.gz.
 */
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { extname } from 'node:path';
import type { LineModel } from '#shared/domain/clean/line-model.ts';
import { modelSetOf } from '#shared/domain/models.ts';
import type { LabelledArticle } from '../labelled-articles.ts';
import { metric, modelVersion, withCard } from '../model-card.ts';
import { type CardedModel, CORRECTION_WEIGHTS, type Trainer } from '../registry.ts';
import { lineCard, lineEvaluation, lineFeatureHash, lineFiguresOf } from './card.ts';
import { documentOf, type LabelledDocument } from './dataset.ts';
import { loadLabelledArticles, loadTrainingDocuments } from './documents.ts';
import { type FeaturedDoc, featuredDocs, fitLineModel } from './fit.ts';
import { fitPageModel, pageFigures } from './fit-pages.ts';
import { pageTrainingSet } from './page-training.ts';
import { scrapedTrainingSet } from './scraped.ts';
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
  fit(items, scored, context) {
    // Real scraped articles of many outlets (scraped.ts): from their texts when they are there, else their shipped set.
    const scraped = scrapedTrainingSet({ fromSet: !context.fromSource });
    const docs = [...items, ...(scraped?.docs ?? [])];
    const fit = fitLineModel(docs);
    const card = lineCard(fit, docs, scored);
    if (scraped) {
      // The scraped set's own figures (the model alone, line level) beside the figures over every article.
      const figures = lineEvaluation(fit, scraped.docs).metrics;
      for (const [name, m] of Object.entries(figures)) card.evaluation.metrics[`scraped${name[0]?.toUpperCase()}${name.slice(1)}`] = m;
    }
    // The model for whole page dumps inside it, from real pages (page-training.ts): a reviewer's articles leave it as shipped.
    const pages = pageTrainingSet({ fromSet: !context.fromSource });
    if (pages) {
      // The page model learns from the page dumps and the corpus side of the article documents (not the scraped set).
      const shipped = items.filter((doc) => doc.source !== 'extra');
      const pageFit = fitPageModel(pages.docs, shipped);
      fit.model.page = pageFit.model;
      card.version = modelVersion('line', fit.model);
      card.trainedOn.pages = pages.docs.length;
      card.trainedOn.pageLines = pages.docs.reduce((n, d) => n + d.lines.length, 0);
      card.trainingData = createHash('sha256').update(card.trainingData).update(pages.bytes).digest('hex').slice(0, 16);
      card.evaluation.grouping = `outlet (articles), site (page dumps, ${pageFit.folds} folds)`;
      for (const [name, m] of Object.entries(pageFigures(pageFit, pages.docs))) card.evaluation.metrics[name] = metric(m.inSample, m.grouped, m.baseline);
    }
    return withCard(fit.model, card) as unknown as CardedModel;
  },
  figures: (model, items) => lineFiguresOf(model as unknown as LineModel, items),
  use: (models, model) => modelSetOf({ ...models.models, line: model as unknown as LineModel }),
};
