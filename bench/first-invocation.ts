/**
 * The real cold path: a fresh Node imports a bundle and its handler ingests one text article, against
 * the emulators (s3rver and DynamoDB Local; every S3 and DynamoDB request the handler makes is real
 * SDK work: serialising, signing, parsing). Work an import leaves for later (a schema built on first
 * use, a chunk loaded by the first article) is counted here, so moving start-up work into the first
 * invocation cannot improve this figure.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { CreateTableCommand, type DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { PutObjectCommand } from '@aws-sdk/client-s3';
import { requireEnv } from '#shared/config/env.ts';
import { encodeS3EventKey } from '#shared/ingest/s3-event.ts';
import { ARTICLES_TABLE } from '#shared/table-definition.ts';
import { ensureTable } from '#ops/local/create-table.ts';
import { startDynamoDbEndpoint } from '#ops/local/dynamodb-endpoint.ts';
import { createLocalClients } from '#ops/local/local-stack.ts';
import { LOCAL_S3_CREDENTIALS, ensureBucket, startS3Endpoint } from '#ops/local/s3-endpoint.ts';
import { freePort } from '#ops/local/ports.ts';

/** A text article as publishers upload them: the user's sample (a scraped page's text, boilerplate included). */
export const FIRST_ARTICLE = join(import.meta.dirname, '..', 'samples', '000_8692206af46fdf20.txt');

export interface FirstInvocationTiming {
  /** Import of the bundle (module evaluation, client construction). */
  importWall: number;
  importCpu: number;
  /** Import plus the first invocation, from the same process start. */
  totalWall: number;
  totalCpu: number;
}

export interface FirstInvocationTarget {
  name: string;
  /** The bundle's index.mjs. */
  file: string;
  /** The environment Lambda would give it (the template's variables). */
  env: Record<string, string>;
  /** `ingest`: articles table and the ingest handler's answer checked; `minimal`: a table keyed on `pk`. */
  kind: 'ingest' | 'minimal';
  /** Extra `node` options, e.g. `['--cpu-prof']` to see where a cold start goes (not allowed in NODE_OPTIONS). */
  nodeArgs?: string[];
}

/** The emulators, a bucket holding the article, and a fresh table per run (every run ingests a new article into an empty table). */
export interface FirstInvocationStage {
  /** Times `runs` interleaved fresh-process invocations of each target. */
  time(targets: FirstInvocationTarget[], runs: number): Promise<FirstInvocationTiming[][]>;
  stop(): Promise<void>;
}

export async function startFirstInvocationStage(): Promise<FirstInvocationStage> {
  const directory = mkdtempSync(join(tmpdir(), 'kabar-bench-first-'));
  const [s3Server, dynamodbServer] = await Promise.all([
    startS3Endpoint({ port: 0, directory: join(directory, 's3') }),
    freePort().then((port) => startDynamoDbEndpoint({ port })),
  ]);
  const clients = createLocalClients({ s3Endpoint: s3Server.url, dynamodbEndpoint: dynamodbServer.url });
  const bucket = 'bench-first';
  await ensureBucket(clients.s3, bucket);
  const article = readFileSync(FIRST_ARTICLE);
  let serial = 0;

  const runOnce = async (target: FirstInvocationTarget): Promise<FirstInvocationTiming> => {
    serial += 1;
    const table = `bench-first-${serial}`;
    await createTable(clients.dynamodb, table, target.kind);
    const key = `incoming/first-${serial}.txt`;
    await clients.s3.send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: article, ContentType: 'text/plain; charset=utf-8' }));
    const env = {
      ...target.env,
      ARTICLES_TABLE_NAME: table,
      ARTICLES_BUCKET_NAME: bucket,
      AWS_ENDPOINT_URL_S3: s3Server.url,
      AWS_ENDPOINT_URL_DYNAMODB: dynamodbServer.url,
      KABAR_S3_FORCE_PATH_STYLE: 'true',
      AWS_ACCESS_KEY_ID: LOCAL_S3_CREDENTIALS.accessKeyId,
      AWS_SECRET_ACCESS_KEY: LOCAL_S3_CREDENTIALS.secretAccessKey,
    };
    return invokeFresh(target, env, sqsEventOf(bucket, key, serial, article.byteLength));
  };

  return {
    async time(targets, runs) {
      const samples = targets.map(() => [] as FirstInvocationTiming[]);
      // One warm-up of each (file cache, the emulators' own first requests), then interleaved runs.
      for (const target of targets) await runOnce(target);
      for (let run = 0; run < runs; run++) {
        for (const [index, target] of targets.entries()) samples[index]?.push(await runOnce(target));
      }
      return samples;
    },
    async stop() {
      clients.s3.destroy();
      clients.dynamodb.destroy();
      await Promise.all([s3Server.close(), dynamodbServer.close()]);
      rmSync(directory, { recursive: true, force: true });
    },
  };
}

