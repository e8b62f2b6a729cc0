/**
 * "Nothing lost": with S3 and DynamoDB failing, throttling, stalling and hanging up under the
 * handler, with an endpoint killed mid-batch, and with the handler itself crashing, timing out
 * or dying mid-batch, every uploaded object ends with exactly one record or one dead letter.
 *
 * The handler's clients go through fault proxies (helpers/fault-proxy.ts) with the SDK's own
 * retries (backoff with jitter) left on; uploads and checks go straight to the emulators.
 */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { S3Client } from '@aws-sdk/client-s3';
import type { SQSBatchResponse } from 'aws-lambda';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { optionalFlag } from '#shared/config/env.ts';
import taxonomy from '#shared/data/taxonomy.json' with { type: 'json' };
import { decodeS3EventKey } from '#shared/ingest/s3-event.ts';
import { articleIdOf } from '#shared/ingest/article-id.ts';
import { LOCAL_DYNAMODB_CREDENTIALS } from '#ops/local/dynamodb-endpoint.ts';
import { LocalQueue, type QueueHandler, redriveDeadLetters } from '#ops/local/local-queue.ts';
import { LOCAL_S3_CREDENTIALS } from '#ops/local/s3-endpoint.ts';
import { LOCAL_REGION } from '#ops/local/s3-event.ts';
import type { ArticleRecord } from '#shared/record.ts';
import { type FaultProxy, startFaultProxy } from './helpers/fault-proxy.ts';
import { type HarnessOptions, type IngestHarness, startIngestHarness } from './helpers/ingest-harness.ts';
import { type ConnectedEmulators, useEmulators } from './helpers/use-emulators.ts';

const TOPICS = taxonomy.topics.map((topic) => topic.id);
const CITIES = ['Riyadh', 'Jeddah', 'Doha', 'Cairo', 'Amman', 'Kyiv', 'Odesa', 'Istanbul', 'Geneva', 'Jakarta'];
const SUBJECTS = ['gencatan senjata di Gaza', 'pertukaran tahanan', 'harga minyak dunia', 'bantuan kemanusiaan', 'perundingan damai Ukraina'];

/** A short, distinct Indonesian news article (written for these tests). */
function articleNumber(n: number): string {
  const city = CITIES[n % CITIES.length]!;
  const subject = SUBJECTS[n % SUBJECTS.length]!;
  return `${city.toUpperCase()} - Delegasi dari ${(n % 7) + 2} negara bertemu di ${city} pada hari ke-${n} bulan ini untuk membahas ${subject}.

Pertemuan nomor ${n} itu berlangsung selama ${(n % 5) + 2} jam dan dipimpin oleh menteri luar negeri tuan rumah.

"Kami berharap ada kemajuan nyata dalam pembahasan ${subject}," kata seorang diplomat kepada wartawan usai pertemuan ke-${n}.`;
}

/** The handler's clients, through the proxies; a few SDK attempts keep failures quick. */
function clientsVia(s3Proxy: FaultProxy, dynamodbProxy: FaultProxy): { s3: S3Client; dynamodb: DynamoDBClient } {
  return {
    s3: new S3Client({ endpoint: s3Proxy.url, region: LOCAL_REGION, forcePathStyle: true, credentials: LOCAL_S3_CREDENTIALS, maxAttempts: 3 }),
    dynamodb: new DynamoDBClient({ endpoint: dynamodbProxy.url, region: LOCAL_REGION, credentials: LOCAL_DYNAMODB_CREDENTIALS, maxAttempts: 3 }),
  };
}

interface Ledger {
  recorded: string[];
  deadLettered: string[];
  both: string[];
  missing: string[];
  /** Keys whose history holds more than one version entry (processed as two versions). */
  doubled: string[];
}

/** Where each uploaded key ended: a record, a dead letter, both (a duplicate) or neither (lost). */
async function ledgerOf(harness: IngestHarness, keys: string[]): Promise<Ledger> {
  const deadKeys = new Set(
    (await harness.deadLetters()).flatMap((letter) =>
      (JSON.parse(letter.body) as { Records: { s3: { object: { key: string } } }[] }).Records.map((r) => decodeS3EventKey(r.s3.object.key)),
    ),
  );
  const ledger: Ledger = { recorded: [], deadLettered: [], both: [], missing: [], doubled: [] };
  for (const key of keys) {
    const record = await harness.recordOf(key);
    if (record && deadKeys.has(key)) ledger.both.push(key);
    else if (record) ledger.recorded.push(key);
    else if (deadKeys.has(key)) ledger.deadLettered.push(key);
    else ledger.missing.push(key);
    if (record && (await harness.reader.listVersions(articleIdOf(harness.bucket, key))).length !== 1) ledger.doubled.push(key);
  }
  return ledger;
}

