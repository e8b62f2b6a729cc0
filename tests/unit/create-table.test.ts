/**
 * ensureTable on a table made by an older version: the indexes it lacks are added one at a time, each
 * waited for until active. Over a mocked client: DynamoDB Local takes minutes to build an index in a
 * shared, busy database, which the integration suite cannot afford (creation is tested there).
 */
import { DescribeTableCommand, DescribeTimeToLiveCommand, DynamoDBClient, UpdateTableCommand } from '@aws-sdk/client-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { ensureTable } from '#ops/local/create-table.ts';
import { ARTICLES_TABLE } from '#shared/table-definition.ts';

const dynamodb = mockClient(DynamoDBClient);
const names = ARTICLES_TABLE.indexes.map((index) => index.indexName);

beforeEach(() => {
  dynamodb.reset();
  dynamodb.on(DescribeTimeToLiveCommand).resolves({ TimeToLiveDescription: { TimeToLiveStatus: 'ENABLED' } });
});

describe('ensureTable on an existing table', () => {
  it('adds each missing index, waiting for it to become active before the next', async () => {
    const present = names.slice(0, 2);
    let building: string | null = null;
    let polls = 0;
    dynamodb.on(DescribeTableCommand).callsFake(() => {
      // An index reports CREATING once, then ACTIVE.
      const statuses = present.map((name) => ({ IndexName: name, IndexStatus: name === building && polls++ === 0 ? 'CREATING' : 'ACTIVE' }));
      return { Table: { TableName: 't', GlobalSecondaryIndexes: statuses } };
    });
    dynamodb.on(UpdateTableCommand).callsFake((input) => {
      building = input.GlobalSecondaryIndexUpdates[0].Create.IndexName;
      polls = 0;
      present.push(building as string);
      return {};
    });
    await expect(ensureTable(new DynamoDBClient({ region: 'us-east-1' }), 't', ARTICLES_TABLE)).resolves.toBe('updated');
    const created = dynamodb.commandCalls(UpdateTableCommand).map((call) => call.args[0].input.GlobalSecondaryIndexUpdates?.[0]?.Create?.IndexName);
    expect(created).toEqual(names.slice(2));
    const first = dynamodb.commandCalls(UpdateTableCommand)[0]?.args[0].input;
    const definition = ARTICLES_TABLE.indexes[2];
    expect(first?.AttributeDefinitions).toEqual([
      { AttributeName: definition?.partitionKey, AttributeType: 'S' },
      { AttributeName: definition?.sortKey, AttributeType: 'S' },
    ]);
  });

  it('leaves a table with every index alone', async () => {
    dynamodb.on(DescribeTableCommand).resolves({ Table: { GlobalSecondaryIndexes: names.map((name) => ({ IndexName: name, IndexStatus: 'ACTIVE' })) } });
    await expect(ensureTable(new DynamoDBClient({ region: 'us-east-1' }), 't', ARTICLES_TABLE)).resolves.toBe('exists');
    expect(dynamodb.commandCalls(UpdateTableCommand)).toHaveLength(0);
  });
});
