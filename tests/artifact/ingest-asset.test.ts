/**
 * The code that would be deployed is the code that passes: synthesize the app with real bundling,
 * take the ingest function's asset from the cloud assembly, import its handler and run it against
 * the emulators.
 */
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { PutObjectCommand } from '@aws-sdk/client-s3';
import { App } from 'aws-cdk-lib';
import type { SQSBatchResponse, SQSEvent } from 'aws-lambda';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DynamoDbArticleReader } from '#shared/adapters/dynamodb-article-reader.ts';
import { articleIdOf } from '#shared/ingest/article-id.ts';
import { encodeS3EventKey } from '#shared/ingest/s3-event.ts';
import { ensureTable } from '#ops/local/create-table.ts';
import { ensureBucket } from '#ops/local/s3-endpoint.ts';
import { ARTICLES_TABLE } from '#shared/table-definition.ts';
import { KabarStack } from '../../infra/kabar-stack.ts';
import { sqsEventOf } from '../fixtures/events.ts';
import { uniqueName } from '../integration/helpers/emulators.ts';
import { type ConnectedEmulators, useEmulators } from '../integration/helpers/use-emulators.ts';

type Handler = (event: SQSEvent, context: { getRemainingTimeInMillis(): number; awsRequestId: string }) => Promise<SQSBatchResponse>;

let emulators: ConnectedEmulators;
let outdir: string;
let assetDir: string;
let assetOf: (functionName: string) => string;
let handler: Handler;
const bucket = uniqueName('artifact');
const table = uniqueName('artifact');

beforeAll(async () => {
  emulators = await useEmulators();
  await ensureBucket(emulators.s3, bucket);
  await ensureTable(emulators.dynamodb, table, ARTICLES_TABLE);

  outdir = await mkdtemp(join(tmpdir(), 'kabar-cdk-out-'));
  const app = new App({ outdir });
  const stack = new KabarStack(app, 'Kabar');
  const assembly = app.synth();
  const template = JSON.parse(readFileSync(join(assembly.directory, assembly.getStackArtifact(stack.artifactId).templateFile), 'utf8'));
  const ingestLogicalId = stack.getLogicalId(stack.ingestion.ingestFunction.node.defaultChild as never);
  // The function's code is the zipped asset `<hash>.zip`; the assembly keeps it unzipped as `asset.<hash>`.
  assetOf = (name) => {
    const logicalId = Object.keys(template.Resources).find((id) => id.includes(name) && template.Resources[id].Type === 'AWS::Lambda::Function');
    const s3Key: string = template.Resources[logicalId ?? ingestLogicalId].Properties.Code.S3Key;
    return join(assembly.directory, `asset.${s3Key.replace(/\.zip$/, '')}`);
  };
  const s3Key: string = template.Resources[ingestLogicalId].Properties.Code.S3Key;
  assetDir = join(assembly.directory, `asset.${s3Key.replace(/\.zip$/, '')}`);

  // What Lambda would give the function, pointed at the emulators through the SDK's standard variables.
  Object.assign(process.env, {
    ARTICLES_TABLE_NAME: table,
    ARTICLES_BUCKET_NAME: bucket,
    AWS_ENDPOINT_URL_S3: emulators.s3Endpoint,
    AWS_ENDPOINT_URL_DYNAMODB: emulators.dynamodbEndpoint,
    KABAR_S3_FORCE_PATH_STYLE: 'true',
    AWS_REGION: 'us-east-1',
    AWS_ACCESS_KEY_ID: 'S3RVER',
    AWS_SECRET_ACCESS_KEY: 'S3RVER',
    POWERTOOLS_LOG_LEVEL: 'ERROR',
    POWERTOOLS_METRICS_DISABLED: 'true',
  });
  ({ handler } = (await import(pathToFileURL(join(assetDir, 'index.mjs')).href)) as { handler: Handler });
}, 180_000);

afterAll(async () => {
  await emulators?.release();
  if (outdir) await rm(outdir, { recursive: true, force: true });
});

function s3Event(key: string, sequencer: string) {
  return {
    Records: [
      {
        eventVersion: '2.1',
        eventSource: 'aws:s3',
        awsRegion: 'us-east-1',
        eventTime: new Date().toISOString(),
        eventName: 'ObjectCreated:Put',
        s3: { s3SchemaVersion: '1.0', bucket: { name: bucket, arn: `arn:aws:s3:::${bucket}` }, object: { key: encodeS3EventKey(key), sequencer } },
      },
    ],
  };
}

const context = { getRemainingTimeInMillis: () => 60_000, awsRequestId: 'artifact-test' };

/** A short Dutch news item (written for this test). */
const DUTCH_ARTICLE = [
  'Ministers bespreken hulpcorridor in Den Haag',
  '',
  'DEN HAAG - De ministers van Buitenlandse Zaken van vijf landen kwamen dinsdag in Den Haag bijeen om de ' +
    'humanitaire toestand in de regio en een mogelijke hulpcorridor te bespreken.',
  '',
  'Volgens diplomatieke bronnen werd er nog geen akkoord bereikt, maar de gesprekken worden volgende week voortgezet. ' +
    'De minister zei na afloop dat er vooruitgang is geboekt en dat alle partijen bereid zijn verder te praten.',
  '',
].join('\n');

