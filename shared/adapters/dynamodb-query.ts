import { type AttributeValue, type DynamoDBClient, QueryCommand } from '@aws-sdk/client-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';

/**
 * Every item a Query matches, page after page, unmarshalled.
 *
 * @example await queryAllItems(dynamodb, { TableName, KeyConditionExpression: 'pk = :pk', ExpressionAttributeValues }) // → [{ pk: 'ARTICLE#…', … }, …]
 */
export async function queryAllItems(dynamodb: DynamoDBClient, input: ConstructorParameters<typeof QueryCommand>[0]): Promise<Record<string, unknown>[]> {
  const items: Record<string, unknown>[] = [];
  let start: Record<string, AttributeValue> | undefined;
  do {
    const page = await dynamodb.send(new QueryCommand({ ...input, ExclusiveStartKey: start }));
    items.push(...(page.Items ?? []).map((item) => unmarshall(item)));
    start = page.LastEvaluatedKey;
  } while (start);
  return items;
}
