/**
 * Vitest global setup for integration tests: starts the S3 and DynamoDB emulators once per run
 * and hands their endpoints to test files (`useEmulators()` in helpers/use-emulators.ts, or
 * `inject('kabarEmulators')`) and to spawned processes (KABAR_TEST_S3_ENDPOINT,
 * KABAR_TEST_DYNAMODB_ENDPOINT). Register it in vitest.config.ts: `globalSetup: ['tests/integration/global-setup.ts']`.
 */
import type { TestProject } from 'vitest/node';
import { startEmulators } from './helpers/emulators.ts';

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const emulators = await startEmulators();
  project.provide('kabarEmulators', { s3Endpoint: emulators.s3Endpoint, dynamodbEndpoint: emulators.dynamodbEndpoint });
  process.env.KABAR_TEST_S3_ENDPOINT = emulators.s3Endpoint;
  process.env.KABAR_TEST_DYNAMODB_ENDPOINT = emulators.dynamodbEndpoint;
  return () => emulators.stop();
}
