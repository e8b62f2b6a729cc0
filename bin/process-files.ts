import { readFile } from 'node:fs/promises';
import type { ProcessedArticle } from '#shared/domain/article.ts';
import { processArticle } from '#shared/domain/pipeline.ts';

/** One line of `kabar process --json`: the CLI contract external tooling relies on. */
export interface ProcessOutput {
  file: string;
  status: 'ok' | 'rejected';
  title: string | null;
  language: string | null;
  publishedAt: string | null;
  topics: string[];
  scores: Record<string, number>;
  primaryTopic: string | null;
  /** Topics whose score lies within the model's uncertainty margin of the threshold: the ones to review. */
  uncertainTopics: string[];
  body: string;
  removed: { text: string; reason: string }[];
  error?: { code: string; message: string };
  [more: string]: unknown;
}

/**
 * Runs local files through exactly the pipeline the Lambda runs.
 *
 * @example
 *   await processFile('samples/000_8692206af46fdf20.txt')
 *   // → { file: 'samples/…', status: 'ok', title: 'AS-Rusia Sepakati …', topics: ['diplomacy', …], … }
 */
export async function processFile(file: string): Promise<ProcessOutput> {
  let bytes: Uint8Array;
  try {
    bytes = await readFile(file);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    return toOutput(file, { status: 'rejected', error: { code: 'UNREADABLE', message }, publisher: { publisher: null, metadata: {} } });
  }
  return toOutput(file, await processArticle({ bytes, key: file }));
}

export function toOutput(file: string, article: ProcessedArticle): ProcessOutput {
  if (article.status === 'rejected') {
    return {
      file,
      status: 'rejected',
      title: null,
      language: null,
      publishedAt: null,
      topics: [],
      scores: {},
      primaryTopic: null,
      uncertainTopics: [],
      body: '',
      removed: [],
      error: article.error,
    };
  }
  const { metadata, classification } = article;
  return {
    file,
    status: 'ok',
    title: article.title,
    language: metadata.language.code,
    languageConfidence: metadata.language.confidence,
    publishedAt: metadata.publishedAt,
    topics: classification.topics,
    scores: classification.scores,
    primaryTopic: classification.primaryTopic,
    uncertainTopics: classification.uncertainTopics,
    evidence: classification.evidence,
    taxonomyVersion: classification.taxonomyVersion,
    format: article.format,
    encoding: article.encoding,
    body: article.body,
    removed: article.removed,
    metadata: {
      dateline: metadata.dateline,
      sources: metadata.sources,
      people: metadata.people,
      places: metadata.places,
      organisations: metadata.organisations,
      authors: metadata.authors,
      captions: metadata.captions,
      lead: metadata.lead,
      wordCount: metadata.wordCount,
      readingTimeMinutes: metadata.readingTimeMinutes,
    },
    quality: article.quality,
    spin: metadata.spin,
  };
}
