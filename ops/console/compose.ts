import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { S3Client } from '@aws-sdk/client-s3';
import { DynamoDbArticleReader } from '../../shared/adapters/dynamodb-article-reader.ts';
import { DynamoDbCandidateSource } from '../../shared/adapters/dynamodb-candidate-source.ts';
import { DynamoDbCorrectionStore } from '../../shared/adapters/dynamodb-correction-store.ts';
import { S3ArticleSource } from '../../shared/adapters/s3-article-source.ts';
import { S3TemplateStore } from '../../shared/adapters/s3-template-store.ts';
import { S3Uploads } from '../../shared/adapters/s3-uploads.ts';
import { defaultTaxonomy } from '../../shared/domain/classify/taxonomy.ts';
import { localDeadLetterTools } from './dead-letter-tools.ts';
import type { DeadLetterTools } from './api.ts';
import { type RunningConsole, startConsole } from './server.ts';

/** Where the console reads and writes: the same clients and names the CLI and the local stack use. */
export interface ConsoleTarget {
  kind: 'local' | 'aws';
  dynamodb: DynamoDBClient;
  s3: S3Client;
  tableName: string;
  bucketName: string;
}

/** The port `npm start` serves the console on unless `KABAR_CONSOLE_PORT` says otherwise. */
export const DEFAULT_CONSOLE_PORT = 4570;

/**
 * Reads `KABAR_CONSOLE_PORT` (default 4570), failing on a bad port.
 *
 * @example consolePortFromEnv({ KABAR_CONSOLE_PORT: '54570' }) // → 54570
 */
export function consolePortFromEnv(env: NodeJS.ProcessEnv = process.env): number {
  const raw = env.KABAR_CONSOLE_PORT;
  if (raw === undefined || raw === '') return DEFAULT_CONSOLE_PORT;
  const port = Number(raw);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`KABAR_CONSOLE_PORT must be a TCP port number, got "${raw}"`);
  return port;
}

/**
 * Builds the console's reader and correction store on the target's clients and starts it.
 *
 * @example await serveConsole(target, localDeadLetterTools('.kabar'), { port: 4570 }) // → { url: 'http://127.0.0.1:4570', close }
 */
export function serveConsole(target: ConsoleTarget, deadLetters: DeadLetterTools, listen: { port: number; host?: string }): Promise<RunningConsole> {
  return startConsole({
    reader: new DynamoDbArticleReader(target.dynamodb, target.tableName, target.s3),
    corrections: new DynamoDbCorrectionStore(target.dynamodb, target.tableName),
    allRecords: new DynamoDbCandidateSource(target.dynamodb, target.tableName, null),
    source: new S3ArticleSource(target.s3),
    uploads: new S3Uploads(target.s3),
    bucketName: target.bucketName,
    deadLetters,
    templates: new S3TemplateStore(target.s3, target.bucketName),
    topics: defaultTaxonomy.topics.map((topic) => topic.id),
    target: target.kind === 'aws' ? `AWS · ${target.tableName}` : 'local stack',
    ...listen,
  });
}

/**
 * `npm start`'s hook: the console on the local stack, or a warning instead when it cannot listen
 * (the stack runs on without it).
 *
 * @example await startLocalConsole(stack, '.kabar') // → { url: 'http://127.0.0.1:4570', close }
 */
export async function startLocalConsole(
  stack: Omit<ConsoleTarget, 'kind'>,
  dataDir: string,
  env: NodeJS.ProcessEnv = process.env,
): Promise<{ url: string | null; close(): Promise<void> }> {
  try {
    const running = await serveConsole({ kind: 'local', ...stack }, localDeadLetterTools(dataDir), { port: consolePortFromEnv(env) });
    return running;
  } catch (error) {
    console.error(`review console not started: ${error instanceof Error ? error.message : String(error)}`);
    return { url: null, close: async () => undefined };
  }
}
