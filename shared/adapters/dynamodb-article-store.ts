import {
  type AttributeValue,
  BatchGetItemCommand,
  type BatchGetItemCommandOutput,
  BatchWriteItemCommand,
  type BatchWriteItemCommandOutput,
  type DynamoDBClient,
  GetItemCommand,
  QueryCommand,
  type TransactWriteItem,
  type WriteRequest,
  TransactWriteItemsCommand,
  TransactionCanceledException,
} from '@aws-sdk/client-dynamodb';
import { marshall, unmarshall } from '@aws-sdk/util-dynamodb';
import type { ArticleStore, StoredArticleState } from '../ingest/ports.ts';
import { type ArticleRecord, clip, MAX_INLINE_CONTENT_BYTES, MAX_REMOVALS_IN_ITEM } from '../record.ts';
import { SUMMARY_ATTRIBUTES } from '../table-definition.ts';
import { articleKey, bandKey, contentKey, topicKey, versionKey } from './table-keys.ts';

/** Where bodies too large for an item go (S3, under a prefix that cannot trigger ingestion). */
export interface BodyStore {
  /** Stores `{ body, removed }` and returns a reference (`s3://…`) the reader can resolve. */
  putContent(id: string, sequencer: string, content: { body: string | null; removed: ArticleRecord['removed'] }): Promise<string>;
}

/**
 * Stores article records in the single articles table (see shared/table-definition.ts).
 * One transaction per article keeps the record, its topic entries, content-hash entry and
 * version history in step: a reader never sees an article listed under a topic it no longer has.
 */
export class DynamoDbArticleStore implements ArticleStore {
  constructor(
    private readonly dynamodb: DynamoDBClient,
    private readonly tableName: string,
    private readonly bodies: BodyStore,
  ) {}

  async getState(id: string): Promise<StoredArticleState | null> {
    const { Item } = await this.dynamodb.send(
      new GetItemCommand({
        TableName: this.tableName,
        Key: marshall(articleKey(id)),
        ConsistentRead: true,
        ProjectionExpression: 'sequencer, #status, topics, pipelineVersion, taxonomyVersion, contentHash',
        ExpressionAttributeNames: { '#status': 'status' },
      }),
    );
    if (!Item) return null;
    const item = unmarshall(Item);
    return {
      sequencer: item.sequencer,
      status: item.status,
      topics: item.topics ?? [],
      pipelineVersion: item.pipelineVersion,
      taxonomyVersion: item.taxonomyVersion ?? null,
      contentHash: item.contentHash ?? null,
    };
  }

  async save(record: ArticleRecord, expected: StoredArticleState | null, bandKeys: readonly (string | null)[]): Promise<'saved' | 'conflict'> {
    const item = await this.withLargeContentOffloaded(record);
    // Band entries only point at candidates, which are checked against the stored signature;
    // writing them first (outside the transaction, at a third of the cost) can never make a wrong answer.
    await this.writeBandEntries(record.id, bandKeys);
    const listed = record.status === 'ok';
    const topics = listed ? record.topics : [];
    const dropped = (expected?.topics ?? []).filter((topic) => !topics.includes(topic));
    const summary = summaryOf(record);
    const writes: TransactWriteItem[] = [
      {
        Put: {
          TableName: this.tableName,
          Item: marshall({ ...articleKey(record.id), ...item, ...feedKeysOf(record) }, { removeUndefinedValues: true }),
          ...guardOf(expected),
        },
      },
      ...topics.map((topic) => ({
        Put: {
          TableName: this.tableName,
          Item: marshall({ ...topicKey(record.id, topic), ...summary, topicPk: `TOPIC#${topic}`, topicSk: `${listingDateOf(record)}#${record.id}` }),
        },
      })),
      ...dropped.map((topic) => ({ Delete: { TableName: this.tableName, Key: marshall(topicKey(record.id, topic)) } })),
      listed && record.contentHash
        ? {
            Put: {
              TableName: this.tableName,
              Item: marshall({
                ...contentKey(record.id),
                id: record.id,
                title: record.title,
                status: record.status,
                contentPk: `HASH#${record.contentHash}`,
                contentSk: `${record.ingestedAt}#${record.id}`,
              }),
            },
          }
        : { Delete: { TableName: this.tableName, Key: marshall(contentKey(record.id)) } },
      {
        Put: {
          TableName: this.tableName,
          Item: marshall(
            {
              ...versionKey(record.id, record.sequencer),
              ...summary,
              versionId: record.versionId,
              sequencer: record.sequencer,
              pipelineVersion: record.pipelineVersion,
              contentHash: record.contentHash,
              errorMessage: record.errorMessage,
            },
            { removeUndefinedValues: true },
          ),
        },
      },
    ];
    try {
      await this.dynamodb.send(new TransactWriteItemsCommand({ TransactItems: writes }));
      return 'saved';
    } catch (error) {
      if (error instanceof TransactionCanceledException && isConflict(error)) return 'conflict';
      throw error;
    }
  }

