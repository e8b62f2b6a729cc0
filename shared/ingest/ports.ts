import type { ArticleRecord } from '../record.ts';

/** What the ingest use case needs to know about a stored object before reading it. */
export interface ObjectHead {
  size: number;
  contentType: string | undefined;
  /** User metadata (`x-amz-meta-*` without the prefix). */
  metadata: Record<string, string>;
  versionId: string | null;
}

/** Reads uploaded objects. Implemented over S3 (shared/adapters/s3-article-source.ts). */
export interface ArticleSource {
  /** null when the object (version) no longer exists. */
  head(bucket: string, key: string, versionId: string | null): Promise<ObjectHead | null>;
  /** null when the object (version) no longer exists. */
  read(bucket: string, key: string, versionId: string | null): Promise<Uint8Array | null>;
}

/** The part of a stored record that decides whether an event may overwrite it. */
export interface StoredArticleState {
  sequencer: string;
  status: ArticleRecord['status'];
  topics: string[];
  pipelineVersion: string;
  taxonomyVersion: string | null;
  contentHash: string | null;
}

/** Writes records. Implemented over DynamoDB (shared/adapters/dynamodb-article-store.ts). */
export interface ArticleStore {
  getState(id: string): Promise<StoredArticleState | null>;
  /**
   * Writes the record, its topic entries, content entry and version history atomically,
   * provided the stored state is still `expected` (optimistic concurrency).
   * `bandKeys` has one entry per LSH band of the record's MinHash signature, null where the record
   * has none (its entry for that band is removed). Returns 'conflict' when another writer got there first.
   */
  save(record: ArticleRecord, expected: StoredArticleState | null, bandKeys: readonly (string | null)[]): Promise<'saved' | 'conflict'>;
  /** Ids of articles whose cleaned body has this hash, oldest first. */
  findByContentHash(contentHash: string): Promise<string[]>;
  /** Articles sharing at least one LSH band key with a signature, with their stored signatures. */
  findNearDuplicateCandidates(bandKeys: string[]): Promise<{ id: string; minhash: string }[]>;
}
