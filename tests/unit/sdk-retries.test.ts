/**
 * The ingest function's DynamoDB client as deployed (env AWS_RETRY_MODE / AWS_MAX_ATTEMPTS, set by the
 * stack from infra/settings.ts) against a table answering throttles at the HTTP level, as DynamoDB does
 * when provisioned capacity is exceeded: a short throttle is absorbed by the SDK's retries without failing
 * the message; a lasting one fails the message back to the queue after exactly the configured attempts.
 * The SDK's backoff sleeps run on fake timers, so nothing here waits for real.
 */
import { Readable } from 'node:stream';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { GetObjectCommand, type GetObjectCommandOutput, S3Client } from '@aws-sdk/client-s3';
import { Logger } from '@aws-lambda-powertools/logger';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createIngestHandler } from '../../functions/ingest/ingest-handler.ts';
import { STAGE_SETTINGS } from '../../infra/settings.ts';
import { encodeS3EventKey } from '#shared/ingest/s3-event.ts';
import { loadEvent, sqsEventOf } from '../fixtures/events.ts';

const s3 = mockClient(S3Client);
const ARTICLE = 'Talks resume in Geneva\n\nGENEVA - Diplomats from Ukraine and Russia met on Tuesday in Geneva for a new round of talks, officials said.';

/** A DynamoDB endpoint in-process: every PutItem is throttled while `throttledPuts` lasts; reads find nothing. */
function throttlingEndpoint(throttledPuts: number) {
  const calls: string[] = [];
  let remaining = throttledPuts;
  const requestHandler = {
    handle: async (request: { headers: Record<string, string> }) => {
      const operation = String(request.headers['x-amz-target'] ?? '').split('.')[1] ?? '';
      calls.push(operation);
      const json = (statusCode: number, body: unknown) => ({
        // The shape of the SDK's HttpResponse (a plain object passes its structural check).
        response: { statusCode, headers: { 'content-type': 'application/x-amz-json-1.0' }, body: Readable.from([Buffer.from(JSON.stringify(body))]) },
      });
      if (operation === 'PutItem' && remaining-- > 0) {
        return json(400, {
          __type: 'com.amazonaws.dynamodb.v20120810#ProvisionedThroughputExceededException',
          message: 'The level of configured provisioned throughput for the table was exceeded.',
        });
      }
      return json(200, operation === 'Query' ? { Count: 0, Items: [] } : {});
    },
    updateHttpClientConfig: () => {},
    httpHandlerConfigs: () => ({}),
  };
  return { requestHandler, puts: () => calls.filter((operation) => operation === 'PutItem').length };
}

/** The client as the deployed function builds it: `new DynamoDBClient({})` under the stack's environment. */
function deployedClient(requestHandler: ReturnType<typeof throttlingEndpoint>['requestHandler']): DynamoDBClient {
  vi.stubEnv('AWS_RETRY_MODE', 'adaptive');
  vi.stubEnv('AWS_MAX_ATTEMPTS', String(STAGE_SETTINGS.ingest.sdkMaxAttempts));
  return new DynamoDBClient({
    region: 'eu-west-1',
    endpoint: 'http://dynamodb.invalid',
    credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
    requestHandler,
  });
}

function notificationFor(key: string, sequencer: string): unknown {
  const event = loadEvent<{ Records: { s3: { object: { key: string; sequencer: string; versionId?: string } } }[] }>('s3-put-encoded-key');
  const object = event.Records[0]!.s3.object;
  object.key = encodeS3EventKey(key);
  object.sequencer = sequencer;
  delete object.versionId;
  return event;
}

/** Runs the handler to completion, moving the fake clock on so the SDK's backoff sleeps end at once. */
async function settle<T>(promise: Promise<T>): Promise<T> {
  let done = false;
  const result = promise.finally(() => {
    done = true;
  });
  while (!done) await vi.advanceTimersByTimeAsync(250);
  return result;
}

beforeEach(() => {
  vi.useFakeTimers();
  s3.reset();
  const bytes = Buffer.from(ARTICLE);
  const Body = { transformToByteArray: async () => new Uint8Array(bytes) } as unknown as GetObjectCommandOutput['Body'];
  s3.on(GetObjectCommand, { Key: 'incoming/a.txt' }).resolves({ Body, ContentLength: bytes.length, ContentType: 'text/plain', Metadata: {} });
});

afterEach(() => {
  vi.useRealTimers();
  vi.unstubAllEnvs();
});

const handlerOver = (dynamodb: DynamoDBClient) =>
  createIngestHandler({
    s3: new S3Client({ region: 'eu-west-1' }),
    dynamodb,
    tableName: 'articles',
    bucketName: 'kabar-articles',
    templates: false,
    logger: new Logger({ serviceName: 'kabar-ingest', logLevel: 'SILENT' }),
  });

describe('the deployed retry settings with a throttling table', () => {
  it('reads its retry mode and attempts from the environment the stack sets', async () => {
    const client = deployedClient(throttlingEndpoint(0).requestHandler);
    expect(await client.config.maxAttempts()).toBe(STAGE_SETTINGS.ingest.sdkMaxAttempts);
    const { retryMode } = client.config;
    expect(typeof retryMode === 'function' ? await retryMode() : retryMode).toBe('adaptive');
  });

  it('absorbs a short throttle in the SDK: the write succeeds on a retry and the message is not failed', async () => {
    const endpoint = throttlingEndpoint(2);
    const response = await settle(handlerOver(deployedClient(endpoint.requestHandler))(sqsEventOf(notificationFor('incoming/a.txt', '01'))));
    expect(response.batchItemFailures).toEqual([]);
    expect(endpoint.puts()).toBe(3);
  });

  it(`fails the message back to the queue after ${STAGE_SETTINGS.ingest.sdkMaxAttempts} throttled attempts, never crashing the batch`, async () => {
    const endpoint = throttlingEndpoint(Number.POSITIVE_INFINITY);
    const response = await settle(handlerOver(deployedClient(endpoint.requestHandler))(sqsEventOf(notificationFor('incoming/a.txt', '01'))));
    expect(response.batchItemFailures).toEqual([{ itemIdentifier: 'message-0' }]);
    expect(endpoint.puts()).toBe(STAGE_SETTINGS.ingest.sdkMaxAttempts);
  });
});
