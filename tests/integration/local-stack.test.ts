import { createHash, randomBytes } from 'node:crypto';
import { request } from 'node:http';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { text } from 'node:stream/consumers';
import { DescribeTableCommand, DescribeTimeToLiveCommand, type DynamoDBClient, PutItemCommand } from '@aws-sdk/client-dynamodb';
import {
  CompleteMultipartUploadCommand,
  CreateMultipartUploadCommand,
  DeleteObjectCommand,
  DeleteObjectsCommand,
  GetObjectCommand,
  HeadObjectCommand,
  PutObjectCommand,
  S3Client,
  UploadPartCommand,
} from '@aws-sdk/client-s3';
import { marshall } from '@aws-sdk/util-dynamodb';
import type { S3EventRecord, SQSBatchResponse, SQSEvent } from 'aws-lambda';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { articleKey } from '#shared/adapters/table-keys.ts';
import { articleIdOf } from '#shared/ingest/article-id.ts';
import { decodeS3EventKey } from '#shared/ingest/s3-event.ts';
import { AwsChunkedDecoder } from '#ops/local/aws-chunked.ts';
import { ensureTable } from '#ops/local/create-table.ts';
import { listDeadLetters, LocalQueue, type LocalQueueOptions, redriveDeadLetters } from '#ops/local/local-queue.ts';
import { connectIngestion, type Ingestion } from '#ops/local/local-stack.ts';
import { encodeS3EventKey } from '#shared/ingest/s3-event.ts';
import { ensureBucket, LOCAL_S3_CREDENTIALS, type S3Endpoint, startS3Endpoint } from '#ops/local/s3-endpoint.ts';
import { ARTICLES_TABLE, SUMMARY_ATTRIBUTES } from '#shared/table-definition.ts';
import { uniqueName } from './helpers/emulators.ts';
import { type ConnectedEmulators, useEmulators } from './helpers/use-emulators.ts';

const temporaryDirs: string[] = [];
async function temporaryDir(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'kabar-local-stack-'));
  temporaryDirs.push(dir);
  return dir;
}
afterAll(async () => {
  await Promise.all(temporaryDirs.map((d) => rm(d, { recursive: true, force: true })));
});

