/**
 * Start-up reconciliation: objects uploaded while the worker was down (or whose event was lost
 * between the object write and the queue write) get an ObjectCreated event, so every object
 * under the incoming prefix ends up with a record.
 */
import { type DynamoDBClient, GetItemCommand } from '@aws-sdk/client-dynamodb';
import { ListObjectsV2Command, type S3Client } from '@aws-sdk/client-s3';
import { marshall } from '@aws-sdk/util-dynamodb';
import { buildS3EventRecord } from './s3-event.ts';

export interface ReconcileDeps {
  s3: S3Client;
  dynamodb: DynamoDBClient;
  bucket: string;
  tableName: string;
  prefix: string;
  /** The article id of an object (`articleIdOf` in shared/ingest/article-id.ts). */
  articleIdOf: (bucket: string, key: string) => string;
  /** The primary key of an article's record (`articleKey` in shared/adapters/table-keys.ts). */
  recordKeyOf: (id: string) => Record<string, string>;
  /** Object keys (decoded) that already have a message waiting in the queue. */
  alreadyQueued: ReadonlySet<string>;
  /** Sends one message body (an S3 notification) to the queue. */
  enqueue: (body: string) => Promise<unknown>;
  nextSequencer: () => string;
}

/**
 * Enqueues an `ObjectCreated:Put` notification for each object under `prefix` that has neither a
 * record in the table nor a queued message. Returns the keys enqueued.
 *
 * @example await reconcileIncoming({ …, prefix: 'incoming/' }) // → ['incoming/late upload.txt']
 */
export async function reconcileIncoming(deps: ReconcileDeps): Promise<string[]> {
  const enqueued: string[] = [];
  let continuationToken: string | undefined;
  do {
    const page = await deps.s3.send(new ListObjectsV2Command({ Bucket: deps.bucket, Prefix: deps.prefix, ContinuationToken: continuationToken }));
    for (const object of page.Contents ?? []) {
      const key = object.Key;
      if (key === undefined || deps.alreadyQueued.has(key)) continue;
      const id = deps.articleIdOf(deps.bucket, key);
      const existing = await deps.dynamodb.send(
        new GetItemCommand({ TableName: deps.tableName, Key: marshall(deps.recordKeyOf(id)), ConsistentRead: true }),
      );
      if (existing.Item !== undefined) continue;
      const record = buildS3EventRecord({
        eventName: 'ObjectCreated:Put',
        bucket: deps.bucket,
        key,
        size: object.Size,
        // ListObjects quotes ETags; event notifications do not.
        eTag: object.ETag?.replace(/"/g, ''),
        sequencer: deps.nextSequencer(),
        configurationId: 'local-reconcile',
      });
      await deps.enqueue(JSON.stringify({ Records: [record] }));
      enqueued.push(key);
    }
    continuationToken = page.IsTruncated ? page.NextContinuationToken : undefined;
  } while (continuationToken !== undefined);
  return enqueued;
}
