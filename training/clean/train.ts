/**
 * `npm run train:clean`: fits the cleaning line model and writes `shared/data/line-model.json` with
 * its model card, after `npm run train:stopwords` has derived the stop-word list the features use
 * (`shared/data/stopwords.json`). Deterministic: same data, same file.
 *
 * Training data: the team corpus (`../shared/corpus`, when present), the project's fixtures,
 * synthetic whole-page dumps (page chrome from chrome.ts wrapped around those articles) and real
 * scraped articles of many outlets (scraped.ts) for the article model; real pages dumped to text
 * (`../shared/pages` through w3m, page-dumps.ts) for the page model inside it. Without the pages
 * or the scraped texts (a clean clone), those two train from the shipped sets of their derived
 * numbers (`training/sets/line-pages.bin.gz`, `training/sets/line-scraped.json.gz`); `--from-set`
 * forces that.
 */
import { createHash } from 'node:crypto';
import { resolve } from 'node:path';
import { formatCard, metric, withCard, writeModelFile } from '../model-card.ts';
import { lineCard, lineEvaluation } from './card.ts';
import { loadTrainingDocuments } from './documents.ts';
import { fitPageModel, pageFigures } from './fit-pages.ts';
import { featuredDocs, fitLineModel } from './fit.ts';
import { pageTrainingSet } from './page-training.ts';
import { scrapedTrainingSet } from './scraped.ts';
import { deriveStopwords, STOPWORDS_FILE, staleStopwords } from './stopwords.ts';

// The line features have read the stop-word file already: train only on the list stopwords-iso gives.
if (staleStopwords()) {
  console.error(`${STOPWORDS_FILE} is not what stopwords-iso gives: run npm run train:stopwords first (npm run train:clean does).`);
  process.exit(1);
}
const stopwords = deriveStopwords().count;

export const MODEL_FILE = resolve(import.meta.dirname, '..', '..', 'shared', 'data', 'line-model.json');

const fromSet = process.argv.includes('--from-set');
const articleDocs = featuredDocs(loadTrainingDocuments());
const scraped = scrapedTrainingSet({ fromSet });
const docs = [...articleDocs, ...(scraped?.docs ?? [])];
const fit = fitLineModel(docs);
const pages = pageTrainingSet({ fromSet });
const card = lineCard(fit, docs);
if (scraped) {
  // The scraped set's own figures (the model alone, line level) beside the figures over every article.
  const figures = lineEvaluation(fit, scraped.docs).metrics;
  for (const [name, m] of Object.entries(figures)) card.evaluation.metrics[`scraped${name[0]?.toUpperCase()}${name.slice(1)}`] = m;
  console.log(`real scraped articles: ${scraped.docs.length} (${scraped.origin})`);
} else console.log('real scraped articles: none (no texts in KABAR_SCRAPED_DIR, no shipped set)');
if (pages) {
  // The page model learns from the page dumps and the corpus side of the article documents, as before the scraped set.
  const pageFit = fitPageModel(pages.docs, articleDocs);
  fit.model.page = pageFit.model;
  const figures = pageFigures(pageFit, pages.docs);
  const withPages = lineCard(fit, docs);
  card.version = withPages.version;
  card.trainedOn.pages = pages.docs.length;
  card.trainedOn.pageLines = pages.docs.reduce((n, d) => n + d.lines.length, 0);
  card.trainingData = createHash('sha256').update(card.trainingData).update(pages.bytes).digest('hex').slice(0, 16);
  card.evaluation.grouping = `outlet (articles), site (page dumps, ${pageFit.folds} folds)`;
  for (const [name, m] of Object.entries(figures)) card.evaluation.metrics[name] = metric(m.inSample, m.grouped, m.baseline);
  console.log(
    `page model: ${pages.docs.length} real page dumps (${pages.origin}); threshold ${pageFit.model.threshold}, title threshold ${pageFit.model.titleThreshold}`,
  );
} else console.log('page model: no page dumps (../shared/pages with w3m, or the shipped set): the article model alone');
writeModelFile(MODEL_FILE, withCard(fit.model, card));
console.log(`${stopwords} stop words; threshold ${fit.model.threshold}, title threshold ${fit.model.titleThreshold} → ${MODEL_FILE}`);
console.log(formatCard(card));
