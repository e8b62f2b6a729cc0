#!/usr/bin/env node
/**
 * `npm run load`: a load test of the local ingestion path. Starts the local stack in-process
 * (s3rver, DynamoDB Local, local queue, the real ingest handler) on free ports with a temporary
 * data directory, uploads N articles concurrently, and reports throughput, upload-to-record
 * latency, peak memory and the invariant: every object has exactly one record or one dead letter.
 *
 * Articles: the team corpus (../shared/corpus/articles) when present, else the bundled samples
 * and test fixtures; replicated under varied keys, each copy with a small edit so it is a new text.
 *
 * Environment (all optional):
 *   KABAR_LOAD_PERSIST=1           DynamoDB Local on disk, as `npm start` runs it (default: in memory)
 *   KABAR_LOAD_COUNT=5000          articles to upload
 *   KABAR_LOAD_IN_FLIGHT=32        uploads in flight at once
 *   KABAR_LOAD_RATE=…              uploads per second at most (default: as fast as IN_FLIGHT allows)
 *   KABAR_LOAD_WORKERS=8           batches the local queue hands the handler at once
 *   KABAR_LOAD_TIMEOUT_S=600       give up waiting for records after this long
 *   KABAR_LOAD_S3_ENDPOINT, KABAR_LOAD_DYNAMODB_ENDPOINT (+ KABAR_LOAD_BUCKET, KABAR_LOAD_TABLE):
 *     use a running stack (`npm start`) instead; latency then comes from polling the table.
 *
 * @example KABAR_LOAD_COUNT=500 npm run load // → throughput 120 articles/s, p50 … ms, p99 … ms, invariant ok
 */
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { BatchGetItemCommand, type DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { Logger } from '@aws-lambda-powertools/logger';
import { marshall, unmarshall } from '@aws-sdk/util-dynamodb';
import { createIngestHandler } from '../functions/ingest/ingest-handler.ts';
import { articleKey } from '#shared/adapters/table-keys.ts';
import { articleIdOf } from '#shared/ingest/article-id.ts';
import { optionalEnv, optionalFlag, optionalPositiveInt, requireEnv } from '#shared/config/env.ts';
import { decodeS3EventKey } from '#shared/ingest/s3-event.ts';
import { startDynamoDbEndpoint } from '#ops/local/dynamodb-endpoint.ts';
import { listDeadLetters, type LocalQueueOptions, type MessageOutcome } from '#ops/local/local-queue.ts';
import { connectIngestion, createLocalClients } from '#ops/local/local-stack.ts';
import { startS3Endpoint } from '#ops/local/s3-endpoint.ts';
import { LOCAL_BUCKET_NAME, LOCAL_TABLE_NAME } from '#shared/table-definition.ts';

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

const ROOT = fileURLToPath(new URL('../', import.meta.url));
const COUNT = optionalPositiveInt('KABAR_LOAD_COUNT') ?? 5000;
const IN_FLIGHT = optionalPositiveInt('KABAR_LOAD_IN_FLIGHT') ?? 32;
const WORKERS = optionalPositiveInt('KABAR_LOAD_WORKERS') ?? 8;
const TIMEOUT_MS = (optionalPositiveInt('KABAR_LOAD_TIMEOUT_S') ?? 600) * 1000;
const RATE = optionalPositiveInt('KABAR_LOAD_RATE') ?? null;

interface Target {
  s3: S3Client;
  dynamodb: DynamoDBClient;
  bucket: string;
  table: string;
  /** Where dead letters are, when the queue is ours. */
  dataDir: string | null;
  /** Handler-side DynamoDB requests, when the handler is ours. */
  dynamodbRequests: Map<string, number> | null;
  stop(): Promise<void>;
}

async function main(): Promise<void> {
  const articles = await loadArticles();
  const storedAt = new Map<string, number>();
  const processingMs: number[] = [];
  const target = optionalEnv('KABAR_LOAD_S3_ENDPOINT') ? await connectToRunningStack() : await startOwnStack(storedAt, processingMs);
  // Ctrl-C stops the emulators too (DynamoDB Local is a Java child process).
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => {
      console.error(`${signal}: stopping the stack…`);
      void target.stop().finally(() => process.exit(130));
    });
  }
  console.log(`load test: ${COUNT} articles (from ${articles.length} originals), ${IN_FLIGHT} uploads in flight, bucket ${target.bucket}`);

  const run = `run-${Date.now().toString(36)}`;
  const uploads = Array.from({ length: COUNT }, (_, n) => {
    const original = articles[n % articles.length]!;
    return { key: `incoming/load-${n % 7}/${run}/${String(n).padStart(5, '0')}-${original.name}`, body: variantOf(original.text, n) };
  });
  const uploadedAt = new Map<string, number>();
  const started = performance.now();
  let next = 0;
  await Promise.all(
    Array.from({ length: IN_FLIGHT }, async () => {
      while (next < uploads.length) {
        const index = next++;
        const upload = uploads[index]!;
        // Paced uploads measure latency without a backlog; unpaced ones measure throughput.
        if (RATE !== null) await sleep(started + (index * 1000) / RATE - performance.now());
        uploadedAt.set(upload.key, performance.now());
        await target.s3.send(new PutObjectCommand({ Bucket: target.bucket, Key: upload.key, Body: upload.body, ContentType: 'text/plain; charset=utf-8' }));
      }
    }),
  );
  const uploadSeconds = (performance.now() - started) / 1000;
  console.log(`uploaded ${COUNT} in ${uploadSeconds.toFixed(1)} s (${(COUNT / uploadSeconds).toFixed(0)}/s); waiting for records…`);

  const keys = uploads.map((u) => u.key);
  const ledger = await waitForAll(target, keys, storedAt, started);
  const lastStored = Math.max(...[...storedAt.values()]);
  const totalSeconds = (lastStored - started) / 1000;
  const latencies = keys.flatMap((key) => {
    const stored = storedAt.get(key);
    const uploaded = uploadedAt.get(key);
    return stored !== undefined && uploaded !== undefined ? [stored - uploaded] : [];
  });
  latencies.sort((a, b) => a - b);
  const requests = target.dynamodbRequests ? [...target.dynamodbRequests.values()].reduce((a, b) => a + b, 0) : null;

  const summary = {
    articles: COUNT,
    originals: articles.length,
    uploadsInFlight: IN_FLIGHT,
    uploadRateLimit: RATE,
    queueWorkers: target.dataDir ? WORKERS : 'external',
    uploadSeconds: round(uploadSeconds),
    endToEndSeconds: round(totalSeconds),
    throughputPerSecond: round(COUNT / totalSeconds),
    /** From the worker's first receive of the message to the record stored (no queueing in it). */
    processingMs: processingMs.length ? summarise(processingMs) : null,
    latencyMs: { p50: percentile(latencies, 0.5), p90: percentile(latencies, 0.9), p99: percentile(latencies, 0.99), max: percentile(latencies, 1) },
    peakRssMiB: round(process.resourceUsage().maxRSS / 1024),
    dynamodbRequestsPerArticle: requests === null ? null : round(requests / COUNT),
    dynamodbRequestsByCommand: target.dynamodbRequests ? Object.fromEntries(target.dynamodbRequests) : null,
    outcomes: { ok: ledger.ok, rejected: ledger.rejected, deadLettered: ledger.deadLettered.length },
    invariant: ledger.missing.length === 0 && ledger.both.length === 0 ? 'ok' : 'BROKEN',
  };
  console.log(JSON.stringify(summary, null, 2));
  if (summary.invariant !== 'ok') {
    console.error(`missing: ${ledger.missing.slice(0, 10).join(', ')}${ledger.missing.length > 10 ? ' …' : ''} (${ledger.missing.length})`);
    console.error(`recorded and dead-lettered: ${ledger.both.slice(0, 10).join(', ')} (${ledger.both.length})`);
  }
  await target.stop();
  process.exitCode = summary.invariant === 'ok' ? 0 : 1;
}

