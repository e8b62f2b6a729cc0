/**
 * The local S3 across crashes and at any size (issue "the local stack survives restarts"):
 * paged listings that miss no key, any well-formed credentials, atomic object writes, and a
 * start-up repair that moves a crash's leftovers aside instead of failing every request.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { request } from 'node:http';
import { mkdtemp, readdir, readFile, rm, truncate, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import {
  GetObjectCommand,
  HeadObjectCommand,
  ListObjectsCommand,
  ListObjectsV2Command,
  type ListObjectsV2CommandOutput,
  PutObjectCommand,
  S3Client,
} from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureBucket, type S3Endpoint, startS3Endpoint } from '#ops/local/s3-endpoint.ts';
import { compareKeys } from '#ops/local/s3-store.ts';

const temporaryDirs: string[] = [];
async function temporaryDir(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'kabar-local-s3-'));
  temporaryDirs.push(dir);
  return dir;
}
afterAll(async () => {
  await Promise.all(temporaryDirs.map((d) => rm(d, { recursive: true, force: true })));
});

const clientFor = (endpoint: string, credentials = { accessKeyId: 'test', secretAccessKey: 'test' }): S3Client =>
  new S3Client({ endpoint, region: 'us-east-1', forcePathStyle: true, credentials, maxAttempts: 1 });

/** Every key shape that broke paging or encoding: spaces, `+`, `%`, en dash, CJK, emoji, full-width, deep prefixes, quotes. */
const SHAPES: ((i: number) => string)[] = [
  (i) => `incoming/a b/${i} with spaces.txt`,
  (i) => `incoming/a/${i}.txt`,
  (i) => `incoming/a+b/${i}+plus.txt`,
  (i) => `incoming/100%/${i}%20literal%.txt`,
  (i) => `incoming/kiev–kyiv/${i} – en dash.txt`,
  (i) => `incoming/新闻/报道 ${i}.txt`,
  (i) => `incoming/emoji 🚀/${i} 📰.txt`,
  (i) => `incoming/ｆｕｌｌ/${i}`,
  (i) => `incoming/deep/1/2/3/4/5/6/7/8/9/${i}.md`,
  (i) => `incoming/café/é ${i} "quoted" 'single'.json`,
  (i) => `incoming/a-b/${i}`,
  (i) => `incoming/${i}`,
];
const keyOf = (i: number): string => (SHAPES[i % SHAPES.length] as (i: number) => string)(i);

async function listAllV2(s3: S3Client, bucket: string, input: { Prefix?: string; MaxKeys?: number; Delimiter?: string; EncodingType?: 'url' }) {
  const pages: ListObjectsV2CommandOutput[] = [];
  let token: string | undefined;
  do {
    const page = await s3.send(new ListObjectsV2Command({ Bucket: bucket, ...input, ContinuationToken: token }));
    pages.push(page);
    token = page.IsTruncated ? page.NextContinuationToken : undefined;
  } while (token !== undefined);
  return pages;
}

async function putAll(s3: S3Client, bucket: string, keys: string[], concurrency = 16): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < keys.length) {
        const key = keys[next++] as string;
        await s3.send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: `body of ${key}` }));
      }
    }),
  );
}

describe('paged listing of the local S3', () => {
  let server: S3Endpoint;
  let s3: S3Client;
  const bucket = 'kabar-paging';
  const written = Array.from({ length: 5000 }, (_, i) => keyOf(i));

  beforeAll(async () => {
    server = await startS3Endpoint({ port: 0, directory: join(await temporaryDir(), 's3') });
    s3 = clientFor(server.url);
    await ensureBucket(s3, bucket);
    await putAll(s3, bucket, written);
  });
  afterAll(async () => {
    s3?.destroy();
    await server?.close();
  });

  it('lists 5,000 keys of every odd shape page by page: each exactly once, in S3 (UTF-8 byte) order', async () => {
    const pages = await listAllV2(s3, bucket, { Prefix: 'incoming/' });
    expect(pages.length).toBe(5);
    const listed = pages.flatMap((p) => (p.Contents ?? []).map((c) => c.Key as string));
    expect(listed.length).toBe(written.length);
    expect(listed).toEqual([...written].sort(compareKeys));
    expect(pages.map((p) => p.KeyCount)).toEqual([1000, 1000, 1000, 1000, 1000]);
  });

  it('pages the same way with small pages, a delimiter, and URL-encoded keys (what the AWS CLI asks for)', async () => {
    const small = (await listAllV2(s3, bucket, { Prefix: 'incoming/', MaxKeys: 333 })).flatMap((p) => (p.Contents ?? []).map((c) => c.Key as string));
    expect(new Set(small).size).toBe(written.length);

    const encoded = await listAllV2(s3, bucket, { Prefix: 'incoming/', EncodingType: 'url' });
    const decoded = encoded.flatMap((p) => (p.Contents ?? []).map((c) => decodeURIComponent((c.Key as string).replace(/\+/g, ' '))));
    expect(decoded).toEqual([...written].sort(compareKeys));

    const rolled = await listAllV2(s3, bucket, { Prefix: 'incoming/', Delimiter: '/', MaxKeys: 50 });
    const prefixes = rolled.flatMap((p) => (p.CommonPrefixes ?? []).map((c) => c.Prefix as string));
    const flat = rolled.flatMap((p) => (p.Contents ?? []).map((c) => c.Key as string));
    const expectedPrefixes = [...new Set(written.map((k) => k.slice(0, k.indexOf('/', 'incoming/'.length) + 1)).filter((p) => p !== ''))];
    expect(prefixes).toEqual(expectedPrefixes.sort(compareKeys));
    expect(flat).toEqual(written.filter((k) => !k.slice('incoming/'.length).includes('/')).sort(compareKeys));
  });

  it('pages a V1 listing by marker without losing keys', async () => {
    const listed: string[] = [];
    let marker: string | undefined;
    for (;;) {
      const page = await s3.send(new ListObjectsCommand({ Bucket: bucket, Prefix: 'incoming/', Marker: marker }));
      listed.push(...(page.Contents ?? []).map((c) => c.Key as string));
      if (!page.IsTruncated) break;
      marker = listed.at(-1);
    }
    expect(listed).toEqual([...written].sort(compareKeys));
  });

  it('refuses a continuation token that is not its own', async () => {
    await expect(s3.send(new ListObjectsV2Command({ Bucket: bucket, ContinuationToken: 'bm90LWEtdG9rZW4' }))).rejects.toMatchObject({
      name: 'InvalidArgument',
    });
  });
});

