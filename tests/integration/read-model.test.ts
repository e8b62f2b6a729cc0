import { readFileSync } from 'node:fs';
import { DeleteObjectCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DynamoDbCandidateSource } from '#shared/adapters/dynamodb-candidate-source.ts';
import { reprocessArticles } from '#shared/ingest/reprocess.ts';
import { shippedModels } from '#shared/domain/models.ts';
import { type ArticleRecord, SCHEMA_VERSION } from '#shared/record.ts';
import { type IngestHarness, startIngestHarness } from './helpers/ingest-harness.ts';
import { type ConnectedEmulators, useEmulators } from './helpers/use-emulators.ts';

const read = (path: string) => readFileSync(new URL(path, import.meta.url));
const riyadhTalks = read('../../samples/000_8692206af46fdf20.txt'); // diplomacy + ukraine + middle-east, 2025-02-18
const gulfMinisters = read('../../samples/riyadh-forum.html'); // middle-east + diplomacy, 2025-03-04
const footballMatch = read('../../samples/liga-jakarta.json'); // no topic, 2025-03-08
const originalTalks = read('../fixtures/articles/riyadh-talks-original.txt'); // the unspun original
const otherOutlet = read('../fixtures/articles/riyadh-talks-other-outlet.txt'); // same event, other words

let emulators: ConnectedEmulators;
let stack: IngestHarness;
// The visibility timeout outlasts the slowest article (a multi-megabyte one), so it is not redelivered mid-run.
const QUEUE = { visibilityTimeoutMs: 60_000, concurrency: 3 };
const records = new Map<string, ArticleRecord>();

async function upload(key: string, body: Uint8Array, contentType?: string): Promise<ArticleRecord> {
  const before = records.get(key)?.sequencer;
  await stack.s3.send(new PutObjectCommand({ Bucket: stack.bucket, Key: key, Body: body, ContentType: contentType }));
  const record = await stack.waitForRecord(key, 60_000, (r) => r.sequencer !== before);
  records.set(key, record);
  return record;
}

/** An S3 notification for `key` with a chosen sequencer, as a (possibly late) SQS message. */
function eventFor(key: string, sequencer: string, eventName = 'ObjectCreated:Put'): string {
  return JSON.stringify({
    Records: [
      {
        eventVersion: '2.1',
        eventSource: 'aws:s3',
        eventTime: new Date().toISOString(),
        eventName,
        s3: { s3SchemaVersion: '1.0', bucket: { name: stack.bucket }, object: { key, sequencer } },
      },
    ],
  });
}

beforeAll(async () => {
  emulators = await useEmulators();
  stack = await startIngestHarness({ emulators, queue: QUEUE });
  await upload('incoming/wire/riyadh-talks.txt', riyadhTalks);
  await upload('incoming/wire/gulf-ministers.html', gulfMinisters, 'text/html');
  await upload('incoming/sport/football.json', footballMatch, 'application/json');
  await upload('incoming/broken/empty.txt', new Uint8Array());
});
afterAll(async () => {
  await stack?.stop();
  await emulators?.release();
});

const idOf = (key: string) => records.get(key)?.id ?? 'missing';