async function uploadAll(harness: IngestHarness, keys: string[], concurrency = 8): Promise<void> {
  const queue = keys.map((key, n) => [key, n] as const);
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      for (let next = queue.shift(); next; next = queue.shift()) await harness.upload(next[0], articleNumber(next[1]));
    }),
  );
}

/** Waits until every key has been queued and the queue is empty again. */
async function drain(harness: IngestHarness, keys: string[], timeoutMs = 90_000): Promise<void> {
  // Uploads notify asynchronously: wait until each key has a record or a dead letter.
  await vi.waitFor(
    async () => {
      expect((await ledgerOf(harness, keys)).missing, 'keys with neither a record nor a dead letter').toEqual([]);
      expect(await harness.ingestion.queue.pendingCount(), 'messages still queued').toBe(0);
    },
    { timeout: timeoutMs, interval: 200 },
  );
}

let emulators: ConnectedEmulators;
let s3Proxy: FaultProxy;
let dynamodbProxy: FaultProxy;
let harness: IngestHarness | undefined;

beforeAll(async () => {
  emulators = await useEmulators();
  dynamodbProxy = await startFaultProxy({ target: emulators.dynamodbEndpoint, service: 'dynamodb', seed: 20250218 });
});
afterEach(async () => {
  await harness?.stop();
  harness = undefined;
  await s3Proxy?.close();
  // A failed outage test may leave the shared DynamoDB proxy down.
  if (!dynamodbProxy.listening) await dynamodbProxy.up();
  dynamodbProxy.setPlan({});
});
afterAll(async () => {
  await dynamodbProxy?.close();
  await emulators?.release();
});

/** A harness whose handler talks to S3 and DynamoDB through the proxies (the S3 one made per test, in front of its s3rver). */
function harnessBehindProxies(options: Omit<HarnessOptions, 'emulators' | 'handlerClients'> & { seed: number }): Promise<IngestHarness> {
  return startIngestHarness({
    ...options,
    emulators,
    handlerClients: async ({ s3Endpoint }) => {
      s3Proxy = await startFaultProxy({ target: s3Endpoint, service: 's3', seed: options.seed });
      return clientsVia(s3Proxy, dynamodbProxy);
    },
  });
}

