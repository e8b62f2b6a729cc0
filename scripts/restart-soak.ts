#!/usr/bin/env node
/**
 * `npm run soak`: the restart soak of the local stack. Runs `npm start` (bin/start.ts) as a child
 * process on one data directory, uploads N articles from this process, and `kill -9`s the stack at
 * random moments, during the uploads and during the processing, restarting it on the same data
 * directory each time. Then it checks the invariant object by object:
 *
 * - every object under `incoming/` has exactly one record, and every record has its object
 *   (nothing missing, nothing twice, nothing ingested from an upload that left no object);
 * - every object holds whole bytes the client sent (its ETag is the MD5 of one body sent);
 * - the record reflects the object's last version (same size);
 * - every dead letter is explained (a message held by a killed worker `maxReceiveCount` times);
 *   those are redriven, and must then end as records too.
 *
 * Uploads retry until they succeed, with a new version of the body each time (a publisher
 * re-sending); one in ten is sent once only: when the client saw that one fail, the object must
 * be absent, or whole and recorded (the stack died after storing it but before answering: S3
 * allows the same).
 *
 * Environment (all optional): KABAR_SOAK_COUNT=5000, KABAR_SOAK_KILLS=6 (half during uploads, half
 * during processing), KABAR_SOAK_SEED, KABAR_SOAK_IN_FLIGHT=16, KABAR_SOAK_TIMEOUT_S=3600,
 * KABAR_SOAK_RESUME=1 (finish and check a soak's data directory whose driver died),
 * KABAR_S3_PORT / KABAR_DYNAMODB_PORT (default: free ports), KABAR_SOAK_DATA_DIR (default: a
 * temporary directory, removed when the soak passes).
 *
 * @example KABAR_SOAK_COUNT=500 npm run soak // → { uploads: 500, kills: 6, …, invariant: 'ok' }
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { type AttributeValue, ScanCommand } from '@aws-sdk/client-dynamodb';
import { ListObjectsV2Command, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import { decodeS3EventKey } from '#shared/ingest/s3-event.ts';
import { listDeadLetters, queueDirectories, redriveDeadLetters } from '#ops/local/local-queue.ts';
import { createLocalClients } from '#ops/local/local-stack.ts';
import { seededRandom } from '#shared/random.ts';
import { INCOMING_PREFIX, LOCAL_BUCKET_NAME, LOCAL_TABLE_NAME } from '#shared/table-definition.ts';

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

const ROOT = fileURLToPath(new URL('../', import.meta.url));
/** The reasons the queue gives a message whose deliveries were cut short by killed workers. */
const isKilledWorkerReason = (reason: string | undefined): boolean =>
  reason !== undefined && (reason.startsWith('the worker died while processing it') || reason.startsWith('visibility timeout expired'));

export interface SoakOptions {
  uploads: number;
  /** Kills in all; the first half during the uploads, the rest during the processing. */
  kills: number;
  seed: number;
  inFlight: number;
  dataDir: string;
  s3Port: number;
  dynamodbPort: number;
  timeoutMs: number;
  log: (line: string) => void;
  /**
   * Skip the uploads and kills: start the stack on a data directory a soak left (its driver died,
   * say), let it finish, and check. Bodies are deterministic, so every version's MD5 is recomputed.
   */
  resume?: boolean;
}

export interface SoakResult {
  uploads: number;
  kills: { phase: 'uploads' | 'processing'; uploaded: number; records: number }[];
  /** Upload attempts the client saw fail (connection refused or reset). */
  failedAttempts: number;
  /** Send-once uploads the client saw fail: stored whole (the stack died after storing, before answering) or absent. */
  failedOnce: { storedWhole: number; absent: number };
  objects: number;
  records: number;
  /** What each restart's start-up check printed (crash repairs, released messages, re-queued objects). */
  startupReports: string[][];
  deadLetters: { explained: number; unexplained: string[] };
  problems: string[];
  seconds: number;
}

interface Upload {
  index: number;
  key: string;
  /** MD5 of every body sent for the key, in order. */
  sent: string[];
  sizes: number[];
  once: boolean;
  succeeded: boolean;
}

