/**
 * The whole local pipeline for one test file: its own s3rver endpoint (events need an in-process
 * endpoint), the run's shared DynamoDB Local, a fresh bucket and table, the local queue and the
 * real ingest handler. Upload through `s3` and wait for records with `waitForRecord`.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { S3Client } from '@aws-sdk/client-s3';
import { Logger } from '@aws-lambda-powertools/logger';
import { createIngestHandler, type IngestHandlerDeps } from '../../../functions/ingest/ingest-handler.ts';
import { DynamoDbArticleReader } from '#shared/adapters/dynamodb-article-reader.ts';
import { articleIdOf } from '#shared/ingest/article-id.ts';
import type { LocalQueueOptions } from '#shared/local/local-queue.ts';
import { connectIngestion, type Ingestion } from '#shared/local/local-stack.ts';
import { LOCAL_S3_CREDENTIALS, type S3Endpoint, startS3Endpoint } from '#shared/local/s3-endpoint.ts';
import type { ArticleRecord } from '#shared/record.ts';
import { uniqueName } from './emulators.ts';
import { type ConnectedEmulators, useEmulators } from './use-emulators.ts';

export interface IngestStack {
  s3: S3Client;
  emulators: ConnectedEmulators;
  ingestion: Ingestion;
  reader: DynamoDbArticleReader;
  bucket: string;
  table: string;
  /** Polls the table until the record of `key` satisfies `ready` (default: exists). */
  waitForRecord(key: string, ready?: (record: ArticleRecord) => boolean, timeoutMs?: number): Promise<ArticleRecord>;
  stop(): Promise<void>;
}

export interface IngestStackOptions {
  queue?: Omit<LocalQueueOptions, 'dataDir' | 'handler'>;
  handler?: Partial<Pick<IngestHandlerDeps, 'maxArticleBytes'>>;
}

export async function startIngestStack(options: IngestStackOptions = {}): Promise<IngestStack> {
  const emulators = await useEmulators();
  const dataDir = await mkdtemp(join(tmpdir(), 'kabar-ingest-'));
  const server: S3Endpoint = await startS3Endpoint({ port: 0, directory: join(dataDir, 's3') });
  const s3 = new S3Client({ endpoint: server.url, region: 'us-east-1', forcePathStyle: true, credentials: LOCAL_S3_CREDENTIALS });
  const bucket = uniqueName('articles');
  const table = uniqueName('articles');
  const ingestion = await connectIngestion({
    s3Endpoint: server,
    s3,
    dynamodb: emulators.dynamodb,
    dataDir,
    bucketName: bucket,
    tableName: table,
    // The visibility timeout outlasts the slowest article (a multi-megabyte one) so it is not redelivered mid-run.
    queue: { retryDelayMs: 100, visibilityTimeoutMs: 60_000, concurrency: 3, ...options.queue },
    createHandler: (deps) => createIngestHandler({ ...deps, ...options.handler, logger: new Logger({ serviceName: 'kabar-ingest', logLevel: 'ERROR' }) }),
  });
  const reader = new DynamoDbArticleReader(emulators.dynamodb, table, s3);

  return {
    s3,
    emulators,
    ingestion,
    reader,
    bucket,
    table,
    async waitForRecord(key, ready = () => true, timeoutMs = 30_000) {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const record = await reader.getArticle(articleIdOf(bucket, key));
        if (record && ready(record)) return record;
        if (Date.now() > deadline) throw new Error(`no record for ${key} after ${timeoutMs} ms (last: ${record?.status ?? 'none'})`);
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
    },
    async stop() {
      await ingestion.stop();
      s3.destroy();
      await server.close();
      await emulators.release();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}