describe('credentials of the local S3', () => {
  let server: S3Endpoint;
  beforeAll(async () => {
    server = await startS3Endpoint({ port: 0, directory: join(await temporaryDir(), 's3') });
  });
  afterAll(() => server?.close());

  it.each([
    ['test/test (the LocalStack convention)', { accessKeyId: 'test', secretAccessKey: 'test' }],
    ["a developer profile's keys", { accessKeyId: 'AKIAIOSFODNN7EXAMPLE', secretAccessKey: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY' }],
    ['temporary credentials with a session token', { accessKeyId: 'ASIAEXAMPLE123', secretAccessKey: 'secret', sessionToken: 'token/with+chars=' }],
    ['the documented pair', { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' }],
  ])('accepts an upload signed with %s', async (_name, credentials) => {
    const s3 = clientFor(server.url, credentials);
    try {
      await ensureBucket(s3, 'kabar-credentials');
      const key = `incoming/${credentials.accessKeyId}.txt`;
      await s3.send(new PutObjectCommand({ Bucket: 'kabar-credentials', Key: key, Body: 'hello' }));
      const { Body } = await s3.send(new GetObjectCommand({ Bucket: 'kabar-credentials', Key: key }));
      expect(await Body?.transformToString()).toBe('hello');
    } finally {
      s3.destroy();
    }
  });
});

/** Sends a PUT declaring `declared` bytes, writes `sent` of them, then drops the connection. */
function abortedPut(endpoint: string, path: string, declared: number, sent: number): Promise<void> {
  return new Promise((done) => {
    const url = new URL(path, endpoint);
    const req = request(url, {
      method: 'PUT',
      // SigV4-shaped (s3rver never checked SigV4 signatures), with the one key s3rver always knew.
      headers: {
        'content-length': declared,
        'x-amz-date': new Date().toISOString().replace(/[-:]|\.\d{3}/g, ''),
        'x-amz-content-sha256': 'UNSIGNED-PAYLOAD',
        authorization: 'AWS4-HMAC-SHA256 Credential=S3RVER/20261205/us-east-1/s3/aws4_request, SignedHeaders=host, Signature=00',
      },
    });
    req.on('error', () => done());
    req.write(Buffer.alloc(sent, 'x'), () => {
      setTimeout(() => {
        req.destroy();
        done();
      }, 200);
    });
  });
}

/** Every file under `dir`, relative paths. */
async function filesUnder(dir: string): Promise<string[]> {
  return (await readdir(dir, { recursive: true, withFileTypes: true })).filter((e) => e.isFile()).map((e) => join(e.parentPath, e.name).slice(dir.length + 1));
}

function startEndpointProcess(directory: string): Promise<{ child: ChildProcess; url: string }> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'tests/integration/helpers/s3-endpoint-process.ts', directory], {
    stdio: ['ignore', 'pipe', 'inherit'],
    env: { ...process.env, AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' },
  });
  return new Promise((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`endpoint process exited with ${code}`)));
    createInterface({ input: child.stdout! }).once('line', (url) => resolve({ child, url }));
  });
}

