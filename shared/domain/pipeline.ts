import type { ProcessedArticle, PublisherInfo, RawArticle } from './article.ts';
import { classifyArticle } from './classify/classify.ts';
import { DEFAULT_TAXONOMY_VERSION } from './classify/taxonomy.ts';
import { cleanArticle } from './clean/clean.ts';
import { decodeBytes } from './decode/decode.ts';
import { ArticleRejectedError } from './errors.ts';
import { extractMetadata, languageTextOf } from './extract/extract.ts';
import { detectLanguage } from './extract/language.ts';
import { type ModelSet, shippedModels, versionsUpTo } from './models.ts';
import { parseArticle } from './parse/parse.ts';
import { publisherOfKey } from './publisher.ts';

/** Default cap on an article's size; larger objects are rejected before they are read. */
export const DEFAULT_MAX_ARTICLE_BYTES = 5 * 1024 * 1024;

/**
 * What made a record: the code revision and the versions of the shipped models (models.ts). Derived,
 * never bumped by hand for a retrain; stored records keep it so operators can reprocess.
 */
export const PIPELINE_VERSION: string = shippedModels().pipelineVersion;

/** The taxonomy version the classifier runs with; records keep it so a taxonomy change can be reprocessed. */
export const TAXONOMY_VERSION: string = DEFAULT_TAXONOMY_VERSION;

/**
 * Runs one article through decode → parse → clean → extract → classify, with the shipped models
 * unless `models` names others (a retrained set tried before it ships: `kabar process --models DIR`).
 * The Lambda, the local stack and the CLI all call this one function.
 * Bad input never throws: it comes back as `{ status: 'rejected', error }`.
 *
 * @example
 *   await processArticle({ bytes, key: 'incoming/antara/a.txt' })
 *   // → { status: 'ok', title: 'AS-Rusia Sepakati …', classification: { topics: ['diplomacy', …] }, … }
 */
export async function processArticle(raw: RawArticle, models: ModelSet = shippedModels()): Promise<ProcessedArticle> {
  const publisher = publisherInfoOf(raw);
  let stage: 'parse' | 'clean' | 'classify' = 'parse';
  let html = false;
  try {
    const decoded = decodeBytes(raw.bytes, charsetOf(raw.contentType));
    const parsed = await parseArticle(decoded.text, { key: raw.key, contentType: raw.contentType });
    stage = 'clean';
    html = parsed.judged === true;
    const cleaned = cleanArticle(parsed, { publisher: publisher.publisher, lineModel: models.models.line });
    // Nothing but boilerplate (related links, share bars, …): a record with no text would only pollute the feed.
    if (cleaned.body.trim() === '') {
      throw new ArticleRejectedError(
        'EMPTY_AFTER_CLEANING',
        `Nothing is left after cleaning: all ${parsed.removed.length + cleaned.removed.length} block(s) were boilerplate.`,
      );
    }
    // The one asynchronous step after parsing: franc-min is imported only for text the quick checks cannot settle.
    const language = await detectLanguage(languageTextOf(cleaned));
    const metadata = extractMetadata(cleaned, parsed, { objectMetadata: raw.metadata ?? {}, language });
    stage = 'classify';
    const classification = classifyArticle(
      {
        title: metadata.title,
        body: cleaned.body,
        language: metadata.language.code,
      },
      models.models.topics,
    );
    return {
      status: 'ok',
      format: parsed.format,
      encoding: decoded.encoding,
      title: metadata.title,
      body: cleaned.body,
      removed: [...parsed.removed, ...cleaned.removed],
      metadata,
      classification,
      quality: {
        boilerplateRatio: cleaned.boilerplateRatio,
        truncated: cleaned.truncated,
        spinScore: metadata.spin.score,
      },
      publisher: { ...publisher, metadata: { ...parsed.extra, ...publisher.metadata } },
      url: parsed.url,
      models: versionsUpTo(models, stage, html),
    };
  } catch (error) {
    if (error instanceof ArticleRejectedError) {
      return { status: 'rejected', error: { code: error.code, message: error.message }, publisher, models: versionsUpTo(models, stage, html) };
    }
    throw error;
  }
}

/** `incoming/antara/2025/a.txt` → publisher `antara`; `incoming/a.txt` → null. */
export function publisherInfoOf(raw: Pick<RawArticle, 'key' | 'metadata'>): PublisherInfo {
  return { publisher: publisherOfKey(raw.key), metadata: { ...(raw.metadata ?? {}) } };
}

function charsetOf(contentType: string | undefined): string | null {
  const match = contentType ? /charset\s*=\s*"?([\w-]+)/i.exec(contentType) : null;
  return match?.[1]?.toLowerCase() ?? null;
}
