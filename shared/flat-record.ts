import type { ProcessedArticle } from './domain/article.ts';
import type { ArticleRecord } from './record.ts';

type Fields = Omit<
  ArticleRecord,
  | 'id'
  | 'schemaVersion'
  | 'status'
  | 'bucket'
  | 'objectKey'
  | 'versionId'
  | 'sequencer'
  | 'size'
  | 'ingestedAt'
  | 'pipelineVersion'
  | 'bodyRef'
  | 'contentHash'
  | 'duplicateOf'
  | 'nearDuplicates'
  | 'minhash'
  | 'errorCode'
  | 'errorMessage'
>;

/**
 * The record fields the pipeline's outcome decides: everything but the source object, the
 * processing stamp and the fingerprints. The table stores them as they are; the CLI prints them.
 */
export type FlatArticle = Fields & ({ status: 'ok'; errorCode: null; errorMessage: null } | { status: 'rejected'; errorCode: string; errorMessage: string });

type Content = Omit<Fields, 'publisher' | 'publisherMetadata'>;

/** The content fields of an article that has none: a rejected or deleted one. */
export function noContent(): Content {
  return {
    models: {},
    taxonomyVersion: null,
    title: null,
    displayTitle: null,
    titleSource: null,
    body: null,
    removed: [],
    removedCount: 0,
    format: null,
    encoding: null,
    url: null,
    language: null,
    languageConfidence: null,
    publishedAt: null,
    dateline: null,
    lead: null,
    sources: [],
    people: [],
    places: [],
    organisations: [],
    authors: [],
    captions: [],
    wordCount: 0,
    readingTimeMinutes: 0,
    topics: [],
    scores: {},
    primaryTopic: null,
    uncertainTopics: [],
    evidence: {},
    boilerplateRatio: null,
    truncated: null,
    spinScore: null,
    spinEvidence: [],
  };
}

/**
 * Flattens the pipeline's output into record fields: the one mapping from the domain's nested
 * article to the flat shape, used by the ingest use case and the CLI.
 *
 * @example
 *   flatArticleOf(await processArticle({ bytes, key: 'incoming/antara/a.txt' }))
 *   // → { status: 'ok', publisher: 'antara', title: 'AS-Rusia Sepakati …', language: 'id', topics: ['diplomacy'], … }
 */
export function flatArticleOf(processed: ProcessedArticle): FlatArticle {
  const publisher = { publisher: processed.publisher.publisher, publisherMetadata: processed.publisher.metadata };
  if (processed.status === 'rejected') {
    return {
      ...noContent(),
      status: 'rejected',
      ...publisher,
      models: processed.models,
      errorCode: processed.error.code,
      errorMessage: processed.error.message,
    };
  }
  const { metadata, classification, quality } = processed;
  return {
    status: 'ok',
    ...publisher,
    models: processed.models,
    taxonomyVersion: classification.taxonomyVersion,
    title: processed.title,
    displayTitle: processed.displayTitle,
    titleSource: processed.titleSource,
    body: processed.body,
    removed: processed.removed,
    removedCount: processed.removed.length,
    format: processed.format,
    encoding: processed.encoding,
    url: processed.url,
    language: metadata.language.code,
    languageConfidence: metadata.language.confidence,
    publishedAt: metadata.publishedAt,
    dateline: metadata.dateline,
    lead: metadata.lead,
    sources: metadata.sources,
    people: metadata.people,
    places: metadata.places,
    organisations: metadata.organisations,
    authors: metadata.authors,
    captions: metadata.captions,
    wordCount: metadata.wordCount,
    readingTimeMinutes: metadata.readingTimeMinutes,
    topics: classification.topics,
    scores: classification.scores,
    primaryTopic: classification.primaryTopic,
    uncertainTopics: classification.uncertainTopics,
    evidence: classification.evidence,
    boilerplateRatio: quality.boilerplateRatio,
    truncated: quality.truncated,
    spinScore: quality.spinScore,
    spinEvidence: metadata.spin.evidence,
    errorCode: null,
    errorMessage: null,
  };
}
