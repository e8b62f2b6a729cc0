import { readFileSync } from 'node:fs';
import { Readable } from 'node:stream';
import { CompleteMultipartUploadCommand, CreateMultipartUploadCommand, GetObjectCommand, PutObjectCommand, UploadPartCommand } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { articleIdOf } from '#shared/ingest/article-id.ts';
import { type IngestHarness, startIngestHarness } from './helpers/ingest-harness.ts';
import { type ConnectedEmulators, useEmulators } from './helpers/use-emulators.ts';

const sample = readFileSync(new URL('../../samples/000_8692206af46fdf20.txt', import.meta.url));
const SAMPLE_TITLE = 'AS-Rusia Sepakati Mekanisme Konsultasi Buat Redakan Ketegangan';

let emulators: ConnectedEmulators;
let stack: IngestHarness;
// The visibility timeout outlasts the slowest article (a multi-megabyte one), so it is not redelivered mid-run.
const QUEUE = { visibilityTimeoutMs: 60_000, concurrency: 3 };
beforeAll(async () => {
  // A cap above 5 MB so the multipart upload below is processed rather than rejected for its size.
  emulators = await useEmulators();
  stack = await startIngestHarness({ emulators, maxArticleBytes: 8 * 1024 * 1024, queue: QUEUE });
});
afterAll(async () => {
  await stack?.stop();
  await emulators?.release();
});

describe('ingestion through the local stack', () => {
  it('stores the sample article uploaded with a plain PutObject: title, cleaning and topics', async () => {
    await stack.s3.send(new PutObjectCommand({ Bucket: stack.bucket, Key: 'incoming/antara/plain.txt', Body: sample, ContentType: 'text/plain' }));
    const record = await stack.waitForRecord('incoming/antara/plain.txt');
    expect(record).toMatchObject({ status: 'ok', title: SAMPLE_TITLE, publisher: 'antara', language: 'id', publishedAt: expect.stringMatching(/^2025-02-18/) });
    expect(record.topics).toEqual(expect.arrayContaining(['diplomacy', 'ukraine', 'middle-east']));
    expect(record.removed.map((r) => r.text)).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^Cek Artikel:\s+Menhan Amerika/),
        expect.stringMatching(/^Cek Artikel:\s+Heboh/),
        'Mungkin Anda Menyukai',
      ]),
    );
    expect(record.body).not.toContain('Cek Artikel');
    expect(record.body).not.toContain('Mungkin Anda Menyukai');
  });

  it('stores exactly the bytes of a streamed upload (aws-chunked on the wire)', async () => {
    const key = 'incoming/antara/streamed.txt';
    await stack.s3.send(
      new PutObjectCommand({
        Bucket: stack.bucket,
        Key: key,
        Body: Readable.from([sample.subarray(0, 1000), sample.subarray(1000)]),
        ContentLength: sample.length,
      }),
    );
    const stored = await stack.s3.send(new GetObjectCommand({ Bucket: stack.bucket, Key: key }));
    expect(Buffer.from(await (stored.Body?.transformToByteArray() ?? Promise.resolve(new Uint8Array())))).toEqual(sample);
    expect(await stack.waitForRecord(key)).toMatchObject({ status: 'ok', title: SAMPLE_TITLE });
  });

  it('processes a multipart upload of a file over 5 MB, keeping its large body out of the item', async () => {
    const key = 'incoming/archive/long-read.txt';
    // Distinct paragraphs: the cleaner rightly drops repeated ones.
    const paragraph = sample.toString('utf8').split('\n\n')[2] ?? '';
    const count = Math.ceil((6 * 1024 * 1024) / (paragraph.length + 20));
    const paragraphs = Array.from({ length: count }, (_, i) => `Catatan ${i + 1}. ${paragraph}`);
    const text = Buffer.from(`Arsip Panjang Perundingan Riyadh\n\n${paragraphs.join('\n\n')}`);
    const { UploadId } = await stack.s3.send(new CreateMultipartUploadCommand({ Bucket: stack.bucket, Key: key }));
    const cut = 5 * 1024 * 1024;
    const parts: { ETag: string | undefined; PartNumber: number }[] = [];
    for (const [index, Body] of [text.subarray(0, cut), text.subarray(cut)].entries()) {
      const { ETag } = await stack.s3.send(new UploadPartCommand({ Bucket: stack.bucket, Key: key, UploadId, PartNumber: index + 1, Body }));
      parts.push({ ETag, PartNumber: index + 1 });
    }
    await stack.s3.send(new CompleteMultipartUploadCommand({ Bucket: stack.bucket, Key: key, UploadId, MultipartUpload: { Parts: parts } }));
    const record = await stack.waitForRecord(key, 90_000);
    expect(record.status).toBe('ok');
    expect(record.size).toBe(text.length);
    // The reader resolves the body from S3 transparently.
    expect(record.bodyRef).toMatch(new RegExp(`^s3://${stack.bucket}/bodies/`));
    expect(record.body?.length).toBeGreaterThan(5_000_000);
  });

  it('decodes keys with spaces, + and non-ASCII characters exactly once', async () => {
    const key = 'incoming/kantor berita/AS+Rusia bertemu — Riyadh é 🇸🇦.txt';
    await stack.s3.send(new PutObjectCommand({ Bucket: stack.bucket, Key: key, Body: sample }));
    const record = await stack.waitForRecord(key);
    expect(record.objectKey).toBe(key);
    expect(record.publisher).toBe('kantor berita');
    expect(record.id).toBe(articleIdOf(stack.bucket, key));
  });

  it('turns the same event delivered twice into one record, unchanged', async () => {
    const key = 'incoming/antara/twice.txt';
    await stack.s3.send(new PutObjectCommand({ Bucket: stack.bucket, Key: key, Body: sample }));
    const first = await stack.waitForRecord(key);
    const versions = await stack.reader.listVersions(first.id);
    // SQS delivers at least once: the same S3 event (same sequencer) arrives again, twice.
    const event = JSON.stringify({
      Records: [
        {
          eventVersion: '2.1',
          eventSource: 'aws:s3',
          eventTime: first.ingestedAt,
          eventName: 'ObjectCreated:Put',
          s3: { s3SchemaVersion: '1.0', bucket: { name: stack.bucket }, object: { key, size: sample.length, sequencer: first.sequencer } },
        },
      ],
    });
    await Promise.all([stack.ingestion.queue.send(event), stack.ingestion.queue.send(event)]);
    await stack.ingestion.queue.waitUntilEmpty();
    expect(await stack.reader.getArticle(first.id)).toEqual(first);
    expect(await stack.reader.listVersions(first.id)).toEqual(versions);
    expect(versions).toHaveLength(1);
  });
});
