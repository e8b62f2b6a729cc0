import type { ArticleRecord } from '../record.ts';
import { SUMMARY_ATTRIBUTES } from '../table-definition.ts';

/** What the ingest use case needs to know about a stored object before reading it. */
export interface ObjectHead {
  size: number;
  contentType: string | undefined;
  /** User metadata (`x-amz-meta-*` without the prefix). */
  metadata: Record<string, string>;
  versionId: string | null;
}

/** An uploaded object as read for ingestion: what S3 says about it, and its bytes unless it is over the size limit. */
export interface SourceObject {
  head: ObjectHead;
  /** null when the object is larger than the limit asked for: its body was not downloaded. */
  bytes: Uint8Array | null;
}

/** Reads uploaded objects. Implemented over S3 (shared/adapters/s3-article-source.ts). */
export interface ArticleSource {
  /**
   * The object (version) in one request, its bytes only when it is at most `maxBytes` long; null
   * when it no longer exists. `knownSize` (from the event, when it has one) lets an object known to
   * be too large be described without touching its body.
   */
  fetch(bucket: string, key: string, versionId: string | null, options: { maxBytes: number; knownSize: number | null }): Promise<SourceObject | null>;
}

/**
 * The fields of a stored record that decide whether an event may overwrite it, and that its history
 * entry keeps once a newer version of the object replaces it.
 */
export const STATE_FIELDS = [...SUMMARY_ATTRIBUTES, 'versionId', 'sequencer', 'pipelineVersion', 'taxonomyVersion', 'contentHash', 'errorMessage'] as const;
export type StoredArticleState = Pick<ArticleRecord, (typeof STATE_FIELDS)[number]>;

/** A stored article that may be a copy of a new one: what it is checked against. */
export interface DuplicateCandidate {
  id: string;
  /** Its MinHash signature (`encodeSignature`), null when its text was too short for one. */
  minhash: string | null;
  contentHash: string | null;
}

/** Writes records. Implemented over DynamoDB (shared/adapters/dynamodb-article-store.ts). */
export interface ArticleStore {
  /** The stored state; `consistent` after a conflict, when an eventually consistent read could be behind. */
  getState(id: string, options?: { consistent?: boolean }): Promise<StoredArticleState | null>;
  /**
   * Writes the record with its listings and duplicate look-up keys, provided the stored state is still
   * `expected` (optimistic concurrency); when it replaces another version of the object, that version
   * goes to the history first. `lookupKeys` are the record's duplicate look-up keys (`duplicateLookupKeysOf`),
   * none for a record that is nobody's duplicate. Returns 'conflict' when another writer got there first.
   */
  save(record: ArticleRecord, expected: StoredArticleState | null, lookupKeys: readonly string[]): Promise<'saved' | 'conflict'>;
  /** Stored articles sharing at least one look-up key with these, newest first. */
  findCandidates(lookupKeys: readonly string[]): Promise<DuplicateCandidate[]>;
}
