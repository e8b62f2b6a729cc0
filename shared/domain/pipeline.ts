import type { ModelVersions, ProcessedArticle, PublisherInfo, RawArticle, Removal } from './article.ts';
import { classifyArticle } from './classify/classify.ts';
import { DEFAULT_TAXONOMY_VERSION } from './classify/taxonomy.ts';
import { cleanArticle, splitArticleLines } from './clean/clean.ts';
import { type ArticleObservation, observeArticle, type TemplateIndex, templateReasonOf } from './clean/template.ts';
import { decodeBytes } from './decode/decode.ts';
import { ArticleRejectedError } from './errors.ts';
import { displayTitleOf } from './extract/display-title.ts';
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
 * unless `models` names others (a retrained set tried before it ships: `kabar process --models DIR`),
 * and with its publisher's template when there is one (clean/template.ts; none: cleaned as without).
 * The Lambda, the local stack and the CLI all call this one function.
 * Bad input never throws: it comes back as `{ status: 'rejected', error }`.
 *
 * @example
 *   await processArticle({ bytes, key: 'incoming/antara/a.txt' })
 *   // → { status: 'ok', title: 'AS-Rusia Sepakati …', classification: { topics: ['diplomacy', …] }, … }
 */
export async function processArticle(raw: RawArticle, models: ModelSet = shippedModels(), options: ProcessOptions = {}): Promise<ProcessedArticle> {
  const template = options.template ?? null;
  const publisher = publisherInfoOf(raw);
  let stage: 'parse' | 'clean' | 'classify' = 'parse';
  let html = false;
  try {
    const decoded = decodeBytes(raw.bytes, charsetOf(raw.contentType));
    const parsed = await parseArticle(decoded.text, { key: raw.key, contentType: raw.contentType, htmlModel: models.models.html });
    stage = 'clean';
    html = parsed.judged === true;
    const cleaned = cleanArticle(parsed, { publisher: publisher.publisher, lineModel: models.models.line, template });
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
      ...displayTitleOf({ title: metadata.title, structured: Boolean(parsed.title?.trim()), lead: metadata.lead, dateline: metadata.dateline }),
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
      ...(options.observe ? { templateLines: observationOf(parsed.text, cleaned.removed, template) } : {}),
      models: withTemplateVersion(versionsUpTo(models, stage, html), template, stage),
    };
  } catch (error) {
    if (error instanceof ArticleRejectedError) {
      return {
        status: 'rejected',
        error: { code: error.code, message: error.message },
        publisher,
        models: withTemplateVersion(versionsUpTo(models, stage, html), template, stage),
      };
    }
    throw error;
  }
}

/**
 * An article's lines as the cleaner will see them, observed for its publisher's template (keys and
 * shapes, no text unless `withTexts`); null when the article is rejected before cleaning.
 *
 * @example await templateObservationOf({ bytes, key: 'incoming/antara/a.txt' }) // → { lines: [{ keys: { line: '9a0c…', … }, prose: false, … }, …] }
 */
export async function templateObservationOf(raw: RawArticle, withTexts = false): Promise<ArticleObservation | null> {
  try {
    const decoded = decodeBytes(raw.bytes, charsetOf(raw.contentType));
    const parsed = await parseArticle(decoded.text, { key: raw.key, contentType: raw.contentType });
    return observeArticle(splitArticleLines(parsed.text).lines, withTexts);
  } catch (error) {
    if (error instanceof ArticleRejectedError) return null;
    throw error;
  }
}

/**
 * The article's lines as its publisher's next template learns them: keys and shapes, with the text
 * of its short lines and of the lines the template took (the publisher's furniture, for editors).
 */
function observationOf(text: string, removed: readonly Removal[], template: TemplateIndex | null): ArticleObservation {
  const observation = observeArticle(splitArticleLines(text).lines, true);
  const reason = template ? templateReasonOf(template.template) : null;
  const taken = new Set(removed.filter((r) => r.reason === reason).map((r) => r.text));
  const texts = observation.texts ?? [];
  return {
    lines: observation.lines,
    texts: observation.lines.map((line, i) => {
      const t = texts[i] ?? '';
      return taken.has(t) || (!line.prose && !line.sentence && !line.content) ? t : '';
    }),
  };
}

export interface ProcessOptions {
  /** The publisher's template (template.ts); without one the article is cleaned as any other. */
  template?: TemplateIndex | null;
  /** Also return the article's lines observed for its publisher's next template (`templateLines`). */
  observe?: boolean;
}

/**
 * The pipeline version of an article cleaned with a template: the models' version and the
 * template's, so a new template makes its publisher's records outdated (`reprocess --outdated`).
 *
 * @example pipelineVersionWith('2+line-3a3d…+topics-3202…', index) // → '2+line-3a3d…+topics-3202…+template-9a7cb892f150'
 */
export function pipelineVersionWith(pipelineVersion: string, template: TemplateIndex | null): string {
  return pipelineVersionWithTemplate(pipelineVersion, template?.template.version ?? null);
}

/** As pipelineVersionWith, from the template's version (null: the publisher has none). */
export function pipelineVersionWithTemplate(pipelineVersion: string, templateVersion: string | null): string {
  return templateVersion ? `${pipelineVersion}+template-${templateVersion}` : pipelineVersion;
}

/** The publisher template that cleaned an article is one of its models: `template: 'template-3f9a0c…'`. */
function withTemplateVersion(versions: ModelVersions, template: TemplateIndex | null, stage: 'parse' | 'clean' | 'classify'): ModelVersions {
  return template && stage !== 'parse' ? { ...versions, template: `template-${template.template.version}` } : versions;
}

/** `incoming/antara/2025/a.txt` → publisher `antara`; `incoming/a.txt` → null. */
export function publisherInfoOf(raw: Pick<RawArticle, 'key' | 'metadata'>): PublisherInfo {
  return { publisher: publisherOfKey(raw.key), metadata: { ...(raw.metadata ?? {}) } };
}

function charsetOf(contentType: string | undefined): string | null {
  const match = contentType ? /charset\s*=\s*"?([\w-]+)/i.exec(contentType) : null;
  return match?.[1]?.toLowerCase() ?? null;
}
