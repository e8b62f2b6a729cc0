/**
 * Storage: what ingesting one article asks of S3 and DynamoDB, counted on the real code path. The
 * corpus's unique articles go through the ingest use case with the real S3 source and DynamoDB store,
 * their clients answered in-process (an empty table: every article is new). Counted per article: the
 * requests of each kind, the article item's size and write units, and the write units of each index
 * entry it creates (from the table definition's projections); beside them, the same records laid out
 * as before schemaVersion 4 (every field plain), which `npm run cost` prices for the design before.
 */
import { type AttributeValue, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { S3Client } from '@aws-sdk/client-s3';
import { marshall } from '@aws-sdk/util-dynamodb';
import { dynamodbItemBytes } from './item-size.ts';
import { DynamoDbArticleStore } from '#shared/adapters/dynamodb-article-store.ts';
import { S3ArticleSource } from '#shared/adapters/s3-article-source.ts';
import { ingestObjectEvent } from '#shared/ingest/ingest-object.ts';
import type { ArticleRecord } from '#shared/record.ts';
import { ARTICLES_TABLE, SUMMARY_ATTRIBUTES } from '#shared/table-definition.ts';
import { loadCorpus } from './pipeline.ts';

export interface StorageResult {
  articles: number;
  /** Requests per article, by command. */
  requestsPerArticle: Record<string, number>;
  /** The article item as written: bytes and write units (1 KB each, rounded up per item), averages. */
  articleItem: { bytes: number; writeUnits: number };
  /** Write units per article for each index an article enters (rounded up per entry, at least 1), averages. */
  indexWriteUnits: Record<string, number>;
  /** Bytes per article stored in each index (its entries' keys and projected attributes), averages. */
  indexBytes: Record<string, number>;
  /** Entries per article in each index, averages. */
  indexEntries: Record<string, number>;
  /** Read units per article: the state read (eventually consistent) and the look-up queries. */
  readUnits: number;
  /** The same records with every field plain and the old keys (the layout before schemaVersion 4): bytes and write units. */
  plainItem: { bytes: number; writeUnits: number };
  /** A listing entry (summary attributes and keys), as the old topic, content and version items carried: bytes. */
  summaryEntryBytes: number;
  topicsPerArticle: number;
}

/** Answers every command from memory at the first middleware step, and counts it. */
function answerInProcess(
  client: S3Client | DynamoDBClient,
  counts: Map<string, number>,
  answer: (command: string, input: Record<string, unknown>) => unknown,
): void {
  const stack = client.middlewareStack as unknown as S3Client['middlewareStack'];
  stack.add(
    (_next, context) => async (args) => {
      const command = context.commandName ?? '';
      counts.set(command, (counts.get(command) ?? 0) + 1);
      return { output: { $metadata: {}, ...(answer(command, args.input as Record<string, unknown>) as object) }, response: {} } as never;
    },
    { step: 'initialize', name: 'benchStorage' },
  );
}

/** Write units of an item or index entry: 1 KB each, rounded up, at least one. */
const writeUnitsOf = (bytes: number) => Math.max(1, Math.ceil(bytes / 1024));

export async function benchStorage(options: { log: (line: string) => void }): Promise<StorageResult> {
  const corpus = loadCorpus(1);
  const unique = corpus.articles.slice(0, corpus.unique);
  const bodies = new Map(unique.map((article) => [article.key, article.bytes]));
  const counts = new Map<string, number>();
  const puts: Record<string, AttributeValue>[] = [];
  const credentials = { accessKeyId: 'bench', secretAccessKey: 'bench' };
  const s3 = new S3Client({ region: 'us-east-1', credentials });
  const dynamodb = new DynamoDBClient({ region: 'us-east-1', credentials });
  answerInProcess(s3, counts, (_command, input) => {
    const body = bodies.get(String(input.Key)) ?? new Uint8Array();
    return { ContentLength: body.byteLength, ContentType: 'text/plain; charset=utf-8', Metadata: {}, Body: { transformToByteArray: async () => body } };
  });
  answerInProcess(dynamodb, counts, (command, input) => {
    if (command === 'PutItemCommand') puts.push(input.Item as Record<string, AttributeValue>);
    if (command === 'QueryCommand') return { Items: [], Count: 0 };
    return {};
  });
  const source = new S3ArticleSource(s3);
  const store = new DynamoDbArticleStore(dynamodb, 'bench', { putContent: async () => 's3://bench/bodies/x.json' });
  const records: ArticleRecord[] = [];
  for (const [index, article] of unique.entries()) {
    const event = {
      kind: 'created' as const,
      eventName: 'ObjectCreated:Put',
      eventTime: '2026-12-07T00:00:00.000Z',
      bucket: 'kabar-articles-bench',
      key: article.key,
      versionId: null,
      size: article.bytes.byteLength,
      sequencer: `00${String(index).padStart(16, '0')}`,
    };
    const outcome = await ingestObjectEvent(event, { source, store });
    if (outcome.action === 'stored') records.push(outcome.record);
  }

  const n = unique.length;
  const articleItems = puts.filter((item) => item.sk?.S === '#ARTICLE');
  const mean = (values: number[]) => values.reduce((sum, value) => sum + value, 0) / Math.max(1, values.length);
  const indexWriteUnits: Record<string, number> = {};
  const indexBytes: Record<string, number> = {};
  const indexEntries: Record<string, number> = {};
  for (const index of ARTICLES_TABLE.indexes) {
    let units = 0;
    let bytes = 0;
    let entries = 0;
    for (const item of articleItems) {
      if (!item[index.partitionKey] || !item[index.sortKey]) continue;
      const names = new Set(['pk', 'sk', index.partitionKey, index.sortKey, ...(index.projection === 'ALL' ? Object.keys(item) : index.projection)]);
      const entryBytes = dynamodbItemBytes(Object.fromEntries(Object.entries(item).filter(([name]) => names.has(name))));
      units += writeUnitsOf(entryBytes);
      bytes += entryBytes;
      entries++;
    }
    indexWriteUnits[index.indexName] = units / n;
    indexBytes[index.indexName] = bytes / n;
    indexEntries[index.indexName] = entries / n;
  }
  // The layout before: every record field plain, with the feed keys it had.
  const plainBytes = records.map((record) =>
    dynamodbItemBytes(
      marshall(
        {
          pk: `ARTICLE#${record.id}`,
          sk: '#ARTICLE',
          ...record,
          ingestedPk: 'FEED#2026-12',
          ingestedSk: `${record.ingestedAt}#${record.id}`,
          publishedPk: 'PUBLISHED#2025-02',
          publishedSk: `${record.ingestedAt}#${record.id}`,
        },
        { removeUndefinedValues: true },
      ),
    ),
  );
  const summaryBytes = records.map((record) =>
    dynamodbItemBytes(
      marshall(
        {
          pk: `ARTICLE#${record.id}`,
          sk: 'TOPIC#middle-east',
          topicPk: 'TOPIC#middle-east',
          topicSk: `${record.ingestedAt}#${record.id}`,
          ...Object.fromEntries(SUMMARY_ATTRIBUTES.map((name) => [name, record[name]])),
        },
        { removeUndefinedValues: true },
      ),
    ),
  );
  const requestsPerArticle = Object.fromEntries([...counts].sort().map(([command, count]) => [command.replace(/Command$/, ''), count / n]));
  // Eventually consistent reads: half a unit per 4 KB read, at least half a unit per request (the table is empty here).
  const readUnits = ((counts.get('GetItemCommand') ?? 0) * 0.5 + (counts.get('QueryCommand') ?? 0) * 0.5) / n;
  const result: StorageResult = {
    articles: n,
    requestsPerArticle,
    articleItem: { bytes: mean(articleItems.map(dynamodbItemBytes)), writeUnits: mean(articleItems.map((item) => writeUnitsOf(dynamodbItemBytes(item)))) },
    indexWriteUnits,
    indexBytes,
    indexEntries,
    readUnits,
    plainItem: { bytes: mean(plainBytes), writeUnits: mean(plainBytes.map(writeUnitsOf)) },
    summaryEntryBytes: mean(summaryBytes),
    topicsPerArticle: mean(records.map((record) => record.topics.length)),
  };
  const { log } = options;
  log(`${n} articles from ${corpus.source} through the ingest use case (S3 and DynamoDB answered in-process, every article new):`);
  log(
    `  requests per article: ${Object.entries(requestsPerArticle)
      .map(([command, count]) => `${command} ${count.toFixed(2)}`)
      .join(', ')}`,
  );
  log(
    `  article item: ${result.articleItem.bytes.toFixed(0)} bytes, ${result.articleItem.writeUnits.toFixed(2)} write units (every field plain, as before: ${result.plainItem.bytes.toFixed(0)} bytes, ${result.plainItem.writeUnits.toFixed(2)})`,
  );
  log(
    `  index entries: ${Object.entries(indexWriteUnits)
      .filter(([, units]) => units > 0)
      .map(([name, units]) => `${name} ${units.toFixed(2)}`)
      .join(', ')} write units per article`,
  );
  log(`  read units per article: ${readUnits.toFixed(2)}; ${result.topicsPerArticle.toFixed(2)} topics per article`);
  return result;
}