/**
 * The stack in this process, on free ports, in a temporary directory removed at the end.
 * DynamoDB Local runs in memory (as in the integration tests) unless KABAR_LOAD_PERSIST=1 asks
 * for its on-disk database, as `npm start` uses: that measures the emulator's SQLite more than us.
 */
async function startOwnStack(storedAt: Map<string, number>, processingMs: number[]): Promise<Target> {
  const dataDir = await mkdtemp(join(tmpdir(), 'kabar-load-'));
  const dynamodbRequests = new Map<string, number>();
  const onOutcome = (outcome: MessageOutcome) => {
    if (outcome.kind !== 'succeeded') return;
    const now = performance.now();
    if (outcome.message.firstReceivedAt !== undefined) processingMs.push(Date.now() - outcome.message.firstReceivedAt);
    for (const key of keysIn(outcome.message.body)) storedAt.set(key, now);
  };
  const closers: (() => Promise<void>)[] = [() => rm(dataDir, { recursive: true, force: true })];
  const stop = async () => {
    for (const close of closers.splice(0).reverse()) await close();
  };
  try {
    const s3Server = await startS3Endpoint({ port: 0, directory: join(dataDir, 's3') });
    closers.push(() => s3Server.close());
    const dynamodbServer = await startDynamoDbEndpoint({
      port: await freePort(),
      directory: optionalFlag('KABAR_LOAD_PERSIST') ? join(dataDir, 'dynamodb') : undefined,
    });
    closers.push(() => dynamodbServer.close());
    const clients = createLocalClients({ s3Endpoint: s3Server.url, dynamodbEndpoint: dynamodbServer.url });
    const poller = createLocalClients({ s3Endpoint: s3Server.url, dynamodbEndpoint: dynamodbServer.url });
    closers.push(async () => {
      for (const client of [clients.s3, clients.dynamodb, poller.s3, poller.dynamodb]) client.destroy();
    });
    const ingestion = await connectIngestion({
      s3Endpoint: s3Server,
      ...clients,
      dataDir,
      createHandler: (deps) => {
        // The handler's DynamoDB client (this script polls with its own): count its requests by command.
        deps.dynamodb.middlewareStack.add(
          (next, context) => (args) => {
            const name = context.commandName ?? 'unknown';
            dynamodbRequests.set(name, (dynamodbRequests.get(name) ?? 0) + 1);
            return next(args);
          },
          { step: 'initialize', name: 'kabarLoadCount' },
        );
        return createIngestHandler({ ...deps, logger: new Logger({ serviceName: 'kabar-ingest', logLevel: 'ERROR' }) });
      },
      queue: { concurrency: WORKERS, onOutcome } as Omit<LocalQueueOptions, 'dataDir' | 'handler'>,
    });
    closers.push(() => ingestion.stop());
    return { s3: clients.s3, dynamodb: poller.dynamodb, bucket: ingestion.bucketName, table: ingestion.tableName, dataDir, dynamodbRequests, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}

async function connectToRunningStack(): Promise<Target> {
  const clients = createLocalClients({
    s3Endpoint: requireEnv('KABAR_LOAD_S3_ENDPOINT'),
    dynamodbEndpoint: optionalEnv('KABAR_LOAD_DYNAMODB_ENDPOINT') ?? 'http://localhost:8000',
  });
  return {
    ...clients,
    bucket: optionalEnv('KABAR_LOAD_BUCKET') ?? LOCAL_BUCKET_NAME,
    table: optionalEnv('KABAR_LOAD_TABLE') ?? LOCAL_TABLE_NAME,
    dataDir: null,
    dynamodbRequests: null,
    async stop() {
      clients.s3.destroy();
      clients.dynamodb.destroy();
    },
  };
}

interface Ledger {
  ok: number;
  rejected: number;
  deadLettered: string[];
  missing: string[];
  both: string[];
}

/** Polls the table (and the dead letters) until every key has an outcome or the timeout passes. */
async function waitForAll(target: Target, keys: string[], storedAt: Map<string, number>, started: number): Promise<Ledger> {
  const deadline = Date.now() + TIMEOUT_MS;
  let lastReport = Date.now();
  for (;;) {
    const statuses = await statusesOf(target, keys);
    const now = performance.now();
    // Without the queue's callback (external stack), the poll time is the record time.
    for (const key of statuses.keys()) if (!storedAt.has(key)) storedAt.set(key, now);
    const dead = new Set(target.dataDir ? (await listDeadLetters(target.dataDir)).flatMap((l) => keysIn(l.body)) : []);
    const ledger: Ledger = { ok: 0, rejected: 0, deadLettered: [], missing: [], both: [] };
    for (const key of keys) {
      const status = statuses.get(key);
      if (status && dead.has(key)) ledger.both.push(key);
      else if (status === 'ok') ledger.ok++;
      else if (status) ledger.rejected++;
      else if (dead.has(key)) ledger.deadLettered.push(key);
      else ledger.missing.push(key);
    }
    if (ledger.missing.length === 0 || Date.now() > deadline) return ledger;
    if (Date.now() - lastReport > 10_000) {
      lastReport = Date.now();
      console.log(`  ${keys.length - ledger.missing.length}/${keys.length} done after ${((now - started) / 1000).toFixed(0)} s`);
    }
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
}

/** Record status per key, read 100 keys per BatchGetItem. */
async function statusesOf(target: Target, keys: string[]): Promise<Map<string, string>> {
  const byId = new Map(keys.map((key) => [articleIdOf(target.bucket, key), key]));
  const statuses = new Map<string, string>();
  const ids = [...byId.keys()];
  for (let start = 0; start < ids.length; start += 100) {
    let request:
      | Record<
          string,
          {
            Keys: Record<string, import('@aws-sdk/client-dynamodb').AttributeValue>[];
            ProjectionExpression: string;
            ExpressionAttributeNames: Record<string, string>;
          }
        >
      | undefined = {
      [target.table]: {
        Keys: ids.slice(start, start + 100).map((id) => marshall(articleKey(id))),
        ProjectionExpression: 'id, #status',
        ExpressionAttributeNames: { '#status': 'status' },
      },
    };
    while (request && Object.keys(request).length > 0) {
      const result = await target.dynamodb.send(new BatchGetItemCommand({ RequestItems: request }));
      for (const raw of result.Responses?.[target.table] ?? []) {
        const item = unmarshall(raw) as { id: string; status: string };
        const key = byId.get(item.id);
        if (key) statuses.set(key, item.status);
      }
      request = result.UnprocessedKeys as typeof request;
    }
  }
  return statuses;
}

/** The corpus when present, else the bundled samples and fixtures. */
async function loadArticles(): Promise<{ name: string; text: string }[]> {
  const corpus = join(ROOT, '..', 'shared', 'corpus', 'articles');
  const directories = (await isDirectory(corpus))
    ? [corpus]
    : [join(ROOT, 'samples'), join(ROOT, 'tests', 'fixtures', 'articles'), join(ROOT, 'tests', 'fixtures', 'generalization')];
  const articles: { name: string; text: string }[] = [];
  for (const directory of directories) {
    for (const name of (await readdir(directory)).sort()) {
      if (!/\.(?:txt|md|html|json)$/.test(name)) continue;
      articles.push({ name: basename(name).replace(/[^\w.-]/g, '_'), text: await readFile(join(directory, name), 'utf8') });
    }
  }
  if (articles.length === 0) throw new Error(`no articles found in ${directories.join(', ')}`);
  return articles;
}

/** A copy with a small edit (a numbered update line), so each upload is a distinct text. */
function variantOf(text: string, n: number): string {
  if (n < 1) return text;
  const note = `(Diperbarui ${n}: laporan ini telah diperbarui dengan informasi tambahan nomor ${n}.)`;
  return n % 2 === 0 ? `${text.trimEnd()}\n\n${note}\n` : `${note}\n\n${text}`;
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, Math.max(0, ms)));
}

function keysIn(body: string): string[] {
  try {
    const parsed = JSON.parse(body) as { Records?: { s3?: { object?: { key?: string } } }[] };
    return (parsed.Records ?? []).flatMap((r) => (r.s3?.object?.key ? [decodeS3EventKey(r.s3.object.key)] : []));
  } catch {
    return [];
  }
}

async function isDirectory(path: string): Promise<boolean> {
  try {
    return (await readdir(path)).length > 0;
  } catch {
    return false;
  }
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      const port = typeof address === 'object' && address !== null ? address.port : 0;
      probe.close(() => resolve(port));
    });
  });
}

function summarise(values: number[]): { p50: number | null; p99: number | null } {
  const sorted = [...values].sort((a, b) => a - b);
  return { p50: percentile(sorted, 0.5), p99: percentile(sorted, 0.99) };
}

function percentile(sorted: number[], p: number): number | null {
  if (sorted.length === 0) return null;
  return Math.round(sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))]!);
}

function round(value: number): number {
  return Math.round(value * 10) / 10;
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
