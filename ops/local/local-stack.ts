/**
 * The local stack `npm start` runs: S3 (s3rver) and DynamoDB (DynamoDB Local) endpoints, the
 * bucket and table, and the local queue that feeds the ingest handler every event the bucket
 * notification would send in AWS (ObjectCreated and ObjectRemoved under the incoming prefix).
 */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { S3Client } from '@aws-sdk/client-s3';
import { join, resolve } from 'node:path';
import type { S3EventRecord } from 'aws-lambda';
import { articleKey } from '../../shared/adapters/table-keys.ts';
import { optionalEnv } from '../../shared/config/env.ts';
import { articleIdOf } from '../../shared/ingest/article-id.ts';
import { decodeS3EventKey } from '../../shared/ingest/s3-event.ts';
import { ARTICLES_TABLE, INCOMING_PREFIX, LOCAL_BUCKET_NAME, LOCAL_TABLE_NAME } from '../../shared/table-definition.ts';
import { ensureTable } from './create-table.ts';
import { DEFAULT_DYNAMODB_HEAP, LOCAL_DYNAMODB_CREDENTIALS, startDynamoDbEndpoint } from './dynamodb-endpoint.ts';
import { listDeadLetters, LocalQueue, type LocalQueueOptions, type QueueHandler, type QueueRecovery } from './local-queue.ts';
import { type ReconcileReport, reconcileIncoming } from './reconcile.ts';
import { createSequencer, LOCAL_REGION } from './s3-event.ts';
import { ensureBucket, LOCAL_S3_CREDENTIALS, type S3Endpoint, startS3Endpoint } from './s3-endpoint.ts';
import type { StoreRepairReport } from './s3-store.ts';

/** Defaults of the environment variables the README documents (README.md, "The local stack"). */
export const LOCAL_STACK_DEFAULTS = { s3Port: 4568, dynamodbPort: 8000, dataDir: '.kabar' } as const;

export interface LocalStackConfig {
  s3Port: number;
  dynamodbPort: number;
  dataDir: string;
  /** DynamoDB Local's JVM heap cap (-Xmx), e.g. `512m`. */
  dynamodbHeap?: string;
}

/**
 * Reads `KABAR_S3_PORT`, `KABAR_DYNAMODB_PORT`, `KABAR_DATA_DIR` and `KABAR_DYNAMODB_HEAP`, failing on a bad port.
 *
 * @example localStackConfigFromEnv({ KABAR_S3_PORT: '9000' }) // → { s3Port: 9000, dynamodbPort: 8000, dataDir: '/abs/.kabar', dynamodbHeap: '512m' }
 */
export function localStackConfigFromEnv(env: NodeJS.ProcessEnv = process.env): LocalStackConfig {
  return {
    s3Port: portFrom(env, 'KABAR_S3_PORT', LOCAL_STACK_DEFAULTS.s3Port),
    dynamodbPort: portFrom(env, 'KABAR_DYNAMODB_PORT', LOCAL_STACK_DEFAULTS.dynamodbPort),
    dataDir: resolve(optionalEnv('KABAR_DATA_DIR', env) ?? LOCAL_STACK_DEFAULTS.dataDir),
    dynamodbHeap: optionalEnv('KABAR_DYNAMODB_HEAP', env) ?? DEFAULT_DYNAMODB_HEAP,
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
  /** What the start-up reconciliation compared (objects listed, records found, …). */
  reconcile: ReconcileReport;
  /** Messages a previous process held, released at start; its unfinished temporary files removed. */
  queueRecovery: QueueRecovery;
  /** Crash leftovers of the local S3 repaired at start (partial uploads, damaged objects quarantined). */
  s3Repairs: StoreRepairReport;
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
    startS3Endpoint({
      port: options.s3Port,
      directory: join(options.dataDir, 's3'),
      quarantineDirectory: join(options.dataDir, 's3-quarantine'),
      verbose: options.verbose,
      configurationId: 'kabar-incoming',
    }),
    startDynamoDbEndpoint({ port: options.dynamodbPort, directory: join(options.dataDir, 'dynamodb'), heapSize: options.dynamodbHeap }),
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
      s3Repairs: s3Endpoint.repairs,
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
  reconcile: ReconcileReport;
  queueRecovery: QueueRecovery;
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
    const queueRecovery = await queue.recover();
    const alreadyQueued = new Set((await queue.pendingMessages()).flatMap((m) => objectKeysIn(m.body)));
    // A dead letter waits for an operator's redrive; re-queuing it would process it twice.
    const deadLettered = new Set((await listDeadLetters(options.dataDir)).flatMap((m) => objectKeysIn(m.body)));
    const reconcile = await reconcileIncoming({
      s3,
      dynamodb,
      bucket: bucketName,
      tableName,
      prefix: INCOMING_PREFIX,
      articleIdOf,
      recordKeyOf: articleKey,
      alreadyQueued,
      deadLettered,
      enqueue: (body) => queue.send(body),
      nextSequencer: createSequencer(),
    });
    queue.start();
    return {
      bucketName,
      tableName,
      queue,
      reconciled: reconcile.requeued,
      reconcile,
      queueRecovery,
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

/** Keys named in full in the start-up report before "… and N more". */
const REPORTED_KEYS = 20;

/**
 * The start-up checks in a few lines for `npm start`: crash leftovers repaired, messages
 * released, and what the reconciliation compared and re-queued.
 *
 * @example describeStartupChecks(stack) // → ['start-up check: 5000 objects under incoming/ (5 pages): 4990 with a record, 7 queued, 0 dead-lettered; re-queued 3', '  re-queued incoming/a.txt', …]
 */
export function describeStartupChecks(stack: Pick<LocalStack, 's3Repairs' | 'queueRecovery' | 'reconcile'>): string[] {
  const lines: string[] = [];
  const { s3Repairs, queueRecovery, reconcile } = stack;
  if (s3Repairs.quarantined.length > 0) {
    const named = s3Repairs.quarantined.map((q) => `${q.object} (${q.reason})`).join('; ');
    lines.push(`local S3: moved ${s3Repairs.quarantined.length} object(s) a crash left damaged to ${s3Repairs.quarantineDirectory}: ${named}`);
  }
  if (s3Repairs.removedPartialUploads + s3Repairs.removedOrphans > 0) {
    lines.push(
      `local S3: removed ${s3Repairs.removedPartialUploads} unfinished upload(s) and ${s3Repairs.removedOrphans} orphaned metadata file(s) left by a crash`,
    );
  }
  if (queueRecovery.released + queueRecovery.removedTemporary > 0) {
    lines.push(
      `queue: released ${queueRecovery.released} message(s) the previous run was processing; removed ${queueRecovery.removedTemporary} unfinished write(s)`,
    );
  }
  lines.push(
    `start-up check: ${reconcile.listed} object(s) under ${INCOMING_PREFIX} (${reconcile.pages} listing page(s)): ${reconcile.withRecord} with a record, ` +
      `${reconcile.alreadyQueued} queued, ${reconcile.deadLettered} dead-lettered; re-queued ${reconcile.requeued.length}`,
  );
  for (const key of reconcile.requeued.slice(0, REPORTED_KEYS)) lines.push(`  re-queued ${key} (no record: uploaded while the stack was down)`);
  if (reconcile.requeued.length > REPORTED_KEYS) lines.push(`  … and ${reconcile.requeued.length - REPORTED_KEYS} more`);
  return lines;
}
