import * as z from 'zod/mini';

/**
 * The stored article record: the contract with downstream readers, defined once.
 * Validated on every write; readers get the inferred type. Bump SCHEMA_VERSION on any
 * change a reader could notice, and document it in the README's field table.
 */
export const SCHEMA_VERSION = 4;

/** 0..1 */
const unitInterval = () => z.number().check(z.minimum(0), z.maximum(1));
const count = () => z.int().check(z.nonnegative());

/**
 * Bounds on what the article controls and items copy: DynamoDB items hold 400 KB at most, and a
 * 1 MB lead or title would make the write fail on every retry (a poison message). `boundedRecord`
 * applies them before validation; the schema states them.
 */
export const RECORD_BOUNDS = {
  titleChars: 1_000,
  leadChars: 2_000,
  urlChars: 2_048,
  authors: 20,
  authorChars: 200,
  captions: 50,
  captionChars: 500,
  metadataKeys: 50,
  metadataKeyChars: 100,
  metadataValueJsonChars: 1_000,
} as const;

const boundedText = (max: number) => z.string().check(z.maxLength(max));
const fitsMetadataBounds = (metadata: Record<string, unknown>) =>
  Object.keys(metadata).length <= RECORD_BOUNDS.metadataKeys &&
  Object.values(metadata).every((value) => (JSON.stringify(value)?.length ?? 0) <= RECORD_BOUNDS.metadataValueJsonChars);

const RemovalSchema = z.object({ text: z.string(), reason: z.string() });
const EvidenceSchema = z.record(z.string(), z.array(z.object({ term: z.string(), count: z.number() })));

export const ArticleRecordSchema = z.object({
  id: z.string().check(z.regex(/^[0-9a-f]{16}$/)),
  schemaVersion: z.literal(SCHEMA_VERSION),
  status: z.enum(['ok', 'rejected', 'deleted']),
  // Source object
  bucket: z.string().check(z.minLength(1)),
  objectKey: z.string().check(z.minLength(1)),
  versionId: z.nullable(z.string()),
  /** S3 event sequencer of the version this record reflects, right-padded to 32 upper-case hex digits. */
  sequencer: z.string().check(z.regex(/^[0-9A-F]{32}$/)),
  size: z.nullable(count()),
  publisher: z.nullable(z.string()),
  publisherMetadata: z
    .record(boundedText(RECORD_BOUNDS.metadataKeyChars), z.unknown())
    .check(z.refine(fitsMetadataBounds, `at most ${RECORD_BOUNDS.metadataKeys} entries of at most ${RECORD_BOUNDS.metadataValueJsonChars} characters of JSON`)),
  // Processing
  ingestedAt: z.iso.datetime(),
  /** `<code revision>+<model version>+…`: changes whenever the code revision or any model does (since schemaVersion 3). */
  pipelineVersion: z.string(),
  /**
   * Per role (`cleaning`, `title`, `topics`, `genre`), the version of the model that made this record: the
   * content hash on the model's card. Empty when no model ran (refused before cleaning, deleted). Since schemaVersion 3.
   */
  models: z.record(z.string(), z.string()),
  taxonomyVersion: z.nullable(z.string()),
  // Content (status ok)
  /** The headline: from the format's title field or the line model; null when the text has none. */
  title: z.nullable(boundedText(RECORD_BOUNDS.titleChars)),
  /**
   * What a feed shows: the title, else the lead's first sentence cut near 120 characters (#23).
   * Absent in records written before it existed: readers fall back to `title`, then the object key.
   */
  displayTitle: z.optional(z.nullable(boundedText(RECORD_BOUNDS.titleChars))),
  /** Where `displayTitle` came from: `structure` (JSON/HTML/Markdown title), `model` (the text line model) or `lead` (derived). */
  titleSource: z.optional(z.nullable(z.enum(['structure', 'model', 'lead']))),
  /** The cleaned body; null when it is stored in S3 (see bodyRef) or the article has none. */
  body: z.nullable(z.string()),
  /** `s3://bucket/bodies/…` when the body and removals were too large for the item. */
  bodyRef: z.nullable(z.string()),
  /** What cleaning removed; the first MAX_REMOVALS_IN_ITEM when the list was long (full list in bodyRef). */
  removed: z.array(RemovalSchema),
  removedCount: count(),
  format: z.nullable(z.enum(['text', 'markdown', 'html', 'json'])),
  encoding: z.nullable(z.string()),
  url: z.nullable(boundedText(RECORD_BOUNDS.urlChars)),
  language: z.nullable(z.string()),
  languageConfidence: z.nullable(unitInterval()),
  publishedAt: z.nullable(z.string()),
  dateline: z.nullable(z.string()),
  lead: z.nullable(boundedText(RECORD_BOUNDS.leadChars)),
  sources: z.array(z.string()),
  people: z.array(z.string()),
  places: z.array(z.string()),
  organisations: z.array(z.string()),
  authors: z.array(boundedText(RECORD_BOUNDS.authorChars)).check(z.maxLength(RECORD_BOUNDS.authors)),
  captions: z.array(boundedText(RECORD_BOUNDS.captionChars)).check(z.maxLength(RECORD_BOUNDS.captions)),
  wordCount: count(),
  readingTimeMinutes: z.number().check(z.nonnegative()),
  topics: z.array(z.string()),
  scores: z.record(z.string(), unitInterval()),
  primaryTopic: z.nullable(z.string()),
  /** Topics whose score lies within the model's uncertainty margin of the threshold (since schemaVersion 2). */
  uncertainTopics: z.array(z.string()),
  evidence: EvidenceSchema,
  boilerplateRatio: z.nullable(unitInterval()),
  truncated: z.nullable(z.boolean()),
  spinScore: z.nullable(unitInterval()),
  spinEvidence: z.array(z.string()),
  /** sha256 of the whitespace-folded, lower-cased body: equal hashes mean the same content. */
  contentHash: z.nullable(z.string()),
  /** Another article with exactly the same content that was stored first. */
  duplicateOf: z.nullable(z.string()),
  /** Articles stored earlier whose text is similar (estimated Jaccard of word pairs ≥ 0.5), most similar first. */
  nearDuplicates: z.array(z.object({ id: z.string(), similarity: unitInterval() })),
  /** MinHash signature of the body (base64), for near-duplicate search. */
  minhash: z.nullable(z.string()),
  // Rejection (status rejected)
  errorCode: z.nullable(z.string()),
  errorMessage: z.nullable(z.string()),
});

