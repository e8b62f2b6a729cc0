/**
 * The local S3 endpoint: s3rver (in-process, files on disk) with two fixes so clients and the
 * ingest handler see what real S3 would give them:
 *
 * 1. aws-chunked request bodies (SDK v3 / AWS CLI streamed uploads) are decoded before s3rver
 *    stores them, so objects hold exactly the bytes the publisher sent.
 * 2. Event notifications are AWS-shaped (URL-encoded keys, eventVersion 2.1, increasing
 *    sequencers, `ObjectCreated:CompleteMultipartUpload` for multipart uploads).
 *
 * Both fixes live in one Koa middleware placed in front of s3rver's own stack; every other
 * request passes through untouched.
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

/** The only credentials s3rver accepts (it checks the access key id, not SigV4 signatures). */
export const LOCAL_S3_CREDENTIALS = { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' } as const;

/** What we use of s3rver 3.7 (a CommonJS Koa application without type declarations). */
interface KoaContext {
  req: IncomingMessage;
  method: string;
  query: Record<string, string | string[] | undefined>;
  ip: string;
}
type KoaMiddleware = (ctx: KoaContext, next: () => Promise<void>) => Promise<void>;
interface S3rverRecord {
  eventName: string;
  s3: { bucket: { name: string }; object: { key: string; size?: number; eTag?: string } };
}
interface S3rverApp {
  middleware: KoaMiddleware[];
  store: { deleteObject(bucket: string, key: string): Promise<void> };
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
  close(): Promise<void>;
}

/** Per-request facts the event listener needs (s3rver's events carry no request). */
interface RequestScope {
  completesMultipartUpload: boolean;
  deletesObjects: boolean;
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
  const host = options.host ?? '127.0.0.1';
  const app = new S3rver({ port: options.port, address: host, directory: options.directory, silent: !options.verbose });
  const scope = new AsyncLocalStorage<RequestScope>();
  const nextSequencer = createSequencer();
  const eventListeners = new Set<(record: S3EventRecord) => void>();
  const chunkedListeners = new Set<(info: AwsChunkedRequestInfo) => void>();

  const front: KoaMiddleware = (ctx, next) => {
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
      decoder.once('error', (error) =>
        reject(new S3Error(error instanceof AwsChunkedDecodeError ? error.s3ErrorCode : 'IncompleteBody', error.message)),
      );
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

  app.middleware.unshift(front);
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
  const deleteObject = app.store.deleteObject.bind(app.store);
  app.store.deleteObject = async (bucket, key) => {
    await deleteObject(bucket, key);
    if (scope.getStore()?.deletesObjects) emit({ eventName: 'ObjectRemoved:Delete', bucket, key });
  };

  await assertPortFree(options.port, 'the S3 endpoint', 'KABAR_S3_PORT', host);
  const address = await app.run();
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
    async close() {
      const closing = app.close();
      // Keep-alive sockets of SDK clients would hold close() open.
      app.httpServer?.closeAllConnections();
      await closing;
    },
  };
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