/** Polls until `check` returns a value, failing with `what` after the timeout. */
async function eventually<T>(what: string, check: () => T | undefined | Promise<T | undefined>, timeoutMs = 10_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

async function readObject(s3: S3Client, bucket: string, key: string): Promise<Buffer> {
  const { Body } = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
  return Buffer.from(await Body!.transformToByteArray());
}

/** Bytes that include what aws-chunked framing looks like, so leaked framing cannot go unnoticed. */
function trickyBytes(size: number): Buffer {
  const bytes = randomBytes(size);
  Buffer.from('97a\r\n0;chunk-signature=ab\r\n\r\n').copy(bytes, 0);
  return bytes;
}

describe('local S3 endpoint', () => {
  let server: S3Endpoint;
  let s3: S3Client;
  const bucket = 'kabar-test-objects';
  const events: S3EventRecord[] = [];
  const chunkedRequests: { url: string; contentEncoding: unknown; contentSha256: unknown }[] = [];

  beforeAll(async () => {
    server = await startS3Endpoint({ port: 0, directory: join(await temporaryDir(), 's3') });
    server.onObjectEvent((record) => events.push(record));
    server.onAwsChunkedRequest((info) =>
      chunkedRequests.push({ url: info.url, contentEncoding: info.headers['content-encoding'], contentSha256: info.headers['x-amz-content-sha256'] }),
    );
    s3 = new S3Client({ endpoint: server.url, region: 'us-east-1', forcePathStyle: true, credentials: LOCAL_S3_CREDENTIALS });
    await ensureBucket(s3, bucket);
  });
  afterAll(async () => {
    s3?.destroy();
    await server?.close();
  });
  const eventsFor = (key: string) => events.filter((e) => decodeS3EventKey(e.s3.object.key) === key);

  it('stores the exact bytes of a plain PutObject', async () => {
    const body = trickyBytes(70_000);
    await s3.send(new PutObjectCommand({ Bucket: bucket, Key: 'plain.bin', Body: body }));
    expect((await readObject(s3, bucket, 'plain.bin')).equals(body)).toBe(true);
  });

  it('decodes a streamed PutObject, which the SDK sends aws-chunked, to the exact bytes', async () => {
    const body = trickyBytes(300_000);
    const key = 'incoming/streamed.bin';
    await s3.send(
      new PutObjectCommand({ Bucket: bucket, Key: key, Body: Readable.from([body.subarray(0, 1000), body.subarray(1000)]), ContentLength: body.length }),
    );
    const sent = chunkedRequests.find((r) => r.url.includes('streamed.bin'));
    expect(sent?.contentEncoding).toContain('aws-chunked');
    expect(String(sent?.contentSha256)).toMatch(/^STREAMING-/);
    expect((await readObject(s3, bucket, key)).equals(body)).toBe(true);
    const head = await s3.send(new HeadObjectCommand({ Bucket: bucket, Key: key }));
    expect(head.ContentLength).toBe(body.length);
    expect(head.ContentEncoding ?? '').not.toContain('aws-chunked');
    expect(eventsFor(key).map((e) => [e.eventName, e.s3.object.size])).toEqual([['ObjectCreated:Put', body.length]]);
  });

  it('assembles a multipart upload to the exact bytes and notifies ObjectCreated:CompleteMultipartUpload', async () => {
    const key = 'incoming/multipart.bin';
    const first = trickyBytes(5 * 1024 * 1024 + 17);
    const second = trickyBytes(123_457);
    const { UploadId } = await s3.send(new CreateMultipartUploadCommand({ Bucket: bucket, Key: key }));
    const part1 = await s3.send(new UploadPartCommand({ Bucket: bucket, Key: key, UploadId, PartNumber: 1, Body: first }));
    // A streamed part goes aws-chunked, like a streamed PutObject.
    const part2 = await s3.send(
      new UploadPartCommand({ Bucket: bucket, Key: key, UploadId, PartNumber: 2, Body: Readable.from([second]), ContentLength: second.length }),
    );
    expect(chunkedRequests.some((r) => r.url.includes('multipart.bin') && r.url.includes('partNumber=2'))).toBe(true);
    await s3.send(
      new CompleteMultipartUploadCommand({
        Bucket: bucket,
        Key: key,
        UploadId,
        MultipartUpload: {
          Parts: [
            { PartNumber: 1, ETag: part1.ETag },
            { PartNumber: 2, ETag: part2.ETag },
          ],
        },
      }),
    );
    expect((await readObject(s3, bucket, key)).equals(Buffer.concat([first, second]))).toBe(true);
    expect(eventsFor(key).map((e) => [e.eventName, e.s3.object.size])).toEqual([['ObjectCreated:CompleteMultipartUpload', first.length + second.length]]);
  });

  it('writes keys into events URL-encoded as S3 does (space as +, / kept)', async () => {
    const key = 'incoming/red flower+1 (copy) é 日本.txt';
    await s3.send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: 'x' }));
    const [event] = eventsFor(key);
    expect(event?.s3.object.key).toBe('incoming/red+flower%2B1+%28copy%29+%C3%A9+%E6%97%A5%E6%9C%AC.txt');
    expect(encodeS3EventKey('a/b c+d')).toBe('a/b+c%2Bd');
  });

  it('shapes records like AWS: eventVersion 2.1, bucket ARN, no versionId, increasing sequencers', async () => {
    await s3.send(new PutObjectCommand({ Bucket: bucket, Key: 'incoming/seq.txt', Body: 'one' }));
    await s3.send(new PutObjectCommand({ Bucket: bucket, Key: 'incoming/seq.txt', Body: 'two' }));
    const [a, b] = eventsFor('incoming/seq.txt');
    expect(a).toMatchObject({ eventVersion: '2.1', eventSource: 'aws:s3', s3: { bucket: { name: bucket, arn: `arn:aws:s3:::${bucket}` } } });
    expect(a?.s3.object).not.toHaveProperty('versionId');
    expect(a?.s3.object.eTag).toMatch(/^[0-9a-f]{32}$/);
    expect(a!.s3.object.sequencer < b!.s3.object.sequencer).toBe(true);
  });

  it('notifies ObjectRemoved:Delete for DeleteObject and for each key of DeleteObjects', async () => {
    for (const key of ['incoming/d1.txt', 'incoming/d2.txt', 'incoming/d3.txt']) {
      await s3.send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: key }));
    }
    await s3.send(new DeleteObjectCommand({ Bucket: bucket, Key: 'incoming/d1.txt' }));
    await s3.send(new DeleteObjectsCommand({ Bucket: bucket, Delete: { Objects: [{ Key: 'incoming/d2.txt' }, { Key: 'incoming/d3.txt' }] } }));
    for (const key of ['incoming/d1.txt', 'incoming/d2.txt', 'incoming/d3.txt']) {
      expect(eventsFor(key).map((e) => e.eventName)).toEqual(['ObjectCreated:Put', 'ObjectRemoved:Delete']);
    }
  });

  it('rejects an aws-chunked body whose CRC32 trailer does not match, without notifying', async () => {
    const payload = 'hello';
    const body = `5\r\n${payload}\r\n0\r\nx-amz-checksum-crc32:AAAAAA==\r\n\r\n`;
    const response = await new Promise<{ status: number; body: string }>((resolve, reject) => {
      const req = request(
        `${server.url}/${bucket}/incoming/corrupt.txt`,
        {
          method: 'PUT',
          headers: {
            authorization: 'AWS4-HMAC-SHA256 Credential=S3RVER/20250101/us-east-1/s3/aws4_request, SignedHeaders=host, Signature=00',
            'x-amz-date': '20250101T000000Z',
            'x-amz-content-sha256': 'STREAMING-UNSIGNED-PAYLOAD-TRAILER',
            'content-encoding': 'aws-chunked',
            'x-amz-decoded-content-length': String(payload.length),
            'x-amz-trailer': 'x-amz-checksum-crc32',
            'content-length': String(Buffer.byteLength(body)),
          },
        },
        (res) => {
          text(res).then((body) => resolve({ status: res.statusCode ?? 0, body }), reject);
        },
      );
      req.on('error', reject);
      req.end(body);
    });
    expect(response.status).toBe(400);
    expect(response.body).toContain('<Code>BadDigest</Code>');
    expect(eventsFor('incoming/corrupt.txt')).toEqual([]);
  });
});

