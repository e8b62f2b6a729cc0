import {
  type DynamoDBClient,
  GetItemCommand,
  QueryCommand,
  type TransactWriteItem,
  TransactWriteItemsCommand,
  TransactionCanceledException,
} from '@aws-sdk/client-dynamodb';
import { marshall, unmarshall } from '@aws-sdk/util-dynamodb';
import type { ArticleStore, StoredArticleState } from '../ingest/ports.ts';
import { type ArticleRecord, MAX_INLINE_CONTENT_BYTES, MAX_REMOVALS_IN_ITEM } from '../record.ts';
import { SUMMARY_ATTRIBUTES } from '../table-definition.ts';
import { articleKey, contentKey, topicKey, versionKey } from './table-keys.ts';

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

  async save(record: ArticleRecord, expected: StoredArticleState | null): Promise<'saved' | 'conflict'> {
    const item = await this.withLargeContentOffloaded(record);
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

  /** Keeps the item well under DynamoDB's 400 KB: large bodies and long removal lists move to S3. */
  private async withLargeContentOffloaded(record: ArticleRecord): Promise<ArticleRecord> {
    const inline = Buffer.byteLength(JSON.stringify([record.body, record.removed]));
    if (inline <= MAX_INLINE_CONTENT_BYTES && record.removed.length <= MAX_REMOVALS_IN_ITEM) return record;
    const bodyRef = await this.bodies.putContent(record.id, record.sequencer, { body: record.body, removed: record.removed });
    return { ...record, body: null, bodyRef, removed: record.removed.slice(0, MAX_REMOVALS_IN_ITEM) };
  }
}

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

/** Listings sort by publication date where known, else by ingestion time. */
function listingDateOf(record: ArticleRecord): string {
  return record.publishedAt ?? record.ingestedAt;
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
