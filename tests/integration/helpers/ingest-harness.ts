/**
 * The whole local ingestion path for robustness tests: an in-process s3rver (its event
 * notifications feed the local queue), the shared DynamoDB Local, a fresh bucket and table,
 * the local queue and the real ingest handler. Tests upload with the real S3 client and read
 * the outcome back with the typed reader, exactly as a publisher and a downstream service would.
 *
 * The handler's own clients can be swapped (e.g. pointed at a fault proxy) and its invocations
 * wrapped (to crash or hang it), while uploads and reads keep going straight to the emulators.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { GetObjectCommand, PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { Logger } from '@aws-lambda-powertools/logger';
import { vi } from 'vitest';
import { createIngestHandler, type IngestHandlerDeps } from '../../../functions/ingest/ingest-handler.ts';
import { DynamoDbArticleReader } from '#shared/adapters/dynamodb-article-reader.ts';
import { optionalFlag } from '#shared/config/env.ts';
import { articleIdOf } from '#shared/ingest/article-id.ts';
import { type DeadLetter, listDeadLetters, type LocalQueueOptions, type QueueHandler } from '#ops/local/local-queue.ts';
import { connectIngestion, createLocalClients, type Ingestion } from '#ops/local/local-stack.ts';
import { type S3Endpoint, startS3Endpoint } from '#ops/local/s3-endpoint.ts';
import type { ArticleRecord } from '#shared/record.ts';
import { uniqueName } from './emulators.ts';
import type { ConnectedEmulators } from './use-emulators.ts';

export interface HarnessOptions {
  emulators: ConnectedEmulators;
  /** Passed to the handler; the production default (5 MB) when absent. */
  maxArticleBytes?: number;
  /** The handler's logger; a silent one by default (KABAR_DEBUG=1 shows its errors; tests that read logs pass their own). */
  logger?: Logger;
  /** The clients the handler uses, given the direct ones and s3rver's URL (tests point these at a fault proxy). */
  handlerClients?: (direct: { s3: S3Client; dynamodb: DynamoDBClient; s3Endpoint: string }) => HandlerClients | Promise<HandlerClients>;
  /** Wraps the ingest handler (to crash it, hang it, or watch its batches). */
  wrapHandler?: (handler: QueueHandler) => QueueHandler;
  queue?: Omit<LocalQueueOptions, 'dataDir' | 'handler'>;
  /** Publisher templates for the handler (its default: on, each template kept five minutes). */
  templates?: IngestHandlerDeps['templates'];
}

export interface HandlerClients {
  s3: S3Client;
  dynamodb: DynamoDBClient;
}

export interface IngestHarness {
  bucket: string;
  tableName: string;
  dataDir: string;
  s3Endpoint: string;
  /** Straight to s3rver: what the publisher uploads with and what tests read objects back with. */
  s3: S3Client;
  dynamodb: DynamoDBClient;
  reader: DynamoDbArticleReader;
  ingestion: Ingestion;
  upload(key: string, body: Uint8Array | string, contentType?: string): Promise<void>;
  readObject(key: string): Promise<Buffer>;
  /** The record for `key`, or null when there is none (yet). */
  recordOf(key: string): Promise<ArticleRecord | null>;
  /** Polls until the record for `key` exists and satisfies `ready` (default: any record). */
  waitForRecord(key: string, timeoutMs?: number, ready?: (record: ArticleRecord) => boolean): Promise<ArticleRecord>;
  deadLetters(): Promise<DeadLetter[]>;
  stop(): Promise<void>;
}

/** Queue timings that keep tests quick; each test may override them. */
export const FAST_QUEUE = { batchWindowMs: 50, pollIntervalMs: 25, retryDelayMs: 100 } as const;

/**
 * @example
 *   const harness = await startIngestHarness({ emulators, maxArticleBytes: 64 * 1024 });
 *   await harness.upload('incoming/a.txt', 'JAKARTA - …');
 *   (await harness.waitForRecord('incoming/a.txt')).status // → 'ok'
 */
export async function startIngestHarness(options: HarnessOptions): Promise<IngestHarness> {
  const dataDir = await mkdtemp(join(tmpdir(), 'kabar-harness-'));
  let server: S3Endpoint | undefined;
  const owned: { destroy(): void }[] = [];
  try {
    server = await startS3Endpoint({ port: 0, directory: join(dataDir, 's3') });
    const direct = createLocalClients({ s3Endpoint: server.url, dynamodbEndpoint: options.emulators.dynamodbEndpoint });
    owned.push(direct.s3, direct.dynamodb);
    const handlerClients = (await options.handlerClients?.({ ...direct, s3Endpoint: server.url })) ?? direct;
    if (handlerClients !== direct) owned.push(handlerClients.s3, handlerClients.dynamodb);
    const bucket = uniqueName('robust');
    const tableName = uniqueName('articles');
    const ingestion = await connectIngestion({
      s3Endpoint: server,
      s3: direct.s3,
      dynamodb: direct.dynamodb,
      dataDir,
      bucketName: bucket,
      tableName,
      createHandler: (deps) => {
        const handlerDeps: IngestHandlerDeps = {
          ...deps,
          ...handlerClients,
          maxArticleBytes: options.maxArticleBytes,
          templates: options.templates,
          logger: options.logger ?? new Logger({ serviceName: 'kabar-ingest', logLevel: optionalFlag('KABAR_DEBUG') ? 'ERROR' : 'SILENT' }),
        };
        const handler: QueueHandler = createIngestHandler(handlerDeps);
        return options.wrapHandler ? options.wrapHandler(handler) : handler;
      },
      queue: { ...FAST_QUEUE, ...options.queue },
    });
    const reader = new DynamoDbArticleReader(direct.dynamodb, tableName, direct.s3);
    const recordOf = (key: string) => reader.getArticle(articleIdOf(bucket, key));
    const s3Server = server;
    return {
      bucket,
      tableName,
      dataDir,
      s3Endpoint: server.url,
      s3: direct.s3,
      dynamodb: direct.dynamodb,
      reader,
      ingestion,
      async upload(key, body, contentType) {
        await direct.s3.send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: body, ContentType: contentType }));
      },
      async readObject(key) {
        const { Body } = await direct.s3.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
        return Buffer.from(await Body!.transformToByteArray());
      },
      recordOf,
      waitForRecord: (key, timeoutMs = 60_000, ready = () => true) =>
        vi.waitFor(
          async () => {
            const record = await recordOf(key);
            if (!record || !ready(record)) throw new Error(`no ${record ? 'matching ' : ''}record for ${key} yet`);
            return record;
          },
          { timeout: timeoutMs, interval: 50 },
        ),
      deadLetters: () => listDeadLetters(dataDir),
      async stop() {
        await ingestion.stop();
        for (const client of owned) client.destroy();
        await s3Server.close();
        await rm(dataDir, { recursive: true, force: true });
      },
    };
  } catch (error) {
    for (const client of owned) client.destroy();
    await server?.close();
    await rm(dataDir, { recursive: true, force: true });
    throw error;
  }
}
