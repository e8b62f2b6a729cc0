/** The labelled documents the cleaning model trains and is evaluated on. */
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { type LabelledArticle, loadCorpus, loadFixtures } from '../labelled-articles.ts';
import { CHROME_LANGUAGES, documentOf, type LabelledDocument, synthesizePages, synthesizeScrapedArticles } from './dataset.ts';

const ROOT = resolve(import.meta.dirname, '..', '..');
export const CORPUS_DIR = resolve(ROOT, '..', 'shared', 'corpus');
export const FIXTURES_DIR = resolve(ROOT, 'tests', 'fixtures', 'generalization');

/** Synthetic page dumps made from each article. */
export const PAGES_PER_ARTICLE = 2;
/** Synthetic scraped articles (junk inside the text) made from each article. */
export const SCRAPED_PER_ARTICLE = 2;

export function loadLabelledArticles(corpusDir = CORPUS_DIR): LabelledArticle[] {
  return [...(existsSync(corpusDir) ? loadCorpus(corpusDir) : []), ...loadFixtures(FIXTURES_DIR)];
}

export function realDocuments(articles: readonly LabelledArticle[]): LabelledDocument[] {
  return articles.map(documentOf).filter((d): d is LabelledDocument => d !== null);
}

/** Headlines other documents' related lists can borrow. */
export function headlinesOf(docs: readonly LabelledDocument[]): string[] {
  return docs.map((d) => d.title).filter((t): t is string => Boolean(t));
}

/** Real documents with their synthetic page dumps and scraped variants, chrome in `languages`. */
export function withSynthetic(real: readonly LabelledDocument[], languages: readonly string[] = CHROME_LANGUAGES): LabelledDocument[] {
  const headlines = headlinesOf(real);
  return [
    ...real,
    ...synthesizePages(real, headlines, PAGES_PER_ARTICLE, languages),
    ...synthesizeScrapedArticles(real, headlines, SCRAPED_PER_ARTICLE, languages),
  ];
}

/** Real documents and their synthetic page dumps and scraped variants. */
export function loadTrainingDocuments(articles = loadLabelledArticles()): LabelledDocument[] {
  return withSynthetic(realDocuments(articles));
}