  async findByContentHash(contentHash: string): Promise<string[]> {
    const { Items = [] } = await this.dynamodb.send(
      new QueryCommand({
        TableName: this.tableName,
        IndexName: 'byContent',
        KeyConditionExpression: 'contentPk = :pk',
        ExpressionAttributeValues: marshall({ ':pk': `HASH#${contentHash}` }),
        Limit: 10,
      }),
    );
    return Items.map((raw) => String(unmarshall(raw).id));
  }

  async findNearDuplicateCandidates(bandKeys: string[]): Promise<{ id: string; minhash: string }[]> {
    const pages = await Promise.all(
      bandKeys.map((key) =>
        this.dynamodb.send(
          new QueryCommand({
            TableName: this.tableName,
            IndexName: 'byContent',
            KeyConditionExpression: 'contentPk = :pk',
            ExpressionAttributeValues: marshall({ ':pk': `BAND#${key}` }),
            Limit: 25,
          }),
        ),
      ),
    );
    const ids = [...new Set(pages.flatMap((page) => (page.Items ?? []).map((raw) => String(unmarshall(raw).id))))].slice(0, 100);
    if (ids.length === 0) return [];
    const candidates: { id: string; minhash: string }[] = [];
    let keys: Record<string, AttributeValue>[] | undefined = ids.map((id) => marshall(articleKey(id)));
    for (let attempt = 0; keys && keys.length > 0 && attempt < 5; attempt++) {
      const result: BatchGetItemCommandOutput = await this.dynamodb.send(
        new BatchGetItemCommand({
          RequestItems: {
            [this.tableName]: { Keys: keys, ProjectionExpression: 'id, minhash, #status', ExpressionAttributeNames: { '#status': 'status' } },
          },
        }),
      );
      for (const raw of result.Responses?.[this.tableName] ?? []) {
        const candidate = unmarshall(raw);
        if (candidate.status === 'ok' && typeof candidate.minhash === 'string') candidates.push({ id: String(candidate.id), minhash: candidate.minhash });
      }
      keys = result.UnprocessedKeys?.[this.tableName]?.Keys;
    }
    return candidates;
  }

  /** One entry per LSH band that has a key; the band's entry is removed where it has none. */
  private async writeBandEntries(id: string, bandKeys: readonly (string | null)[]): Promise<void> {
    const requests: WriteRequest[] = bandKeys.map((key, band) =>
      key !== null
        ? { PutRequest: { Item: marshall({ ...bandKey(id, band), id, contentPk: `BAND#${key}`, contentSk: id }) } }
        : { DeleteRequest: { Key: marshall(bandKey(id, band)) } },
    );
    await this.batchWrite(requests);
  }

