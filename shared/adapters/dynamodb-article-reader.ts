import { type DynamoDBClient, GetItemCommand, QueryCommand } from '@aws-sdk/client-dynamodb';
import { GetObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { marshall, unmarshall } from '@aws-sdk/util-dynamodb';
import { articleIdOf } from '../ingest/article-id.ts';
import { STATE_FIELDS } from '../ingest/ports.ts';
import { type ArticleRecord, ArticleRecordSchema } from '../record.ts';
import { bandAttribute, SUMMARY_ATTRIBUTES, TOPIC_SLOTS, topicAttribute } from '../table-definition.ts';
import { plainFieldsOf, recordFieldsOf } from './article-item.ts';
import { queryAllItems } from './dynamodb-query.ts';
import { articleKey } from './table-keys.ts';

/** What listings return: enough to show an article without fetching it. */
export type ArticleSummary = Pick<ArticleRecord, (typeof SUMMARY_ATTRIBUTES)[number]>;

/** A page of results and the opaque cursor for the next one (null at the end). */
export interface Page<T> {
  items: T[];
  cursor: string | null;
}

export interface ListOptions {
  /** Inclusive lower bound, an ISO date or timestamp (`2025-02-01`). */
  since?: string;
  /** Exclusive upper bound, an ISO date or timestamp. */
  until?: string;
  limit?: number;
  cursor?: string | null;
}

export interface ArticleVersion {
  sequencer: string;
  versionId: string | null;
  status: ArticleRecord['status'];
  ingestedAt: string;
  topics: string[];
  contentHash: string | null;
  errorCode: string | null;
}

/** Feeds are partitioned by month; a listing walks back at most this many months. */
const MAX_MONTHS_BACK = 36;

/**
 * The typed reader downstream services and the CLI use. Every access pattern is a GetItem
 * or a Query on the table or one of its indexes (see shared/table-definition.ts): never a Scan.
 *
 * @example
 *   const reader = new DynamoDbArticleReader(dynamodb, 'kabar-articles', s3);
 *   await reader.listByTopic('ukraine', { since: '2025-02-01', limit: 20 }) // → { items: [...], cursor }
 */
export class DynamoDbArticleReader {
  constructor(
    private readonly dynamodb: DynamoDBClient,
    private readonly tableName: string,
    /** Resolves bodies stored in S3 (`bodyRef`); without it, such records keep `body: null`. */
    private readonly s3?: S3Client,
  ) {}

  /** 1. An article by id, with its body resolved from S3 when it was too large for the item. */
  async getArticle(id: string): Promise<ArticleRecord | null> {
    const { Item } = await this.dynamodb.send(new GetItemCommand({ TableName: this.tableName, Key: marshall(articleKey(id)) }));
    if (!Item) return null;
    return this.withBody(ArticleRecordSchema.parse(recordFieldsOf(unmarshall(Item))));
  }

  /**
   * 2. Articles of one topic, newest first (by publication date where known, else ingestion time).
   * An article's n-th topic is in the n-th topic index: the page merges one query per index, and the
   * cursor remembers where each one stopped.
   */
  async listByTopic(topic: string, options: ListOptions = {}): Promise<Page<ArticleSummary>> {
    const limit = options.limit ?? 20;
    const starts = decodeSlotCursor(options.cursor ?? null);
    const pages = await Promise.all(
      starts.map((start, slot) =>
        start === 'done'
          ? { items: [], last: null }
          : this.queryRaw(`byTopic${slot + 1}`, topicAttribute(slot), 'publishedSk', `TOPIC#${topic}`, { ...options, limit }, start),
      ),
    );
    const merged = pages
      .flatMap((page, slot) => page.items.map((item, index) => ({ item, slot, index })))
      .sort((a, b) => compareDescending(String(a.item.publishedSk), String(b.item.publishedSk)) || compareDescending(String(a.item.pk), String(b.item.pk)))
      .slice(0, limit);
    const next = starts.map((start, slot): SlotStart => {
      const page = pages[slot] as RawPage;
      const taken = merged.filter((entry) => entry.slot === slot);
      const lastTaken = taken.at(-1);
      if (start === 'done') return 'done';
      if (!lastTaken) return page.items.length === 0 && !page.last ? 'done' : start;
      if (lastTaken.index === page.items.length - 1 && !page.last) return 'done';
      const { item } = lastTaken;
      return { pk: item.pk, sk: item.sk, [topicAttribute(slot)]: item[topicAttribute(slot)], publishedSk: item.publishedSk };
    });
    return {
      items: merged.map((entry) => summaryOf(plainFieldsOf(entry.item))),
      cursor: next.every((start) => start === 'done') ? null : Buffer.from(JSON.stringify(next)).toString('base64url'),
    };
  }

  /** 3. The newest articles across all topics, by ingestion or publication time. */
  async listFeed(order: 'ingested' | 'published', options: ListOptions = {}): Promise<Page<ArticleSummary>> {
    const [index, pk, sk, prefix] =
      order === 'ingested'
        ? (['byIngested', 'ingestedPk', 'ingestedSk', 'FEED'] as const)
        : (['byPublished', 'publishedPk', 'publishedSk', 'PUBLISHED'] as const);
    return this.listMonthly(index, pk, sk, prefix, options);
  }

  /** 6. Rejected articles with their error codes, newest first (for operators). */
  async listRejected(options: ListOptions = {}): Promise<Page<ArticleSummary>> {
    return this.listMonthly('byIngested', 'ingestedPk', 'ingestedSk', 'REJECTED', options);
  }

  /** 4. The article for a source object, and the history of the versions processed for it. */
  async findBySource(bucket: string, key: string): Promise<{ article: ArticleRecord | null; versions: ArticleVersion[] }> {
    const id = articleIdOf(bucket, key);
    const [article, versions] = await Promise.all([this.getArticle(id), this.listVersions(id)]);
    return { article, versions };
  }

  /** The versions of an object processed so far, newest first: the current record, then its history entries. */
  async listVersions(id: string): Promise<ArticleVersion[]> {
    const [current, history] = await Promise.all([
      this.dynamodb.send(
        new GetItemCommand({
          TableName: this.tableName,
          Key: marshall(articleKey(id)),
          ProjectionExpression: STATE_FIELDS.map((_, i) => `#s${i}`).join(', '),
          ExpressionAttributeNames: Object.fromEntries(STATE_FIELDS.map((name, i) => [`#s${i}`, name])),
        }),
      ),
      queryAllItems(this.dynamodb, {
        TableName: this.tableName,
        KeyConditionExpression: 'pk = :pk AND begins_with(sk, :version)',
        ExpressionAttributeValues: marshall({ ':pk': `ARTICLE#${id}`, ':version': 'VERSION#' }),
        ScanIndexForward: false,
      }),
    ]);
    const currentFields = current.Item ? plainFieldsOf(unmarshall(current.Item)) : null;
    // A history entry is written before the write that replaces its version; if that write never
    // happened, the entry repeats the current version and is left out.
    const items = [...(currentFields ? [currentFields] : []), ...history.filter((item) => item.sequencer !== currentFields?.sequencer)];
    return items.map((item) => ({
      sequencer: String(item.sequencer),
      versionId: (item.versionId as string | null) ?? null,
      status: item.status as ArticleRecord['status'],
      ingestedAt: String(item.ingestedAt),
      topics: (item.topics as string[] | undefined) ?? [],
      contentHash: (item.contentHash as string | null) ?? null,
      errorCode: (item.errorCode as string | null) ?? null,
    }));
  }

  /**
   * 5. Other articles whose cleaned body is exactly the same, oldest first. Exact copies share every
   * duplicate look-up key, so the first band's index holds them all.
   */
  async findSameContent(id: string): Promise<string[]> {
    const band = bandAttribute(0);
    const { Item } = await this.dynamodb.send(
      new GetItemCommand({
        TableName: this.tableName,
        Key: marshall(articleKey(id)),
        ProjectionExpression: '#band, contentHash',
        ExpressionAttributeNames: { '#band': band },
      }),
    );
    const article = Item ? unmarshall(Item) : null;
    if (!article?.[band] || !article.contentHash) return [];
    const items = await queryAllItems(this.dynamodb, {
      TableName: this.tableName,
      IndexName: 'byBand1',
      KeyConditionExpression: '#band = :key',
      FilterExpression: 'contentHash = :hash',
      ExpressionAttributeNames: { '#band': band },
      ExpressionAttributeValues: marshall({ ':key': article[band], ':hash': article.contentHash }),
    });
    return items.map((item) => idOfKey(String(item.pk))).filter((other) => other !== id);
  }

  private async listMonthly(index: string, pk: string, sk: string, prefix: string, options: ListOptions): Promise<Page<ArticleSummary>> {
    const limit = options.limit ?? 20;
    const position = decodeCursor(options.cursor ?? null);
    let month = position?.month ?? monthOf(options.until ?? new Date().toISOString());
    let innerCursor = position?.inner ?? null;
    const sinceMonth = options.since ? monthOf(options.since) : null;
    const items: ArticleSummary[] = [];
    for (let walked = 0; walked < MAX_MONTHS_BACK && items.length < limit; walked++) {
      if (sinceMonth && month < sinceMonth) return { items, cursor: null };
      const page = await this.queryPage(index, pk, sk, `${prefix}#${month}`, { ...options, limit: limit - items.length }, innerCursor);
      items.push(...page.items);
      if (page.cursor) return { items, cursor: encodeCursor({ month, inner: page.cursor }) };
      month = previousMonth(month);
      innerCursor = null;
    }
    return { items, cursor: items.length >= limit ? encodeCursor({ month, inner: null }) : null };
  }

  private async queryPage(
    index: string,
    pk: string,
    sk: string,
    partition: string,
    options: ListOptions,
    cursor: string | null,
  ): Promise<Page<ArticleSummary>> {
    const page = await this.queryRaw(
      index,
      pk,
      sk,
      partition,
      options,
      cursor ? (JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as Record<string, unknown>) : null,
    );
    return {
      items: page.items.map((item) => summaryOf(plainFieldsOf(item))),
      cursor: page.last ? Buffer.from(JSON.stringify(page.last)).toString('base64url') : null,
    };
  }

  /** One page of an index partition, newest first, bounded by `since`/`until`; `last` is where the next page starts. */
  private async queryRaw(
    index: string,
    pk: string,
    sk: string,
    partition: string,
    options: ListOptions,
    start: Record<string, unknown> | null,
  ): Promise<RawPage> {
    const conditions = [`${pk} = :pk`];
    const values: Record<string, string> = { ':pk': partition };
    // Sort keys start with an ISO timestamp, so string bounds are time bounds.
    if (options.since && options.until) {
      conditions.push(`${sk} BETWEEN :since AND :until`);
      values[':since'] = options.since;
      values[':until'] = options.until;
    } else if (options.since) {
      conditions.push(`${sk} >= :since`);
      values[':since'] = options.since;
    } else if (options.until) {
      conditions.push(`${sk} < :until`);
      values[':until'] = options.until;
    }
    const result = await this.dynamodb.send(
      new QueryCommand({
        TableName: this.tableName,
        IndexName: index,
        KeyConditionExpression: conditions.join(' AND '),
        ExpressionAttributeValues: marshall(values),
        ScanIndexForward: false,
        Limit: options.limit ?? 20,
        ExclusiveStartKey: start ? marshall(start) : undefined,
      }),
    );
    return { items: (result.Items ?? []).map((item) => unmarshall(item)), last: result.LastEvaluatedKey ? unmarshall(result.LastEvaluatedKey) : null };
  }

  private async withBody(record: ArticleRecord): Promise<ArticleRecord> {
    if (!record.bodyRef || !this.s3) return record;
    const match = /^s3:\/\/([^/]+)\/(.+)$/.exec(record.bodyRef);
    if (!match) return record;
    const object = await this.s3.send(new GetObjectCommand({ Bucket: match[1], Key: match[2] }));
    const content = JSON.parse((await object.Body?.transformToString('utf-8')) ?? '{}') as Pick<ArticleRecord, 'body' | 'removed'>;
    return { ...record, body: content.body, removed: content.removed };
  }
}

interface RawPage {
  items: Record<string, unknown>[];
  last: Record<string, unknown> | null;
}

/** Where a topic index's next page starts: from its beginning (null), after an entry, or nowhere ('done'). */
type SlotStart = Record<string, unknown> | null | 'done';

function decodeSlotCursor(cursor: string | null): SlotStart[] {
  const starts = cursor ? (JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as SlotStart[]) : [];
  return Array.from({ length: TOPIC_SLOTS }, (_, slot) => starts[slot] ?? null);
}

function compareDescending(a: string, b: string): number {
  return a < b ? 1 : a > b ? -1 : 0;
}

/** `ARTICLE#3f1c…` → `3f1c…` */
function idOfKey(pk: string): string {
  return pk.slice('ARTICLE#'.length);
}

/**
 * A record's summary (SUMMARY_ATTRIBUTES), from a record or the plain fields of an item: the one
 * projection the feeds, the console and `npm start` show.
 *
 * @example summaryOf(record) // → { id: '3f1c…', status: 'ok', title: '…', topics: ['ukraine'], scores: { ukraine: 0.82 }, … }
 */
export function summaryOf(fields: Readonly<Record<string, unknown>>): ArticleSummary {
  const summary: Record<string, unknown> = {};
  for (const name of SUMMARY_ATTRIBUTES) summary[name] = fields[name] ?? null;
  return summary as ArticleSummary;
}

function monthOf(isoDate: string): string {
  return isoDate.slice(0, 7);
}

/** '2025-01' → '2024-12' */
function previousMonth(month: string): string {
  const [year, monthNumber] = month.split('-').map(Number) as [number, number];
  return monthNumber === 1 ? `${year - 1}-12` : `${year}-${String(monthNumber - 1).padStart(2, '0')}`;
}

function encodeCursor(position: { month: string; inner: string | null }): string {
  return Buffer.from(JSON.stringify(position)).toString('base64url');
}

function decodeCursor(cursor: string | null): { month: string; inner: string | null } | null {
  return cursor ? (JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as { month: string; inner: string | null }) : null;
}
