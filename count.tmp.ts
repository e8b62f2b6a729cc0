import { DynamoDBClient, ScanCommand } from '@aws-sdk/client-dynamodb';
const d = new DynamoDBClient({ endpoint: 'http://localhost:38000', region: 'us-east-1', credentials: { accessKeyId: 'x', secretAccessKey: 'x' } });
let n = 0; let k: any;
do { const r = await d.send(new ScanCommand({ TableName: 'kabar-articles', Select: 'COUNT', FilterExpression: 'sk = :a', ExpressionAttributeValues: { ':a': { S: '#ARTICLE' } }, ExclusiveStartKey: k })); n += r.Count ?? 0; k = r.LastEvaluatedKey; } while (k);
console.log(new Date().toISOString(), n);
