import { GetObjectCommand, HeadObjectCommand, NoSuchKey, NotFound, type S3Client, S3ServiceException } from '@aws-sdk/client-s3';
import type { ArticleSource, ObjectHead, SourceObject } from '../ingest/ports.ts';

/**
 * Reads uploaded objects from S3, pinned to the event's version where the bucket is versioned: one
 * request per object. A GET whose headers show the object is over the size limit is abandoned before
 * its body is read; an object the event already says is too large gets a HEAD instead (its headers
 * are all the rejected record needs).
 */
export class S3ArticleSource implements ArticleSource {
  constructor(private readonly s3: S3Client) {}

  async fetch(bucket: string, key: string, versionId: string | null, options: { maxBytes: number; knownSize: number | null }): Promise<SourceObject | null> {
    const location = { Bucket: bucket, Key: key, VersionId: versionId ?? undefined };
    try {
      if (options.knownSize !== null && options.knownSize > options.maxBytes) {
        return { head: headOf(await this.s3.send(new HeadObjectCommand(location)), versionId), bytes: null };
      }
      const object = await this.s3.send(new GetObjectCommand(location));
      const head = headOf(object, versionId);
      if (head.size > options.maxBytes) {
        // Closing the stream drops the connection instead of draining the body into memory.
        abandon(object.Body);
        return { head, bytes: null };
      }
      // Consuming the stream releases the socket; an unconsumed body leaks it until later calls hang.
      const bytes = (await object.Body?.transformToByteArray()) ?? new Uint8Array();
      return bytes.byteLength > options.maxBytes ? { head: { ...head, size: bytes.byteLength }, bytes: null } : { head, bytes };
    } catch (error) {
      if (isGone(error)) return null;
      throw error;
    }
  }
}

function headOf(
  response: { ContentLength?: number; ContentType?: string; Metadata?: Record<string, string>; VersionId?: string },
  versionId: string | null,
): ObjectHead {
  return {
    size: response.ContentLength ?? 0,
    contentType: response.ContentType,
    metadata: response.Metadata ?? {},
    versionId: response.VersionId ?? versionId,
  };
}

function abandon(body: unknown): void {
  (body as { destroy?: () => void } | undefined)?.destroy?.();
}

function isGone(error: unknown): boolean {
  return (
    error instanceof NoSuchKey ||
    error instanceof NotFound ||
    (error instanceof S3ServiceException && (error.$metadata.httpStatusCode === 404 || error.name === 'NoSuchVersion'))
  );
}