describe('the bundled ingest asset', () => {
  it('is ESM with the AWS SDK inside, split into index.mjs and chunks, each with a source map beside it', () => {
    const chunks = readdirSync(assetDir).filter((name) => name.endsWith('.mjs'));
    expect(chunks).toContain('index.mjs');
    for (const chunk of chunks) expect(existsSync(join(assetDir, `${chunk}.map`)), chunk).toBe(true);
    const code = chunks.map((chunk) => readFileSync(join(assetDir, chunk), 'utf8')).join('\n');
    const unbundled = new Set([...code.matchAll(/(?:from\s*|require\(|import\()["'](@aws-sdk\/[^"']+)["']/g)].map((m) => m[1]));
    // Optional peers the SDK requires inside a try, only for SigV4a signing (multi-Region access points).
    expect([...unbundled].sort()).toEqual(['@aws-sdk/signature-v4-crt', '@aws-sdk/signature-v4a']);
  });

  it('loads the HTML libraries and extraction, the language models and the SQS client only on first use', () => {
    // The files a cold start loads: index.mjs and what it imports statically, transitively.
    const loaded = new Set<string>();
    const pending = ['index.mjs'];
    for (let file = pending.pop(); file !== undefined; file = pending.pop()) {
      if (loaded.has(file)) continue;
      loaded.add(file);
      const code = readFileSync(join(assetDir, file), 'utf8');
      for (const match of code.matchAll(/import\s*(?:\{[^}]*\}\s*from\s*|[\w$]+\s*from\s*|\*\s*as\s*[\w$]+\s*from\s*)?"\.\/([^"]+)"/g))
        pending.push(match[1] ?? '');
    }
    const chunks = readdirSync(assetDir).filter((name) => name.endsWith('.mjs'));
    for (const prefix of ['esm-', 'readability-', 'franc-min-', 'sqs-dead-letters-', 'html-']) {
      expect(
        chunks.some((chunk) => chunk.startsWith(prefix)),
        `${prefix} chunk`,
      ).toBe(true);
      expect(
        [...loaded].filter((file) => file.startsWith(prefix)),
        `${prefix} at start`,
      ).toEqual([]);
    }
    // The HTML block model's weights (~180 KB of JSON) are read by the HTML chunk, never at start.
    const read = (files: string[]) => files.map((file) => readFileSync(join(assetDir, file), 'utf8')).join('\n');
    expect(read([...loaded])).not.toContain('html-model.json');
    expect(read(chunks.filter((chunk) => chunk.startsWith('html-')))).toContain('data/html-model.json');
  });

  it('keeps the named exports of a CommonJS package imported lazily (Readability), as Node’s own import() would', async () => {
    const chunk = readdirSync(assetDir).find((name) => name.startsWith('readability-') && name.endsWith('.mjs'));
    const module = (await import(pathToFileURL(join(assetDir, chunk ?? 'missing')).href)) as { Readability?: unknown };
    expect(typeof module.Readability).toBe('function');
  });

  it('ships the data files as minified JSON beside the code, where the code reads them', () => {
    const taxonomy = readFileSync(join(assetDir, 'data', 'taxonomy.json'), 'utf8');
    expect(JSON.parse(taxonomy)).toMatchObject({ topics: expect.any(Array) });
    expect(taxonomy).not.toContain('\n');
  });

  it('is the ingest function’s own bundle (CDK keys bundles by their options: the reprocess function’s differs)', () => {
    expect(readFileSync(join(assetDir, 'index.mjs'), 'utf8')).toContain('Article stored');
    expect(assetOf('ReprocessFunction')).not.toBe(assetDir);
  });

  it('processes a text, an HTML and a Dutch article and a bad object in one batch, against the emulators', async () => {
    const keys = ['incoming/artifact/riyadh talks.txt', 'incoming/artifact/gulf.html', 'incoming/artifact/den-haag.txt', 'incoming/artifact/scan.pdf'];
    const bodies = [
      readFileSync(new URL('../../samples/000_8692206af46fdf20.txt', import.meta.url)),
      readFileSync(new URL('../../samples/riyadh-forum.html', import.meta.url)),
      // Dutch is one of the languages the quick checks leave to franc: this runs the lazily shipped franc-min.
      Buffer.from(DUTCH_ARTICLE, 'utf8'),
      Buffer.from('%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<<>>\nendobj\n', 'latin1'),
    ];
    await Promise.all(keys.map((Key, i) => emulators.s3.send(new PutObjectCommand({ Bucket: bucket, Key, Body: bodies[i] }))));

    const response = await handler(sqsEventOf(...keys.map((key, i) => s3Event(key, `00000000000000A${i}`))), context);

    expect(response.batchItemFailures).toEqual([]);
    const reader = new DynamoDbArticleReader(emulators.dynamodb, table);
    const [text, html, dutch, pdf] = await Promise.all(keys.map((key) => reader.getArticle(articleIdOf(bucket, key))));
    expect(text).toMatchObject({ status: 'ok', title: 'AS-Rusia Sepakati Mekanisme Konsultasi Buat Redakan Ketegangan', language: 'id' });
    expect(text?.topics).toEqual(expect.arrayContaining(['diplomacy', 'ukraine']));
    expect(html).toMatchObject({ status: 'ok', format: 'html', title: 'Gulf ministers meet in Riyadh on Gaza aid corridor' });
    expect(dutch).toMatchObject({ status: 'ok', language: 'nl' });
    expect(pdf).toMatchObject({ status: 'rejected', errorCode: 'BINARY' });
  });

  it('reports only the message it could not process as a batch item failure', async () => {
    const event = sqsEventOf(s3Event('incoming/artifact/riyadh talks.txt', '00000000000000A0'), 'not an S3 notification');
    const response = await handler(event, context);
    expect(response.batchItemFailures).toEqual([{ itemIdentifier: 'message-1' }]);
  });
});
