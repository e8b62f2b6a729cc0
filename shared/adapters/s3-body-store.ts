import { PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import type { ArticleRecord } from '../record.ts';
import { BODIES_PREFIX } from '../table-definition.ts';
import type { BodyStore } from './dynamodb-article-store.ts';

/**
 * Keeps large article content in the articles bucket under `bodies/`, a prefix outside
 * `incoming/`, so writing it can never trigger ingestion again.
 */
export class S3BodyStore implements BodyStore {
  constructor(
    private readonly s3: S3Client,
    private readonly bucket: string,
  ) {}

  async putContent(id: string, sequencer: string, content: { body: string | null; removed: ArticleRecord['removed'] }): Promise<string> {
    const key = `${BODIES_PREFIX}${id}/${sequencer}.json`;
    await this.s3.send(new PutObjectCommand({ Bucket: this.bucket, Key: key, Body: JSON.stringify(content), ContentType: 'application/json; charset=utf-8' }));
    return `s3://${this.bucket}/${key}`;
  }
}
