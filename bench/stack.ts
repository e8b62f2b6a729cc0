/**
 * Handler throughput on the local stack: N concurrent uploads into s3rver, the local queue feeding
 * the real ingest handler (batches of 10), records in DynamoDB Local. Upload-to-record latency per
 * article, and where the handler's time goes, from a timing middleware on its SDK clients.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PutObjectCommand } from '@aws-sdk/client-s3';
import { Logger } from '@aws-lambda-powertools/logger';
import type { SQSEvent } from 'aws-lambda';
import { processArticle } from '#shared/domain/pipeline.ts';
import { decodeS3EventKey } from '#shared/ingest/s3-event.ts';
import { createLocalClients, startLocalStack } from '#ops/local/local-stack.ts';
import { createIngestHandler } from '../functions/ingest/ingest-handler.ts';
import { loadCorpus } from './pipeline.ts';
import { type Summary, summarize } from './stats.ts';

export interface StackResult {
  uploads: number;
  concurrency: number;
  articlesPerSecond: number;
  latencyMs: Summary;
  /** Mean milliseconds per article spent in each SDK command (calls overlap within a batch), and in the pipeline. */
  perArticleMs: Record<string, number>;
  /** SDK calls per article, by command (inputs of the cost model). */
  callsPerArticle: Record<string, number>;
  batches: number;
  failures: number;
}

/** Any SDK client: what the timing middleware needs of it. */
interface TimedClient {
  middlewareStack: { add(middleware: unknown, options: { step: 'initialize'; name: string }): void };
}