describe('access patterns', () => {
  it('1. gets an article by id', async () => {
    const article = await stack.reader.getArticle(idOf('incoming/wire/riyadh-talks.txt'));
    // A text upload names the text models; the HTML block model stamps only records made from HTML.
    const { extraction, ...textModels } = shippedModels().versions;
    expect(article).toMatchObject({
      title: 'AS-Rusia Sepakati Mekanisme Konsultasi Buat Redakan Ketegangan',
      schemaVersion: SCHEMA_VERSION,
      models: textModels,
    });
    expect(article?.models).not.toHaveProperty('extraction');
    const page = await stack.reader.getArticle(idOf('incoming/wire/gulf-ministers.html'));
    expect(page?.models).toMatchObject({ extraction });
  });

  it('2. lists one topic newest first, an article with several topics in each of their lists', async () => {
    const middleEast = await stack.reader.listByTopic('middle-east');
    expect(middleEast.items.map((a) => a.id)).toEqual([idOf('incoming/wire/gulf-ministers.html'), idOf('incoming/wire/riyadh-talks.txt')]);
    const ukraine = await stack.reader.listByTopic('ukraine');
    expect(ukraine.items.map((a) => a.id)).toEqual([idOf('incoming/wire/riyadh-talks.txt')]);
  });

  it('2. bounds a topic list by date and pages through it', async () => {
    const march = await stack.reader.listByTopic('middle-east', { since: '2025-03-01', until: '2025-04-01' });
    expect(march.items.map((a) => a.id)).toEqual([idOf('incoming/wire/gulf-ministers.html')]);
    const first = await stack.reader.listByTopic('diplomacy', { limit: 1 });
    const second = await stack.reader.listByTopic('diplomacy', { limit: 1, cursor: first.cursor });
    expect(first.items).toHaveLength(1);
    expect(second.items.map((a) => a.id)).not.toEqual(first.items.map((a) => a.id));
  });

  it('2. pages through a topic list one article at a time, in the same order as in one page, each article once', async () => {
    for (const topic of ['diplomacy', 'middle-east', 'ukraine']) {
      const whole = (await stack.reader.listByTopic(topic, { limit: 50 })).items.map((a) => a.id);
      const paged: string[] = [];
      let cursor: string | null = null;
      do {
        const page = await stack.reader.listByTopic(topic, { limit: 1, cursor });
        paged.push(...page.items.map((a) => a.id));
        cursor = page.cursor;
      } while (cursor && paged.length < 50);
      expect(paged, topic).toEqual(whole);
      expect(new Set(paged).size, topic).toBe(paged.length);
    }
  });

  it('2. lists an article under its second and third topics too (each topic slot is its own index)', async () => {
    const record = records.get('incoming/wire/riyadh-talks.txt');
    expect(record?.topics.length).toBeGreaterThanOrEqual(3);
    for (const topic of record?.topics ?? [])
      expect(
        (await stack.reader.listByTopic(topic)).items.map((a) => a.id),
        topic,
      ).toContain(record?.id);
  });

  it('3. lists the newest articles across topics by publication time', async () => {
    const feed = await stack.reader.listFeed('published', { until: '2025-12-31', since: '2025-01-01' });
    expect(feed.items.map((a) => a.id)).toEqual([
      idOf('incoming/sport/football.json'),
      idOf('incoming/wire/gulf-ministers.html'),
      idOf('incoming/wire/riyadh-talks.txt'),
    ]);
  });

  it('3. lists the newest articles by ingestion time, rejected ones left out', async () => {
    const feed = await stack.reader.listFeed('ingested', { limit: 10 });
    const ids = feed.items.map((a) => a.id);
    expect(ids.slice(0, 3)).toEqual(
      [idOf('incoming/sport/football.json'), idOf('incoming/wire/gulf-ministers.html'), idOf('incoming/wire/riyadh-talks.txt')].filter((id) =>
        ids.includes(id),
      ),
    );
    expect(ids).not.toContain(idOf('incoming/broken/empty.txt'));
  });

  it('4. finds the article for a source object, with its version history', async () => {
    const { article, versions } = await stack.reader.findBySource(stack.bucket, 'incoming/wire/riyadh-talks.txt');
    expect(article?.id).toBe(idOf('incoming/wire/riyadh-talks.txt'));
    expect(versions.map((v) => v.sequencer)).toEqual([article?.sequencer]);
  });

  it('6. lists rejected articles with their error codes', async () => {
    const rejected = await stack.reader.listRejected();
    expect(rejected.items).toEqual([expect.objectContaining({ id: idOf('incoming/broken/empty.txt'), status: 'rejected', errorCode: 'EMPTY' })]);
  });
});

describe('duplicates', () => {
  it('5. names an exact re-upload under another key and finds it by content', async () => {
    const copy = await upload('incoming/mirror/riyadh-talks-copy.txt', riyadhTalks);
    expect(copy.duplicateOf).toBe(idOf('incoming/wire/riyadh-talks.txt'));
    expect(await stack.reader.findSameContent(idOf('incoming/wire/riyadh-talks.txt'))).toEqual([copy.id]);
  });

  it('5. finds the spun copy of an article as a near-duplicate, and not another outlet on the same event', async () => {
    const original = await upload('incoming/wire/riyadh-original.txt', originalTalks);
    const other = await upload('incoming/other/riyadh-report.txt', otherOutlet);
    expect(original.nearDuplicates.map((n) => n.id)).toContain(idOf('incoming/wire/riyadh-talks.txt'));
    expect(other.nearDuplicates).toEqual([]);
  });
});

