import type { ArticleSource } from '../../shared/ingest/ports.ts';
import type { ArticleRecord } from '../../shared/record.ts';

/**
 * The source object of a record as UTF-8 text (the raw bytes are one click away in the console),
 * or null when it is gone (deleted, or the version expired). Read through the ingest's own S3
 * adapter (shared/adapters/s3-article-source.ts).
 *
 * @example await readSourceText(new S3ArticleSource(s3), record) // → 'Title\nBaca juga: …\nBody…'
 */
export async function readSourceText(source: Pick<ArticleSource, 'read'>, record: Pick<ArticleRecord, 'bucket' | 'objectKey'>): Promise<string | null> {
  const bytes = await source.read(record.bucket, record.objectKey, null);
  // Buffer's decoding, as the SDK's transformToString: a byte-order mark stays in the text.
  return bytes === null ? null : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('utf8');
}
