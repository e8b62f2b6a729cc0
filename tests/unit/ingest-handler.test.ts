/**
 * The ingest handler with its real adapters over mocked SDK clients (aws-sdk-client-mock): how
 * messages map to a partial batch response, where a malformed message goes, what is counted.
 */
import {
  type AttributeValue,
  ConditionalCheckFailedException,
  DynamoDBClient,
  GetItemCommand,
  ProvisionedThroughputExceededException,
  PutItemCommand,
  QueryCommand,
  ThrottlingException,
} from '@aws-sdk/client-dynamodb';
import { GetObjectCommand, type GetObjectCommandOutput, HeadObjectCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { SendMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { Logger } from '@aws-lambda-powertools/logger';
import { Metrics } from '@aws-lambda-powertools/metrics';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createIngestHandler, type IngestHandlerDeps } from '../../functions/ingest/ingest-handler.ts';
import { SqsDeadLetterQueue } from '#shared/adapters/sqs-dead-letters.ts';
import { encodeS3EventKey } from '#shared/ingest/s3-event.ts';
import { normalizeSequencer } from '#shared/ingest/sequencer.ts';
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

function handlerWith(options: { deadLetters?: boolean; maxArticleBytes?: number; templates?: IngestHandlerDeps['templates'] } = {}) {
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
    templates: options.templates,
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

/**
 * A table that keeps what is put, honours the two guards the store writes with (no item yet; the
 * sequencer and pipeline read before), and throttles the puts of the objects in `throttled`, with
 * the exception DynamoDB sends when provisioned capacity is exceeded: what the handler sees once
 * the SDK's own retries are spent.
 */
function throttlingTable() {
  const items = new Map<string, Record<string, AttributeValue>>();
  const throttled = new Set<string>();
  const keyOf = (key: Record<string, AttributeValue> | undefined) => `${key?.pk?.S}|${key?.sk?.S}`;
  dynamodb.on(GetItemCommand).callsFake((input: { Key: Record<string, AttributeValue> }) => ({ Item: items.get(keyOf(input.Key)) }));
  dynamodb
    .on(PutItemCommand)
    .callsFake((input: { Item: Record<string, AttributeValue>; ConditionExpression?: string; ExpressionAttributeValues?: Record<string, AttributeValue> }) => {
      const objectKey = input.Item.objectKey?.S ?? '';
      if (throttled.has(objectKey)) {
        throw objectKey.endsWith('.md')
          ? new ThrottlingException({ message: 'Rate of requests exceeds the allowed throughput.', $metadata: {} })
          : new ProvisionedThroughputExceededException({
              message: 'The level of configured provisioned throughput for the table was exceeded.',
              $metadata: {},
            });
      }
      const current = items.get(keyOf(input.Item));
      const values = input.ExpressionAttributeValues ?? {};
      const guardHolds =
        input.ConditionExpression === undefined ||
        (input.ConditionExpression === 'attribute_not_exists(pk)'
          ? current === undefined
          : current?.sequencer?.S === values[':sequencer']?.S && current?.pipelineVersion?.S === values[':pipelineVersion']?.S);
      if (!guardHolds) throw new ConditionalCheckFailedException({ message: 'The conditional request failed', $metadata: {} });
      items.set(keyOf(input.Item), input.Item);
      return {};
    });
  const articles = () => [...items.values()].filter((item) => item.sk?.S === '#ARTICLE');
  const articleOf = (objectKey: string) => articles().find((item) => item.objectKey?.S === objectKey);
  return { throttled, articles, articleOf };
}

describe('a provisioned table at its capacity (throttled writes)', () => {
  it('fails only the throttled message back to the queue; redelivered, it is stored once and nothing is lost', async () => {
    uploaded('incoming/a.txt', ARTICLE);
    uploaded('incoming/b.md', ARTICLE.replace('Tuesday', 'Friday'));
    uploaded('incoming/c.txt', ARTICLE.replace('Tuesday', 'Sunday'));
    const table = throttlingTable();
    table.throttled.add('incoming/a.txt').add('incoming/b.md');
    const { handler } = handlerWith();
    const messages = [notificationFor('incoming/a.txt', '01'), notificationFor('incoming/b.md', '02'), notificationFor('incoming/c.txt', '03')];

    const first = await handler(sqsEventOf(...messages));

    // Both kinds of throttling are ordinary record failures: the batch completes, c is stored.
    expect(first.batchItemFailures).toEqual([{ itemIdentifier: 'message-0' }, { itemIdentifier: 'message-1' }]);
    expect(table.articles().map((item) => item.objectKey?.S)).toEqual(['incoming/c.txt']);

    // The table scaled up: SQS delivers the two failed messages again.
    table.throttled.clear();
    const redelivered = await handler(sqsEventOf(messages[0], messages[1]));

    expect(redelivered.batchItemFailures).toEqual([]);
    expect(
      table
        .articles()
        .map((item) => item.objectKey?.S)
        .sort(),
    ).toEqual(['incoming/a.txt', 'incoming/b.md', 'incoming/c.txt']);
    // A redelivery of a message already stored changes nothing.
    const puts = dynamodb.commandCalls(PutItemCommand).length;
    expect((await handler(sqsEventOf(messages[2]))).batchItemFailures).toEqual([]);
    expect(dynamodb.commandCalls(PutItemCommand)).toHaveLength(puts);
  });

  it('keeps sequencer order: a throttled old version redelivered after a newer one was stored does not replace it', async () => {
    uploaded('incoming/a.txt', ARTICLE);
    const table = throttlingTable();
    const { handler } = handlerWith();
    const older = notificationFor('incoming/a.txt', '0100');
    const newer = notificationFor('incoming/a.txt', '0200');

    table.throttled.add('incoming/a.txt');
    expect((await handler(sqsEventOf(older))).batchItemFailures).toEqual([{ itemIdentifier: 'message-0' }]);
    expect(table.articleOf('incoming/a.txt')).toBeUndefined();

    // The newer version's message arrives while the older one waits out its visibility timeout.
    table.throttled.clear();
    uploaded('incoming/a.txt', ARTICLE.replace('Tuesday', 'Thursday'));
    expect((await handler(sqsEventOf(newer))).batchItemFailures).toEqual([]);
    const stored = table.articleOf('incoming/a.txt');
    expect(stored?.sequencer?.S).toBe(normalizeSequencer('0200'));

    // The older message comes back: acknowledged (not failed again), and the newer version stays.
    expect((await handler(sqsEventOf(older))).batchItemFailures).toEqual([]);
    expect(table.articleOf('incoming/a.txt')).toEqual(stored);
    expect(table.articles()).toHaveLength(1);
  });
});

describe('template observations', () => {
  afterEach(() => {
    vi.useRealTimers();
  });
  const observationPuts = () => s3.commandCalls(PutObjectCommand).filter((call) => String(call.args[0].input.Key).startsWith('templates/observations/'));

  it('are written at the end of every batch by default, one object per publisher', async () => {
    uploaded('incoming/contoh/a.txt', ARTICLE);
    uploaded('incoming/contoh/b.txt', ARTICLE.replace('Tuesday', 'Friday'));
    const { handler } = handlerWith();
    await handler(sqsEventOf(notificationFor('incoming/contoh/a.txt', '01'), notificationFor('incoming/contoh/b.txt', '02')));
    expect(observationPuts()).toHaveLength(1);
    await handler(sqsEventOf(notificationFor('incoming/contoh/a.txt', '03')));
    expect(observationPuts()).toHaveLength(2);
  });

  it('are held across a busy container’s batches with a buffering policy, and written when batches come rarely', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    const keys = ['a', 'b', 'c', 'd'].map((name) => `incoming/contoh/${name}.txt`);
    for (const [i, key] of keys.entries()) uploaded(key, ARTICLE.replace('Tuesday', ['Monday', 'Friday', 'Sunday', 'Thursday'][i] ?? ''));
    const { handler } = handlerWith({ templates: { cacheSeconds: 300, observationFlush: { maxObservations: 100, maxAgeMs: 30 * 60_000, idleGapMs: 60_000 } } });

    await handler(sqsEventOf(notificationFor(keys[0]!, '01')));
    expect(observationPuts()).toHaveLength(1); // a container's first batch
    vi.advanceTimersByTime(5_000);
    await handler(sqsEventOf(notificationFor(keys[1]!, '02')));
    vi.advanceTimersByTime(5_000);
    await handler(sqsEventOf(notificationFor(keys[2]!, '03')));
    expect(observationPuts()).toHaveLength(1);
    vi.advanceTimersByTime(61_000);
    await handler(sqsEventOf(notificationFor(keys[3]!, '04')));
    const puts = observationPuts();
    expect(puts).toHaveLength(2);
    // The held observations and the new one, in one object.
    expect(JSON.parse(String(puts[1]?.args[0].input.Body)).map((o: { id: string }) => o.id)).toHaveLength(3);
  });
});
