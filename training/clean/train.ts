/**
 * `npm run train:clean`: fits the cleaning line model and writes `shared/data/line-model.json`
 * (and the stop-word list it uses, `shared/data/stopwords.json`). Deterministic: same data, same file.
 *
 * Training data: the team corpus (`../shared/corpus`, when present), the project's fixtures, and
 * synthetic whole-page dumps (page chrome from chrome.ts wrapped around those articles).
 */
import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { writeStopwords } from './stopwords.ts';

// The features read the stop-word file at import: write it before importing them.
const stopwords = writeStopwords();
const { loadTrainingDocuments } = await import('./documents.ts');
const { trainLineModel } = await import('./fit.ts');

export const MODEL_FILE = resolve(import.meta.dirname, '..', '..', 'shared', 'data', 'line-model.json');

const docs = loadTrainingDocuments();
const model = trainLineModel(docs);
writeFileSync(MODEL_FILE, `${JSON.stringify(model)}\n`);
console.log(
  `line model ${model.version}: ${model.trainedOn.articles} articles + ${model.trainedOn.syntheticPages} synthetic pages, ` +
    `${model.trainedOn.lines} lines, ${stopwords} stop words; threshold ${model.threshold}, title threshold ${model.titleThreshold} → ${MODEL_FILE}`,
);
