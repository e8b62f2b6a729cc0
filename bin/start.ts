#!/usr/bin/env node
/**
 * `npm start`: the local stack. S3 on KABAR_S3_PORT (4568), DynamoDB on KABAR_DYNAMODB_PORT (8000),
 * data under KABAR_DATA_DIR (.kabar/); every object created under incoming/ is ingested by the
 * same handler the Lambda runs. The bundled samples are uploaded on start. Ctrl-C stops it.
 */
import { isAbsolute, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { Logger } from '@aws-lambda-powertools/logger';
import type { LogLevel } from '@aws-lambda-powertools/logger/types';
import { createIngestHandler } from '../functions/ingest/ingest-handler.ts';
import { loadModelSet } from '#shared/adapters/model-files.ts';
import { S3TemplateStore } from '#shared/adapters/s3-template-store.ts';
import { optionalEnv, optionalPositiveInt } from '#shared/config/env.ts';
import { shippedModels } from '#shared/domain/models.ts';
import { objectEventsOf } from '#shared/ingest/s3-event.ts';
import { learnTemplatesEvery } from '#shared/ingest/templates.ts';
import { startLocalConsole } from '#ops/console/compose.ts';
import { LocalStackStartError } from '#ops/local/errors.ts';
import type { MessageOutcome } from '#ops/local/local-queue.ts';
import {
  describeStartupChecks,
  LOCAL_STACK_DEFAULTS,
  type LocalStack,
  type LocalStackConfig,
  localStackConfigFromEnv,
  startLocalStack,
} from '#ops/local/local-stack.ts';
import { writeRunningModels } from '#ops/local/running-models.ts';
import { LOCAL_S3_CREDENTIALS } from '#ops/local/s3-endpoint.ts';
import { formatRecordSummary, readRecordSummary, uploadSamples } from '#ops/local/samples.ts';
import { INCOMING_PREFIX } from '#shared/table-definition.ts';

const SAMPLES_DIR = fileURLToPath(new URL('../samples/', import.meta.url));

// The SDK warns on Node 20 that its 2027 releases need Node 22 (the README says so); keep it out of the console output.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

/** How long the local ingest keeps a publisher's template: a moment, so a new one shows on the next article. */
const TEMPLATE_CACHE_SECONDS = 5;

const LOG_LEVELS = ['TRACE', 'DEBUG', 'INFO', 'WARN', 'ERROR', 'CRITICAL', 'SILENT'] as const;

/** `POWERTOOLS_LOG_LEVEL` checked, so a typo fails at start rather than logging at some default. */
function logLevelOf(value: string): LogLevel {
  const level = LOG_LEVELS.find((known) => known === value.toUpperCase());
  if (!level) throw new Error(`POWERTOOLS_LOG_LEVEL must be one of ${LOG_LEVELS.join(', ')}, got "${value}"`);
  return level;
}

async function main(): Promise<number> {
  // Configured by environment only (above); an argument is a mistake worth saying so.
  parseArgs({ options: {} });
  const config = localStackConfigFromEnv();
  // A retrained set can be tried before it ships: KABAR_MODELS_DIR=<npm run train -- --out DIR>.
  const modelsDir = optionalEnv('KABAR_MODELS_DIR');
  const models = modelsDir ? loadModelSet(modelsDir) : shippedModels();
  // Reconciled messages can be processed before startLocalStack returns; their lines wait for it.
  let started: (stack: LocalStack) => void = () => undefined;
  const whenStarted = new Promise<LocalStack>((resolve) => {
    started = resolve;
  });
  let stack: LocalStack;
  try {
    stack = await startLocalStack({
      ...config,
      // The handler's JSON logs would bury the record lines; POWERTOOLS_LOG_LEVEL=INFO brings them back.
      createHandler: (deps) =>
        createIngestHandler({
          ...deps,
          models,
          // Locally, a template learned a moment ago applies to the next article.
          templates: { cacheSeconds: TEMPLATE_CACHE_SECONDS },
          logger: new Logger({ serviceName: 'kabar-ingest', logLevel: logLevelOf(optionalEnv('POWERTOOLS_LOG_LEVEL') ?? 'WARN') }),
        }),
      // Four batches at once, like a few concurrent Lambda invocations.
      queue: { concurrency: 4, onOutcome: (outcome) => void whenStarted.then((s) => printOutcome(s, outcome)) },
    });
  } catch (error) {
    if (error instanceof LocalStackStartError) {
      console.error(error.message);
      return 1;
    }
    throw error;
  }
  writeRunningModels(config.dataDir, models, modelsDir ?? 'shared/data');
  // The learning step, as the deployed schedule runs it, but every half minute.
  const learning = learnTemplatesEvery(
    new S3TemplateStore(stack.s3, stack.bucketName),
    (optionalPositiveInt('KABAR_TEMPLATE_LEARN_SECONDS') ?? 30) * 1000,
    (outcome) => {
      if (outcome.action === 'learned') console.log(`◆ template of ${outcome.publisher}: ${outcome.version} (from ${outcome.articles} articles)`);
    },
    (error) => console.error('template learning failed (tried again next round):', error),
  );
  const reviewConsole = await startLocalConsole(stack, config.dataDir);
  printWelcome(stack, config, reviewConsole.url, `${models.pipelineVersion}${modelsDir ? ` (from ${modelsDir})` : ''}`);
  started(stack);
  for (const line of describeStartupChecks(stack)) console.log(line);

  const samples = await uploadSamples(stack.s3, stack.bucketName, SAMPLES_DIR, `${INCOMING_PREFIX}samples/`);
  for (const sample of samples) {
    if (sample.uploaded) console.log(`  uploaded ${sample.key}`);
    else {
      const record = await readRecordSummary(stack.dynamodb, stack.tableName, stack.bucketName, sample.key);
      if (record) console.log(`= ${formatRecordSummary(record)}`);
    }
  }

  await new Promise<void>((done) => {
    let stopping = false;
    const stop = (): void => {
      if (stopping) process.exit(130); // a second Ctrl-C does not wait for the batch in flight
      stopping = true;
      console.log('\nstopping (finishing the batch in flight; Ctrl-C again to force)…');
      Promise.all([reviewConsole.close(), learning.stop().then(() => stack.stop())]).then(
        () => {
          console.log('stopped');
          done();
        },
        (error: unknown) => {
          console.error(error);
          done();
        },
      );
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  });
  return 0;
}

function printWelcome(stack: LocalStack, config: LocalStackConfig, consoleUrl: string | null, models: string): void {
  const aws = `AWS_ACCESS_KEY_ID=${LOCAL_S3_CREDENTIALS.accessKeyId} AWS_SECRET_ACCESS_KEY=${LOCAL_S3_CREDENTIALS.secretAccessKey} AWS_DEFAULT_REGION=us-east-1`;
  const kabar = `${kabarEnvOf(config)}npm run --silent kabar --`;
  const inside = relative(process.cwd(), config.dataDir);
  const dataDir = inside && !inside.startsWith('..') && !isAbsolute(inside) ? inside : config.dataDir;
  console.log(`kabar local stack (data in ${dataDir})
  S3        ${stack.s3Endpoint}   bucket ${stack.bucketName}
  DynamoDB  ${stack.dynamodbEndpoint}   table ${stack.tableName}${consoleUrl ? `\n  Console   ${consoleUrl}   review, correct, upload` : ''}
  Models    ${models}

Publish an article (any object under s3://${stack.bucketName}/${INCOMING_PREFIX} is ingested; the folder after it names the publisher):
  ${aws} aws s3 cp FILE s3://${stack.bucketName}/${INCOMING_PREFIX}PUBLISHER/ --endpoint-url ${stack.s3Endpoint}
Look at the records:
  ${kabar} articles   # every command: ${kabar} help
  ${aws} aws dynamodb scan --table-name ${stack.tableName} --endpoint-url ${stack.dynamodbEndpoint}
  ${aws} aws dynamodb get-item --table-name ${stack.tableName} --key '{"pk":{"S":"ARTICLE#<id>"},"sk":{"S":"#ARTICLE"}}' --endpoint-url ${stack.dynamodbEndpoint}
Failed messages: ${kabar} dlq list, then ${kabar} dlq redrive.  Ctrl-C stops.
`);
}

/**
 * What the CLI must be told to find this stack: the settings that differ from its defaults.
 *
 * @example kabarEnvOf({ s3Port: 4568, dynamodbPort: 9000, dataDir: '/abs/.kabar' }) // → 'KABAR_DYNAMODB_PORT=9000 ' (run from /abs)
 */
function kabarEnvOf(config: LocalStackConfig): string {
  const settings: string[] = [];
  if (config.s3Port !== LOCAL_STACK_DEFAULTS.s3Port) settings.push(`KABAR_S3_PORT=${config.s3Port}`);
  if (config.dynamodbPort !== LOCAL_STACK_DEFAULTS.dynamodbPort) settings.push(`KABAR_DYNAMODB_PORT=${config.dynamodbPort}`);
  if (config.dataDir !== resolve(LOCAL_STACK_DEFAULTS.dataDir)) settings.push(`KABAR_DATA_DIR=${shellWord(config.dataDir)}`);
  return settings.map((setting) => `${setting} `).join('');
}

/** `word` quoted for a POSIX shell when it needs it. */
function shellWord(word: string): string {
  return /^[\w@%+=:,./-]+$/.test(word) ? word : `'${word.replaceAll("'", "'\\''")}'`;
}

async function printOutcome(stack: LocalStack, outcome: MessageOutcome): Promise<void> {
  let events: ReturnType<typeof objectEventsOf>;
  try {
    events = objectEventsOf(outcome.message.body);
  } catch {
    events = [];
  }
  const keys = events.map((e) => e.key).join(', ') || outcome.message.messageId;
  if (outcome.kind === 'will-retry') {
    console.log(`↻ ${keys}: attempt ${outcome.message.receiveCount} failed (${outcome.error}); retrying`);
    return;
  }
  if (outcome.kind === 'dead-lettered') {
    console.log(`✗ ${keys}: moved to the dead-letter store after ${outcome.message.receiveCount} attempts (${outcome.error})`);
    return;
  }
  for (const event of events) {
    if (event.kind === 'removed') {
      console.log(`- ${event.key} removed`);
      continue;
    }
    try {
      const record = await readRecordSummary(stack.dynamodb, stack.tableName, event.bucket, event.key);
      console.log(record ? `✓ ${formatRecordSummary(record)}` : `✓ ${event.key} (processed; no record written)`);
    } catch (error) {
      console.log(`✓ ${event.key} (processed; reading the record failed: ${error instanceof Error ? error.message : String(error)})`);
    }
  }
}

process.exitCode = await main();
