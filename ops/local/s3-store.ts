/**
 * Fixes to s3rver 3.7's filesystem store that make the local bucket behave like S3 across
 * crashes and at any size (s3-endpoint.ts installs them on the store instance):
 *
 * - **Listing** in S3's order (UTF-8 byte order of the keys) with a position that cannot skip:
 *   s3rver walks directories in file-name order, which is not key order (`a b/x` sorts before
 *   `a/x` as a key, after it as a path), then pages with "keys after the last one returned", so
 *   keys with spaces, `+`, `%`, en dashes or CJK characters were dropped between pages.
 * - **Atomic writes**: the body goes to a temporary file that is renamed over the object once
 *   complete; a killed or aborted upload leaves no object (S3: an object exists whole or not at all).
 * - **Start-up repair**: half-written temporary files are removed, and objects a crash left
 *   damaged (metadata missing, empty or unparseable; content not matching its recorded MD5) are
 *   moved to a quarantine folder instead of failing every listing with a 500.
 * - **Any key**: S3 keys are strings, not paths. `incoming//home/me/a.txt` and `incoming/a.txt`
 *   are two objects, and `incoming/../x` stays inside the bucket: the folders an object is kept in
 *   are its key's segments, with the empty, `.`, `..` and `%`-led ones escaped (safeKeyPath).
 */