describe('ingestion under injected faults', () => {
  it('keeps the invariant with S3 and DynamoDB failing, throttling, stalling and hanging up: one record per object', async () => {
    const retries: string[] = [];
    harness = await harnessBehindProxies({
      seed: 1,
      queue: { maxReceiveCount: 5, retryDelayMs: 100, onOutcome: (o) => void (o.kind === 'will-retry' && retries.push(o.error)) },
    });
    const plan = { errorRate: 0.15, dropRate: 0.04, dropAfterRate: 0.04, delayRate: 0.1, delayMs: 150 };
    s3Proxy.setPlan(plan);
    dynamodbProxy.setPlan(plan);
    const faultsBefore = totalFaults(dynamodbProxy);
    const keys = Array.from({ length: 60 }, (_, n) => `incoming/faults/article-${String(n).padStart(3, '0')}.txt`);
    await uploadAll(harness, keys);
    await drain(harness, keys);

    const ledger = await ledgerOf(harness, keys);
    // Some faults got past the SDK's retries and sent messages back to the queue.
    expect(retries.length).toBeGreaterThan(0);
    expect({ both: ledger.both, missing: ledger.missing, doubled: ledger.doubled }).toEqual({ both: [], missing: [], doubled: [] });
    expect(ledger.recorded.length + ledger.deadLettered.length).toBe(keys.length);
    // Five receives of three SDK attempts each leave few dead letters, rarely one on a loaded machine:
    // once the faults stop, a redrive must turn every one of them into its record.
    s3Proxy.setPlan({});
    dynamodbProxy.setPlan({});
    await redriveDeadLetters(harness.dataDir);
    await drain(harness, keys);
    const recovered = await ledgerOf(harness, keys);
    expect({ both: recovered.both, missing: recovered.missing, doubled: recovered.doubled, dead: recovered.deadLettered }).toEqual({
      both: [],
      missing: [],
      doubled: [],
      dead: [],
    });
    for (const key of keys) expect((await harness.recordOf(key))?.status).toBe('ok');
    // KABAR_DEBUG=1 prints the fault mix (docs/robustness.md quotes a run).
    if (optionalFlag('KABAR_DEBUG')) console.log('fault stats', { s3: s3Proxy.stats, dynamodb: dynamodbProxy.stats, retries: retries.length });
    // The faults did happen, on both services.
    expect(totalFaults(s3Proxy)).toBeGreaterThan(10);
    expect(totalFaults(dynamodbProxy) - faultsBefore).toBeGreaterThan(10);
  });

  it('keeps history and topic lists exact when new versions land under faults: no lost, doubled or stale listing', async () => {
    harness = await harnessBehindProxies({ seed: 4, queue: { maxReceiveCount: 8, retryDelayMs: 100 } });
    const keys = Array.from({ length: 12 }, (_, n) => `incoming/versions/article-${String(n).padStart(2, '0')}.txt`);
    await uploadAll(harness, keys);
    await drain(harness, keys);
    const first = new Map<string, ArticleRecord>();
    for (const key of keys) first.set(key, (await harness.recordOf(key)) as ArticleRecord);
    // The second version of each key has another subject, so its topics differ; the faults hit the
    // history write, the guarded put and their answers alike (dropped after the write: the client retries).
    const plan = { errorRate: 0.15, dropRate: 0.05, dropAfterRate: 0.08, delayRate: 0.1, delayMs: 100 };
    dynamodbProxy.setPlan(plan);
    s3Proxy.setPlan(plan);
    const faultsBefore = totalFaults(dynamodbProxy);
    await Promise.all(keys.map((key, n) => harness!.upload(key, articleNumber(n + 2))));
    await vi.waitFor(
      async () => {
        for (const key of keys) expect((await harness!.recordOf(key))?.sequencer, key).not.toBe(first.get(key)?.sequencer);
        expect(await harness!.ingestion.queue.pendingCount()).toBe(0);
      },
      { timeout: 90_000, interval: 200 },
    );
    dynamodbProxy.setPlan({});
    expect(totalFaults(dynamodbProxy) - faultsBefore).toBeGreaterThan(5);
    const lists = new Map<string, string[]>();
    for (const topic of TOPICS)
      lists.set(
        topic,
        (await harness.reader.listByTopic(topic, { limit: 100 })).items.map((a) => a.id),
      );
    const moved: string[] = [];
    for (const key of keys) {
      const record = (await harness.recordOf(key)) as ArticleRecord;
      if (JSON.stringify(record.topics) !== JSON.stringify(first.get(key)?.topics)) moved.push(key);
      const versions = await harness.reader.listVersions(record.id);
      expect(
        versions.map((v) => v.sequencer),
        key,
      ).toEqual([record.sequencer, first.get(key)?.sequencer]);
      expect(versions[1]?.topics, key).toEqual(first.get(key)?.topics);
      for (const topic of TOPICS) expect(lists.get(topic)?.includes(record.id), `${key} listed under ${topic}`).toBe(record.topics.includes(topic));
    }
    // The second versions did move articles between lists.
    expect(moved.length).toBeGreaterThan(0);
  });

  it('dead-letters what fails too often, never also storing it, and a redrive after recovery stores it once', async () => {
    harness = await harnessBehindProxies({ seed: 2, queue: { maxReceiveCount: 2, retryDelayMs: 50 } });
    s3Proxy.setPlan({ errorRate: 0.8, dropRate: 0.1 });
    const keys = Array.from({ length: 20 }, (_, n) => `incoming/storm/article-${n}.txt`);
    await uploadAll(harness, keys);
    await drain(harness, keys);

    const during = await ledgerOf(harness, keys);
    expect({ both: during.both, missing: during.missing, doubled: during.doubled }).toEqual({ both: [], missing: [], doubled: [] });
    expect(during.deadLettered.length).toBeGreaterThan(0);

    s3Proxy.setPlan({});
    await redriveDeadLetters(harness.dataDir);
    await expect
      .poll(async () => (await ledgerOf(harness!, keys)).recorded.length, { message: 'every redriven object stored', timeout: 60_000, interval: 100 })
      .toBe(keys.length);
    const after = await ledgerOf(harness, keys);
    expect(after).toMatchObject({ recorded: keys, deadLettered: [], both: [], missing: [], doubled: [] });
  });

  it('loses nothing when both endpoints die mid-batch and come back', async () => {
    let killed = false;
    harness = await harnessBehindProxies({
      seed: 3,
      queue: { maxReceiveCount: 8, retryDelayMs: 200 },
      wrapHandler: (handler) => async (event, context) => {
        if (!killed) {
          killed = true;
          // Kill both endpoints while the first batch is in flight; restore them three seconds later.
          setTimeout(() => void Promise.all([s3Proxy.down(), dynamodbProxy.down()]), 20);
          setTimeout(() => void Promise.all([s3Proxy.up(), dynamodbProxy.up()]), 3000);
        }
        return handler(event, context);
      },
    });
    const keys = Array.from({ length: 20 }, (_, n) => `incoming/outage/article-${n}.txt`);
    await uploadAll(harness, keys);
    await drain(harness, keys);
    expect(killed).toBe(true);
    expect(await ledgerOf(harness, keys)).toMatchObject({ recorded: keys, deadLettered: [], both: [], missing: [], doubled: [] });
  });
});

