import { createHash } from 'node:crypto';
import type { ProcessedArticle } from '../domain/article.ts';
import { ArticleRejectedError } from '../domain/errors.ts';
import {
  bandKeysOf,
  decodeSignature,
  encodeSignature,
  minhashOf,
  NEAR_DUPLICATE_THRESHOLD,
  similarityOf,
} from '../domain/fingerprint.ts';
import {
  DEFAULT_MAX_ARTICLE_BYTES,
  PIPELINE_VERSION,
  processArticle,
  publisherInfoOf,
  TAXONOMY_VERSION,
} from '../domain/pipeline.ts';
import { type ArticleRecord, ArticleRecordSchema, SCHEMA_VERSION } from '../record.ts';
import { INCOMING_PREFIX } from '../table-definition.ts';
import { articleIdOf } from './article-id.ts';
import type { ArticleSource, ArticleStore, StoredArticleState } from './ports.ts';
import type { ObjectEvent } from './s3-event.ts';
import { compareSequencers, normalizeSequencer } from './sequencer.ts';

export interface IngestDeps {
  source: ArticleSource;
  store: ArticleStore;
  maxArticleBytes?: number;
  now?: () => Date;
}

export type IngestOutcome =
  | { action: 'stored'; id: string; status: ArticleRecord['status']; record: ArticleRecord }
  /** An event for an older version than the one stored, or the same version already stored. */
  | { action: 'skipped'; id: string; reason: 'stale' | 'already-stored' | 'object-gone' };

/** Optimistic-concurrency retries before giving up and letting the queue retry the message. */
const MAX_SAVE_ATTEMPTS = 5;

/**
 * 1. Decide from the stored state whether this event is newer than what the table holds.
 * 2. Read the object (unless it is too large: that is decided from its size alone) and run the pipeline.
 * 3. Save the record, its topic entries and history in one transaction, guarded by the state read in 1.
 *
 * Bad articles become `rejected` records; infrastructure errors propagate so the queue retries.
 *
 * @example
 *   await ingestObjectEvent({ kind: 'created', bucket: 'b', key: 'incoming/a.txt', sequencer: '01', … }, deps)
 *   // → { action: 'stored', id: '…', status: 'ok', record }
 */
export async function ingestObjectEvent(event: ObjectEvent, deps: IngestDeps): Promise<IngestOutcome> {
  const id = articleIdOf(event.bucket, event.key);
  const sequencer = normalizeSequencer(event.sequencer);
  let stored = await deps.store.getState(id);
  if (stored && isUpToDate(stored, sequencer)) return { action: 'skipped', id, reason: verdictOf(stored, sequencer) };

  const draft = await buildRecord(event, id, sequencer, deps, stored);
  if (draft === 'object-gone') return { action: 'skipped', id, reason: 'object-gone' };
  const record = await withDuplicates(ArticleRecordSchema.parse(draft), deps.store);

  for (let attempt = 1; attempt <= MAX_SAVE_ATTEMPTS; attempt++) {
    if ((await deps.store.save(record, stored)) === 'saved') return { action: 'stored', id, status: record.status, record };
    stored = await deps.store.getState(id);
    if (stored && isUpToDate(stored, sequencer)) return { action: 'skipped', id, reason: verdictOf(stored, sequencer) };
  }
  throw new Error(`Article ${id}: ${MAX_SAVE_ATTEMPTS} concurrent writers in a row; leaving the message for a retry.`);
}

/**
 * A record is up to date when it reflects a later version, or this version through the
 * current pipeline (and, for classified records, the current taxonomy): then reprocessing is a no-op.
 */
function isUpToDate(stored: StoredArticleState, sequencer: string): boolean {
  const order = compareSequencers(stored.sequencer, sequencer);
  if (order !== 0) return order > 0;
  if (stored.status === 'deleted') return true;
  return stored.pipelineVersion === PIPELINE_VERSION && (stored.status !== 'ok' || stored.taxonomyVersion === TAXONOMY_VERSION);
}

function verdictOf(stored: StoredArticleState, sequencer: string): 'stale' | 'already-stored' {
  return compareSequencers(stored.sequencer, sequencer) > 0 ? 'stale' : 'already-stored';
}

