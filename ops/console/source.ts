import type { ArticleSource } from '../../shared/ingest/ports.ts';
import type { ArticleRecord } from '../../shared/record.ts';

/** What the console reads uploads through: the ingest's own S3 adapter (shared/adapters/s3-article-source.ts). */
export type ConsoleSource = Pick<ArticleSource, 'fetch'>;

/**
 * The source object of a record as stored, in one GET whatever its size (an editor asked for it), or
 * null when it is gone (deleted, or the version expired).
 */
export async function readSourceBytes(source: ConsoleSource, record: Pick<ArticleRecord, 'bucket' | 'objectKey'>): Promise<Uint8Array | null> {
  const object = await source.fetch(record.bucket, record.objectKey, null, { maxBytes: Number.POSITIVE_INFINITY, knownSize: null });
  return object?.bytes ?? null;
}

/**
 * The source object of a record as UTF-8 text (the raw bytes are one click away in the console),
 * or null when it is gone.
 *
 * @example await readSourceText(new S3ArticleSource(s3), record) // → 'Title\nBaca juga: …\nBody…'
 */
export async function readSourceText(source: ConsoleSource, record: Pick<ArticleRecord, 'bucket' | 'objectKey'>): Promise<string | null> {
  const bytes = await readSourceBytes(source, record);
  // Buffer's decoding, as the SDK's transformToString: a byte-order mark stays in the text.
  return bytes === null ? null : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('utf8');
}
