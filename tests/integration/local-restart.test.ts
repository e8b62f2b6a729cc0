/**
 * What a restart of the local stack finds and must put right (issue "the local stack survives
 * restarts"): messages a killed worker held, its unfinished queue writes, a DynamoDB Local it left
 * running, and objects without a record, found page by page.
 */
import { spawnSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { connect } from 'node:net';
import { networkInterfaces, tmpdir } from 'node:os';
import { join } from 'node:path';
import { PutItemCommand } from '@aws-sdk/client-dynamodb';
import { PutObjectCommand } from '@aws-sdk/client-s3';
import { marshall } from '@aws-sdk/util-dynamodb';
import type { SQSEvent } from 'aws-lambda';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { articleKey } from '#shared/adapters/table-keys.ts';
import { articleIdOf } from '#shared/ingest/article-id.ts';
import { ensureTable } from '#ops/local/create-table.ts';
import { type DynamoDbEndpoint, startDynamoDbEndpoint } from '#ops/local/dynamodb-endpoint.ts';
import { LocalStackStartError } from '#ops/local/errors.ts';
import { listDeadLetters, LocalQueue, queueDirectories, type StoredMessage } from '#ops/local/local-queue.ts';
import { describeStartupChecks, localStackConfigFromEnv } from '#ops/local/local-stack.ts';
import { reconcileIncoming } from '#ops/local/reconcile.ts';
import { createSequencer } from '#ops/local/s3-event.ts';
import { ensureBucket } from '#ops/local/s3-endpoint.ts';
import { ARTICLES_TABLE } from '#shared/table-definition.ts';
import { freePort, uniqueName } from './helpers/emulators.ts';
import { type ConnectedEmulators, useEmulators } from './helpers/use-emulators.ts';

const temporaryDirs: string[] = [];
async function temporaryDir(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'kabar-restart-'));
  temporaryDirs.push(dir);
  return dir;
}
afterAll(async () => {
  await Promise.all(temporaryDirs.map((d) => rm(d, { recursive: true, force: true })));
});

describe('the local queue after a worker was killed', () => {
  it('delivers at once the messages the dead worker held (not after their visibility timeout) and removes its unfinished writes', async () => {
    const dataDir = await temporaryDir();
    const { messages, deadLetters } = queueDirectories(dataDir);
    await mkdir(messages, { recursive: true });
    await mkdir(deadLetters, { recursive: true });
    // What `kill -9` mid-batch leaves: a received message invisible for ten minutes, a retrying
    // one, and a temporary file of a write that never got renamed.
    const now = Date.now();
    const held: StoredMessage = {
      messageId: randomUUID(),
      body: 'held',
      sentAt: now,
      sequence: 0,
      receiveCount: 1,
      visibleAt: now + 600_000,
      receiptHandle: randomUUID(),
    };
    const retrying: StoredMessage = {
      messageId: randomUUID(),
      body: 'retrying',
      sentAt: now,
      sequence: 1,
      receiveCount: 1,
      visibleAt: now + 600_000,
      lastError: 'boom',
    };
    await writeFile(join(messages, `${held.messageId}.json`), JSON.stringify(held));
    await writeFile(join(messages, `${retrying.messageId}.json`), JSON.stringify(retrying));
    await writeFile(join(messages, `.kabar-partial-${randomUUID()}`), '{"messageId":');
    // The name the queue gave its temporary files before atomic-file.ts: still cleaned up.
    await writeFile(join(deadLetters, `.${randomUUID()}.${randomUUID()}.tmp`), '');

    const delivered: string[] = [];
    const queue = new LocalQueue({
      dataDir,
      visibilityTimeoutMs: 600_000,
      batchWindowMs: 10,
      pollIntervalMs: 20,
      handler: async (event: SQSEvent) => {
        delivered.push(...event.Records.map((r) => `${r.body}#${r.attributes.ApproximateReceiveCount}`));
        return { batchItemFailures: [] };
      },
    });
    expect(await queue.recover()).toEqual({ released: 1, removedTemporary: 2 });
    expect((await queue.pendingMessages()).find((m) => m.body === 'held')).toMatchObject({ visibleAt: 0, receiveCount: 0, interruptions: 1 });
    expect((await readdir(messages)).filter((n) => n.startsWith('.'))).toEqual([]);
    expect((await readdir(deadLetters)).filter((n) => n.startsWith('.'))).toEqual([]);
    queue.start();
    try {
      // Its cut-short receive is not held against it: a killed stack is not a failing message.
      await expect.poll(() => delivered, { timeout: 20_000 }).toEqual(['held#1']);
      // The one waiting to retry keeps its back-off: releasing it would defeat the retry delay.
      expect((await queue.pendingMessages()).map((m) => m.body)).toEqual(['retrying']);
    } finally {
      await queue.stop();
    }
  });
});