describe('object writes of the local S3 across failures', () => {
  it('keeps no trace of an upload whose client went away mid-body (a PUT is atomic)', async () => {
    const directory = join(await temporaryDir(), 's3');
    const server = await startS3Endpoint({ port: 0, directory });
    const s3 = clientFor(server.url);
    try {
      await ensureBucket(s3, 'kabar-atomic');
      await s3.send(new PutObjectCommand({ Bucket: 'kabar-atomic', Key: 'incoming/kept.txt', Body: 'the first version' }));
      await abortedPut(server.url, '/kabar-atomic/incoming/new.txt', 100_000, 40_000);
      await abortedPut(server.url, '/kabar-atomic/incoming/kept.txt', 100_000, 40_000);
      await expect.poll(() => filesUnder(directory).then((f) => f.filter((n) => n.includes('partial')))).toEqual([]);
      await expect(s3.send(new HeadObjectCommand({ Bucket: 'kabar-atomic', Key: 'incoming/new.txt' }))).rejects.toMatchObject({ name: 'NotFound' });
      const { Body } = await s3.send(new GetObjectCommand({ Bucket: 'kabar-atomic', Key: 'incoming/kept.txt' }));
      expect(await Body?.transformToString()).toBe('the first version');
    } finally {
      s3.destroy();
      await server.close();
    }
  });

  it('keeps no trace of an upload the server was killed (-9) in the middle of, and starts again on the same files', async () => {
    const directory = join(await temporaryDir(), 's3');
    const first = await startEndpointProcess(directory);
    const s3 = clientFor(first.url);
    await ensureBucket(s3, 'kabar-killed');
    await s3.send(new PutObjectCommand({ Bucket: 'kabar-killed', Key: 'incoming/before.txt', Body: 'complete' }));
    s3.destroy();
    const upload = abortedPut(first.url, '/kabar-killed/incoming/during.txt', 200_000, 120_000);
    await expect.poll(() => filesUnder(directory).then((f) => f.some((n) => n.includes('during') || n.includes('partial')))).toBe(true);
    first.child.kill('SIGKILL');
    await upload;

    const second = await startS3Endpoint({ port: 0, directory });
    const again = clientFor(second.url);
    try {
      const listed = (await listAllV2(again, 'kabar-killed', {})).flatMap((p) => (p.Contents ?? []).map((c) => c.Key));
      expect(listed).toEqual(['incoming/before.txt']);
      expect(second.repairs.quarantined).toEqual([]);
    } finally {
      again.destroy();
      await second.close();
    }
  });

  it('moves objects a crash left damaged to a quarantine folder at start, and serves the rest', async () => {
    const root = await temporaryDir();
    const directory = join(root, 's3');
    const first = await startS3Endpoint({ port: 0, directory });
    const s3 = clientFor(first.url);
    const keys = ['incoming/ok.txt', 'incoming/empty-metadata.txt', 'incoming/cut-metadata.txt', 'incoming/no-metadata.txt', 'incoming/overwritten.txt'];
    await ensureBucket(s3, 'kabar-repair');
    for (const key of keys) await s3.send(new PutObjectCommand({ Bucket: 'kabar-repair', Key: key, Body: `content of ${key}` }));
    s3.destroy();
    await first.close();
    // What s3rver 3.7 left behind when killed mid-write (seen in the field): an empty or cut-off
    // metadata file, an object without one, an object cut short while its old MD5 stayed.
    const files = join(directory, 'kabar-repair', 'incoming');
    await truncate(join(files, 'empty-metadata.txt._S3rver_metadata.json'), 0);
    const metadata = await readFile(join(files, 'cut-metadata.txt._S3rver_metadata.json'), 'utf8');
    await writeFile(join(files, 'cut-metadata.txt._S3rver_metadata.json'), metadata.slice(0, 10));
    await rm(join(files, 'no-metadata.txt._S3rver_metadata.json'));
    await writeFile(join(files, 'overwritten.txt._S3rver_object'), 'conte');
    await writeFile(join(files, '.kabar-partial-0000'), 'half an upload');
    await writeFile(join(files, 'orphan.txt._S3rver_metadata.json'), '{}');

    const second = await startS3Endpoint({ port: 0, directory, quarantineDirectory: join(root, 'quarantine') });
    const again = clientFor(second.url);
    try {
      expect(second.repairs.quarantined.map((q) => q.object).sort()).toEqual(
        ['cut-metadata.txt', 'empty-metadata.txt', 'no-metadata.txt', 'overwritten.txt'].map((k) => `kabar-repair/incoming/${k}`),
      );
      expect(second.repairs.removedPartialUploads).toBe(1);
      expect(second.repairs.removedOrphans).toBe(1);
      const moved = await filesUnder(second.repairs.quarantineDirectory as string);
      expect(moved).toContain('kabar-repair/incoming/empty-metadata.txt._S3rver_object');
      const listed = (await listAllV2(again, 'kabar-repair', { Prefix: 'incoming/' })).flatMap((p) => (p.Contents ?? []).map((c) => c.Key));
      expect(listed).toEqual(['incoming/ok.txt']);
      const head = await again.send(new HeadObjectCommand({ Bucket: 'kabar-repair', Key: 'incoming/ok.txt' }));
      expect(head.ETag).toBe(`"${createHash('md5').update('content of incoming/ok.txt').digest('hex')}"`);
    } finally {
      again.destroy();
      await second.close();
    }
  });
});
