/**
 * `npm run train:clean`: fits the cleaning line model and writes `shared/data/line-model.json`
 * (and the stop-word list it uses, `shared/data/stopwords.json`) with its model card. Deterministic:
 * same data, same file.
 *
 * Training data: the team corpus (`../shared/corpus`, when present), the project's fixtures, and
 * synthetic whole-page dumps (page chrome from chrome.ts wrapped around those articles).
 */
import { resolve } from 'node:path';
import { formatCard, withCard, writeModelFile } from '../model-card.ts';
import { writeStopwords } from './stopwords.ts';

// The features read the stop-word file at import: write it before importing them.
const stopwords = writeStopwords();
const { loadTrainingDocuments } = await import('./documents.ts');
const { featuredDocs, fitLineModel } = await import('./fit.ts');
const { lineCard } = await import('./card.ts');

export const MODEL_FILE = resolve(import.meta.dirname, '..', '..', 'shared', 'data', 'line-model.json');

const docs = featuredDocs(loadTrainingDocuments());
const fit = fitLineModel(docs);
const card = lineCard(fit, docs);
writeModelFile(MODEL_FILE, withCard(fit.model, card));
console.log(`${stopwords} stop words; threshold ${fit.model.threshold}, title threshold ${fit.model.titleThreshold} → ${MODEL_FILE}`);
console.log(formatCard(card));