describe('a message that keeps dying with the worker', () => {
  it('is dead-lettered after maxInterruptions restarts, not delivered forever', async () => {
    const dataDir = await temporaryDir();
    const { messages } = queueDirectories(dataDir);
    await mkdir(messages, { recursive: true });
    const now = Date.now();
    const poison: StoredMessage = {
      messageId: randomUUID(),
      body: 'poison',
      sentAt: now,
      sequence: 0,
      receiveCount: 1,
      visibleAt: now + 600_000,
      receiptHandle: randomUUID(),
      interruptions: 1,
    };
    await writeFile(join(messages, `${poison.messageId}.json`), JSON.stringify(poison));
    const delivered: string[] = [];
    const queue = new LocalQueue({
      dataDir,
      maxInterruptions: 2,
      batchWindowMs: 10,
      pollIntervalMs: 20,
      handler: async (event) => {
        delivered.push(...event.Records.map((r) => r.body));
        return { batchItemFailures: [] };
      },
    });
    queue.start();
    try {
      await queue.waitUntilEmpty(20_000);
      expect(delivered).toEqual([]);
      const [letter] = await listDeadLetters(dataDir);
      expect(letter?.lastError).toBe('the worker died while processing it 2 times (does it crash the worker?)');
    } finally {
      await queue.stop();
    }
  });
});

/** Whether a TCP connection to host:port is accepted. */
function accepts(host: string, port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host, port });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

function commandLineOf(pid: number): string {
  return spawnSync('ps', ['-o', 'args=', '-p', String(pid)], { encoding: 'utf8' }).stdout;
}

describe('DynamoDB Local as the local stack runs it', () => {
  let first: DynamoDbEndpoint | undefined;
  let second: DynamoDbEndpoint | undefined;
  let directory: string;
  beforeAll(async () => {
    directory = join(await temporaryDir(), 'dynamodb');
    first = await startDynamoDbEndpoint({ port: await freePort(), directory, heapSize: '300m' });
  });
  afterAll(async () => {
    await first?.close();
    await second?.close();
  });

  it('listens on 127.0.0.1 only', async () => {
    const port = first!.port;
    expect(await accepts('127.0.0.1', port)).toBe(true);
    const outside = Object.values(networkInterfaces())
      .flat()
      .filter((a) => a !== undefined && !a.internal && a.family === 'IPv4')
      .map((a) => a!.address);
    // Every machine that runs the suite has some non-loopback address (a container's included).
    expect(outside.length).toBeGreaterThan(0);
    for (const address of outside) expect(await accepts(address, port)).toBe(false);
  });

  it('caps the JVM heap with -Xmx from KABAR_DYNAMODB_HEAP (512m by default) and refuses a malformed size', async () => {
    expect(commandLineOf(first!.pid!)).toContain('-Xmx300m');
    expect(localStackConfigFromEnv({}).dynamodbHeap).toBe('512m');
    expect(localStackConfigFromEnv({ KABAR_DYNAMODB_HEAP: '2g' }).dynamodbHeap).toBe('2g');
    await expect(startDynamoDbEndpoint({ port: await freePort(), heapSize: 'lots' })).rejects.toBeInstanceOf(LocalStackStartError);
  });

  it('stops the DynamoDB Local a killed run left on the same data directory before starting its own', async () => {
    const orphan = first!.pid!;
    // A `kill -9` of `npm start` cannot take Java along: the next start finds it through its pid file.
    second = await startDynamoDbEndpoint({ port: await freePort(), directory });
    expect(existsSync(`/proc/${orphan}`) ? commandLineOf(orphan) : '').not.toContain('LoopbackDynamoDbLocal');
    expect(commandLineOf(second.pid!)).toContain('LoopbackDynamoDbLocal');
  });
});

