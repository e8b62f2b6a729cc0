import type { ArticleObservation } from './clean/template.ts';

/**
 * The article model shared by every pipeline stage:
 * decode → parse → clean → extract → classify → record.
 *
 * Pure types only: the domain imports nothing from the AWS SDK, Lambda or CDK.
 */

/** What a publisher uploaded, as the pipeline receives it (from S3, a local file or a test). */
export interface RawArticle {
  /** The object's bytes, exactly as uploaded. */
  bytes: Uint8Array;
  /** Object key (`incoming/<publisher>/…`) or local file path; used for format sniffing by extension. */
  key: string;
  /** Content-Type the uploader declared, if any. */
  contentType?: string;
  /** User metadata (`x-amz-meta-*` without the prefix, lower-cased names). */
  metadata?: Record<string, string>;
}

export type ArticleFormat = 'text' | 'markdown' | 'html' | 'json';

/** Output of the decode stage: text in NFC, control characters removed. */
export interface DecodedText {
  text: string;
  /** Encoding detected: utf-8, utf-16le, utf-16be, windows-1252. */
  encoding: string;
}

/**
 * Output of the parse stage: the article's text with its line structure kept
 * (paragraphs separated by blank lines), plus whatever structured metadata the
 * format carried (JSON fields, HTML meta tags).
 */
export interface ParsedArticle {
  format: ArticleFormat;
  /** Title from structure (JSON `title`, HTML og:title / h1); null for plain text. */
  title: string | null;
  /** Body text, one paragraph or line per line. For plain text this is the whole decoded text. */
  text: string;
  /** Publication time declared by structure (JSON `publishedAt`, HTML meta), ISO 8601. */
  publishedAt: string | null;
  authors: string[];
  url: string | null;
  /** Publisher or outlet named by structure (JSON `source`, og:site_name). */
  source: string | null;
  /** Language declared by structure (HTML lang, JSON `language`), ISO 639-1. */
  declaredLanguage: string | null;
  /** Anything else the format carried: unknown JSON fields, HTML meta tags. */
  extra: Record<string, unknown>;
  /** What format extraction dropped (HTML navigation, scripts, widgets), if it can say. */
  removed: Removal[];
  /**
   * The extractor already judged every block (the HTML block model, html-model.ts): cleaning keeps
   * its text as it is, line rules and the line model would only judge it again with less to go on.
   */
  judged?: boolean;
}

/**
 * A parsed article with every optional field empty unless given: what each format's parser returns,
 * and a plain-text article for tests, training and eval.
 *
 * @example parsedArticleOf('text', 'Ministers met.') // → { format: 'text', title: null, text: 'Ministers met.', authors: [], … }
 */
export function parsedArticleOf(format: ArticleFormat, text: string, fields: Partial<Omit<ParsedArticle, 'format' | 'text'>> = {}): ParsedArticle {
  return { format, title: null, text, publishedAt: null, authors: [], url: null, source: null, declaredLanguage: null, extra: {}, removed: [], ...fields };
}

/** One piece of text cleaning removed, and the rule that removed it. */
export interface Removal {
  text: string;
  /** The rule's id, e.g. `related-link`, `caption`, `ad-marker`, `trailing-widget`. */
  reason: string;
}

/** Output of the clean stage. */
export interface CleanedArticle {
  title: string | null;
  /** The article a reader would see: paragraphs separated by blank lines. */
  body: string;
  removed: Removal[];
  /** Lines that cleaning moved into metadata rather than dropping (bylines, editor lines, captions). */
  captions: string[];
  bylines: string[];
  /** Share of the input's characters that cleaning removed, 0..1. */
  boilerplateRatio: number;
  /** The text ends mid-sentence or with an ellipsis. */
  truncated: boolean;
}

export interface LanguageGuess {
  /** ISO 639-1 code, or `und` when the text is too short or unclear. */
  code: string;
  /** 0..1 */
  confidence: number;
}

export interface SpinAssessment {
  /** 0..1: how likely the text is an automatically synonym-spun copy. */
  score: number;
  evidence: string[];
}

/** Output of the extract stage. */
export interface ArticleMetadata {
  title: string | null;
  dateline: string | null;
  publishedAt: string | null;
  language: LanguageGuess;
  /** News agencies credited: Anadolu, Reuters, AP, AFP, Antara, … */
  sources: string[];
  people: string[];
  places: string[];
  organisations: string[];
  authors: string[];
  captions: string[];
  lead: string | null;
  wordCount: number;
  readingTimeMinutes: number;
  spin: SpinAssessment;
}

export interface TopicEvidence {
  term: string;
  count: number;
}

/** Output of the classify stage. */
export interface Classification {
  taxonomyVersion: string;
  /** Topic ids whose score reaches the threshold, highest score first. */
  topics: string[];
  /** Every topic id in the taxonomy, 0..1. */
  scores: Record<string, number>;
  primaryTopic: string | null;
  /** Topics (assigned or not) whose score lies within the model's uncertainty margin of the threshold: the ones a reviewer should look at. */
  uncertainTopics: string[];
  evidence: Record<string, TopicEvidence[]>;
}

export interface ArticleError {
  /** Stable, machine-readable: `EMPTY`, `BINARY`, `TOO_LARGE`, `INVALID_JSON`, `NO_BODY`, … */
  code: string;
  message: string;
}

/**
 * Per role (`cleaning`, `title`, `topics`, `genre`), the version of the learned model that played it:
 * its card's content hash (shared/domain/models.ts). Open, so later models (HTML, templates) add roles.
 */
export type ModelVersions = Record<string, string>;

/** Where an article's display title came from: the format's own title field, the line model's pick, or the lead. */
export type TitleSource = 'structure' | 'model' | 'lead';

/** An article that went through the whole pipeline. */
export interface AcceptedArticle {
  status: 'ok';
  format: ArticleFormat;
  encoding: string;
  title: string | null;
  /** What a feed shows: the title, else the lead's first sentence (display-title.ts); null only without words. */
  displayTitle: string | null;
  /** Where `displayTitle` came from: `structure` (the format's title field), `model` (the line model's pick) or `lead`. */
  titleSource: TitleSource | null;
  body: string;
  removed: Removal[];
  metadata: ArticleMetadata;
  classification: Classification;
  quality: { boilerplateRatio: number; truncated: boolean; spinScore: number };
  /** Publisher metadata carried from the upload (key prefix, x-amz-meta-*, JSON extras). */
  publisher: PublisherInfo;
  url: string | null;
  /** The models that made it. */
  models: ModelVersions;
  /** Its lines as its publisher's template learns them, when asked for (processArticle's `observe`). */
  templateLines?: ArticleObservation;
}

/** An article the pipeline refused, with a stable code. */
export interface RejectedArticle {
  status: 'rejected';
  error: ArticleError;
  publisher: PublisherInfo;
  /** The models of the stages it passed before it was refused (none when refused before cleaning). */
  models: ModelVersions;
}

export type ProcessedArticle = AcceptedArticle | RejectedArticle;

export interface PublisherInfo {
  /** From `incoming/<publisher>/…`, or null for keys directly under `incoming/`. */
  publisher: string | null;
  /** User metadata from the upload and unknown structured fields. */
  metadata: Record<string, unknown>;
}