describe('AwsChunkedDecoder', () => {
  const decode = async (framed: string, headers: Record<string, string> = {}, pieceSize = 1): Promise<string> => {
    const bytes = Buffer.from(framed, 'latin1');
    const pieces: Buffer[] = [];
    for (let i = 0; i < bytes.length; i += pieceSize) pieces.push(bytes.subarray(i, i + pieceSize));
    return text(Readable.from(pieces).pipe(new AwsChunkedDecoder(headers)));
  };

  it('decodes signed framing fed one byte at a time', async () => {
    const framed = '4;chunk-signature=aa\r\nabcd\r\n3;chunk-signature=bb\r\nefg\r\n0;chunk-signature=cc\r\n\r\n';
    await expect(decode(framed, { 'x-amz-decoded-content-length': '7' })).resolves.toBe('abcdefg');
  });

  it('decodes unsigned framing with a checksum trailer', async () => {
    // CRC32("hello") = 0x3610A686
    const framed = `5\r\nhello\r\n0\r\nx-amz-checksum-crc32:${Buffer.from('3610a686', 'hex').toString('base64')}\r\n\r\n`;
    await expect(decode(framed, { 'x-amz-trailer': 'x-amz-checksum-crc32' }, 3)).resolves.toBe('hello');
  });

  it('fails when the decoded length differs from x-amz-decoded-content-length', async () => {
    await expect(decode('3\r\nabc\r\n0\r\n\r\n', { 'x-amz-decoded-content-length': '4' })).rejects.toThrow(/decoded to 3 bytes/);
  });

  it('fails on a body cut off inside a chunk', async () => {
    await expect(decode('a\r\nabc')).rejects.toThrow(/ended early/);
  });
});