  /** BatchWriteItem in chunks of 25, retrying what DynamoDB leaves unprocessed; never drops a write silently. */
  private async batchWrite(requests: WriteRequest[]): Promise<void> {
    for (let start = 0; start < requests.length; start += 25) {
      let pending: WriteRequest[] | undefined = requests.slice(start, start + 25);
      for (let attempt = 0; pending && pending.length > 0; attempt++) {
        if (attempt === 6) throw new Error(`DynamoDB left ${pending.length} writes unprocessed after ${attempt} attempts`);
        if (attempt > 0) await new Promise((resolve) => setTimeout(resolve, 50 * 2 ** attempt * Math.random()));
        const result: BatchWriteItemCommandOutput = await this.dynamodb.send(new BatchWriteItemCommand({ RequestItems: { [this.tableName]: pending } }));
        pending = result.UnprocessedItems?.[this.tableName];
      }
    }
  }

  /** Keeps the item well under DynamoDB's 400 KB: large bodies and long removal lists move to S3. */
  private async withLargeContentOffloaded(record: ArticleRecord): Promise<ArticleRecord> {
    const inline = Buffer.byteLength(JSON.stringify([record.body, record.removed]));
    if (inline <= MAX_INLINE_CONTENT_BYTES && record.removed.length <= MAX_REMOVALS_IN_ITEM) return record;
    const bodyRef = await this.bodies.putContent(record.id, record.sequencer, { body: record.body, removed: record.removed });
    // The item keeps a preview of what was removed; the full texts are with the body in S3.
    const preview = record.removed.slice(0, MAX_REMOVALS_IN_ITEM).map((removal) => ({ ...removal, text: clip(removal.text, MAX_REMOVAL_PREVIEW_CHARS) }));
    return { ...record, body: null, bodyRef, removed: preview };
  }
}

/** Removal texts kept in the item when the full list moves to S3. */
const MAX_REMOVAL_PREVIEW_CHARS = 500;

/** Only the writer that read `expected` may replace it; the first writer of an id needs no item there. */
function guardOf(expected: StoredArticleState | null): Pick<NonNullable<TransactWriteItem['Put']>, 'ConditionExpression' | 'ExpressionAttributeValues'> {
  if (!expected) return { ConditionExpression: 'attribute_not_exists(pk)' };
  return {
    ConditionExpression: 'sequencer = :sequencer AND pipelineVersion = :pipelineVersion',
    ExpressionAttributeValues: marshall({ ':sequencer': expected.sequencer, ':pipelineVersion': expected.pipelineVersion }),
  };
}

function isConflict(error: TransactionCanceledException): boolean {
  return (error.CancellationReasons ?? []).some((reason) => reason.Code === 'ConditionalCheckFailed' || reason.Code === 'TransactionConflict');
}

function summaryOf(record: ArticleRecord): Record<string, unknown> {
  const summary: Record<string, unknown> = {};
  for (const name of SUMMARY_ATTRIBUTES) summary[name] = name === 'errorCode' ? record.errorCode : record[name as keyof ArticleRecord];
  return summary;
}

/**
 * Listings sort by publication date where known, else by ingestion time. Timestamps with an offset
 * are brought to UTC so that string order is time order; a date alone stays a date.
 *
 * @example listingDateOf({ publishedAt: '2025-03-08T14:00:00+07:00', … }) // → '2025-03-08T07:00:00.000Z'
 */
function listingDateOf(record: ArticleRecord): string {
  const published = record.publishedAt;
  if (!published) return record.ingestedAt;
  if (published.length <= 10) return published;
  const time = Date.parse(published);
  return Number.isNaN(time) ? published : new Date(time).toISOString();
}

/** Month partitions keep any one index partition from growing without bound. */
function feedKeysOf(record: ArticleRecord): Record<string, string> {
  const month = record.ingestedAt.slice(0, 7);
  if (record.status === 'rejected') return { ingestedPk: `REJECTED#${month}`, ingestedSk: `${record.ingestedAt}#${record.id}` };
  if (record.status !== 'ok') return {};
  const listed = listingDateOf(record);
  return {
    ingestedPk: `FEED#${month}`,
    ingestedSk: `${record.ingestedAt}#${record.id}`,
    publishedPk: `PUBLISHED#${listed.slice(0, 7)}`,
    publishedSk: `${listed}#${record.id}`,
  };
}
