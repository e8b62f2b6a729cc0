/**
 * `npm run train:stopwords` (the first step of `npm run train:clean`): derives
 * `shared/data/stopwords.json` from the `stopwords-iso` package (a dev dependency): the short
 * function words (up to four characters, no digits, the 150 shortest per language) of the languages
 * the cleaner meets, space-separated.
 * Short words are the function words that make prose prose; the long tail of each list is mostly
 * content words and would only grow the bundle.
 *
 * Its own step, in its own process: the line features read the list when they are imported, so a
 * trainer that wrote it and then imported them would depend on its import order. The trainer
 * instead checks the list is current (`staleStopwords`) and stops if it is not.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** Languages of the corpus and the synthetic chrome, plus neighbours an outlet may publish in. */
export const STOPWORD_LANGUAGES = ['id', 'ms', 'en', 'ar', 'ru', 'de', 'nl', 'pt', 'es', 'fr', 'it', 'tr', 'fa'] as const;
const MAX_LENGTH = 4;
/** Per language, the shortest words first: the list ships in the function bundle. */
const PER_LANGUAGE = 150;

export const STOPWORDS_FILE = resolve(import.meta.dirname, '..', '..', 'shared', 'data', 'stopwords.json');

/** The stop-word file as the current `stopwords-iso` gives it, and the number of words in it. */
export function deriveStopwords(): { text: string; count: number } {
  const require = createRequire(import.meta.url);
  const lists = require('stopwords-iso') as Record<string, string[]>;
  const version = (require('stopwords-iso/package.json') as { version: string }).version;
  const words = new Set<string>();
  const length = (w: string) => [...w].length;
  for (const language of STOPWORD_LANGUAGES) {
    const short = (lists[language] ?? [])
      .map((word) => word.normalize('NFC').toLowerCase().trim())
      .filter((w) => w && length(w) <= MAX_LENGTH && !/[\d\s]/u.test(w))
      .sort((a, b) => length(a) - length(b) || (a < b ? -1 : a > b ? 1 : 0));
    for (const w of short.slice(0, PER_LANGUAGE)) words.add(w);
  }
  const sorted = [...words].sort();
  const data = {
    version: `stopwords-iso@${version}`,
    description: `Function words of up to ${MAX_LENGTH} characters of ${STOPWORD_LANGUAGES.join(', ')}, from stopwords-iso; written by npm run train:clean.`,
    words: sorted.join(' '),
  };
  return { text: `${JSON.stringify(data, null, 2)}\n`, count: sorted.length };
}

/** Writes `shared/data/stopwords.json`; returns the number of words. */
export function writeStopwords(): number {
  const { text, count } = deriveStopwords();
  writeFileSync(STOPWORDS_FILE, text);
  return count;
}

/** Whether the shipped stop-word file differs from what `stopwords-iso` gives now (`npm run train:stopwords` rewrites it). */
export function staleStopwords(): boolean {
  let shipped = '';
  try {
    shipped = readFileSync(STOPWORDS_FILE, 'utf8');
  } catch {}
  return shipped !== deriveStopwords().text;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  console.log(`${writeStopwords()} stop words → ${STOPWORDS_FILE}`);
}
