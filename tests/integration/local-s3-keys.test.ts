/**
 * Keys are strings in S3, not paths: `incoming//home/me/a.txt` (what `aws s3 cp FILE
 * s3://…/incoming/FILE` makes of an absolute path) is an object of its own, and `a/../b` stays in
 * its bucket. The local S3 must agree, through the real SDK and the real AWS CLI.
 */
import { execFile } from 'node:child_process';
import { mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { DeleteObjectCommand, GetObjectCommand, ListObjectsV2Command, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import type { S3EventRecord } from 'aws-lambda';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodeS3EventKey } from '#shared/ingest/s3-event.ts';
import { ensureBucket, LOCAL_S3_CREDENTIALS, type S3Endpoint, startS3Endpoint } from '#ops/local/s3-endpoint.ts';
import { safeKeyPath } from '#ops/local/s3-store.ts';

const KEYS = [
  'incoming//home/me/a.txt',
  'incoming/home/me/a.txt',
  '/leading.txt',
  '//two-leading.txt',
  'incoming/x///y//',
  'incoming/./dot.txt',
  'incoming/../dot-dot.txt',
  '../../../../escape.txt',
  'incoming/%2e2e/looks-escaped.txt',
  'incoming/%/percent.txt',
  'incoming/sp ace/+plus/é.txt',
];

describe('safeKeyPath', () => {
  it('maps ordinary keys to themselves, so objects stored before keep their place', () => {
    for (const key of ['incoming/antara/2025/a.txt', 'a', 'incoming/folder/', 'x/a b+c%/é.txt']) expect(safeKeyPath(key)).toBe(key);
  });

  it('escapes the folder segments a path would collapse or climb, reversibly', () => {
    const paths = KEYS.map(safeKeyPath);
    expect(new Set(paths).size).toBe(KEYS.length);
    for (const path of paths) expect(path.split('/').slice(0, -1)).not.toContain('..');
    expect(safeKeyPath('incoming//home/me/a.txt')).toBe('incoming/%/home/me/a.txt');
  });
});

describe('the local S3 endpoint and keys that are not tidy paths', () => {
  let work: string;
  let server: S3Endpoint;
  let s3: S3Client;
  const bucket = 'kabar-keys';
  const events: S3EventRecord[] = [];

  beforeAll(async () => {
    work = await mkdtemp(join(tmpdir(), 'kabar-s3-keys-'));
    server = await startS3Endpoint({ port: 0, directory: join(work, 's3') });
    server.onObjectEvent((record) => events.push(record));
    s3 = new S3Client({ endpoint: server.url, region: 'us-east-1', forcePathStyle: true, credentials: LOCAL_S3_CREDENTIALS });
    await ensureBucket(s3, bucket);
  });
  afterAll(async () => {
    s3.destroy();
    await server.close();
    await rm(work, { recursive: true, force: true });
  });

  it('stores, notifies, reads and lists each key as its own object', async () => {
    for (const key of KEYS) await s3.send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: `body of ${key}` }));
    for (const key of KEYS) {
      const object = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
      expect(await object.Body?.transformToString()).toBe(`body of ${key}`);
    }
    expect(events.map((event) => decodeS3EventKey(event.s3.object.key))).toEqual(KEYS);
    const listed = await s3.send(new ListObjectsV2Command({ Bucket: bucket }));
    expect(listed.Contents?.map((object) => object.Key).sort()).toEqual([...KEYS].sort());
    // Nothing was written beside the bucket's folder.
    expect((await readdir(join(work, 's3'))).filter((name) => !name.startsWith('.'))).toEqual([bucket]);
    expect(await readdir(work)).toEqual(['s3']);
  });

  it('deletes each of them alone, leaving no folder behind', async () => {
    for (const key of KEYS) {
      await s3.send(new DeleteObjectCommand({ Bucket: bucket, Key: key }));
      const left = await s3.send(new ListObjectsV2Command({ Bucket: bucket }));
      expect(left.Contents?.map((object) => object.Key) ?? []).not.toContain(key);
    }
    expect(await readdir(join(work, 's3', bucket))).toEqual([]);
  });

  it('takes an upload from the AWS CLI to incoming/ followed by an absolute path', async () => {
    const file = join(work, 'article.txt');
    await writeFile(file, 'Menteri bertemu di Riyadh.');
    const env = { ...process.env, AWS_ACCESS_KEY_ID: 'S3RVER', AWS_SECRET_ACCESS_KEY: 'S3RVER', AWS_DEFAULT_REGION: 'us-east-1' };
    // Asynchronously: the endpoint answers from this process, which a synchronous spawn would block.
    const cli = await promisify(execFile)('aws', ['s3', 'cp', file, `s3://${bucket}/incoming/${file}`, '--endpoint-url', server.url], {
      env,
      encoding: 'utf8',
    });
    expect(cli.stdout).toContain(`upload: `);
    const object = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: `incoming/${file}` }));
    expect(await object.Body?.transformToString()).toBe('Menteri bertemu di Riyadh.');
    expect(decodeS3EventKey(events.at(-1)?.s3.object.key ?? '')).toBe(`incoming/${file}`);
  });
});