/** Key shapes that broke the local S3 before (spaces, `+`, `%`, en dash, CJK, emoji, deep prefixes). */
const SHAPES: ((i: number) => string)[] = [
  (i) => `soak/plain/${i}.txt`,
  (i) => `soak/with space/${i} a+b.txt`,
  (i) => `soak/100%/${i}%20.txt`,
  (i) => `soak/kiev–kyiv/${i}.txt`,
  (i) => `soak/新闻/${i} 报道.txt`,
  (i) => `soak/🚀/${i} 📰.txt`,
  (i) => `soak/deep/a/b/c/d/e/${i}.txt`,
];

/**
 * Runs the soak; resolves with figures and the problems found (none when the invariant holds).
 *
 * @example await runRestartSoak({ uploads: 300, kills: 4, … }) // → { problems: [], kills: [{ phase: 'uploads', … }, …], … }
 */
export async function runRestartSoak(options: SoakOptions): Promise<SoakResult> {
  const started = Date.now();
  const random = seededRandom(options.seed);
  const articles = await loadArticles();
  const endpoints = { s3Endpoint: `http://localhost:${options.s3Port}`, dynamodbEndpoint: `http://localhost:${options.dynamodbPort}` };
  const s3 = new S3Client({
    endpoint: endpoints.s3Endpoint,
    region: 'us-east-1',
    forcePathStyle: true,
    credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
    maxAttempts: 1,
  });
  const { dynamodb } = createLocalClients(endpoints);
  const result: SoakResult = {
    uploads: options.uploads,
    kills: [],
    failedAttempts: 0,
    failedOnce: { storedWhole: 0, absent: 0 },
    objects: 0,
    records: 0,
    startupReports: [],
    deadLetters: { explained: 0, unexplained: [] },
    problems: [],
    seconds: 0,
  };
  let stack = await startStack(options, result);
  try {
    return await soak();
  } finally {
    // Never leave the stack running behind a failed soak (its Java child would outlive it too).
    await stack.stop();
    s3.destroy();
    dynamodb.destroy();
  }

  async function soak(): Promise<SoakResult> {
    const uploads: Upload[] = Array.from({ length: options.uploads }, (_, i) => ({
      index: i,
      key: `${INCOMING_PREFIX}${(SHAPES[i % SHAPES.length] as (i: number) => string)(i)}`,
      sent: [],
      sizes: [],
      once: i % 10 === 9,
      succeeded: false,
    }));
    if (options.resume) {
      for (const upload of uploads) {
        for (let version = 1; version <= RESUME_VERSIONS; version++) {
          const body = Buffer.from(variantOf(articles[upload.index % articles.length] as string, upload.key, version));
          upload.sent.push(createHash('md5').update(body).digest('hex'));
        }
        // A soak's driver re-sends every upload but the send-once ones until it succeeds.
        upload.succeeded = !upload.once;
      }
    }
    const killsDuringUploads = options.resume ? 0 : Math.ceil(options.kills / 2);
    const uploadKillPoints = Array.from({ length: killsDuringUploads }, (_, k) =>
      Math.floor(((k + 0.2 + random() * 0.6) / killsDuringUploads) * options.uploads),
    );
    let restarting: Promise<void> | undefined;
    // A kill point reached while the stack is still restarting (send-once uploads fail fast and count
    // on, on a loaded machine) kills the restarted stack next: every kill asked for happens.
    const killAndRestart = (phase: 'uploads' | 'processing', uploaded: number): Promise<void> => {
      const current: Promise<void> = (restarting ?? Promise.resolve())
        .then(async () => {
          const records = await countRecords(dynamodb).catch(() => -1);
          result.kills.push({ phase, uploaded, records });
          options.log(`kill -9 #${result.kills.length} during ${phase} (${uploaded} uploaded, ${records} records)`);
          await stack.kill();
          stack = await startStack(options, result);
        })
        .finally(() => {
          if (restarting === current) restarting = undefined;
        });
      restarting = current;
      return current;
    };

    // Uploads: in flight at once, retried until they succeed (a new version each time), except the send-once ones.
    let next = 0;
    let uploaded = 0;
    await Promise.all(
      Array.from({ length: options.inFlight }, async () => {
        while (next < uploads.length) {
          const upload = uploads[next++] as Upload;
          for (let version = 1; !upload.succeeded && !options.resume; version++) {
            const body = Buffer.from(variantOf(articles[upload.index % articles.length] as string, upload.key, version));
            upload.sent.push(createHash('md5').update(body).digest('hex'));
            upload.sizes.push(body.length);
            try {
              await s3.send(new PutObjectCommand({ Bucket: LOCAL_BUCKET_NAME, Key: upload.key, Body: body, ContentType: 'text/plain; charset=utf-8' }));
              upload.succeeded = true;
            } catch {
              result.failedAttempts++;
              if (upload.once) break;
              // The stack is down: wait for the restart (a kill mid-upload is the point), then re-send.
              await (restarting ?? sleep(100));
            }
          }
          uploaded++;
          if (uploadKillPoints[0] !== undefined && uploaded >= uploadKillPoints[0]) {
            uploadKillPoints.shift();
            void killAndRestart('uploads', uploaded);
          }
        }
      }),
    );
    await restarting;

    // Processing: kill at random moments while the queue drains (spread over the time it should take, ~12 articles/s).
    const processingKills = options.resume ? 0 : options.kills - killsDuringUploads;
    const gapMs = ((options.uploads / 12) * 1000) / (processingKills + 1);
    for (let k = 0; k < processingKills; k++) {
      await sleep(1000 + random() * gapMs);
      await killAndRestart('processing', uploaded);
    }

    const deadline = started + options.timeoutMs;
    await waitUntilDrained(options.dataDir, deadline, options.log);
    const deadLetters = await listDeadLetters(options.dataDir);
    for (const letter of deadLetters) {
      if (isKilledWorkerReason(letter.lastError)) result.deadLetters.explained++;
      else result.deadLetters.unexplained.push(`${keysIn(letter.body).join(', ')}: ${letter.lastError}`);
    }
    if (result.deadLetters.explained > 0) {
      options.log(`redriving ${result.deadLetters.explained} dead letter(s) left by killed workers`);
      await redriveDeadLetters(
        options.dataDir,
        deadLetters.filter((l) => isKilledWorkerReason(l.lastError)).map((l) => l.messageId),
      );
      await waitUntilDrained(options.dataDir, deadline, options.log);
    }

    await check(s3, dynamodb, uploads, result);
    result.seconds = Math.round((Date.now() - started) / 1000);
    return result;
  }
}

