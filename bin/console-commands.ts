/**
 * `kabar console` and `kabar labels export`: the review console against the local stack or,
 * with `--aws`, a deployed stack (names from the stack outputs, credentials from the default AWS
 * chain; they stay in this process and never reach the page).
 */
import { writeFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { SQSClient } from '@aws-sdk/client-sqs';
import { DynamoDbArticleReader } from '#shared/adapters/dynamodb-article-reader.ts';
import { DynamoDbCorrectionStore } from '#shared/adapters/dynamodb-correction-store.ts';
import { S3ArticleSource } from '#shared/adapters/s3-article-source.ts';
import { consolePortFromEnv, serveConsole } from '#ops/console/compose.ts';
import { awsDeadLetterTools, localDeadLetterTools } from '#ops/console/dead-letter-tools.ts';
import { exportLabels } from '#ops/console/export-labels.ts';
import { targetOf } from './target.ts';

export const CONSOLE_USAGE = `  kabar console [--aws] [--port N] [--host H]     the review console (default http://127.0.0.1:4570 or KABAR_CONSOLE_PORT)
  kabar labels export [--aws] [--out FILE]         reviewers' corrections as JSON Lines training labels (stdout by default)`;

/** `kabar console`: serves until Ctrl-C. */
export async function runConsole(args: string[]): Promise<number> {
  const { values } = parseArgs({
    args,
    options: { aws: { type: 'boolean', default: false }, port: { type: 'string' }, host: { type: 'string', default: '127.0.0.1' } },
  });
  const target = targetOf({ aws: values.aws }, process.env);
  const deadLetters = target.kind === 'aws' ? awsDeadLetterTools(new SQSClient({}), target.deadLetterQueueUrl) : localDeadLetterTools(target.dataDir);
  const port = values.port === undefined ? consolePortFromEnv() : consolePortFromEnv({ KABAR_CONSOLE_PORT: values.port });
  const running = await serveConsole(target, deadLetters, { port, host: values.host });
  console.log(`kabar review console (${target.kind === 'aws' ? `AWS table ${target.tableName}` : 'local stack'}): ${running.url}   Ctrl-C stops.`);
  await new Promise<void>((resolve) => {
    process.once('SIGINT', resolve);
    process.once('SIGTERM', resolve);
  });
  await running.close();
  return 0;
}

/** `kabar labels export`: one JSON line per corrected article. */
export async function runLabels(args: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: { aws: { type: 'boolean', default: false }, out: { type: 'string' } },
  });
  if (positionals[0] !== 'export') {
    console.error(`usage:\n${CONSOLE_USAGE}`);
    return 2;
  }
  const target = targetOf({ aws: values.aws }, process.env);
  const { labels, skipped } = await exportLabels({
    reader: new DynamoDbArticleReader(target.dynamodb, target.tableName, target.s3),
    corrections: new DynamoDbCorrectionStore(target.dynamodb, target.tableName),
    source: new S3ArticleSource(target.s3),
  });
  const lines = labels.map((label) => `${JSON.stringify(label)}\n`).join('');
  if (values.out) await writeFile(values.out, lines);
  else process.stdout.write(lines);
  for (const skip of skipped) console.error(`skipped ${skip.id}: ${skip.reason}`);
  console.error(`${labels.length} corrected article(s) exported${values.out ? ` to ${values.out}` : ''}`);
  return 0;
}
