import { GetObjectCommand, NoSuchKey, type S3Client } from '@aws-sdk/client-s3';
import type { ArticleRecord } from '../../shared/record.ts';

/**
 * The source object of a record as UTF-8 text (the raw bytes are one click away in the console),
 * or null when it is gone (deleted, or the version expired).
 *
 * @example await readSourceText(s3, record) // → 'Title\nBaca juga: …\nBody…'
 */
export async function readSourceText(s3: S3Client, record: Pick<ArticleRecord, 'bucket' | 'objectKey'>): Promise<string | null> {
  try {
    const object = await s3.send(new GetObjectCommand({ Bucket: record.bucket, Key: record.objectKey }));
    return (await object.Body?.transformToString('utf-8')) ?? null;
  } catch (error) {
    if (error instanceof NoSuchKey || (error as { name?: string }).name === 'NoSuchKey') return null;
    throw error;
  }
}
