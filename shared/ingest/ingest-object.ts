import { createHash } from 'node:crypto';
import type { PublisherInfo, RejectedArticle } from '../domain/article.ts';
import { ArticleRejectedError } from '../domain/errors.ts';
import { bandKeysOf, decodeSignature, encodeSignature, minhashOf, NEAR_DUPLICATE_THRESHOLD, similarityOf } from '../domain/dedupe/fingerprint.ts';
import { type ModelSet, shippedModels } from '../domain/models.ts';
import { DEFAULT_MAX_ARTICLE_BYTES, pipelineVersionWith, processArticle, publisherInfoOf, TAXONOMY_VERSION } from '../domain/pipeline.ts';
import type { ArticleObservation, TemplateIndex } from '../domain/clean/template.ts';
import { type FlatArticle, flatArticleOf, noContent } from '../flat-record.ts';
import { type ArticleRecord, ArticleRecordSchema, boundedRecord, SCHEMA_VERSION } from '../record.ts';
import { INCOMING_PREFIX } from '../table-definition.ts';
import { articleIdOf } from './article-id.ts';
import type { ArticleSource, ArticleStore, StoredArticleState } from './ports.ts';
import type { ObjectEvent } from './s3-event.ts';
import type { TemplateProvider } from './templates.ts';
import { compareSequencers, normalizeSequencer } from './sequencer.ts';

export interface IngestDeps {
  source: ArticleSource;
  store: ArticleStore;
  maxArticleBytes?: number;
  now?: () => Date;
  /** The models to run; the shipped ones by default (a local stack may run a retrained set: `npm start` with KABAR_MODELS_DIR). */
  models?: ModelSet;
  /** Publisher templates (templates.ts); without it, no article is cleaned with one. */
  templates?: TemplateProvider;
  /** Receives each stored article's lines for its publisher's next template; without it, nothing is observed. */
  observe?: (publisher: string, id: string, observation: ArticleObservation) => void;
}

export type IngestOutcome =
  | { action: 'stored'; id: string; status: ArticleRecord['status']; record: ArticleRecord }
  /** An event for an older version than the one stored, or the same version already stored. */
  | { action: 'skipped'; id: string; reason: 'stale' | 'already-stored' | 'object-gone' };

/** Optimistic-concurrency retries before giving up and letting the queue retry the message. */
const MAX_SAVE_ATTEMPTS = 5;

/**
 * 1. Decide from the stored state whether this event is newer than what the table holds (an eventually
 *    consistent read: the guarded write in 3 is what keeps the order, and a conflict reads again, consistently).
 * 2. Read the object in one request (an object over the size limit is rejected from its headers, its body
 *    never downloaded) and run the pipeline.
 * 3. Save the record, with its listings and look-up keys, in one write guarded by the state read in 1.
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
  const { publisher } = publisherInfoOf({ key: event.key });
  // The publisher's template is one of the article's models: a new one makes its records outdated.
  const template = publisher && deps.templates && event.kind === 'created' ? await deps.templates.indexFor(publisher) : null;
  const pipelineVersion = pipelineVersionWith((deps.models ?? shippedModels()).pipelineVersion, template);
  let stored = await deps.store.getState(id);
  if (stored && isUpToDate(stored, sequencer, pipelineVersion)) return { action: 'skipped', id, reason: verdictOf(stored, sequencer) };

  const draft = await buildRecord(event, id, sequencer, { ...deps, pipelineVersion, template }, stored);
  if (draft === 'object-gone') return { action: 'skipped', id, reason: 'object-gone' };
  const { record: fingerprinted, lookupKeys } = await withFingerprints(draft.record, deps.store);
  const record = ArticleRecordSchema.parse(boundedRecord(fingerprinted));

  for (let attempt = 1; attempt <= MAX_SAVE_ATTEMPTS; attempt++) {
    if ((await deps.store.save(record, stored, lookupKeys)) === 'saved') {
      if (publisher && draft.observation) deps.observe?.(publisher, id, draft.observation);
      return { action: 'stored', id, status: record.status, record };
    }
    stored = await deps.store.getState(id, { consistent: true });
    if (stored && isUpToDate(stored, sequencer, pipelineVersion)) return { action: 'skipped', id, reason: verdictOf(stored, sequencer) };
  }
  throw new Error(`Article ${id}: ${MAX_SAVE_ATTEMPTS} concurrent writers in a row; leaving the message for a retry.`);
}

/**
 * A record is up to date when it reflects a later version, or this version through the
 * current pipeline (and, for classified records, the current taxonomy): then reprocessing is a no-op.
 */
function isUpToDate(stored: StoredArticleState, sequencer: string, pipelineVersion: string): boolean {
  const order = compareSequencers(stored.sequencer, sequencer);
  if (order !== 0) return order > 0;
  if (stored.status === 'deleted') return true;
  return stored.pipelineVersion === pipelineVersion && (stored.status !== 'ok' || stored.taxonomyVersion === TAXONOMY_VERSION);
}

function verdictOf(stored: StoredArticleState, sequencer: string): 'stale' | 'already-stored' {
  return compareSequencers(stored.sequencer, sequencer) > 0 ? 'stale' : 'already-stored';
}

/**
 * The record for this event, built once: the source object's fields, then what the pipeline made of
 * it; with the article's lines observed for its publisher's template when they are wanted.
 */
