import {
  ConditionalCheckFailedException,
  type DynamoDBClient,
  GetItemCommand,
  PutItemCommand,
  type PutItemCommandInput,
  QueryCommand,
} from '@aws-sdk/client-dynamodb';
import { marshall, unmarshall } from '@aws-sdk/util-dynamodb';
import { type ArticleStore, type DuplicateCandidate, STATE_FIELDS, type StoredArticleState } from '../ingest/ports.ts';
import { type ArticleRecord, clip, MAX_INLINE_CONTENT_BYTES, MAX_REMOVALS_IN_ITEM } from '../record.ts';
import { BAND_SLOTS, bandAttribute, TOPIC_SLOTS, topicAttribute } from '../table-definition.ts';
import { itemAttributesOf, plainFieldsOf } from './article-item.ts';
import { articleKey, versionKey } from './table-keys.ts';

/** Where bodies too large for an item go (S3, under a prefix that cannot trigger ingestion). */
export interface BodyStore {
  /** Stores `{ body, removed }` and returns a reference (`s3://…`) the reader can resolve. */
  putContent(id: string, sequencer: string, content: { body: string | null; removed: ArticleRecord['removed'] }): Promise<string>;
}

/** Candidates read per band: the newest first, so a busy band partition is cut from the oldest end. */
const CANDIDATES_PER_BAND = 25;

// Every name through a placeholder: several (status, size, bucket) are DynamoDB reserved words.
const STATE_PROJECTION = STATE_FIELDS.map((_, i) => `#s${i}`).join(', ');
const STATE_NAMES = Object.fromEntries(STATE_FIELDS.map((name, i) => [`#s${i}`, name]));

/**
 * Stores article records in the single articles table (see shared/table-definition.ts). An article
 * is one item: its feed, topic-list and duplicate look-up entries are index keys of that item, so
 * one conditional PutItem (the ordering guard) changes the record and every listing of it together;
 * no transaction, and nothing to repair after a crash. The only other write is the history entry of
 * the version being replaced, made before the guarded put: true whatever happens next, and idempotent.
 */
export class DynamoDbArticleStore implements ArticleStore {
  constructor(
    private readonly dynamodb: DynamoDBClient,
    private readonly tableName: string,
    private readonly bodies: BodyStore,
  ) {}

  async getState(id: string, options: { consistent?: boolean } = {}): Promise<StoredArticleState | null> {
    const { Item } = await this.dynamodb.send(
      new GetItemCommand({
        TableName: this.tableName,
        Key: marshall(articleKey(id)),
        ConsistentRead: options.consistent ?? false,
        ProjectionExpression: STATE_PROJECTION,
        ExpressionAttributeNames: STATE_NAMES,
      }),
    );
    return Item ? stateOf(plainFieldsOf(unmarshall(Item))) : null;
  }

  async save(record: ArticleRecord, expected: StoredArticleState | null, lookupKeys: readonly string[]): Promise<'saved' | 'conflict'> {
    if (lookupKeys.length > BAND_SLOTS) throw new Error(`${lookupKeys.length} look-up keys; the table has ${BAND_SLOTS} band indexes`);
    if (expected && expected.sequencer !== record.sequencer) await this.putHistory(expected);
    const item = await this.withLargeContentOffloaded(record);
    try {
      await this.dynamodb.send(
        new PutItemCommand({
          TableName: this.tableName,
          Item: marshall({ ...articleKey(record.id), ...itemAttributesOf(item), ...indexKeysOf(record, lookupKeys) }, { removeUndefinedValues: true }),
          ...guardOf(expected),
        }),
      );
      return 'saved';
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) return 'conflict';
      throw error;
    }
  }

  async findCandidates(lookupKeys: readonly string[]): Promise<DuplicateCandidate[]> {
    const pages = await Promise.all(
      lookupKeys.map((key, band) =>
        this.dynamodb.send(
          new QueryCommand({
            TableName: this.tableName,
            IndexName: `byBand${band + 1}`,
            KeyConditionExpression: '#band = :key',
            ExpressionAttributeNames: { '#band': bandAttribute(band) },
            ExpressionAttributeValues: marshall({ ':key': key }),
            ScanIndexForward: false,
            Limit: CANDIDATES_PER_BAND,
          }),
        ),
      ),
    );
    const byId = new Map<string, DuplicateCandidate & { ingestedSk: string }>();
    for (const raw of pages.flatMap((page) => page.Items ?? [])) {
      const entry = unmarshall(raw);
      const fields = plainFieldsOf({ ...entry, id: String(entry.pk).slice('ARTICLE#'.length) });
      byId.set(String(fields.id), {
        id: String(fields.id),
        minhash: fields.minhash as string | null,
        contentHash: fields.contentHash as string | null,
        ingestedSk: String(entry.ingestedSk),
      });
    }
    // Oldest first: the first exact copy found is the original.
    return [...byId.values()].sort((a, b) => (a.ingestedSk < b.ingestedSk ? -1 : 1)).map(({ ingestedSk, ...candidate }) => candidate);
  }

  /** The replaced version's history entry: its listing fields and version details. */
  private async putHistory(version: StoredArticleState): Promise<void> {
    await this.dynamodb.send(
      new PutItemCommand({
        TableName: this.tableName,
        Item: marshall({ ...versionKey(version.id, version.sequencer), ...withoutEmpty(version) }, { removeUndefinedValues: true }),
      }),
    );
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

function stateOf(fields: Record<string, unknown>): StoredArticleState {
  return Object.fromEntries(STATE_FIELDS.map((name) => [name, fields[name]])) as StoredArticleState;
}

function withoutEmpty(fields: object): Record<string, unknown> {
  return Object.fromEntries(Object.entries(fields).filter(([, value]) => value !== null && value !== undefined));
}

/**
 * Only the writer that read `expected` may replace it; the first writer of an id needs no item there.
 * A new version, a reprocessing with a new pipeline and a retry after a lost answer all pass through here.
 */
function guardOf(expected: StoredArticleState | null): Pick<PutItemCommandInput, 'ConditionExpression' | 'ExpressionAttributeValues'> {
  if (!expected) return { ConditionExpression: 'attribute_not_exists(pk)' };
  return {
    ConditionExpression: 'sequencer = :sequencer AND pipelineVersion = :pipelineVersion',
    ExpressionAttributeValues: marshall({ ':sequencer': expected.sequencer, ':pipelineVersion': expected.pipelineVersion }),
  };
}

/**
 * The index keys of an article item: the feeds (ok articles by ingestion and publication month,
 * rejected ones by ingestion month), one topic list per topic (highest score first, as `topics` is
 * ordered), one duplicate look-up key per band. A deleted article has none: it leaves every listing.
 */
function indexKeysOf(record: ArticleRecord, lookupKeys: readonly string[]): Record<string, string> {
  const month = record.ingestedAt.slice(0, 7);
  const ingestedSk = `${record.ingestedAt}#${record.id}`;
  if (record.status === 'rejected') return { ingestedPk: `REJECTED#${month}`, ingestedSk };
  if (record.status !== 'ok') return {};
  const listed = listingDateOf(record);
  const keys: Record<string, string> = {
    ingestedPk: `FEED#${month}`,
    ingestedSk,
    publishedPk: `PUBLISHED#${listed.slice(0, 7)}`,
    publishedSk: `${listed}#${record.id}`,
  };
  for (const [slot, topic] of record.topics.slice(0, TOPIC_SLOTS).entries()) keys[topicAttribute(slot)] = `TOPIC#${topic}`;
  for (const [band, key] of lookupKeys.entries()) keys[bandAttribute(band)] = key;
  return keys;
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