async function buildRecord(
  event: ObjectEvent,
  id: string,
  sequencer: string,
  deps: IngestDeps,
  stored: StoredArticleState | null,
): Promise<ArticleRecord | 'object-gone'> {
  const base = baseRecord(event, id, sequencer, (deps.now ?? (() => new Date()))());
  if (event.kind === 'removed') return { ...base, status: 'deleted', taxonomyVersion: stored?.taxonomyVersion ?? null };
  if (!event.key.startsWith(INCOMING_PREFIX)) {
    return rejected(base, new ArticleRejectedError('NOT_INCOMING', `Only objects under ${INCOMING_PREFIX} are ingested.`));
  }
  const head = await deps.source.head(event.bucket, event.key, event.versionId);
  if (!head) return 'object-gone';
  const withHead = { ...base, size: head.size, versionId: head.versionId ?? base.versionId };
  const publisher = publisherInfoOf({ key: event.key, metadata: head.metadata });
  const limit = deps.maxArticleBytes ?? DEFAULT_MAX_ARTICLE_BYTES;
  if (head.size > limit) {
    return rejected(
      { ...withHead, publisher: publisher.publisher, publisherMetadata: publisher.metadata },
      new ArticleRejectedError('TOO_LARGE', `The object is ${head.size} bytes; the limit is ${limit} bytes.`),
    );
  }
  const bytes = await deps.source.read(event.bucket, event.key, head.versionId ?? event.versionId);
  if (!bytes) return 'object-gone';
  const processed = await processArticle({ bytes, key: event.key, contentType: head.contentType, metadata: head.metadata });
  return recordOf(withHead, processed);
}

function baseRecord(event: ObjectEvent, id: string, sequencer: string, now: Date): ArticleRecord {
  const publisher = publisherInfoOf({ key: event.key });
  return {
    id,
    schemaVersion: SCHEMA_VERSION,
    status: 'rejected',
    bucket: event.bucket,
    objectKey: event.key,
    versionId: event.versionId,
    sequencer,
    size: event.size,
    publisher: publisher.publisher,
    publisherMetadata: {},
    ingestedAt: now.toISOString(),
    pipelineVersion: PIPELINE_VERSION,
    taxonomyVersion: null,
    title: null,
    body: null,
    bodyRef: null,
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
    contentHash: null,
    duplicateOf: null,
    nearDuplicates: [],
    minhash: null,
    errorCode: null,
    errorMessage: null,
  };
}

function rejected(base: ArticleRecord, error: ArticleRejectedError): ArticleRecord {
  return { ...base, status: 'rejected', errorCode: error.code, errorMessage: error.message };
}

function recordOf(base: ArticleRecord, processed: ProcessedArticle): ArticleRecord {
  const publisherFields = {
    publisher: processed.publisher.publisher,
    publisherMetadata: processed.publisher.metadata,
  };
  if (processed.status === 'rejected') {
    return { ...base, ...publisherFields, status: 'rejected', errorCode: processed.error.code, errorMessage: processed.error.message };
  }
  const { metadata, classification } = processed;
  return {
    ...base,
    ...publisherFields,
    status: 'ok',
    taxonomyVersion: classification.taxonomyVersion,
    title: processed.title,
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
    boilerplateRatio: processed.quality.boilerplateRatio,
    truncated: processed.quality.truncated,
    spinScore: processed.quality.spinScore,
    spinEvidence: metadata.spin.evidence,
    contentHash: contentHashOf(processed.body),
    minhash: signatureOf(processed.body),
  };
}

/** Names exact copies (same content hash) and near-duplicates (similar MinHash) stored earlier under other keys. */
async function withDuplicates(record: ArticleRecord, store: ArticleStore): Promise<ArticleRecord> {
  if (record.status !== 'ok' || !record.contentHash || !record.minhash) return record;
  const signature = decodeSignature(record.minhash);
  const [sameContent, candidates] = await Promise.all([
    store.findByContentHash(record.contentHash),
    store.findNearDuplicateCandidates(bandKeysOf(signature)),
  ]);
  const nearDuplicates = candidates
    .filter((candidate) => candidate.id !== record.id)
    .map((candidate) => ({ id: candidate.id, similarity: similarityOf(signature, decodeSignature(candidate.minhash)) }))
    .filter((candidate) => candidate.similarity >= NEAR_DUPLICATE_THRESHOLD)
    .sort((a, b) => b.similarity - a.similarity);
  return { ...record, duplicateOf: sameContent.find((id) => id !== record.id) ?? null, nearDuplicates };
}

function signatureOf(body: string): string | null {
  const signature = minhashOf(body);
  return signature ? encodeSignature(signature) : null;
}

/**
 * Equal for bodies that differ only in case and white space.
 *
 * @example contentHashOf('A  b\n\nc') === contentHashOf('a b c') // → true
 */
export function contentHashOf(body: string): string {
  const folded = body.normalize('NFKC').toLowerCase().replace(/\s+/g, ' ').trim();
  return createHash('sha256').update(folded).digest('hex');
}

