/**
 * The local S3 endpoint: s3rver (in-process, files on disk) with two fixes so clients and the
 * ingest handler see what real S3 would give them:
 *
 * 1. aws-chunked request bodies (SDK v3 / AWS CLI streamed uploads) are decoded before s3rver
 *    stores them, so objects hold exactly the bytes the publisher sent.
 * 2. Event notifications are AWS-shaped (URL-encoded keys, eventVersion 2.1, increasing
 *    sequencers, `ObjectCreated:CompleteMultipartUpload` for multipart uploads).
 * 3. Any well-formed credentials are accepted (`test`/`test`, a developer's own profile), as
 *    DynamoDB Local does; s3rver knows only `S3RVER`.
 * 4. Listings page in S3's key order with a token OpenSSL 3 accepts, and honour `encoding-type=url`
 *    (the AWS CLI asks for it); objects are written atomically and a crash's leftovers are
 *    repaired before the server starts (s3-store.ts).
 * 5. Any key is an object of its own, as in S3: `a//b`, `/a` and `a/../b` (routeEmptyKeySegments,
 *    and the store's safeKeyPath).
 *
 * The first two live in one Koa middleware placed in front of s3rver's own stack, the listing fix
 * in one placed just before its router; every other request passes through untouched.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import { mkdirSync } from 'node:fs';
import type { IncomingHttpHeaders, IncomingMessage, Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createRequire } from 'node:module';
import { CreateBucketCommand, HeadBucketCommand, type S3Client } from '@aws-sdk/client-s3';
import type { S3EventRecord } from 'aws-lambda';
import { AwsChunkedDecodeError, AwsChunkedDecoder, describeDecodedBody, isAwsChunked } from './aws-chunked.ts';
import { assertPortFree } from './ports.ts';
import { buildS3EventRecord, createSequencer, type LocalS3EventName, type ObjectEventInput } from './s3-event.ts';
import {
  decodeContinuationToken,
  encodeContinuationToken,
  type FilesystemStore,
  listObjects,
  deleteObjectFiles,
  keepKeysVerbatim,
  putObjectAtomically,
  repairStore,
  type StoreRepairReport,
} from './s3-store.ts';

/** The pair the docs show; any well-formed access key id works (see acceptAnyCredentials). */
export const LOCAL_S3_CREDENTIALS = { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' } as const;

/** What we use of s3rver 3.7 (a CommonJS Koa application without type declarations). */
interface KoaContext {
  req: IncomingMessage;
  method: string;
  /** The request path as sent (percent-encoded); setting it rewrites the URL, query kept. */
  path: string;
  query: Record<string, string | string[] | undefined>;
  ip: string;
  body: unknown;
}
type KoaMiddleware = (ctx: KoaContext, next: () => Promise<void>) => Promise<void>;
interface S3rverRecord {
  eventName: string;
  s3: { bucket: { name: string }; object: { key: string; size?: number; eTag?: string } };
}
interface S3rverApp {
  middleware: KoaMiddleware[];
  store: FilesystemStore & { deleteObject(bucket: string, key: string): Promise<void> };
  httpServer?: Server;
  run(): Promise<AddressInfo>;
  close(): Promise<void>;
  on(event: 'event', listener: (event: { Records: S3rverRecord[] }) => void): void;
}
type S3rverConstructor = new (options: Record<string, unknown>) => S3rverApp;
type S3ErrorConstructor = new (code: string, message: string) => Error;

const require = createRequire(import.meta.url);
const S3rver = require('s3rver') as S3rverConstructor;
const S3Error = require('s3rver/lib/models/error.js') as S3ErrorConstructor;
const bucketSubresources = new Set((require('s3rver/lib/controllers/bucket.js') as { METHODS: string[] }).METHODS);
interface AwsAccount {
  accessKeys: Map<string, string>;
}
const AwsAccountModel = require('s3rver/lib/models/account.js') as { registry: Map<string, AwsAccount>; DUMMY_ACCOUNT: AwsAccount };

/** What AWS allows in an access key id, loosely: the check is that one was sent, not which. */
const WELL_FORMED_ACCESS_KEY_ID = /^[\w+=,.@-]{1,128}$/;

/**
 * s3rver looks every access key id up in a process-wide registry holding only `S3RVER`; unknown
 * well-formed ids now resolve to its one account (signatures are not checked: SigV4 never was,
 * SigV2 mismatches are allowed by `allowMismatchedSignatures`).
 */
function acceptAnyCredentials(): void {
  const { registry, DUMMY_ACCOUNT } = AwsAccountModel;
  const known = Map.prototype.get;
  registry.get = (id: string) => known.call(registry, id) ?? (WELL_FORMED_ACCESS_KEY_ID.test(id) ? DUMMY_ACCOUNT : undefined);
  DUMMY_ACCOUNT.accessKeys.get = (id: string) => known.call(DUMMY_ACCOUNT.accessKeys, id) ?? '';
}
acceptAnyCredentials();

export interface S3EndpointOptions {
  /** TCP port; 0 picks a free one. */
  port: number;
  /** Where objects are kept between runs. */
  directory: string;
  host?: string;
  /** Log every request (s3rver's own log). */
  verbose?: boolean;
  /** Written into each event's `s3.configurationId`, like a bucket notification's id. */
  configurationId?: string;
  /** Where objects a crash left damaged are moved at start; defaults to `<directory>-quarantine`. */
  quarantineDirectory?: string;
}

/** What the endpoint saw of an aws-chunked request before decoding it (for tests and debugging). */
export interface AwsChunkedRequestInfo {
  method: string;
  url: string;
  headers: IncomingHttpHeaders;
}

export interface S3Endpoint {
  /** e.g. `http://localhost:4568` */
  url: string;
  port: number;
  /** Subscribes to AWS-shaped event records; returns the unsubscribe function. */
  onObjectEvent(listener: (record: S3EventRecord) => void): () => void;
  onAwsChunkedRequest(listener: (info: AwsChunkedRequestInfo) => void): () => void;
  /** What the start-up repair removed or moved aside (crash leftovers). */
  repairs: StoreRepairReport;
  close(): Promise<void>;
}

/** Per-request facts the event listener and the listing fix need (s3rver's store calls carry no request). */
interface RequestScope {
  completesMultipartUpload: boolean;
  deletesObjects: boolean;
  listing?: { v2: boolean; isTruncated?: boolean; lastKey?: string };
}

/**
 * Starts s3rver with the aws-chunked and event fixes on `options.port`.
 *
 * @example
 * const s3 = await startS3Endpoint({ port: 4568, directory: '.kabar/s3' });
 * s3.onObjectEvent((r) => console.log(r.eventName, r.s3.object.key)); // → ObjectCreated:Put incoming/a+b.txt
 */
export async function startS3Endpoint(options: S3EndpointOptions): Promise<S3Endpoint> {
  mkdirSync(options.directory, { recursive: true });
  const repairs = await repairStore(options.directory, options.quarantineDirectory ?? `${options.directory}-quarantine`);
  const host = options.host ?? '127.0.0.1';
  const app = new S3rver({ port: options.port, address: host, directory: options.directory, silent: !options.verbose, allowMismatchedSignatures: true });
  const scope = new AsyncLocalStorage<RequestScope>();
  const nextSequencer = createSequencer();
  const eventListeners = new Set<(record: S3EventRecord) => void>();
  const chunkedListeners = new Set<(info: AwsChunkedRequestInfo) => void>();

  const front: KoaMiddleware = (ctx, next) => {
    routeEmptyKeySegments(ctx);
    const request: RequestScope = {
      completesMultipartUpload: ctx.method === 'POST' && ctx.query.uploadId !== undefined,
      deletesObjects: ctx.method === 'POST' && ctx.query.delete !== undefined,
    };
    return scope.run(request, () => (isAwsChunked(ctx.req.headers) ? decodeAwsChunked(ctx, next) : next()));
  };

  async function decodeAwsChunked(ctx: KoaContext, next: () => Promise<void>): Promise<void> {
    const original = ctx.req;
    for (const listener of chunkedListeners) listener({ method: ctx.method, url: original.url ?? '', headers: { ...original.headers } });
    const decoder = new AwsChunkedDecoder(original.headers);
    // s3rver reads the body from ctx.req and the headers from the original request object.
    describeDecodedBody(original.headers);
    const failed = new Promise<never>((_resolve, reject) => {
      decoder.once('error', (error) => reject(new S3Error(error instanceof AwsChunkedDecodeError ? error.s3ErrorCode : 'IncompleteBody', error.message)));
    });
    failed.catch(() => undefined);
    original.on('error', (error) => decoder.destroy(error));
    original.pipe(decoder);
    ctx.req = decoder as unknown as IncomingMessage;
    try {
      // s3rver's store does not listen for errors on the body, so a bad body would hang it: race.
      const downstream = next();
      downstream.catch(() => undefined); // settled by the race when it wins; never unhandled when it loses
      await Promise.race([downstream, failed]);
    } finally {
      original.unpipe(decoder);
      original.resume();
    }
  }

  const emit = (event: Omit<ObjectEventInput, 'sequencer' | 'configurationId'>): void => {
    const record = buildS3EventRecord({ ...event, sequencer: nextSequencer(), configurationId: options.configurationId });
    for (const listener of eventListeners) listener(record);
  };

  // Just before the router: after s3rver's XML rendering has run on the way out, so the listing
  // result is still an object here. A new s3rver version must be checked (the version is pinned).
  if (app.middleware.length !== 5) throw new Error(`s3rver's middleware stack changed (${app.middleware.length} entries); re-check s3-endpoint.ts`);
  app.middleware.splice(app.middleware.length - 1, 0, (ctx, next) => fixListing(ctx, next, scope));
  app.middleware.unshift(front);
  const store = app.store;
  keepKeysVerbatim(store);
  store.putObject = (object) => putObjectAtomically(store, object);
  store.listObjects = async (bucket, listOptions) => {
    const result = await listObjects(store, bucket, listOptions);
    const listing = scope.getStore()?.listing;
    if (listing === undefined) return result;
    listing.isTruncated = result.isTruncated;
    listing.lastKey = result.lastKey;
    // s3rver would build its DES token from a truncated V2 result: fixListing writes ours instead.
    return listing.v2 ? { ...result, isTruncated: false } : result;
  };
  app.on('event', (s3rverEvent) => {
    const request = scope.getStore();
    for (const raw of s3rverEvent.Records) {
      const eventName = awsEventName(raw.eventName, request);
      if (eventName === undefined) continue;
      const { bucket, object } = raw.s3;
      emit({ eventName, bucket: bucket.name, key: object.key, size: object.size, eTag: object.eTag });
    }
  });
  // S3 notifies each key a DeleteObjects request removes; s3rver notifies none of them.
  app.store.deleteObject = async (bucket, key) => {
    await deleteObjectFiles(store, bucket, key);
    if (scope.getStore()?.deletesObjects) emit({ eventName: 'ObjectRemoved:Delete', bucket, key });
  };

  await assertPortFree(options.port, 'the S3 endpoint', 'KABAR_S3_PORT', host);
  const address = await app.run();
  if (app.httpServer !== undefined) {
    // Node closes idle keep-alive sockets after 5 s; a client reusing one just then gets ECONNRESET,
    // which it cannot retry for a streamed body. Keep them as long as S3 and load balancers do.
    app.httpServer.keepAliveTimeout = 65_000;
    app.httpServer.headersTimeout = 66_000;
  }
  return {
    url: `http://${host === '127.0.0.1' || host === '0.0.0.0' ? 'localhost' : host}:${address.port}`,
    port: address.port,
    onObjectEvent(listener) {
      eventListeners.add(listener);
      return () => eventListeners.delete(listener);
    },
    onAwsChunkedRequest(listener) {
      chunkedListeners.add(listener);
      return () => chunkedListeners.delete(listener);
    },
    repairs,
    async close() {
      const closing = app.close();
      // Keep-alive sockets of SDK clients would hold close() open.
      app.httpServer?.closeAllConnections();
      await closing;
    },
  };
}

/**
 * S3 keys may hold empty segments (`incoming//home/me/a.txt`, `/a.txt`); s3rver's router matches a
 * key as non-empty path segments and answers 404 otherwise. Each slash that would open an empty
 * segment is sent to the router percent-encoded: it decodes the key back to what the client sent.
 *
 * @example '/kabar-articles/incoming//home/a.txt' → '/kabar-articles/incoming/%2Fhome/a.txt' (key 'incoming//home/a.txt')
 */
function routeEmptyKeySegments(ctx: KoaContext): void {
  const match = /^(\/[^/]+\/)(.*)$/s.exec(ctx.path);
  const key = match?.[2];
  if (match === null || key === undefined || !(key.startsWith('/') || key.includes('//'))) return;
  ctx.path = match[1] + key.replace(/^\/|\/(?=\/)/g, '%2F');
}

/** One value of a query parameter (Koa gives an array when it is repeated). */
function single(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}

/** The bucket a request lists (GET on `/bucket` without a subresource), or undefined. */
function listedBucket(ctx: KoaContext): string | undefined {
  if (ctx.method !== 'GET') return undefined;
  const match = /^\/([^/]+)\/?$/.exec(ctx.path);
  if (match === null || Object.keys(ctx.query).some((name) => bucketSubresources.has(name))) return undefined;
  return match[1];
}

interface ListBucketResult {
  Prefix?: string;
  StartAfter?: string;
  Marker?: string;
  NextMarker?: string;
  ContinuationToken?: string;
  NextContinuationToken?: string;
  Delimiter?: string;
  IsTruncated?: boolean;
  EncodingType?: string;
  Contents?: { Key: string }[];
  CommonPrefixes?: { Prefix: string }[];
}

/**
 * ListObjects(V2) as S3 answers it: our continuation token (the last key covered) in place of
 * s3rver's DES one, `NextMarker` after a common prefix, and keys URL-encoded on `encoding-type=url`.
 */
async function fixListing(ctx: KoaContext, next: () => Promise<void>, scope: AsyncLocalStorage<RequestScope>): Promise<void> {
  const bucket = listedBucket(ctx);
  const request = scope.getStore();
  if (bucket === undefined || request === undefined) return next();
  const v2 = single(ctx.query['list-type']) === '2';
  const token = v2 ? single(ctx.query['continuation-token']) : undefined;
  const startAfter = single(ctx.query['start-after']);
  if (token) {
    const after = decodeContinuationToken(bucket, token);
    if (after === undefined) throw new S3Error('InvalidArgument', 'The continuation token provided is incorrect');
    const { 'continuation-token': _token, ...rest } = ctx.query;
    ctx.query = { ...rest, 'start-after': after };
  }
  const listing: NonNullable<RequestScope['listing']> = { v2 };
  request.listing = listing;
  await next();
  const result = (ctx.body as { ListBucketResult?: ListBucketResult } | undefined)?.ListBucketResult;
  if (result === undefined) return;
  if (v2) {
    result.StartAfter = token ? undefined : startAfter;
    result.ContinuationToken = token || undefined;
    result.IsTruncated = listing.isTruncated === true;
    result.NextContinuationToken = listing.isTruncated && listing.lastKey !== undefined ? encodeContinuationToken(bucket, listing.lastKey) : undefined;
  } else if (listing.isTruncated && result.Delimiter) {
    result.NextMarker = listing.lastKey;
  }
  if (single(ctx.query['encoding-type']) === 'url') {
    const encode = (value: string | undefined): string | undefined => (value ? encodeURIComponent(value) : value);
    result.EncodingType = 'url';
    result.Prefix = encode(result.Prefix) ?? '';
    result.StartAfter = encode(result.StartAfter);
    result.Marker = result.Marker === undefined ? undefined : (encode(result.Marker) ?? '');
    result.NextMarker = encode(result.NextMarker);
    result.Delimiter = encode(result.Delimiter);
    for (const object of result.Contents ?? []) object.Key = encode(object.Key) ?? '';
    for (const common of result.CommonPrefixes ?? []) common.Prefix = encode(common.Prefix) ?? '';
  }
}

/** s3rver names multipart completions `ObjectCreated:Post`; S3 names them by operation. */
function awsEventName(s3rverName: string, request: RequestScope | undefined): LocalS3EventName | undefined {
  switch (s3rverName) {
    case 'ObjectCreated:Post':
      return request?.completesMultipartUpload ? 'ObjectCreated:CompleteMultipartUpload' : 'ObjectCreated:Post';
    case 'ObjectCreated:Put':
    case 'ObjectCreated:Copy':
    case 'ObjectRemoved:Delete':
      return s3rverName;
    default:
      return undefined;
  }
}

/**
 * Creates the bucket unless it exists.
 *
 * @example await ensureBucket(s3, 'kabar-articles') // → 'created' the first time, 'exists' after
 */
export async function ensureBucket(s3: S3Client, bucket: string): Promise<'created' | 'exists'> {
  try {
    await s3.send(new HeadBucketCommand({ Bucket: bucket }));
    return 'exists';
  } catch (error) {
    if ((error as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode !== 404) throw error;
  }
  await s3.send(new CreateBucketCommand({ Bucket: bucket }));
  return 'created';
}