describe('ensureTable', () => {
  let emulators: ConnectedEmulators;
  beforeAll(async () => {
    emulators = await useEmulators();
  });
  afterAll(() => emulators?.release());

  it('creates the table from the shared definition: indexes, projections, stream, TTL; then leaves it alone', async () => {
    const tableName = uniqueName('articles');
    await expect(ensureTable(emulators.dynamodb, tableName, ARTICLES_TABLE)).resolves.toBe('created');
    const { Table } = await emulators.dynamodb.send(new DescribeTableCommand({ TableName: tableName }));
    expect(Table?.KeySchema).toEqual([
      { AttributeName: 'pk', KeyType: 'HASH' },
      { AttributeName: 'sk', KeyType: 'RANGE' },
    ]);
    expect(Table?.BillingModeSummary?.BillingMode).toBe('PAY_PER_REQUEST');
    expect(Table?.StreamSpecification).toEqual({ StreamEnabled: true, StreamViewType: 'NEW_AND_OLD_IMAGES' });
    const indexes = Object.fromEntries((Table?.GlobalSecondaryIndexes ?? []).map((i) => [i.IndexName, i]));
    expect(Object.keys(indexes).sort()).toEqual(ARTICLES_TABLE.indexes.map((i) => i.indexName).sort());
    expect(indexes.byTopic2?.KeySchema).toEqual([
      { AttributeName: 'topicPk2', KeyType: 'HASH' },
      { AttributeName: 'publishedSk', KeyType: 'RANGE' },
    ]);
    expect(indexes.byTopic2?.Projection?.ProjectionType).toBe('INCLUDE');
    expect([...(indexes.byTopic2?.Projection?.NonKeyAttributes ?? [])].sort()).toEqual([...SUMMARY_ATTRIBUTES].sort());
    expect(indexes.byBand1?.Projection?.NonKeyAttributes).toEqual(['minhash', 'contentHash']);
    const ttl = await emulators.dynamodb.send(new DescribeTimeToLiveCommand({ TableName: tableName }));
    expect(ttl.TimeToLiveDescription).toMatchObject({ TimeToLiveStatus: 'ENABLED', AttributeName: 'expiresAt' });
    await expect(ensureTable(emulators.dynamodb, tableName, ARTICLES_TABLE)).resolves.toBe('exists');
  });
});