/** Adds up time and calls per command name, under `prefix` (`s3:GetObject`). */
function timeCommands(client: TimedClient, prefix: string, into: Map<string, { calls: number; ms: number }>): void {
  client.middlewareStack.add(
    (next: (args: unknown) => Promise<unknown>, context: { commandName?: string }) => async (args: unknown) => {
      const started = performance.now();
      try {
        return await next(args);
      } finally {
        const name = `${prefix}:${(context.commandName ?? 'Unknown').replace(/Command$/, '')}`;
        const entry = into.get(name) ?? { calls: 0, ms: 0 };
        entry.calls++;
        entry.ms += performance.now() - started;
        into.set(name, entry);
      }
    },
    { step: 'initialize', name: 'benchCommandTimer' },
  );
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

/** Runs the section against a fresh local stack in a temporary directory, removed afterwards. */
export async function benchStack(options: { uploads: number; concurrency: number; log: (line: string) => void }): Promise<StackResult> {
  const { log } = options;
  const corpus = loadCorpus(1);
  const dataDir = mkdtempSync(join(tmpdir(), 'kabar-bench-'));
  const commands = new Map<string, { calls: number; ms: number }>();
  const uploadStarted = new Map<string, number>();
  const latencies: number[] = [];
  let batches = 0;
  let failures = 0;
  let lastDone = 0;
  let resolveAll: () => void = () => {};
  const allDone = new Promise<void>((resolve) => {
    resolveAll = resolve;
  });

  log(`Starting s3rver + DynamoDB Local + local queue in ${dataDir}…`);
  const stack = await startLocalStack({
    s3Port: await freePort(),
    dynamodbPort: await freePort(),
    dataDir,
    createHandler: (deps) => {
      timeCommands(deps.s3 as unknown as TimedClient, 's3', commands);
      timeCommands(deps.dynamodb as unknown as TimedClient, 'dynamodb', commands);
      const handler = createIngestHandler({ ...deps, logger: new Logger({ logLevel: 'SILENT' }) });
      return async (event: SQSEvent, context) => {
        batches++;
        return handler(event, context);
      };
    },
    queue: {
      batchSize: 10,
      batchWindowMs: 50,
      onOutcome: (outcome) => {
        if (outcome.kind !== 'succeeded') failures++;
        const done = performance.now();
        for (const key of objectKeysOf(outcome.message.body)) {
          const started = uploadStarted.get(key);
          if (started === undefined) continue;
          uploadStarted.delete(key);
          latencies.push(done - started);
          lastDone = done;
        }
        if (latencies.length + failures >= options.uploads) resolveAll();
      },
    },
  });
  const uploader = createLocalClients({ s3Endpoint: stack.s3Endpoint, dynamodbEndpoint: stack.dynamodbEndpoint }).s3;
  try {
    // The stack's own start-up traffic (table and bucket creation) is not the handler's.
    commands.clear();
    const firstUpload = performance.now();
    let next = 0;
    const uploadOne = async (): Promise<void> => {
      while (next < options.uploads) {
        const index = next++;
        const article = corpus.articles[index % corpus.articles.length];
        if (!article) return;
        const key = `incoming/bench/${index}-${article.key.split('/').at(-1)}`;
        uploadStarted.set(key, performance.now());
        await uploader.send(new PutObjectCommand({ Bucket: stack.bucketName, Key: key, Body: article.bytes, ContentType: 'text/plain; charset=utf-8' }));
      }
    };
    await Promise.all(Array.from({ length: options.concurrency }, uploadOne));
    const timeout = setTimeout(resolveAll, 90_000);
    await allDone;
    clearTimeout(timeout);
    const elapsedSeconds = (lastDone - firstUpload) / 1000;

    // The pipeline's share, timed directly on the same articles (the handler runs it between the SDK calls).
    let pipelineMs = 0;
    for (let index = 0; index < options.uploads; index++) {
      const article = corpus.articles[index % corpus.articles.length] as (typeof corpus.articles)[number];
      const started = performance.now();
      await processArticle({ bytes: article.bytes, key: article.key });
      pipelineMs += performance.now() - started;
    }

    const stored = Math.max(1, latencies.length);
    const perArticleMs: Record<string, number> = { pipeline: pipelineMs / options.uploads };
    const callsPerArticle: Record<string, number> = {};
    for (const [name, { calls, ms }] of [...commands].sort()) {
      perArticleMs[name] = ms / stored;
      callsPerArticle[name] = calls / stored;
    }
    const result: StackResult = {
      uploads: options.uploads,
      concurrency: options.concurrency,
      articlesPerSecond: latencies.length / elapsedSeconds,
      latencyMs: summarize(latencies),
      perArticleMs,
      callsPerArticle,
      batches,
      failures,
    };
    log(
      `${options.uploads} uploads, ${options.concurrency} concurrent, one handler worker (batches of 10, 50 ms window), ${batches} batches, ${failures} failed:`,
    );
    log(
      `  throughput ${result.articlesPerSecond.toFixed(1)} articles/s; upload-to-record latency p50 ${result.latencyMs.median.toFixed(0)} ms, p99 ${result.latencyMs.p99.toFixed(0)} ms (min ${result.latencyMs.min.toFixed(0)}, max ${result.latencyMs.max.toFixed(0)})`,
    );
    log(
      `  per article, ms (SDK calls overlap within a batch): ${Object.entries(perArticleMs)
        .map(([name, ms]) => `${name} ${ms.toFixed(1)}`)
        .join(', ')}`,
    );
    log(
      `  SDK calls per article: ${Object.entries(callsPerArticle)
        .map(([name, calls]) => `${name} ${calls.toFixed(2)}`)
        .join(', ')}`,
    );
    return result;
  } finally {
    uploader.destroy();
    await stack.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

/** Decoded object keys of the S3 notification in a queue message body. */
function objectKeysOf(body: string): string[] {
  try {
    const parsed = JSON.parse(body) as { Records?: { s3?: { object?: { key?: string } } }[] };
    return (parsed.Records ?? []).flatMap((record) => (record.s3?.object?.key === undefined ? [] : [decodeS3EventKey(record.s3.object.key)]));
  } catch {
    return [];
  }
}