export type ArticleRecord = z.infer<typeof ArticleRecordSchema>;

/**
 * Brings what the article controls within `RECORD_BOUNDS`: long texts are clipped with an ellipsis,
 * long lists cut, oversized metadata entries dropped. Applied before validation.
 *
 * @example boundedRecord({ ...record, lead: 'x'.repeat(1e6) }).lead.length // → 2000
 */
export function boundedRecord(record: ArticleRecord): ArticleRecord {
  const b = RECORD_BOUNDS;
  return {
    ...record,
    title: clip(record.title, b.titleChars),
    // Records written before display titles existed stay without one.
    ...(record.displayTitle === undefined ? {} : { displayTitle: clip(record.displayTitle, b.titleChars) }),
    lead: clip(record.lead, b.leadChars),
    url: clip(record.url, b.urlChars),
    authors: record.authors.slice(0, b.authors).map((author) => clip(author, b.authorChars)),
    captions: record.captions.slice(0, b.captions).map((caption) => clip(caption, b.captionChars)),
    publisherMetadata: Object.fromEntries(
      Object.entries(record.publisherMetadata)
        .slice(0, b.metadataKeys)
        .filter(([key, value]) => key.length <= b.metadataKeyChars && (JSON.stringify(value)?.length ?? 0) <= b.metadataValueJsonChars),
    ),
  };
}

/** `text` cut to `max` characters, the last one an ellipsis; null stays null. */
export function clip<T extends string | null>(text: T, max: number): T {
  return (text !== null && text.length > max ? `${text.slice(0, max - 1)}…` : text) as T;
}

/** Items must stay well under DynamoDB's 400 KB; above this the body moves to S3. */
export const MAX_INLINE_CONTENT_BYTES = 100 * 1024;
export const MAX_REMOVALS_IN_ITEM = 100;
