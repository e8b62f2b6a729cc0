/**
 * Derives `shared/data/stopwords.json` from the `stopwords-iso` package (a dev dependency): the short
 * function words (up to four characters, no digits, the 150 shortest per language) of the languages
 * the cleaner meets, space-separated.
 * Short words are the function words that make prose prose; the long tail of each list is mostly
 * content words and would only grow the bundle.
 */
import { writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { resolve } from 'node:path';

/** Languages of the corpus and the synthetic chrome, plus neighbours an outlet may publish in. */
export const STOPWORD_LANGUAGES = ['id', 'ms', 'en', 'ar', 'ru', 'de', 'nl', 'pt', 'es', 'fr', 'it', 'tr', 'fa'] as const;
const MAX_LENGTH = 4;
/** Per language, the shortest words first: the list ships in the function bundle. */
const PER_LANGUAGE = 150;

export const STOPWORDS_FILE = resolve(import.meta.dirname, '..', '..', 'shared', 'data', 'stopwords.json');

export function writeStopwords(): number {
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
  writeFileSync(STOPWORDS_FILE, `${JSON.stringify(data, null, 2)}\n`);
  return sorted.length;
}