describe('start-up reconciliation', () => {
  let emulators: ConnectedEmulators;
  beforeAll(async () => {
    emulators = await useEmulators();
  });
  afterAll(() => emulators.release());

  it('compares the listing with the table page by page and re-queues exactly the objects with no record and no message', async () => {
    const bucket = uniqueName('reconcile-pages');
    const tableName = uniqueName('articles');
    await ensureBucket(emulators.s3, bucket);
    await ensureTable(emulators.dynamodb, tableName, ARTICLES_TABLE);
    const keys = Array.from(
      { length: 40 },
      (_, i) => [`incoming/a b/${i}.txt`, `incoming/a/${i}+%.txt`, `incoming/新闻 – ${i}.txt`, `incoming/🚀/${i}`][i % 4] as string,
    );
    for (const key of keys) await emulators.s3.send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: key }));
    const recorded = keys.filter((_, i) => i % 3 === 0);
    for (const key of recorded) {
      await emulators.dynamodb.send(new PutItemCommand({ TableName: tableName, Item: marshall({ ...articleKey(articleIdOf(bucket, key)), objectKey: key }) }));
    }
    const queued = keys.filter((_, i) => i % 3 === 1 && i < 20);
    const deadLettered = keys.filter((_, i) => i % 3 === 1 && i >= 20);
    const enqueued: string[] = [];
    const report = await reconcileIncoming({
      s3: emulators.s3,
      dynamodb: emulators.dynamodb,
      bucket,
      tableName,
      prefix: 'incoming/',
      articleIdOf,
      recordKeyOf: articleKey,
      alreadyQueued: new Set(queued),
      deadLettered: new Set(deadLettered),
      enqueue: async (body) => enqueued.push(body),
      nextSequencer: createSequencer(),
      pageSize: 7,
    });
    const missing = keys.filter((k) => !recorded.includes(k) && !queued.includes(k) && !deadLettered.includes(k));
    expect(report.pages).toBe(6);
    expect({ ...report, requeued: [...report.requeued].sort() }).toEqual({
      listed: 40,
      pages: 6,
      withRecord: recorded.length,
      alreadyQueued: queued.length,
      deadLettered: deadLettered.length,
      requeued: [...missing].sort(),
    });
    expect(enqueued.length).toBe(missing.length);
    const lines = describeStartupChecks({
      reconcile: report,
      queueRecovery: { released: 0, removedTemporary: 0 },
      s3Repairs: {
        quarantined: [{ object: 'kabar-articles/incoming/x.txt', reason: 'metadata file is empty' }],
        quarantineDirectory: '/q',
        removedPartialUploads: 0,
        removedOrphans: 0,
      },
    });
    expect(lines[0]).toBe('local S3: moved 1 object(s) a crash left damaged to /q: kabar-articles/incoming/x.txt (metadata file is empty)');
    expect(lines[1]).toContain(`40 object(s) under incoming/ (6 listing page(s)): ${recorded.length} with a record`);
    expect(lines.filter((l) => l.startsWith('  re-queued ')).length).toBe(missing.length);
  });
});