describe('LocalQueue', () => {
  const queues: LocalQueue[] = [];
  afterEach(async () => {
    await Promise.all(queues.splice(0).map((q) => q.stop()));
  });

  /** A queue with fast timings; the handler sees every event it is given. */
  async function fastQueue(handler: LocalQueueOptions['handler'], options: Partial<LocalQueueOptions> = {}): Promise<LocalQueue> {
    const queue = new LocalQueue({
      dataDir: options.dataDir ?? (await temporaryDir()),
      handler,
      batchWindowMs: 30,
      retryDelayMs: 20,
      pollIntervalMs: 20,
      visibilityTimeoutMs: 5000,
      ...options,
    });
    queues.push(queue);
    return queue;
  }

  it('delivers SQS-shaped records in batches of at most 10', async () => {
    const batches: SQSEvent[] = [];
    const queue = await fastQueue(async (event) => {
      batches.push(event);
      return { batchItemFailures: [] };
    });
    for (let i = 0; i < 12; i++) await queue.send(`{"n":${i}}`);
    queue.start();
    await queue.waitUntilEmpty();
    expect(batches.map((b) => b.Records.length)).toEqual([10, 2]);
    const first = batches[0]!.Records[0]!;
    expect(first).toMatchObject({ body: '{"n":0}', eventSource: 'aws:sqs', awsRegion: 'us-east-1', attributes: { ApproximateReceiveCount: '1' } });
    expect(first.messageId).toMatch(/^[0-9a-f-]{36}$/);
    expect(first.md5OfBody).toBe(createHash('md5').update('{"n":0}').digest('hex'));
    expect(first.eventSourceARN).toMatch(/^arn:aws:sqs:us-east-1:\d{12}:/);
  });

  it('retries only the items the handler reports in batchItemFailures', async () => {
    const deliveries: string[][] = [];
    const queue = await fastQueue(async (event): Promise<SQSBatchResponse> => {
      deliveries.push(event.Records.map((r) => `${r.body}#${r.attributes.ApproximateReceiveCount}`));
      const failing = deliveries.length === 1 ? event.Records.filter((r) => r.body === 'b') : [];
      return { batchItemFailures: failing.map((r) => ({ itemIdentifier: r.messageId })) };
    });
    for (const body of ['a', 'b', 'c']) await queue.send(body);
    queue.start();
    await queue.waitUntilEmpty();
    expect(deliveries).toEqual([['a#1', 'b#1', 'c#1'], ['b#2']]);
  });

  it('retries the whole batch when the handler throws or names an unknown message', async () => {
    const deliveries: string[][] = [];
    const queue = await fastQueue(async (event) => {
      deliveries.push(event.Records.map((r) => r.body));
      if (deliveries.length === 1) throw new Error('DynamoDB throttled');
      if (deliveries.length === 2) return { batchItemFailures: [{ itemIdentifier: 'not-in-this-batch' }] };
      return { batchItemFailures: [] };
    });
    for (const body of ['a', 'b']) await queue.send(body);
    queue.start();
    await queue.waitUntilEmpty();
    expect(deliveries).toEqual([
      ['a', 'b'],
      ['a', 'b'],
      ['a', 'b'],
    ]);
  });

  it('moves a message that fails maxReceiveCount times to the dead letters, and redrive delivers it again', async () => {
    const dataDir = await temporaryDir();
    let healthy = false;
    const seen: string[] = [];
    const queue = await fastQueue(
      async (event) => {
        seen.push(...event.Records.map((r) => `${r.body}#${r.attributes.ApproximateReceiveCount}`));
        if (!healthy) throw new Error('bucket unreachable');
      },
      { dataDir, maxReceiveCount: 3 },
    );
    const messageId = await queue.send('poison');
    queue.start();
    await queue.waitUntilEmpty();
    expect(seen).toEqual(['poison#1', 'poison#2', 'poison#3']);
    const [letter, ...others] = await listDeadLetters(dataDir);
    expect(others).toEqual([]);
    expect(letter).toMatchObject({ messageId, body: 'poison', receiveCount: 3, lastError: 'handler threw: bucket unreachable' });

    healthy = true;
    await expect(redriveDeadLetters(dataDir)).resolves.toEqual([messageId]);
    await eventually('the redriven message', () => (seen.length === 4 ? true : undefined));
    await queue.waitUntilEmpty();
    expect(seen[3]).toBe('poison#1');
    expect(await listDeadLetters(dataDir)).toEqual([]);
  });

  it('redrives only the dead letters asked for', async () => {
    const dataDir = await temporaryDir();
    const queue = await fastQueue(
      async () => {
        throw new Error('down');
      },
      { dataDir, maxReceiveCount: 1 },
    );
    const first = await queue.send('one');
    const second = await queue.send('two');
    queue.start();
    await queue.waitUntilEmpty();
    await queue.stop();
    expect((await listDeadLetters(dataDir)).map((l) => l.messageId).sort()).toEqual([first, second].sort());
    await expect(redriveDeadLetters(dataDir, [second, 'unknown'])).resolves.toEqual([second]);
    expect((await listDeadLetters(dataDir)).map((l) => l.messageId)).toEqual([first]);
    expect(await readdir(join(dataDir, 'queue', 'messages'))).toEqual([`${second}.json`]);
  });

  it('delivers again at once, on restart, a message in flight when the worker died, without counting the cut-short receive', async () => {
    const dataDir = await temporaryDir();
    let releaseStuckHandler: () => void = () => undefined;
    const stuckDelivery = new Promise<void>((delivered) => {
      void fastQueue(
        (event) => {
          delivered();
          return new Promise((release) => {
            // The first worker "dies" mid-batch: it never settles until the test lets it go.
            releaseStuckHandler = () => release({ batchItemFailures: event.Records.map((r) => ({ itemIdentifier: r.messageId })) });
          });
        },
        { dataDir, visibilityTimeoutMs: 300 },
      ).then(async (dying) => {
        await dying.send('in flight');
        dying.start();
      });
    });
    await stuckDelivery;

    const redelivered: string[] = [];
    const restarted = await fastQueue(
      async (event) => {
        redelivered.push(...event.Records.map((r) => `${r.body}#${r.attributes.ApproximateReceiveCount}`));
      },
      { dataDir },
    );
    restarted.start();
    await eventually('the redelivery', () => (redelivered.length > 0 ? true : undefined));
    // Released by the new worker's start-up recovery, not after the visibility timeout.
    expect(redelivered).toEqual(['in flight#1']);
    releaseStuckHandler();
  });
});

