/**
 * `kabar console` and `kabar labels export`: the review console against the local stack or,
 * with `--aws`, a deployed stack (names from the stack outputs, credentials from the default AWS
 * chain; they stay in this process and never reach the page).
 */
import { writeFile } from 'node:fs/promises';
import { SQSClient } from '@aws-sdk/client-sqs';
import { DynamoDbArticleReader } from '#shared/adapters/dynamodb-article-reader.ts';
import { DynamoDbCorrectionStore } from '#shared/adapters/dynamodb-correction-store.ts';
import { S3ArticleSource } from '#shared/adapters/s3-article-source.ts';
import { consolePortFromEnv, serveConsole } from '#ops/console/compose.ts';
import { awsDeadLetterTools, localDeadLetterTools } from '#ops/console/dead-letter-tools.ts';
import { exportLabels } from '#ops/console/export-labels.ts';
import { parseCommand, UsageError } from './cli-args.ts';
import { targetOf } from './target.ts';

/** `kabar console`: serves until Ctrl-C. */
export async function runConsole(args: string[]): Promise<number> {
  const { values, positionals } = parseCommand('console', args);
  if (positionals.length > 0) throw new UsageError('console', `unexpected argument '${positionals[0]}'`);
  if (values.port !== undefined && (!/^\d{1,5}$/.test(values.port.trim()) || Number(values.port) > 65535))
    throw new UsageError('console', `--port must be a TCP port number (0 to 65535), got '${values.port}'`);
  const port = values.port === undefined ? consolePortFromEnv() : Number(values.port);
  const target = targetOf({ aws: values.aws ?? false }, process.env);
  const deadLetters = target.kind === 'aws' ? awsDeadLetterTools(new SQSClient({}), target.deadLetterQueueUrl) : localDeadLetterTools(target.dataDir);
  const running = await serveConsole(target, deadLetters, { port, host: values.host ?? '127.0.0.1' });
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
  const { values, positionals } = parseCommand('labels', args);
  const [action, extra] = positionals;
  if (action !== 'export') throw new UsageError('labels', action === undefined ? 'no action given (export)' : `unknown action '${action}' (export)`);
  if (extra !== undefined) throw new UsageError('labels', `unexpected argument '${extra}'`);
  const target = targetOf({ aws: values.aws ?? false }, process.env);
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
