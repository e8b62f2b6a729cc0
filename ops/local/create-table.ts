/**
 * Creates the articles table locally from the same definition the CDK stack uses
 * (`shared/table-definition.ts`), so local and deployed tables cannot drift.
 */
import {
  type CreateTableCommandInput,
  CreateTableCommand,
  DescribeTableCommand,
  DescribeTimeToLiveCommand,
  type DynamoDBClient,
  ResourceNotFoundException,
  UpdateTableCommand,
  UpdateTimeToLiveCommand,
  waitUntilTableExists,
} from '@aws-sdk/client-dynamodb';
import type { IndexDefinition, TableDefinition } from '../../shared/table-definition.ts';

/**
 * Maps a table definition to a CreateTable request: on-demand billing, a NEW_AND_OLD_IMAGES
 * stream, string keys, one GSI per index (a list projection → INCLUDE, `'ALL'` → ALL).
 *
 * @example
 * toCreateTableInput('t', { partitionKey: 'pk', sortKey: 'sk', timeToLiveAttribute: 'ttl', indexes: [] })
 * // → { TableName: 't', BillingMode: 'PAY_PER_REQUEST', KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }, { AttributeName: 'sk', KeyType: 'RANGE' }], … }
 */
export function toCreateTableInput(tableName: string, definition: TableDefinition): CreateTableCommandInput {
  const keyAttributes = new Set<string>([definition.partitionKey, definition.sortKey]);
  for (const index of definition.indexes) {
    keyAttributes.add(index.partitionKey);
    keyAttributes.add(index.sortKey);
  }
  return {
    TableName: tableName,
    BillingMode: 'PAY_PER_REQUEST',
    // Every key in the single-table design is a string (ARTICLE#…, ISO dates, hashes).
    AttributeDefinitions: [...keyAttributes].map((name) => ({ AttributeName: name, AttributeType: 'S' })),
    KeySchema: [
      { AttributeName: definition.partitionKey, KeyType: 'HASH' },
      { AttributeName: definition.sortKey, KeyType: 'RANGE' },
    ],
    GlobalSecondaryIndexes: definition.indexes.length === 0 ? undefined : definition.indexes.map(toGlobalSecondaryIndex),
    StreamSpecification: { StreamEnabled: true, StreamViewType: 'NEW_AND_OLD_IMAGES' },
  };
}

function toGlobalSecondaryIndex(index: IndexDefinition) {
  return {
    IndexName: index.indexName,
    KeySchema: [
      { AttributeName: index.partitionKey, KeyType: 'HASH' as const },
      { AttributeName: index.sortKey, KeyType: 'RANGE' as const },
    ],
    Projection:
      index.projection === 'ALL' ? { ProjectionType: 'ALL' as const } : { ProjectionType: 'INCLUDE' as const, NonKeyAttributes: [...index.projection] },
  };
}

/**
 * Creates the table and turns on TTL, unless the table already exists (idempotent). A table made by
 * an older version (a data directory kept across upgrades) gets the indexes it lacks, one at a time.
 *
 * @example await ensureTable(dynamodb, 'kabar-articles', ARTICLES_TABLE) // → 'created', then 'exists' on the next start
 */
export async function ensureTable(dynamodb: DynamoDBClient, tableName: string, definition: TableDefinition): Promise<'created' | 'exists' | 'updated'> {
  let outcome: 'created' | 'exists' | 'updated' = 'exists';
  try {
    const { Table } = await dynamodb.send(new DescribeTableCommand({ TableName: tableName }));
    const present = new Set((Table?.GlobalSecondaryIndexes ?? []).map((index) => index.IndexName));
    for (const index of definition.indexes.filter((candidate) => !present.has(candidate.indexName))) {
      await dynamodb.send(
        new UpdateTableCommand({
          TableName: tableName,
          AttributeDefinitions: [...new Set([index.partitionKey, index.sortKey])].map((name) => ({ AttributeName: name, AttributeType: 'S' })),
          GlobalSecondaryIndexUpdates: [{ Create: toGlobalSecondaryIndex(index) }],
        }),
      );
      await waitUntilIndexActive(dynamodb, tableName, index.indexName);
      outcome = 'updated';
    }
  } catch (error) {
    if (!(error instanceof ResourceNotFoundException)) throw error;
    await dynamodb.send(new CreateTableCommand(toCreateTableInput(tableName, definition)));
    await waitUntilTableExists({ client: dynamodb, maxWaitTime: 60, minDelay: 1, maxDelay: 2 }, { TableName: tableName });
    outcome = 'created';
  }
  // Checked on every start too: a run stopped between CreateTable and UpdateTimeToLive left TTL off.
  const ttl = await dynamodb.send(new DescribeTimeToLiveCommand({ TableName: tableName }));
  const status = ttl.TimeToLiveDescription?.TimeToLiveStatus;
  if (status !== 'ENABLED' && status !== 'ENABLING') {
    await dynamodb.send(
      new UpdateTimeToLiveCommand({
        TableName: tableName,
        TimeToLiveSpecification: { AttributeName: definition.timeToLiveAttribute, Enabled: true },
      }),
    );
  }
  return outcome;
}

/** DynamoDB Local builds an index on an existing table in the background; queries need it active. */
async function waitUntilIndexActive(dynamodb: DynamoDBClient, tableName: string, indexName: string): Promise<void> {
  // A safety bound, not an expectation: on a busy machine DynamoDB Local takes seconds per index.
  for (let attempt = 0; attempt < 600; attempt++) {
    const { Table } = await dynamodb.send(new DescribeTableCommand({ TableName: tableName }));
    if (Table?.GlobalSecondaryIndexes?.find((index) => index.IndexName === indexName)?.IndexStatus === 'ACTIVE') return;
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  throw new Error(`index ${indexName} of table ${tableName} did not become active within 5 minutes`);
}