import { createHash } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdir, readdir, readFile, rename, rmdir } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join, relative } from 'node:path';
import { Readable, Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { TEMPORARY_PREFIX, temporaryPathBeside, unlinkIfPresent, writeFileAtomically } from './atomic-file.ts';

/** The suffixes s3rver gives an object's files: `<name>._S3rver_object`, `…_metadata.json`, `…_object.md5`. */
const OBJECT_SUFFIX = '._S3rver_object';
const METADATA_SUFFIX = '._S3rver_metadata.json';
const MD5_SUFFIX = '._S3rver_object.md5';
/** s3rver's multipart staging folder at the bucket root. */
const UPLOADS_DIRECTORY = '._S3rver_uploads';
// Temporary files (atomic-file.ts) are never taken for objects: they do not end in OBJECT_SUFFIX.

const require = createRequire(import.meta.url);
interface S3ObjectModel {
  key: string;
  bucket: string;
  content: Buffer | Readable | null;
  metadata: Record<string, string>;
}
type S3ObjectConstructor = (new (
  bucket: string,
  key: string,
  content: null,
  metadata: Record<string, unknown>,
) => S3ObjectModel) & {
  ALLOWED_METADATA: string[];
};
const S3Object = require('s3rver/lib/models/object.js') as S3ObjectConstructor;

/** The parts of s3rver's FilesystemStore the fixes use or replace. */
export interface FilesystemStore {
  rootDirectory: string;
  getBucketPath(bucket: string): string;
  getResourcePath(bucket: string, key: string | undefined, resource: string): string;
  getMetadata(bucket: string, key: string): Promise<Record<string, unknown>>;
  putObject(object: S3ObjectModel): Promise<{ size: number; md5: string }>;
  listObjects(bucket: string, options: ListOptions): Promise<ListResult>;
}

export interface ListOptions {
  prefix?: string;
  delimiter?: string;
  startAfter?: string;
  maxKeys?: number;
}

export interface ListResult {
  objects: S3ObjectModel[];
  commonPrefixes: string[];
  isTruncated: boolean;
  /** The last key this page covered (a listed key, or the last key under a listed common prefix): where the next page starts after. */
  lastKey?: string;
}

/** S3 orders keys by their UTF-8 bytes (JavaScript's `<` compares UTF-16 units: emoji and CJK disagree). */
export function compareKeys(a: string, b: string): number {
  return Buffer.compare(Buffer.from(a, 'utf8'), Buffer.from(b, 'utf8'));
}

/**
 * Lists a bucket the way S3 does: keys under `prefix`, after `startAfter`, in UTF-8 byte order,
 * keys sharing a `delimiter`-ended prefix rolled up into one common prefix, at most `maxKeys`
 * entries (keys and common prefixes together).
 *
 * @example await listObjects(store, 'kabar-articles', { prefix: 'incoming/', maxKeys: 2 }) // → { objects: [a, b], isTruncated: true, lastKey: 'incoming/b.txt', … }
 */
export async function listObjects(store: FilesystemStore, bucket: string, options: ListOptions): Promise<ListResult> {
  const prefix = options.prefix ?? '';
  const delimiter = options.delimiter ?? '';
  const startAfter = options.startAfter ?? '';
  const maxKeys = options.maxKeys ?? 1000;
  const keys = await keysUnder(store.getBucketPath(bucket), prefix);
  keys.sort(compareKeys);

  const listed: string[] = [];
  const commonPrefixes: string[] = [];
  let lastKey: string | undefined;
  let isTruncated = false;
  let i = startAfter === '' ? 0 : keys.findIndex((key) => compareKeys(key, startAfter) > 0);
  if (i === -1) i = keys.length;
  while (i < keys.length) {
    if (listed.length + commonPrefixes.length >= maxKeys) {
      isTruncated = true;
      break;
    }
    const key = keys[i] as string;
    const cut = delimiter === '' ? -1 : key.indexOf(delimiter, prefix.length);
    if (cut === -1) {
      listed.push(key);
      lastKey = key;
      i++;
      continue;
    }
    // Keys sharing a prefix are contiguous in sorted order: the whole group is one entry.
    const common = key.slice(0, cut + delimiter.length);
    commonPrefixes.push(common);
    while (i < keys.length && (keys[i] as string).startsWith(common)) lastKey = keys[i++];
  }

  const objects: S3ObjectModel[] = [];
  for (const key of listed) {
    try {
      objects.push(new S3Object(bucket, key, null, await store.getMetadata(bucket, key)));
    } catch (error) {
      // Deleted since the walk: S3 would not list it either. Anything else was repaired at start-up
      // and can only come from hands on the files; one bad object must not fail every listing.
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') console.error(`local S3: left ${bucket}/${key} out of a listing: ${String(error)}`);
    }
  }
  return { objects, commonPrefixes, isTruncated, lastKey };
}

/**
 * A key as the relative path its files are kept under: folder segments that a path would collapse or
 * climb out of (empty, `.`, `..`) become `%` and their UTF-8 in hex, and so does a segment that
 * starts with `%` (so the escape is reversible). The last segment is a file-name stem, safe as it is.
 * Every ordinary key maps to itself, so objects stored before this escape are found where they are.
 *
 * @example safeKeyPath('incoming//home/me/a.txt') // → 'incoming/%/home/me/a.txt'
 * @example safeKeyPath('incoming/../a.txt') // → 'incoming/%2e2e/a.txt'
 */
export function safeKeyPath(key: string): string {
  const segments = key.split('/');
  const last = segments.pop() ?? '';
  return [...segments.map(escapeFolder), last].join('/');
}

function escapeFolder(segment: string): string {
  return segment === '' || segment === '.' || segment === '..' || segment.startsWith('%') ? `%${Buffer.from(segment, 'utf8').toString('hex')}` : segment;
}

/** The key segment a folder name on disk stands for (escapeFolder reversed; other names are themselves). */
function unescapeFolder(name: string): string {
  return /^%(?:[0-9a-f]{2})*$/.test(name) ? Buffer.from(name.slice(1), 'hex').toString('utf8') : name;
}

/**
 * Makes the store keep every key under its safeKeyPath. s3rver derives an object's files from
 * `getResourcePath` everywhere but in deleteObject's clean-up of emptied folders: use deleteObjectFiles.
 */
export function keepKeysVerbatim(store: FilesystemStore): void {
  const resourcePath = store.getResourcePath.bind(store);
  store.getResourcePath = (bucket, key, resource) => resourcePath(bucket, key === undefined ? undefined : safeKeyPath(key), resource);
}

/**
 * Deletes an object's files and the folders it leaves empty, up to the bucket (s3rver's own
 * deleteObject walks the raw key's segments, which for `a/../b` leads out of the bucket).
 */
export async function deleteObjectFiles(store: FilesystemStore, bucket: string, key: string): Promise<void> {
  await Promise.all(['object', 'object.md5', 'metadata.json'].map((resource) => unlinkIfPresent(store.getResourcePath(bucket, key, resource))));
  const bucketPath = store.getBucketPath(bucket);
  const folders = safeKeyPath(key).split('/').slice(0, -1);
  for (; folders.length > 0; folders.pop()) {
    const folder = join(bucketPath, ...folders);
    try {
      if ((await readdir(folder)).length > 0) return;
      await rmdir(folder);
    } catch (error) {
      // Gone already, or filled by a concurrent upload: either way not ours to remove.
      if (['ENOENT', 'ENOTEMPTY', 'EEXIST'].includes((error as NodeJS.ErrnoException).code ?? '')) return;
      throw error;
    }
  }
}

/** Every object key under `prefix`, unsorted; only directories that can hold such keys are read. */
async function keysUnder(bucketPath: string, prefix: string): Promise<string[]> {
  const keys: string[] = [];
  const visit = async (directory: string, keyPrefix: string): Promise<void> => {
    let entries: import('node:fs').Dirent[];
    try {
      entries = await readdir(directory, { withFileTypes: true });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return; // bucket missing, or a folder emptied by a delete
      throw error;
    }
    for (const entry of entries) {
      if (entry.isDirectory()) {
        if (keyPrefix === '' && entry.name === UPLOADS_DIRECTORY) continue;
        const folder = `${keyPrefix}${unescapeFolder(entry.name)}/`;
        if (folder.startsWith(prefix) || prefix.startsWith(folder)) await visit(join(directory, entry.name), folder);
      } else if (entry.name.endsWith(OBJECT_SUFFIX)) {
        const key = keyPrefix + entry.name.slice(0, -OBJECT_SUFFIX.length);
        if (key.startsWith(prefix)) keys.push(key);
      }
    }
  };
  await visit(bucketPath, '');
  return keys;
}

/**
 * Stores an object so that it appears whole or not at all: the body is streamed to a temporary
 * file beside the object, then the metadata and the body are renamed into place (rename is
 * atomic on POSIX). The MD5 file is removed before the body is replaced, so a crash in between
 * leaves no stale ETag (s3rver recomputes a missing one).
 *
 * A body that ends early (client gone, aws-chunked framing broken) rejects and leaves nothing.
 */
export async function putObjectAtomically(store: FilesystemStore, object: S3ObjectModel): Promise<{ size: number; md5: string }> {
  const objectPath = store.getResourcePath(object.bucket, object.key, 'object');
  const directory = dirname(objectPath);
  await mkdir(directory, { recursive: true });
  const temporary = temporaryPathBeside(objectPath);
  const hash = createHash('md5');
  let size = 0;
  try {
    const body = object.content === null ? Readable.from([]) : Buffer.isBuffer(object.content) ? Readable.from([object.content]) : object.content;
    const measure = new Transform({
      transform(chunk: Buffer, _encoding, done) {
        hash.update(chunk);
        size += chunk.length;
        done(null, chunk);
      },
    });
    await pipeline(body, measure, createWriteStream(temporary));
    const md5 = hash.digest('hex');
    await writeFileAtomically(store.getResourcePath(object.bucket, object.key, 'metadata.json'), JSON.stringify(storedMetadataOf(object.metadata), null, 2));
    const md5Path = store.getResourcePath(object.bucket, object.key, 'object.md5');
    await unlinkIfPresent(md5Path);
    await rename(temporary, objectPath);
    await writeFileAtomically(md5Path, md5);
    return { size, md5 };
  } catch (error) {
    await unlinkIfPresent(temporary);
    throw error;
  }
}

/** What s3rver keeps of an object's headers (its own putMetadata rule). */
function storedMetadataOf(metadata: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(metadata).filter(([name]) => S3Object.ALLOWED_METADATA.includes(name) || name.startsWith('x-amz-meta-')));
}

