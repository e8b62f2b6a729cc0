import { readFile } from 'node:fs/promises';
import type { ProcessedArticle } from '#shared/domain/article.ts';
import type { ModelSet } from '#shared/domain/models.ts';
import { processArticle } from '#shared/domain/pipeline.ts';
import type { TemplateIndex } from '#shared/domain/clean/template.ts';
import { flatArticleOf } from '#shared/flat-record.ts';

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
  /** Topics within the model's uncertainty margin of the threshold: worth a reviewer's look. */
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
export async function processFile(file: string, models?: ModelSet, template: TemplateIndex | null = null): Promise<ProcessOutput> {
  let bytes: Uint8Array;
  try {
    bytes = await readFile(file);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    return toOutput(file, { status: 'rejected', error: { code: 'UNREADABLE', message }, publisher: { publisher: null, metadata: {} }, models: {} });
  }
  return toOutput(file, await processArticle({ bytes, key: file }, models, { template }));
}

export function toOutput(file: string, article: ProcessedArticle): ProcessOutput {
  const flat = flatArticleOf(article);
  if (flat.status === 'rejected') {
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
      error: { code: flat.errorCode, message: flat.errorMessage },
      models: flat.models,
    };
  }
  return {
    file,
    status: 'ok',
    title: flat.title,
    displayTitle: flat.displayTitle ?? null,
    titleSource: flat.titleSource ?? null,
    language: flat.language,
    languageConfidence: flat.languageConfidence,
    publishedAt: flat.publishedAt,
    topics: flat.topics,
    scores: flat.scores,
    primaryTopic: flat.primaryTopic,
    uncertainTopics: flat.uncertainTopics,
    evidence: flat.evidence,
    taxonomyVersion: flat.taxonomyVersion,
    format: flat.format,
    encoding: flat.encoding,
    body: flat.body ?? '',
    removed: flat.removed,
    metadata: {
      dateline: flat.dateline,
      sources: flat.sources,
      people: flat.people,
      places: flat.places,
      organisations: flat.organisations,
      authors: flat.authors,
      captions: flat.captions,
      lead: flat.lead,
      wordCount: flat.wordCount,
      readingTimeMinutes: flat.readingTimeMinutes,
    },
    quality: { boilerplateRatio: flat.boilerplateRatio, truncated: flat.truncated, spinScore: flat.spinScore },
    spin: { score: flat.spinScore, evidence: flat.spinEvidence },
    models: flat.models,
  };
}
