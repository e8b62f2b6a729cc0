import * as z from 'zod';

/**
 * The stored article record: the contract with downstream readers, defined once.
 * Validated on every write; readers get the inferred type. Bump SCHEMA_VERSION on any
 * change a reader could notice, and document it in the README's field table.
 */
export const SCHEMA_VERSION = 1;

const RemovalSchema = z.object({ text: z.string(), reason: z.string() });
const EvidenceSchema = z.record(z.string(), z.array(z.object({ term: z.string(), count: z.number() })));

export const ArticleRecordSchema = z.object({
  id: z.string().regex(/^[0-9a-f]{16}$/),
  schemaVersion: z.literal(SCHEMA_VERSION),
  status: z.enum(['ok', 'rejected', 'deleted']),
  // Source object
  bucket: z.string().min(1),
  objectKey: z.string().min(1),
  versionId: z.string().nullable(),
  /** S3 event sequencer of the version this record reflects, right-padded to 32 upper-case hex digits. */
  sequencer: z.string().regex(/^[0-9A-F]{32}$/),
  size: z.number().int().nonnegative().nullable(),
  publisher: z.string().nullable(),
  publisherMetadata: z.record(z.string(), z.unknown()),
  // Processing
  ingestedAt: z.iso.datetime(),
  pipelineVersion: z.string(),
  taxonomyVersion: z.string().nullable(),
  // Content (status ok)
  title: z.string().nullable(),
  /** The cleaned body; null when it is stored in S3 (see bodyRef) or the article has none. */
  body: z.string().nullable(),
  /** `s3://bucket/bodies/…` when the body and removals were too large for the item. */
  bodyRef: z.string().nullable(),
  /** What cleaning removed; the first MAX_REMOVALS_IN_ITEM when the list was long (full list in bodyRef). */
  removed: z.array(RemovalSchema),
  removedCount: z.number().int().nonnegative(),
  format: z.enum(['text', 'markdown', 'html', 'json']).nullable(),
  encoding: z.string().nullable(),
  url: z.string().nullable(),
  language: z.string().nullable(),
  languageConfidence: z.number().min(0).max(1).nullable(),
  publishedAt: z.string().nullable(),
  dateline: z.string().nullable(),
  lead: z.string().nullable(),
  sources: z.array(z.string()),
  people: z.array(z.string()),
  places: z.array(z.string()),
  organisations: z.array(z.string()),
  authors: z.array(z.string()),
  captions: z.array(z.string()),
  wordCount: z.number().int().nonnegative(),
  readingTimeMinutes: z.number().nonnegative(),
  topics: z.array(z.string()),
  scores: z.record(z.string(), z.number().min(0).max(1)),
  primaryTopic: z.string().nullable(),
  evidence: EvidenceSchema,
  boilerplateRatio: z.number().min(0).max(1).nullable(),
  truncated: z.boolean().nullable(),
  spinScore: z.number().min(0).max(1).nullable(),
  spinEvidence: z.array(z.string()),
  /** sha256 of the whitespace-folded, lower-cased body: equal hashes mean the same content. */
  contentHash: z.string().nullable(),
  /** Another article with exactly the same content that was stored first. */
  duplicateOf: z.string().nullable(),
  /** Articles stored earlier whose text is similar (estimated Jaccard of word pairs ≥ 0.5), most similar first. */
  nearDuplicates: z.array(z.object({ id: z.string(), similarity: z.number().min(0).max(1) })),
  /** MinHash signature of the body (base64), for near-duplicate search. */
  minhash: z.string().nullable(),
  // Rejection (status rejected)
  errorCode: z.string().nullable(),
  errorMessage: z.string().nullable(),
});

export type ArticleRecord = z.infer<typeof ArticleRecordSchema>;

/** Items must stay well under DynamoDB's 400 KB; above this the body moves to S3. */
export const MAX_INLINE_CONTENT_BYTES = 100 * 1024;
export const MAX_REMOVALS_IN_ITEM = 100;