/** Versions recomputed on resume (a key is re-sent once per kill that catches it, at most). */
const RESUME_VERSIONS = 30;

interface RunningStack {
  kill(): Promise<void>;
  stop(): Promise<void>;
}

/** Starts `npm start` (bin/start.ts) on the soak's ports and data directory; resolves once it reported its start-up check. */
async function startStack(options: SoakOptions, result: SoakResult): Promise<RunningStack> {
  // One process (node with the tsx loader), so `kill -9` hits the stack itself, not a wrapper.
  const child: ChildProcess = spawn(process.execPath, ['--import', 'tsx', join(ROOT, 'bin', 'start.ts')], {
    cwd: ROOT,
    env: {
      ...process.env,
      KABAR_S3_PORT: String(options.s3Port),
      KABAR_DYNAMODB_PORT: String(options.dynamodbPort),
      KABAR_DATA_DIR: options.dataDir,
      AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const report: string[] = [];
  let stderr = '';
  child.stderr?.on('data', (data: Buffer) => {
    stderr = (stderr + data.toString()).slice(-4000);
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  await new Promise<void>((resolve, reject) => {
    child.once('exit', (code, signal) => reject(new Error(`the stack exited (${signal ?? code}) before it started:\n${stderr}`)));
    createInterface({ input: child.stdout! }).on('line', (line) => {
      if (/^(local S3|queue|start-up check):|^ {2}(re-queued|…)|^✗/.test(line)) report.push(line);
      // Printed once the stack is up; the re-queued keys follow at once.
      if (line.startsWith('start-up check:')) setTimeout(resolve, 300);
    });
  });
  result.startupReports.push(report);
  options.log(report.filter((l) => !l.startsWith('  ')).join('\n'));
  return {
    async kill() {
      child.kill('SIGKILL');
      await exited;
    },
    async stop() {
      child.kill('SIGTERM');
      await exited;
    },
  };
}

/** Waits until the queue holds no message (all processed or dead-lettered). */
async function waitUntilDrained(dataDir: string, deadline: number, log: (line: string) => void): Promise<void> {
  const { messages } = queueDirectories(dataDir);
  let lastLog = 0;
  for (;;) {
    const pending = (await readdir(messages)).filter((n) => n.endsWith('.json')).length;
    if (pending === 0) return;
    if (Date.now() > deadline) throw new Error(`the queue still holds ${pending} message(s) at the deadline`);
    if (Date.now() - lastLog > 15_000) {
      lastLog = Date.now();
      log(`  ${pending} message(s) still queued`);
    }
    await sleep(500);
  }
}

/** Object by object: one record each, whole bytes, the last version recorded; no record without an object. */
async function check(s3: S3Client, dynamodb: ReturnType<typeof createLocalClients>['dynamodb'], uploads: Upload[], result: SoakResult): Promise<void> {
  const objects = new Map<string, { etag: string; size: number }>();
  let token: string | undefined;
  do {
    const page = await s3.send(new ListObjectsV2Command({ Bucket: LOCAL_BUCKET_NAME, Prefix: INCOMING_PREFIX, ContinuationToken: token }));
    for (const o of page.Contents ?? []) {
      if (objects.has(o.Key as string)) result.problems.push(`listed twice: ${o.Key}`);
      objects.set(o.Key as string, { etag: (o.ETag ?? '').replace(/"/g, ''), size: o.Size ?? -1 });
    }
    token = page.IsTruncated ? page.NextContinuationToken : undefined;
  } while (token !== undefined);
  result.objects = objects.size;

  const records = new Map<string, { status: string; size: number | null }[]>();
  let startKey: Record<string, AttributeValue> | undefined;
  do {
    const page = await dynamodb.send(
      new ScanCommand({
        TableName: LOCAL_TABLE_NAME,
        FilterExpression: 'sk = :article',
        ExpressionAttributeValues: { ':article': { S: '#ARTICLE' } },
        ProjectionExpression: 'objectKey, #status, #size',
        ExpressionAttributeNames: { '#status': 'status', '#size': 'size' },
        ExclusiveStartKey: startKey,
      }),
    );
    for (const raw of page.Items ?? []) {
      const item = unmarshall(raw) as { objectKey: string; status: string; size: number | null };
      records.set(item.objectKey, [...(records.get(item.objectKey) ?? []), { status: item.status, size: item.size }]);
    }
    startKey = page.LastEvaluatedKey;
  } while (startKey !== undefined);
  result.records = [...records.values()].reduce((n, r) => n + r.length, 0);

  for (const [key, object] of objects) {
    const recorded = records.get(key) ?? [];
    if (recorded.length === 0) result.problems.push(`no record: ${key}`);
    if (recorded.length > 1) result.problems.push(`${recorded.length} records: ${key}`);
    const size = recorded[0]?.size;
    if (size !== null && size !== undefined && size !== object.size)
      result.problems.push(`record of another version (size ${size}, object ${object.size}): ${key}`);
  }
  for (const key of records.keys()) if (!objects.has(key)) result.problems.push(`record without an object: ${key}`);
  for (const upload of uploads) {
    const object = objects.get(upload.key);
    if (object === undefined) {
      if (upload.succeeded) result.problems.push(`upload the client saw succeed is missing: ${upload.key}`);
      else result.failedOnce.absent++;
      continue;
    }
    if (!upload.sent.includes(object.etag)) result.problems.push(`object is not a body that was sent (cut short?): ${upload.key}`);
    if (!upload.succeeded) result.failedOnce.storedWhole++;
  }
  result.problems.push(...result.deadLetters.unexplained.map((d) => `unexplained dead letter: ${d}`));
}

async function countRecords(dynamodb: ReturnType<typeof createLocalClients>['dynamodb']): Promise<number> {
  let count = 0;
  let startKey: Record<string, AttributeValue> | undefined;
  do {
    const page = await dynamodb.send(
      new ScanCommand({
        TableName: LOCAL_TABLE_NAME,
        Select: 'COUNT',
        FilterExpression: 'sk = :article',
        ExpressionAttributeValues: { ':article': { S: '#ARTICLE' } },
        ExclusiveStartKey: startKey,
      }),
    );
    count += page.Count ?? 0;
    startKey = page.LastEvaluatedKey;
  } while (startKey !== undefined);
  return count;
}

/** The bundled samples and test fixtures (no corpus: the soak runs on a clean clone). */
async function loadArticles(): Promise<string[]> {
  const articles: string[] = [];
  for (const directory of [join(ROOT, 'samples'), join(ROOT, 'tests', 'fixtures', 'articles'), join(ROOT, 'tests', 'fixtures', 'generalization')]) {
    let names: string[];
    try {
      names = (await readdir(directory)).sort();
    } catch {
      continue;
    }
    for (const name of names) if (name.endsWith('.txt')) articles.push(await readFile(join(directory, name), 'utf8'));
  }
  if (articles.length === 0) throw new Error('no .txt articles found in samples/ or tests/fixtures/articles/');
  return articles;
}

/** A distinct text per key and version, so every body has its own MD5 and size. */
function variantOf(text: string, key: string, version: number): string {
  return `${text.trimEnd()}\n\n(Diperbarui: versi ${version} dari ${key}${'.'.repeat(version)})\n`;
}

function keysIn(body: string): string[] {
  try {
    const parsed = JSON.parse(body) as { Records?: { s3?: { object?: { key?: string } } }[] };
    return (parsed.Records ?? []).flatMap((r) => (r.s3?.object?.key ? [decodeS3EventKey(r.s3.object.key)] : []));
  } catch {
    return [];
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

export function freePort(): Promise<number> {
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

function positiveInt(name: string, fallback: number): number {
  const raw = process.env[name];
  if (!raw) return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 0) throw new Error(`${name} must be a non-negative integer, got "${raw}"`);
  return value;
}

async function main(): Promise<void> {
  const ownDir = process.env.KABAR_SOAK_DATA_DIR === undefined;
  const dataDir = process.env.KABAR_SOAK_DATA_DIR ?? (await mkdtemp(join(tmpdir(), 'kabar-soak-')));
  const options: SoakOptions = {
    uploads: positiveInt('KABAR_SOAK_COUNT', 5000),
    kills: positiveInt('KABAR_SOAK_KILLS', 6),
    seed: positiveInt('KABAR_SOAK_SEED', Date.now() % 1_000_000),
    inFlight: positiveInt('KABAR_SOAK_IN_FLIGHT', 16),
    dataDir,
    s3Port: process.env.KABAR_S3_PORT ? Number(process.env.KABAR_S3_PORT) : await freePort(),
    dynamodbPort: process.env.KABAR_DYNAMODB_PORT ? Number(process.env.KABAR_DYNAMODB_PORT) : await freePort(),
    timeoutMs: positiveInt('KABAR_SOAK_TIMEOUT_S', 3600) * 1000,
    resume: process.env.KABAR_SOAK_RESUME === '1',
    log: (line) => console.log(line),
  };
  console.log(`restart soak: ${options.uploads} uploads, ${options.kills} kills, seed ${options.seed}, data in ${dataDir}`);
  const result = await runRestartSoak(options);
  const { startupReports, ...figures } = result;
  console.log(
    JSON.stringify(
      { seed: options.seed, ...figures, problems: result.problems.slice(0, 20), invariant: result.problems.length === 0 ? 'ok' : 'BROKEN' },
      null,
      2,
    ),
  );
  if (result.problems.length === 0 && ownDir) await rm(dataDir, { recursive: true, force: true });
  process.exitCode = result.problems.length === 0 ? 0 : 1;
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  main().catch((error: unknown) => {
    console.error(error);
    process.exit(1);
  });
}