async function createTable(dynamodb: DynamoDBClient, table: string, kind: FirstInvocationTarget['kind']): Promise<void> {
  if (kind === 'ingest') {
    await ensureTable(dynamodb, table, ARTICLES_TABLE);
    return;
  }
  await dynamodb.send(
    new CreateTableCommand({
      TableName: table,
      BillingMode: 'PAY_PER_REQUEST',
      AttributeDefinitions: [{ AttributeName: 'pk', AttributeType: 'S' }],
      KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }],
    }),
  );
}

/** An SQS message carrying the S3 notification of one new object, as Lambda's event source delivers it. */
function sqsEventOf(bucket: string, key: string, serial: number, size: number) {
  const notification = {
    Records: [
      {
        eventVersion: '2.1',
        eventSource: 'aws:s3',
        awsRegion: 'us-east-1',
        eventTime: new Date().toISOString(),
        eventName: 'ObjectCreated:Put',
        s3: {
          s3SchemaVersion: '1.0',
          bucket: { name: bucket, arn: `arn:aws:s3:::${bucket}` },
          object: { key: encodeS3EventKey(key), size, sequencer: serial.toString(16).toUpperCase().padStart(16, '0') },
        },
      },
    ],
  };
  return {
    Records: [
      {
        messageId: `bench-${serial}`,
        receiptHandle: 'bench',
        body: JSON.stringify(notification),
        attributes: {},
        messageAttributes: {},
        md5OfBody: '',
        eventSource: 'aws:sqs',
        eventSourceARN: 'arn:aws:sqs:us-east-1:123456789012:bench',
        awsRegion: 'us-east-1',
      },
    ],
  };
}

/** Marks the child's result line among the handler's own log and metric lines. */
const RESULT_MARK = 'KABAR-BENCH-FIRST ';

/**
 * A fresh `node`: import the bundle, invoke its handler once, report CPU and wall time of both steps.
 * Asynchronous: s3rver answers from this process's event loop.
 */
async function invokeFresh(target: FirstInvocationTarget, env: Record<string, string>, event: unknown): Promise<FirstInvocationTiming> {
  const script = [
    'const c = process.cpuUsage(); const t = performance.now();',
    `const { handler } = await import(${JSON.stringify(pathToFileURL(target.file).href)});`,
    'const i = process.cpuUsage(c); const iw = performance.now() - t;',
    `const answer = await handler(${JSON.stringify(event)}, { getRemainingTimeInMillis: () => 60000, awsRequestId: 'bench' });`,
    'const f = process.cpuUsage(c); const fw = performance.now() - t;',
    `console.log(${JSON.stringify(RESULT_MARK)} + JSON.stringify({ importWall: iw, importCpu: (i.user + i.system) / 1000, totalWall: fw, totalCpu: (f.user + f.system) / 1000, answer: answer ?? null }));`,
    'process.exit(0);',
  ].join('\n');
  const child = await new Promise<{ failure: Error | null; stdout: string; stderr: string }>((resolve) => {
    execFile(
      process.execPath,
      [...(target.nodeArgs ?? []), '--input-type=module', '-e', script],
      { env: { PATH: requireEnv('PATH'), HOME: requireEnv('HOME'), ...env }, encoding: 'utf8', timeout: 60_000, maxBuffer: 16 * 2 ** 20 },
      (failure, stdout, stderr) => resolve({ failure, stdout, stderr }),
    );
  });
  const line = child.stdout.split('\n').find((l) => l.startsWith(RESULT_MARK));
  if (child.failure || !line)
    throw new Error(`${target.name}: the first invocation failed (${child.failure?.message ?? 'no result'}): ${child.stderr}\n${child.stdout}`);
  const { answer, ...timing } = JSON.parse(line.slice(RESULT_MARK.length)) as FirstInvocationTiming & { answer: { batchItemFailures?: unknown[] } | null };
  if (target.kind === 'ingest' && (answer?.batchItemFailures?.length ?? -1) !== 0)
    throw new Error(`${target.name}: the article was not ingested (${JSON.stringify(answer)}): ${child.stdout}`);
  return timing;
}
