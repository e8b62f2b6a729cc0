import { GetObjectCommand, HeadObjectCommand, NoSuchKey, NotFound, type S3Client, S3ServiceException } from '@aws-sdk/client-s3';
import type { ArticleSource, ObjectHead } from '../ingest/ports.ts';

/** Reads uploaded objects from S3, pinned to the event's version where the bucket is versioned. */
export class S3ArticleSource implements ArticleSource {
  constructor(private readonly s3: S3Client) {}

  async head(bucket: string, key: string, versionId: string | null): Promise<ObjectHead | null> {
    try {
      const head = await this.s3.send(new HeadObjectCommand({ Bucket: bucket, Key: key, VersionId: versionId ?? undefined }));
      return {
        size: head.ContentLength ?? 0,
        contentType: head.ContentType,
        metadata: head.Metadata ?? {},
        versionId: head.VersionId ?? versionId,
      };
    } catch (error) {
      if (isGone(error)) return null;
      throw error;
    }
  }

  async read(bucket: string, key: string, versionId: string | null): Promise<Uint8Array | null> {
    try {
      const object = await this.s3.send(new GetObjectCommand({ Bucket: bucket, Key: key, VersionId: versionId ?? undefined }));
      // Consuming the stream releases the socket; an unconsumed body leaks it until later calls hang.
      return (await object.Body?.transformToByteArray()) ?? new Uint8Array();
    } catch (error) {
      if (isGone(error)) return null;
      throw error;
    }
  }
}

function isGone(error: unknown): boolean {
  return (
    error instanceof NoSuchKey ||
    error instanceof NotFound ||
    (error instanceof S3ServiceException && (error.$metadata.httpStatusCode === 404 || error.name === 'NoSuchVersion'))
  );
}
