/**
 * The local stack `npm start` runs: S3 (s3rver) and DynamoDB (DynamoDB Local) endpoints, the
 * bucket and table, and the local queue that feeds the ingest handler every event the bucket
 * notification would send in AWS (ObjectCreated and ObjectRemoved under the incoming prefix).
 */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { S3Client } from '@aws-sdk/client-s3';
import { join, resolve } from 'node:path';
import type { S3EventRecord } from 'aws-lambda';
import { articleKey } from '../adapters/table-keys.ts';
import { optionalEnv } from '../config/env.ts';
import { articleIdOf } from '../ingest/article-id.ts';
import { decodeS3EventKey } from '../ingest/s3-event.ts';
import { ARTICLES_TABLE, INCOMING_PREFIX, LOCAL_BUCKET_NAME, LOCAL_TABLE_NAME } from '../table-definition.ts';
import { ensureTable } from './create-table.ts';
import { LOCAL_DYNAMODB_CREDENTIALS, startDynamoDbEndpoint } from './dynamodb-endpoint.ts';
import { LocalQueue, type LocalQueueOptions, type QueueHandler } from './local-queue.ts';
import { reconcileIncoming } from './reconcile.ts';
import { createSequencer, LOCAL_REGION } from './s3-event.ts';
import { ensureBucket, LOCAL_S3_CREDENTIALS, type S3Endpoint, startS3Endpoint } from './s3-endpoint.ts';

/** Defaults of the documented environment variables (see DEVELOPERS.md). */
export const LOCAL_STACK_DEFAULTS = { s3Port: 4568, dynamodbPort: 8000, dataDir: '.kabar' } as const;

export interface LocalStackConfig {
  s3Port: number;
  dynamodbPort: number;
  dataDir: string;
}

/**
 * Reads `KABAR_S3_PORT`, `KABAR_DYNAMODB_PORT` and `KABAR_DATA_DIR`, failing on a bad port.
 *
 * @example localStackConfigFromEnv({ KABAR_S3_PORT: '9000' }) // → { s3Port: 9000, dynamodbPort: 8000, dataDir: '/abs/.kabar' }
 */
export function localStackConfigFromEnv(env: NodeJS.ProcessEnv = process.env): LocalStackConfig {
  return {
    s3Port: portFrom(env, 'KABAR_S3_PORT', LOCAL_STACK_DEFAULTS.s3Port),
    dynamodbPort: portFrom(env, 'KABAR_DYNAMODB_PORT', LOCAL_STACK_DEFAULTS.dynamodbPort),
    dataDir: resolve(optionalEnv('KABAR_DATA_DIR', env) ?? LOCAL_STACK_DEFAULTS.dataDir),
  };
}

function portFrom(env: NodeJS.ProcessEnv, name: string, fallback: number): number {
  const raw = optionalEnv(name, env);
  if (raw === undefined) return fallback;
  const port = Number(raw);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`${name} must be a TCP port number, got "${raw}"`);
  return port;
}

/**
 * SDK clients for the local endpoints: path-style S3 (s3rver serves no virtual hosts on localhost)
 * and credentials the emulators accept, whatever the user's AWS profile says.
 *
 * @example createLocalClients({ s3Endpoint: 'http://localhost:4568', dynamodbEndpoint: 'http://localhost:8000' }) // → { s3, dynamodb }
 */
export function createLocalClients(endpoints: { s3Endpoint: string; dynamodbEndpoint: string }): { s3: S3Client; dynamodb: DynamoDBClient } {
  return {
    s3: new S3Client({ endpoint: endpoints.s3Endpoint, region: LOCAL_REGION, forcePathStyle: true, credentials: LOCAL_S3_CREDENTIALS }),
    dynamodb: new DynamoDBClient({ endpoint: endpoints.dynamodbEndpoint, region: LOCAL_REGION, credentials: LOCAL_DYNAMODB_CREDENTIALS }),
  };
}

/** What the ingest handler factory gets; matches `createIngestHandler`'s required deps. */
export interface LocalHandlerDeps {
  s3: S3Client;
  dynamodb: DynamoDBClient;
  tableName: string;
  bucketName: string;
}

export interface LocalStackOptions extends LocalStackConfig {
  /** Builds the queue's handler; bin/start.ts passes `createIngestHandler` (functions/ depends on shared/, not back). */
  createHandler: (deps: LocalHandlerDeps) => QueueHandler;
  bucketName?: string;
  tableName?: string;
  /** Queue tuning (maxReceiveCount, retry delay, …) and the outcome callback. */
  queue?: Omit<LocalQueueOptions, 'dataDir' | 'handler'>;
  /** Log every S3 request. */
  verbose?: boolean;
}

export interface LocalStack {
  s3Endpoint: string;
  dynamodbEndpoint: string;
  bucketName: string;
  tableName: string;
  s3: S3Client;
  dynamodb: DynamoDBClient;
  queue: LocalQueue;
  /** Keys re-enqueued at start because they had no record (see reconcileIncoming). */
  reconciled: string[];
  /** Stops the worker (after its batch), then both endpoints. */
  stop(): Promise<void>;
}

/**
 * Starts the whole local stack, data under `options.dataDir` (`s3/`, `dynamodb/`, `queue/`).
 *
 * @example
 * const stack = await startLocalStack({ ...localStackConfigFromEnv(), createHandler: createIngestHandler });
 * stack.s3Endpoint // → 'http://localhost:4568'
 */
