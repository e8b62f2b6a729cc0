/**
 * Connects a test file to the emulators global-setup.ts started for the run. Without that global
 * setup (a vitest config that does not list it), it starts them for this file instead, so a test
 * file also runs on its own.
 */
import { inject } from 'vitest';
import { createLocalClients } from '#ops/local/local-stack.ts';
import { type EmulatorEndpoints, startEmulators } from './emulators.ts';
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { S3Client } from '@aws-sdk/client-s3';

declare module 'vitest' {
  export interface ProvidedContext {
    kabarEmulators: EmulatorEndpoints | undefined;
  }
}

export interface ConnectedEmulators extends EmulatorEndpoints {
  s3: S3Client;
  dynamodb: DynamoDBClient;
  /** Releases this file's clients (and its own emulators, when it had to start them). */
  release(): Promise<void>;
}

/**
 * @example
 * let emulators: ConnectedEmulators;
 * beforeAll(async () => { emulators = await useEmulators(); });
 * afterAll(() => emulators.release());
 */
export async function useEmulators(): Promise<ConnectedEmulators> {
  const provided = inject('kabarEmulators');
  if (provided !== undefined) {
    const clients = createLocalClients(provided);
    return {
      ...provided,
      ...clients,
      async release() {
        clients.s3.destroy();
        clients.dynamodb.destroy();
      },
    };
  }
  const own = await startEmulators();
  return { s3Endpoint: own.s3Endpoint, dynamodbEndpoint: own.dynamodbEndpoint, s3: own.s3, dynamodb: own.dynamodb, release: () => own.stop() };
}