/** What the start-up repair did; empty lists mean a clean store. */
export interface StoreRepairReport {
  /** `bucket/key` of each object moved to the quarantine folder, with the reason. */
  quarantined: { object: string; reason: string }[];
  /** Where they went (`<dataDir>/s3-quarantine/<time>/`); undefined when nothing was moved. */
  quarantineDirectory?: string;
  /** Temporary files of uploads a crash interrupted, removed. */
  removedPartialUploads: number;
  /** Metadata or MD5 files without an object (an upload killed before its body was renamed), removed. */
  removedOrphans: number;
}

/**
 * Checks every object of every bucket under `rootDirectory` before the server starts: removes
 * partial uploads and orphaned sidecar files, and moves damaged objects (with their sidecars)
 * to `quarantineRoot/<time>/<bucket>/<path>`. Never throws for one bad object.
 *
 * @example await repairStore('.kabar/s3', '.kabar/s3-quarantine') // → { quarantined: [{ object: 'kabar-articles/incoming/a.txt', reason: 'metadata file is empty' }], … }
 */
export async function repairStore(rootDirectory: string, quarantineRoot: string): Promise<StoreRepairReport> {
  const report: StoreRepairReport = { quarantined: [], removedPartialUploads: 0, removedOrphans: 0 };
  const quarantineDirectory = join(quarantineRoot, new Date().toISOString().replace(/[:.]/g, '-'));
  const visit = async (directory: string, isBucketRoot: boolean): Promise<void> => {
    const entries = await readdir(directory, { withFileTypes: true });
    const names = new Set(entries.map((e) => e.name));
    for (const entry of entries) {
      const path = join(directory, entry.name);
      if (entry.isDirectory()) {
        if (!(isBucketRoot && entry.name === UPLOADS_DIRECTORY)) await visit(path, false);
        continue;
      }
      if (entry.name.startsWith(TEMPORARY_PREFIX)) {
        await unlinkIfPresent(path);
        report.removedPartialUploads++;
      } else if (entry.name.endsWith(OBJECT_SUFFIX)) {
        const stem = entry.name.slice(0, -OBJECT_SUFFIX.length);
        const damage = await damageOf(directory, stem, names);
        if (damage === undefined) continue;
        await moveAside(rootDirectory, directory, stem, quarantineDirectory);
        report.quarantined.push({ object: relative(rootDirectory, join(directory, stem)), reason: damage });
        report.quarantineDirectory = quarantineDirectory;
      } else if (entry.name.endsWith(METADATA_SUFFIX) || entry.name.endsWith(MD5_SUFFIX)) {
        const stem = entry.name.slice(0, -(entry.name.endsWith(METADATA_SUFFIX) ? METADATA_SUFFIX : MD5_SUFFIX).length);
        if (!names.has(stem + OBJECT_SUFFIX)) {
          await unlinkIfPresent(path);
          report.removedOrphans++;
        }
      }
    }
  };
  let buckets: string[];
  try {
    buckets = (await readdir(rootDirectory, { withFileTypes: true })).filter((e) => e.isDirectory()).map((e) => e.name);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return report;
    throw error;
  }
  for (const bucket of buckets) await visit(join(rootDirectory, bucket), true);
  return report;
}