async function buildRecord(
  event: ObjectEvent,
  id: string,
  sequencer: string,
  deps: IngestDeps & { pipelineVersion: string; template: TemplateIndex | null },
  stored: StoredArticleState | null,
): Promise<{ record: ArticleRecord; observation?: ArticleObservation } | 'object-gone'> {
  const source: SourceFields = {
    id,
    schemaVersion: SCHEMA_VERSION,
    bucket: event.bucket,
    objectKey: event.key,
    versionId: event.versionId,
    sequencer,
    size: event.size,
    ingestedAt: (deps.now ?? (() => new Date()))().toISOString(),
    pipelineVersion: deps.pipelineVersion,
  };
  if (event.kind === 'removed') {
    const { publisher } = publisherInfoOf({ key: event.key });
    return recordOnly(source, {
      ...noContent(),
      status: 'deleted',
      publisher,
      publisherMetadata: {},
      taxonomyVersion: stored?.taxonomyVersion ?? null,
      errorCode: null,
      errorMessage: null,
    });
  }
  if (!event.key.startsWith(INCOMING_PREFIX)) {
    const error = new ArticleRejectedError('NOT_INCOMING', `Only objects under ${INCOMING_PREFIX} are ingested.`);
    return recordOnly(source, flatArticleOf(rejectedArticle(publisherInfoOf({ key: event.key }), error)));
  }
  const limit = deps.maxArticleBytes ?? DEFAULT_MAX_ARTICLE_BYTES;
  const fetched = await deps.source.fetch(event.bucket, event.key, event.versionId, { maxBytes: limit, knownSize: event.size });
  if (!fetched) return 'object-gone';
  const { head, bytes } = fetched;
  const object = { ...source, size: head.size, versionId: head.versionId ?? source.versionId };
  if (bytes === null) {
    const error = new ArticleRejectedError('TOO_LARGE', `The object is ${head.size} bytes; the limit is ${limit} bytes.`);
    return recordOnly(object, flatArticleOf(rejectedArticle(publisherInfoOf({ key: event.key, metadata: head.metadata }), error)));
  }
  const processed = await processArticle({ bytes, key: event.key, contentType: head.contentType, metadata: head.metadata }, deps.models, {
    template: deps.template,
    observe: deps.observe !== undefined,
  });
  const record = recordOf(object, flatArticleOf(processed));
  return processed.status === 'ok' && processed.templateLines ? { record, observation: processed.templateLines } : { record };
}

function recordOnly(source: SourceFields, article: FlatArticle | DeletedArticle): { record: ArticleRecord } {
  return { record: recordOf(source, article) };
}

/** The fields that describe the source object version and this processing run. */
type SourceFields = Pick<
  ArticleRecord,
  'id' | 'schemaVersion' | 'bucket' | 'objectKey' | 'versionId' | 'sequencer' | 'size' | 'ingestedAt' | 'pipelineVersion'
>;

type DeletedArticle = Omit<FlatArticle, 'status' | 'errorCode' | 'errorMessage'> & { status: 'deleted'; errorCode: null; errorMessage: null };

/** A record before its fingerprints (content hash, MinHash, duplicates) are known. */
function recordOf(source: SourceFields, article: FlatArticle | DeletedArticle): ArticleRecord {
  return { ...source, ...article, bodyRef: null, contentHash: null, duplicateOf: null, nearDuplicates: [], minhash: null };
}

function rejectedArticle(publisher: PublisherInfo, error: ArticleRejectedError): RejectedArticle {
  return { status: 'rejected', error: { code: error.code, message: error.message }, publisher, models: {} };
}

/**
 * Adds the content hash and MinHash signature of an ok record, and names exact copies (same
 * content hash) and near-duplicates (similar signature) stored earlier under other keys, found
 * through the record's look-up keys, which go to the store with it. Only ok records have keys:
 * a rejected or deleted article is nobody's copy.
 */
async function withFingerprints(record: ArticleRecord, store: ArticleStore): Promise<{ record: ArticleRecord; lookupKeys: string[] }> {
  if (record.status !== 'ok' || record.body === null) return { record, lookupKeys: [] };
  const contentHash = contentHashOf(record.body);
  const signature = minhashOf(record.body);
  const lookupKeys = duplicateLookupKeysOf(signature, contentHash);
  const candidates = (await store.findCandidates(lookupKeys)).filter((candidate) => candidate.id !== record.id);
  const duplicateOf = candidates.find((candidate) => candidate.contentHash === contentHash)?.id ?? null;
  if (!signature) return { record: { ...record, contentHash, duplicateOf }, lookupKeys };
  const nearDuplicates = candidates
    .flatMap((candidate) => (candidate.minhash ? [{ id: candidate.id, similarity: similarityOf(signature, decodeSignature(candidate.minhash)) }] : []))
    .filter((candidate) => candidate.similarity >= NEAR_DUPLICATE_THRESHOLD)
    .sort((a, b) => b.similarity - a.similarity);
  return { record: { ...record, contentHash, minhash: encodeSignature(signature), duplicateOf, nearDuplicates }, lookupKeys };
}

/**
 * The keys under which an article is found as a copy: its LSH band keys; for a text too short for a
 * signature, one key from its content hash (exact copies only). Exact copies of a longer text have
 * the same signature, so its band keys find them too.
 *
 * @example duplicateLookupKeysOf(null, '9f86d0…') // → ['#9f86d081884c7d65']
 */
export function duplicateLookupKeysOf(signature: Uint32Array | null, contentHash: string): string[] {
  return signature ? bandKeysOf(signature) : [`#${contentHash.slice(0, 16)}`];
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