describe('consistency with the bucket', () => {
  it('moves an overwritten article to its new version and its new topics, leaving the old lists', async () => {
    const key = 'incoming/wire/overwritten.txt';
    const before = await upload(key, riyadhTalks);
    expect(before.topics).toContain('ukraine');
    const after = await upload(key, footballMatch, 'application/json');
    expect(after).toMatchObject({ id: before.id, topics: [] });
    for (const topic of ['ukraine', 'diplomacy', 'middle-east']) {
      expect((await stack.reader.listByTopic(topic)).items.map((a) => a.id)).not.toContain(before.id);
    }
    expect((await stack.reader.listVersions(before.id)).map((v) => v.sequencer)).toEqual([after.sequencer, before.sequencer]);
  });

  it('never lets a late, stale event overwrite a newer version', async () => {
    const key = 'incoming/wire/gulf-ministers.html';
    const current = await stack.reader.getArticle(idOf(key));
    await stack.ingestion.queue.send(eventFor(key, '0000000000000001'));
    await stack.ingestion.queue.waitUntilEmpty();
    expect(await stack.reader.getArticle(idOf(key))).toEqual(current);
  });

  it('turns a deleted object into a tombstone that leaves the topic lists and the feeds', async () => {
    const key = 'incoming/wire/to-delete.txt';
    const live = await upload(key, riyadhTalks);
    await stack.s3.send(new DeleteObjectCommand({ Bucket: stack.bucket, Key: key }));
    const tombstone = await stack.waitForRecord(key, 60_000, (r) => r.status === 'deleted');
    expect(tombstone).toMatchObject({ id: live.id, objectKey: key, topics: [] });
    expect((await stack.reader.listByTopic('ukraine')).items.map((a) => a.id)).not.toContain(live.id);
    expect((await stack.reader.listFeed('ingested', { limit: 50 })).items.map((a) => a.id)).not.toContain(live.id);
  });

  it('stores a 2 MB article with its body in S3 and reads it back transparently', async () => {
    const paragraph = riyadhTalks.toString('utf8').split('\n\n')[4] ?? '';
    const paragraphs = Array.from({ length: Math.ceil(2_000_000 / (paragraph.length + 20)) }, (_, i) => `Bagian ${i + 1}. ${paragraph}`);
    const record = await upload('incoming/archive/two-megabytes.txt', Buffer.from(`Arsip Dua Megabita\n\n${paragraphs.join('\n\n')}`));
    expect(record.bodyRef).toMatch(/^s3:\/\//);
    expect(record.body?.length).toBeGreaterThan(1_900_000);
  });
});

describe('reprocessing', () => {
  it('pages through one topic’s articles, whichever topic slot holds the topic', async () => {
    const record = records.get('incoming/wire/riyadh-talks.txt');
    const lastTopic = record?.topics.at(-1) ?? 'missing';
    const source = new DynamoDbCandidateSource(stack.dynamodb, stack.tableName, lastTopic, 1);
    const ids: string[] = [];
    let cursor: string | null = null;
    do {
      const page = await source.page(cursor);
      ids.push(...page.candidates.map((c) => c.id));
      cursor = page.cursor;
    } while (cursor);
    expect(ids).toContain(record?.id);
    expect(ids.sort()).toEqual((await stack.reader.listByTopic(lastTopic, { limit: 50 })).items.map((a) => a.id).sort());
  });

  it('is a no-op for up-to-date records, even while new uploads are being ingested', async () => {
    const before = await stack.reader.getArticle(idOf('incoming/wire/riyadh-talks.txt'));
    const source = new DynamoDbCandidateSource(stack.dynamodb, stack.tableName, null, 3);
    const [progress] = await Promise.all([
      reprocessArticles(
        { mode: 'all' },
        source,
        { send: async (bodies) => void (await Promise.all(bodies.map((b) => stack.ingestion.queue.send(b)))) },
        { cursor: null },
      ),
      upload('incoming/wire/during-reprocess.txt', originalTalks),
    ]);
    await stack.ingestion.queue.waitUntilEmpty();
    expect(progress.done).toBe(true);
    expect(progress.enqueued).toBeGreaterThan(3);
    expect(await stack.reader.getArticle(idOf('incoming/wire/riyadh-talks.txt'))).toEqual(before);
    expect(await stack.reader.listVersions(idOf('incoming/wire/riyadh-talks.txt'))).toHaveLength(1);
  });
});