/** Why an object's files cannot be served as a whole object, or undefined when they can. */
async function damageOf(directory: string, stem: string, names: ReadonlySet<string>): Promise<string | undefined> {
  if (!names.has(stem + METADATA_SUFFIX)) return 'metadata file missing (written before the crash, not after)';
  const metadata = await readFile(join(directory, stem + METADATA_SUFFIX), 'utf8');
  if (metadata.trim() === '') return 'metadata file is empty';
  try {
    const parsed: unknown = JSON.parse(metadata);
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) return 'metadata file is not a JSON object';
  } catch {
    return 'metadata file is cut off';
  }
  if (!names.has(stem + MD5_SUFFIX)) return undefined; // s3rver recomputes a missing MD5
  const recorded = (await readFile(join(directory, stem + MD5_SUFFIX), 'utf8')).trim();
  if (!/^[0-9a-f]{32}$/.test(recorded)) {
    // A cut-off MD5 file says nothing about the body, which was complete before the MD5 was written.
    await unlinkIfPresent(join(directory, stem + MD5_SUFFIX));
    return undefined;
  }
  const actual = await md5Of(join(directory, stem + OBJECT_SUFFIX));
  return actual === recorded ? undefined : `content does not match its MD5 (${actual} ≠ ${recorded}): overwritten when the crash came`;
}

async function md5Of(path: string): Promise<string> {
  const hash = createHash('md5');
  for await (const chunk of createReadStream(path)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

async function moveAside(rootDirectory: string, directory: string, stem: string, quarantineDirectory: string): Promise<void> {
  const target = join(quarantineDirectory, relative(rootDirectory, directory));
  await mkdir(target, { recursive: true });
  for (const suffix of [OBJECT_SUFFIX, METADATA_SUFFIX, MD5_SUFFIX]) {
    try {
      await rename(join(directory, stem + suffix), join(target, stem + suffix));
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    }
  }
}

/**
 * The continuation token of a V2 listing: the bucket and the last key covered, base64url-encoded.
 * (s3rver's own token is DES-encrypted, which OpenSSL 3 refuses: every second page failed.)
 *
 * @example encodeContinuationToken('kabar-articles', 'incoming/a b.txt') // → 'WyJrYWJhci1hcnRpY2xlcyIsImluY29taW5nL2EgYi50eHQiXQ'
 */
export function encodeContinuationToken(bucket: string, lastKey: string): string {
  return Buffer.from(JSON.stringify([bucket, lastKey]), 'utf8').toString('base64url');
}

/** The key a continuation token resumes after, or undefined when the token is not one of ours for `bucket`. */
export function decodeContinuationToken(bucket: string, token: string): string | undefined {
  try {
    const parsed: unknown = JSON.parse(Buffer.from(token, 'base64url').toString('utf8'));
    if (Array.isArray(parsed) && parsed.length === 2 && parsed[0] === bucket && typeof parsed[1] === 'string') return parsed[1];
  } catch {
    // not ours
  }
  return undefined;
}