describe('a handler that crashes, times out or dies mid-batch', () => {
  /** Runs the real handler on the first `share` of the batch, then fails the invocation in `how`. */
  function failingOnce(how: (records: number) => Promise<SQSBatchResponse>, share = 0.5) {
    const receives: number[] = [];
    let failed = false;
    const wrap =
      (handler: QueueHandler): QueueHandler =>
      async (event, context) => {
        receives.push(...event.Records.map((r) => Number(r.attributes.ApproximateReceiveCount)));
        if (failed) return handler(event, context);
        failed = true;
        const done = event.Records.slice(0, Math.ceil(event.Records.length * share));
        await handler({ Records: done }, context);
        return how(event.Records.length);
      };
    return { wrap, receives };
  }

  it('retries the whole batch after a crash: the half already stored is skipped, the rest stored, nothing twice', async () => {
    const crash = failingOnce(async () => {
      throw new Error('simulated out-of-memory crash');
    });
    harness = await startIngestHarness({ emulators, wrapHandler: crash.wrap, queue: { batchWindowMs: 300 } });
    const keys = Array.from({ length: 10 }, (_, n) => `incoming/crash/article-${n}.txt`);
    await uploadAll(harness, keys);
    await drain(harness, keys);
    expect(crash.receives.filter((count) => count === 2).length).toBeGreaterThan(0);
    expect(await ledgerOf(harness, keys)).toMatchObject({ recorded: keys, deadLettered: [], both: [], missing: [], doubled: [] });
  });

  it('retries a batch whose invocation timed out after storing everything, without storing anything twice', async () => {
    let release: () => void = () => undefined;
    const hang = failingOnce(() => new Promise((resolve) => (release = () => resolve({ batchItemFailures: [] }))), 1);
    harness = await startIngestHarness({ emulators, wrapHandler: hang.wrap, queue: { batchWindowMs: 300, handlerTimeoutMs: 5000 } });
    const keys = Array.from({ length: 10 }, (_, n) => `incoming/timeout/article-${n}.txt`);
    try {
      await uploadAll(harness, keys);
      await drain(harness, keys);
      expect(hang.receives.filter((count) => count === 2).length).toBeGreaterThan(0);
      expect(await ledgerOf(harness, keys)).toMatchObject({ recorded: keys, deadLettered: [], both: [], missing: [], doubled: [] });
    } finally {
      release();
    }
  });

  it('delivers a dead worker’s batch again after the visibility timeout, to the next worker', async () => {
    let release: () => void = () => undefined;
    const dying = failingOnce(() => new Promise((resolve) => (release = () => resolve({ batchItemFailures: [] }))));
    let realHandler: QueueHandler | undefined;
    // The first worker never settles its first batch (the process "died"); its timeout is far away.
    harness = await startIngestHarness({
      emulators,
      wrapHandler: (handler) => {
        realHandler = handler;
        return dying.wrap(handler);
      },
      queue: { batchWindowMs: 300, visibilityTimeoutMs: 2000, handlerTimeoutMs: 300_000 },
    });
    const keys = Array.from({ length: 10 }, (_, n) => `incoming/dead-worker/article-${n}.txt`);
    const successor = new LocalQueue({
      dataDir: harness.dataDir,
      handler: (event, context) => realHandler!(event, context),
      pollIntervalMs: 50,
      batchWindowMs: 50,
    });
    try {
      await uploadAll(harness, keys);
      await expect.poll(() => dying.receives.length, { message: 'the first worker took its batch', timeout: 60_000, interval: 100 }).toBeGreaterThan(0);
      successor.start();
      await drain(harness, keys);
      expect(await ledgerOf(harness, keys)).toMatchObject({ recorded: keys, deadLettered: [], both: [], missing: [], doubled: [] });
    } finally {
      await successor.stop();
      release();
    }
  });
});

function totalFaults(proxy: FaultProxy): number {
  return proxy.stats.error + proxy.stats.drop + proxy.stats['drop-after'] + proxy.stats.delay;
}
