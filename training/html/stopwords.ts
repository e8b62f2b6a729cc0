/**
 * The HTML model's stop words: the lists of `stopwords-iso` (a dev dependency) for the languages
 * kabar meets and their neighbours, words of up to eight characters, as a Bloom filter the model
 * file carries (block-features.ts's stopwordBitsOf). Stop-word density is what tells prose from
 * menus in a language the pages never showed.
 */
import { createRequire } from 'node:module';
import { stopwordBitsOf, stopwordFilterOf } from '#shared/domain/parse/html/block-features.ts';

export const HTML_STOPWORD_LANGUAGES = [
  'id',
  'ms',
  'en',
  'ar',
  'ru',
  'uk',
  'de',
  'nl',
  'pt',
  'es',
  'fr',
  'it',
  'tr',
  'fa',
  'pl',
  'sv',
  'da',
  'no',
  'fi',
  'cs',
  'ro',
  'hu',
  'vi',
  'tl',
  'sw',
  'hi',
  'ur',
  'bn',
  'el',
  'he',
  'ko',
] as const;
const MAX_LENGTH = 8;

let cached: { bits: string; count: number; version: string } | undefined;

export function htmlStopwords(): { bits: string; count: number; version: string; isStopword: (lower: string) => boolean } {
  if (!cached) {
    const require = createRequire(import.meta.url);
    const lists = require('stopwords-iso') as Record<string, string[]>;
    const version = (require('stopwords-iso/package.json') as { version: string }).version;
    const words = new Set<string>();
    for (const language of HTML_STOPWORD_LANGUAGES) {
      for (const raw of lists[language] ?? []) {
        const w = raw.normalize('NFC').toLowerCase().trim();
        if (w && [...w].length <= MAX_LENGTH && !/[\d\s'’]/u.test(w)) words.add(w);
      }
    }
    cached = { bits: stopwordBitsOf([...words].sort()), count: words.size, version: `stopwords-iso@${version}` };
  }
  return { ...cached, isStopword: stopwordFilterOf(cached.bits) };
}
