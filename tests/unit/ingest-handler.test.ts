/**
 * The ingest handler with its real adapters over mocked SDK clients (aws-sdk-client-mock): how
 * messages map to a partial batch response, where a malformed message goes, what is counted.
 */
import { DynamoDBClient, GetItemCommand, PutItemCommand, QueryCommand } from '@aws-sdk/client-dynamodb';
import { GetObjectCommand, type GetObjectCommandOutput, HeadObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { SendMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { Logger } from '@aws-lambda-powertools/logger';
import { Metrics } from '@aws-lambda-powertools/metrics';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { createIngestHandler } from '../../functions/ingest/ingest-handler.ts';
import { SqsDeadLetterQueue } from '#shared/adapters/sqs-dead-letters.ts';
import { encodeS3EventKey } from '#shared/ingest/s3-event.ts';
import { loadEvent, sqsEventOf } from '../fixtures/events.ts';

const BUCKET = 'kabar-articles';
const ARTICLE =
  'Talks resume in Geneva\n\nGENEVA - Diplomats from Ukraine and Russia met on Tuesday in Geneva for a new round of talks on prisoner exchanges, officials said.';
const DLQ_URL = 'https://sqs.eu-west-1.amazonaws.com/123456789012/IngestDeadLetterQueue';

const s3 = mockClient(S3Client);
const dynamodb = mockClient(DynamoDBClient);
const sqs = mockClient(SQSClient);

/** An S3 put notification for `key`, as the queue delivers it; `size` null leaves the size out (as reprocessing's events do). */
function notificationFor(key: string, sequencer: string, size?: number | null): unknown {
  const event = loadEvent<{ Records: { s3: { object: { key: string; sequencer: string; versionId?: string; size?: number } } }[] }>('s3-put-encoded-key');
  const object = event.Records[0]!.s3.object;
  object.key = encodeS3EventKey(key);
  object.sequencer = sequencer;
  delete object.versionId;
  if (size === null) delete object.size;
  else if (size !== undefined) object.size = size;
  return event;
}

function uploaded(key: string, text: string): void {
  const bytes = Buffer.from(text);
  // The adapter reads the body with the SDK stream's transformToByteArray: that is all a fake body needs.
  const Body = { transformToByteArray: async () => new Uint8Array(bytes) } as unknown as GetObjectCommandOutput['Body'];
  s3.on(GetObjectCommand, { Key: key }).resolves({ Body, ContentLength: bytes.length, ContentType: 'text/plain', Metadata: {} });
}

function handlerWith(options: { deadLetters?: boolean; maxArticleBytes?: number } = {}) {
  const metrics = new Metrics({ namespace: 'KabarTest', serviceName: 'kabar-ingest' });
  const counted = vi.spyOn(metrics, 'addMetric');
  const dimensioned: { dimension: string; name: string }[] = [];
  vi.spyOn(metrics, 'singleMetric').mockImplementation(() => {
    let dimension = '';
    const single = {
      addDimension: (name: string, value: string) => {
        dimension = `${name}=${value}`;
        return single;
      },
      addMetric: (name: string) => {
        dimensioned.push({ dimension, name });
        return single;
      },
    };
    return single as unknown as Metrics;
  });
  vi.spyOn(metrics, 'publishStoredMetrics').mockImplementation(() => metrics);
  const handler = createIngestHandler({
    s3: new S3Client({ region: 'eu-west-1' }),
    dynamodb: new DynamoDBClient({ region: 'eu-west-1' }),
    tableName: 'articles',
    bucketName: BUCKET,
    maxArticleBytes: options.maxArticleBytes,
    logger: new Logger({ serviceName: 'kabar-ingest', logLevel: 'SILENT' }),
    metrics,
    deadLetters: options.deadLetters ? new SqsDeadLetterQueue(new SQSClient({ region: 'eu-west-1' }), DLQ_URL) : undefined,
  });
  const metricNames = () => counted.mock.calls.map(([name]) => name);
  return { handler, metricNames, dimensioned };
}

beforeEach(() => {
  s3.reset();
  dynamodb.reset();
  sqs.reset();
  // An empty table that accepts every write.
  dynamodb.on(GetItemCommand).resolves({});
  dynamodb.on(QueryCommand).resolves({ Items: [] });
  dynamodb.on(PutItemCommand).resolves({});
  sqs.on(SendMessageCommand).resolves({ MessageId: 'dead-1' });
});

describe('createIngestHandler', () => {
  it('reports only the message whose object S3 failed to serve, so only it returns to the queue', async () => {
    uploaded('incoming/a.txt', ARTICLE);
    s3.on(GetObjectCommand, { Key: 'incoming/b.txt' }).rejects(new Error('S3 is unavailable'));
    uploaded('incoming/c.txt', ARTICLE.replace('Tuesday', 'Wednesday'));
    const { handler } = handlerWith();

    const response = await handler(
      sqsEventOf(notificationFor('incoming/a.txt', '01'), notificationFor('incoming/b.txt', '02'), notificationFor('incoming/c.txt', '03')),
    );

    expect(response.batchItemFailures).toEqual([{ itemIdentifier: 'message-1' }]);
    expect(dynamodb.commandCalls(PutItemCommand)).toHaveLength(2);
  });

  it('reports a message whose record write fails, and stores the others', async () => {
    uploaded('incoming/a.txt', ARTICLE);
    uploaded('incoming/b.txt', ARTICLE.replace('Tuesday', 'Friday'));
    dynamodb.on(PutItemCommand).rejectsOnce(new Error('DynamoDB is throttling')).resolves({});
    const { handler } = handlerWith();

    const response = await handler(sqsEventOf(notificationFor('incoming/a.txt', '01'), notificationFor('incoming/b.txt', '02')));

    expect(response.batchItemFailures).toHaveLength(1);
    expect(dynamodb.commandCalls(PutItemCommand)).toHaveLength(2);
  });

  it('sends a malformed message straight to the dead-letter queue and acknowledges it', async () => {
    uploaded('incoming/a.txt', ARTICLE);
    const { handler, metricNames } = handlerWith({ deadLetters: true });

    const response = await handler(sqsEventOf('this is not an S3 notification', notificationFor('incoming/a.txt', '01')));

    expect(response.batchItemFailures).toEqual([]);
    const sent = sqs.commandCalls(SendMessageCommand).map((call) => call.args[0].input);
    expect(sent).toHaveLength(1);
    expect(sent[0]).toMatchObject({ QueueUrl: DLQ_URL, MessageBody: 'this is not an S3 notification' });
    expect(sent[0]?.MessageAttributes?.kabarFailure?.StringValue).toContain('not JSON');
    expect(metricNames()).toContain('MalformedMessages');
    expect(dynamodb.commandCalls(PutItemCommand)).toHaveLength(1);
  });

  it('lets a malformed message take the retries when no dead-letter queue is configured', async () => {
    const { handler } = handlerWith();
    const response = await handler(sqsEventOf({ Records: [{ eventName: 'ObjectCreated:Put' }] }));
    expect(response.batchItemFailures).toEqual([{ itemIdentifier: 'message-0' }]);
  });

  it('reports a malformed message for a retry when the dead-letter queue cannot take it', async () => {
    sqs.on(SendMessageCommand).rejects(new Error('SQS is unavailable'));
    const { handler } = handlerWith({ deadLetters: true });
    const response = await handler(sqsEventOf('not json'));
    expect(response.batchItemFailures).toEqual([{ itemIdentifier: 'message-0' }]);
  });

  it('counts processed and rejected articles, rejections by error code, and topics', async () => {
    uploaded('incoming/a.txt', ARTICLE);
    uploaded('incoming/empty.txt', '   \n');
    const { handler, metricNames, dimensioned } = handlerWith();

    await handler(sqsEventOf(notificationFor('incoming/a.txt', '01'), notificationFor('incoming/empty.txt', '02')));

    expect(metricNames().filter((name) => name === 'ArticlesProcessed')).toHaveLength(1);
    expect(metricNames().filter((name) => name === 'ProcessingLatency')).toHaveLength(2);
    expect(dimensioned).toContainEqual({ dimension: 'errorCode=EMPTY', name: 'ArticlesRejected' });
    expect(dimensioned.filter((metric) => metric.name === 'ArticlesByTopic').map((metric) => metric.dimension)).toContain('topic=diplomacy');
  });

  it('skips S3 test events without reading or writing anything', async () => {
    const { handler } = handlerWith();
    const response = await handler(sqsEventOf(loadEvent('s3-test-event')));
    expect(response.batchItemFailures).toEqual([]);
    expect(s3.calls()).toHaveLength(0);
    expect(dynamodb.calls()).toHaveLength(0);
  });
});

describe('reading the uploaded object', () => {
  /** A body that says whether it was read or closed unread. */
  function trackedUpload(key: string, text: string) {
    const bytes = Buffer.from(text);
    const body = { read: false, destroyed: false };
    const Body = {
      transformToByteArray: async () => {
        body.read = true;
        return new Uint8Array(bytes);
      },
      destroy: () => {
        body.destroyed = true;
      },
    } as unknown as GetObjectCommandOutput['Body'];
    s3.on(GetObjectCommand, { Key: key }).resolves({ Body, ContentLength: bytes.length, ContentType: 'text/plain', Metadata: { source: 'Antara' } });
    s3.on(HeadObjectCommand, { Key: key }).resolves({ ContentLength: bytes.length, ContentType: 'text/plain', Metadata: { source: 'Antara' } });
    return body;
  }

  it('reads an article with one GET and no HEAD', async () => {
    const body = trackedUpload('incoming/a.txt', ARTICLE);
    const { handler } = handlerWith();
    expect((await handler(sqsEventOf(notificationFor('incoming/a.txt', '01', ARTICLE.length)))).batchItemFailures).toEqual([]);
    expect(s3.commandCalls(GetObjectCommand)).toHaveLength(1);
    expect(s3.commandCalls(HeadObjectCommand)).toHaveLength(0);
    expect(body.read).toBe(true);
  });

  it('rejects an object the event says is over the limit from a HEAD alone, keeping its metadata', async () => {
    const big = ARTICLE.repeat(20);
    const body = trackedUpload('incoming/big.txt', big);
    const { handler } = handlerWith({ maxArticleBytes: 1000 });
    await handler(sqsEventOf(notificationFor('incoming/big.txt', '01', big.length)));
    expect(s3.commandCalls(HeadObjectCommand)).toHaveLength(1);
    expect(s3.commandCalls(GetObjectCommand)).toHaveLength(0);
    expect(body.read).toBe(false);
    const item = dynamodb.commandCalls(PutItemCommand).at(-1)?.args[0].input.Item;
    expect(item?.errorCode).toEqual({ S: 'TOO_LARGE' });
    expect(item?.size).toEqual({ N: String(big.length) });
  });

  it('rejects an object of unknown size over the limit from the GET’s headers, closing its body unread', async () => {
    const big = ARTICLE.repeat(20);
    const body = trackedUpload('incoming/big.txt', big);
    const { handler } = handlerWith({ maxArticleBytes: 1000 });
    await handler(sqsEventOf(notificationFor('incoming/big.txt', '01', null)));
    expect(s3.commandCalls(GetObjectCommand)).toHaveLength(1);
    expect(s3.commandCalls(HeadObjectCommand)).toHaveLength(0);
    expect(body).toEqual({ read: false, destroyed: true });
    expect(dynamodb.commandCalls(PutItemCommand).at(-1)?.args[0].input.Item?.errorCode).toEqual({ S: 'TOO_LARGE' });
  });
});