describe('connectIngestion', () => {
  let emulators: ConnectedEmulators;
  let server: S3Endpoint;
  let s3: S3Client;
  let ingestion: Ingestion | undefined;

  beforeAll(async () => {
    emulators = await useEmulators();
    server = await startS3Endpoint({ port: 0, directory: join(await temporaryDir(), 's3') });
    s3 = new S3Client({ endpoint: server.url, region: 'us-east-1', forcePathStyle: true, credentials: LOCAL_S3_CREDENTIALS });
  });
  afterEach(async () => {
    await ingestion?.stop();
    ingestion = undefined;
  });
  afterAll(async () => {
    s3?.destroy();
    await server?.close();
    await emulators?.release();
  });

  /** A stand-in for the ingest handler: records what it gets, writes a record per created object. */
  function recordingHandler(dynamodb: DynamoDBClient, tableName: string, received: S3EventRecord[]) {
    return async (event: SQSEvent): Promise<SQSBatchResponse> => {
      for (const message of event.Records) {
        for (const record of (JSON.parse(message.body) as { Records: S3EventRecord[] }).Records) {
          received.push(record);
          const key = decodeS3EventKey(record.s3.object.key);
          const id = articleIdOf(record.s3.bucket.name, key);
          await dynamodb.send(new PutItemCommand({ TableName: tableName, Item: marshall({ ...articleKey(id), objectKey: key }) }));
        }
      }
      return { batchItemFailures: [] };
    };
  }

  async function connect(bucketName: string, tableName: string, received: S3EventRecord[]): Promise<Ingestion> {
    ingestion = await connectIngestion({
      s3Endpoint: server,
      s3,
      dynamodb: emulators.dynamodb,
      dataDir: await temporaryDir(),
      bucketName,
      tableName,
      createHandler: ({ dynamodb }) => recordingHandler(dynamodb, tableName, received),
      queue: { batchWindowMs: 20, pollIntervalMs: 20 },
    });
    return ingestion;
  }

  it('feeds the handler the notifications of objects created and removed under incoming/, and only those', async () => {
    const bucket = uniqueName('ingest');
    const received: S3EventRecord[] = [];
    await connect(bucket, uniqueName('articles'), received);
    await s3.send(new PutObjectCommand({ Bucket: bucket, Key: 'bodies/not-an-upload.txt', Body: 'x' }));
    await s3.send(new PutObjectCommand({ Bucket: bucket, Key: 'incoming/a b.txt', Body: Readable.from(['hello']), ContentLength: 5 }));
    await s3.send(new DeleteObjectCommand({ Bucket: bucket, Key: 'incoming/a b.txt' }));
    await eventually('two notifications', () => (received.length >= 2 ? true : undefined));
    await ingestion!.queue.waitUntilEmpty();
    expect(received.map((r) => [r.eventName, r.s3.object.key, r.s3.object.size])).toEqual([
      ['ObjectCreated:Put', 'incoming/a+b.txt', 5],
      ['ObjectRemoved:Delete', 'incoming/a+b.txt', undefined],
    ]);
  });

  it('re-queues, on start, objects under incoming/ that have no record yet', async () => {
    const bucket = uniqueName('reconcile');
    const tableName = uniqueName('articles');
    await ensureBucket(s3, bucket);
    await ensureTable(emulators.dynamodb, tableName, ARTICLES_TABLE);
    // Uploaded while no worker listened: one was processed before, one never was.
    await s3.send(new PutObjectCommand({ Bucket: bucket, Key: 'incoming/processed.txt', Body: 'done' }));
    await s3.send(new PutObjectCommand({ Bucket: bucket, Key: 'incoming/missed one.txt', Body: 'late' }));
    await emulators.dynamodb.send(new PutItemCommand({ TableName: tableName, Item: marshall(articleKey(articleIdOf(bucket, 'incoming/processed.txt'))) }));
    const received: S3EventRecord[] = [];
    const started = await connect(bucket, tableName, received);
    expect(started.reconciled).toEqual(['incoming/missed one.txt']);
    await started.queue.waitUntilEmpty();
    expect(received.map((r) => [r.eventName, r.s3.object.key, r.s3.object.size])).toEqual([['ObjectCreated:Put', 'incoming/missed+one.txt', 4]]);
  });
});
