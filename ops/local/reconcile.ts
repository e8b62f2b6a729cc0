/**
 * Start-up reconciliation: objects uploaded while the worker was down (or whose event was lost
 * between the object write and the queue write) get an ObjectCreated event, so every object
 * under the incoming prefix ends up with a record. It compares the bucket listing with the table
 * one listing page at a time (BatchGetItem, consistent reads), and reports what it compared.
 */
import { BatchGetItemCommand, type BatchGetItemCommandOutput, type DynamoDBClient, type KeysAndAttributes } from '@aws-sdk/client-dynamodb';
import { ListObjectsV2Command, type S3Client, type _Object } from '@aws-sdk/client-s3';
import { marshall, unmarshall } from '@aws-sdk/util-dynamodb';
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
  /** Object keys (decoded) whose message is in the dead-letter store, waiting for a redrive. */
  deadLettered?: ReadonlySet<string>;
  /** Sends one message body (an S3 notification) to the queue. */
  enqueue: (body: string) => Promise<unknown>;
  nextSequencer: () => string;
  /** Keys per listing page (S3's maximum, 1000, unless a test wants more pages). */
  pageSize?: number;
}

/** What the reconciliation compared; `listed` = `withRecord` + `alreadyQueued` + `deadLettered` + `requeued.length`. */
export interface ReconcileReport {
  listed: number;
  pages: number;
  withRecord: number;
  alreadyQueued: number;
  deadLettered: number;
  /** Keys that had no record and no message, now queued. */
  requeued: string[];
}

/** BatchGetItem's limit. */
const BATCH_GET_LIMIT = 100;

/**
 * Enqueues an `ObjectCreated:Put` notification for each object under `prefix` that has neither a
 * record in the table nor a queued or dead-lettered message.
 *
 * @example await reconcileIncoming({ …, prefix: 'incoming/' }) // → { listed: 5000, pages: 5, withRecord: 4990, alreadyQueued: 7, deadLettered: 0, requeued: ['incoming/late upload.txt', …] }
 */
export async function reconcileIncoming(deps: ReconcileDeps): Promise<ReconcileReport> {
  const report: ReconcileReport = { listed: 0, pages: 0, withRecord: 0, alreadyQueued: 0, deadLettered: 0, requeued: [] };
  let continuationToken: string | undefined;
  do {
    const page = await deps.s3.send(
      new ListObjectsV2Command({ Bucket: deps.bucket, Prefix: deps.prefix, ContinuationToken: continuationToken, MaxKeys: deps.pageSize }),
    );
    report.pages++;
    const unknown: _Object[] = [];
    for (const object of page.Contents ?? []) {
      const key = object.Key;
      if (key === undefined) continue;
      report.listed++;
      if (deps.alreadyQueued.has(key)) report.alreadyQueued++;
      else if (deps.deadLettered?.has(key)) report.deadLettered++;
      else unknown.push(object);
    }
    const recorded = await keysWithRecord(
      deps,
      unknown.map((o) => o.Key as string),
    );
    for (const object of unknown) {
      const key = object.Key as string;
      if (recorded.has(key)) {
        report.withRecord++;
        continue;
      }
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
      report.requeued.push(key);
    }
    continuationToken = page.IsTruncated ? page.NextContinuationToken : undefined;
    if (page.IsTruncated && continuationToken === undefined) throw new Error('the S3 listing was truncated without a continuation token');
  } while (continuationToken !== undefined);
  return report;
}

/** The keys among `keys` that have a record, read consistently in batches of 100. */
async function keysWithRecord(deps: ReconcileDeps, keys: string[]): Promise<Set<string>> {
  const keyOfRecord = new Map<string, string>();
  const recordKeys = keys.map((key) => {
    const recordKey = deps.recordKeyOf(deps.articleIdOf(deps.bucket, key));
    keyOfRecord.set(JSON.stringify(Object.entries(recordKey).sort()), key);
    return recordKey;
  });
  const found = new Set<string>();
  for (let start = 0; start < recordKeys.length; start += BATCH_GET_LIMIT) {
    let request: KeysAndAttributes | undefined = {
      Keys: recordKeys.slice(start, start + BATCH_GET_LIMIT).map((k) => marshall(k)),
      ConsistentRead: true,
      ProjectionExpression: Object.keys(recordKeys[0] ?? {})
        .map((_, i) => `#k${i}`)
        .join(', '),
      ExpressionAttributeNames: Object.fromEntries(Object.keys(recordKeys[0] ?? {}).map((name, i) => [`#k${i}`, name])),
    };
    for (let attempt = 0; request !== undefined; attempt++) {
      const response: BatchGetItemCommandOutput = await deps.dynamodb.send(new BatchGetItemCommand({ RequestItems: { [deps.tableName]: request } }));
      for (const item of response.Responses?.[deps.tableName] ?? []) {
        const key = keyOfRecord.get(JSON.stringify(Object.entries(unmarshall(item)).sort()));
        if (key !== undefined) found.add(key);
      }
      request = response.UnprocessedKeys?.[deps.tableName];
      if (request !== undefined && (request.Keys?.length ?? 0) === 0) request = undefined;
      // DynamoDB hands back what it could not read under load: retry those, backing off.
      if (request !== undefined) await new Promise((r) => setTimeout(r, Math.min(1000, 50 * 2 ** attempt)));
    }
  }
  return found;
}