export async function startLocalStack(options: LocalStackOptions): Promise<LocalStack> {
  const [s3Result, dynamodbResult] = await Promise.allSettled([
    startS3Endpoint({ port: options.s3Port, directory: join(options.dataDir, 's3'), verbose: options.verbose, configurationId: 'kabar-incoming' }),
    startDynamoDbEndpoint({ port: options.dynamodbPort, directory: join(options.dataDir, 'dynamodb') }),
  ]);
  if (s3Result.status === 'rejected' || dynamodbResult.status === 'rejected') {
    if (s3Result.status === 'fulfilled') await s3Result.value.close();
    if (dynamodbResult.status === 'fulfilled') await dynamodbResult.value.close();
    throw s3Result.status === 'rejected' ? s3Result.reason : (dynamodbResult as PromiseRejectedResult).reason;
  }
  const s3Endpoint = s3Result.value;
  const dynamodbEndpoint = dynamodbResult.value;
  const { s3, dynamodb } = createLocalClients({ s3Endpoint: s3Endpoint.url, dynamodbEndpoint: dynamodbEndpoint.url });
  const closeEndpoints = async (): Promise<void> => {
    s3.destroy();
    dynamodb.destroy();
    await Promise.all([s3Endpoint.close(), dynamodbEndpoint.close()]);
  };
  try {
    const ingestion = await connectIngestion({ ...options, s3Endpoint, s3, dynamodb });
    return {
      ...ingestion,
      s3Endpoint: s3Endpoint.url,
      dynamodbEndpoint: dynamodbEndpoint.url,
      s3,
      dynamodb,
      async stop() {
        await ingestion.stop();
        await closeEndpoints();
      },
    };
  } catch (error) {
    await closeEndpoints();
    throw error;
  }
}

export interface IngestionOptions extends Pick<LocalStackOptions, 'dataDir' | 'createHandler' | 'bucketName' | 'tableName' | 'queue'> {
  s3Endpoint: S3Endpoint;
  s3: S3Client;
  dynamodb: DynamoDBClient;
}

export interface Ingestion {
  bucketName: string;
  tableName: string;
  queue: LocalQueue;
  reconciled: string[];
  /** Stops forwarding events and stops the worker; leaves the endpoints running. */
  stop(): Promise<void>;
}

/**
 * Wires running endpoints into an ingestion pipeline: creates the bucket and table if missing,
 * forwards the bucket's incoming/ events to a local queue, re-queues unprocessed objects, and
 * starts the worker. startLocalStack uses it; tests use it with emulators they already run.
 *
 * @example const ingestion = await connectIngestion({ s3Endpoint, s3, dynamodb, dataDir, createHandler: () => fakeHandler })
 */
export async function connectIngestion(options: IngestionOptions): Promise<Ingestion> {
  const bucketName = options.bucketName ?? LOCAL_BUCKET_NAME;
  const tableName = options.tableName ?? LOCAL_TABLE_NAME;
  const { s3, dynamodb } = options;
  await ensureBucket(s3, bucketName);
  await ensureTable(dynamodb, tableName, ARTICLES_TABLE);
  const queue = new LocalQueue({
    ...options.queue,
    dataDir: options.dataDir,
    handler: options.createHandler({ s3, dynamodb, tableName, bucketName }),
  });
  // The deployed bucket notifies the queue of ObjectCreated and ObjectRemoved under INCOMING_PREFIX.
  const unsubscribe = options.s3Endpoint.onObjectEvent((record) => {
    if (!isForwarded(record, bucketName)) return;
    queue.send(JSON.stringify({ Records: [record] })).catch((error: unknown) => {
      console.error(`local queue: could not enqueue ${record.eventName} ${record.s3.object.key} (reconciled on next start):`, error);
    });
  });
  try {
    const alreadyQueued = new Set((await queue.pendingMessages()).flatMap((m) => objectKeysIn(m.body)));
    const reconciled = await reconcileIncoming({
      s3,
      dynamodb,
      bucket: bucketName,
      tableName,
      prefix: INCOMING_PREFIX,
      articleIdOf,
      recordKeyOf: articleKey,
      alreadyQueued,
      enqueue: (body) => queue.send(body),
      nextSequencer: createSequencer(),
    });
    queue.start();
    return {
      bucketName,
      tableName,
      queue,
      reconciled,
      async stop() {
        unsubscribe();
        await queue.stop();
      },
    };
  } catch (error) {
    unsubscribe();
    throw error;
  }
}

function isForwarded(record: S3EventRecord, bucketName: string): boolean {
  if (record.s3.bucket.name !== bucketName) return false;
  if (!record.eventName.startsWith('ObjectCreated:') && !record.eventName.startsWith('ObjectRemoved:')) return false;
  // The prefix is plain ASCII, so it reads the same in the encoded key.
  return record.s3.object.key.startsWith(INCOMING_PREFIX);
}

/** Decoded object keys of the S3 notification in a message body; [] for anything else. */
function objectKeysIn(body: string): string[] {
  try {
    const parsed = JSON.parse(body) as { Records?: { s3?: { object?: { key?: string } } }[] };
    return (parsed.Records ?? []).flatMap((r) => {
      const key = r.s3?.object?.key;
      return key === undefined ? [] : [decodeS3EventKey(key)];
    });
  } catch {
    return [];
  }
}
