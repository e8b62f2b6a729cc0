/**
 * The S3 and DynamoDB emulators for integration tests: s3rver (with the local stack's aws-chunked
 * and event fixes) and DynamoDB Local (in memory, `-sharedDb`), on free ports.
 * Started once per test run by global-setup.ts; `useEmulators()` (use-emulators.ts) connects to them.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { S3Client } from '@aws-sdk/client-s3';
import { startDynamoDbEndpoint } from '#ops/local/dynamodb-endpoint.ts';
import { createLocalClients } from '#ops/local/local-stack.ts';
import { freePort } from '#ops/local/ports.ts';
import { type S3Endpoint, startS3Endpoint } from '#ops/local/s3-endpoint.ts';

export { freePort };

export interface EmulatorEndpoints {
  s3Endpoint: string;
  dynamodbEndpoint: string;
}

export interface Emulators extends EmulatorEndpoints {
  /** Path-style, credentials s3rver accepts. */
  s3: S3Client;
  dynamodb: DynamoDBClient;
  /** The in-process S3 endpoint (event and aws-chunked hooks); only in the process that started it. */
  s3Server: S3Endpoint;
  /** Stops both emulators (the Java process too) and deletes their files. */
  stop(): Promise<void>;
}

/**
 * Starts both emulators on free ports. DynamoDB Local takes a few seconds (JVM start): start
 * it once per run, not per test.
 *
 * @example const emulators = await startEmulators(); emulators.s3Endpoint // → 'http://localhost:41234'
 */
export async function startEmulators(): Promise<Emulators> {
  const directory = await mkdtemp(join(tmpdir(), 'kabar-emulators-'));
  const [s3Server, dynamodbServer] = await Promise.all([
    startS3Endpoint({ port: 0, directory: join(directory, 's3') }),
    freePort().then((port) => startDynamoDbEndpoint({ port })),
  ]);
  const endpoints = { s3Endpoint: s3Server.url, dynamodbEndpoint: dynamodbServer.url };
  const clients = createLocalClients(endpoints);
  return {
    ...endpoints,
    ...clients,
    s3Server,
    async stop() {
      clients.s3.destroy();
      clients.dynamodb.destroy();
      await Promise.all([s3Server.close(), dynamodbServer.close()]);
      await rm(directory, { recursive: true, force: true });
    },
  };
}

/** A name no other test uses, valid for buckets and tables: `uniqueName('articles')` → 'articles-lx2k9a-3f'. */
export function uniqueName(prefix: string): string {
  return `${prefix}-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 6)}`;
}
