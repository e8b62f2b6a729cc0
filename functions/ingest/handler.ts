import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { S3Client } from '@aws-sdk/client-s3';
import { Metrics } from '@aws-lambda-powertools/metrics';
import { optionalEnv, optionalFlag, optionalPositiveInt, requireEnv } from '#shared/config/env.ts';
import type { ObservationFlushPolicy } from '#shared/ingest/templates.ts';
import { createIngestHandler, DEFAULT_TEMPLATE_CACHE_SECONDS, type IngestHandlerDeps, OBSERVATION_IDLE_GAP_MS } from './ingest-handler.ts';

// Lambda entry point and composition root. Clients are built once per container and reused.
// Endpoints come from the SDK's standard AWS_ENDPOINT_URL_S3 / AWS_ENDPOINT_URL_DYNAMODB when set
// (artifact tests point them at the emulators); KABAR_S3_FORCE_PATH_STYLE is for s3rver only.
// DEAD_LETTER_QUEUE_URL is set by the stack's grant; without it malformed messages take the queue's retries.
const deadLetterQueueUrl = optionalEnv('DEAD_LETTER_QUEUE_URL');

export const handler = createIngestHandler({
  s3: new S3Client({ forcePathStyle: optionalFlag('KABAR_S3_FORCE_PATH_STYLE') }),
  dynamodb: new DynamoDBClient({}),
  tableName: requireEnv('ARTICLES_TABLE_NAME'),
  bucketName: requireEnv('ARTICLES_BUCKET_NAME'),
  maxArticleBytes: optionalPositiveInt('MAX_ARTICLE_BYTES'),
  deadLetters: deadLetterQueueUrl ? lazyDeadLetters(deadLetterQueueUrl) : undefined,
  templates: { cacheSeconds: optionalPositiveInt('TEMPLATE_CACHE_SECONDS') ?? DEFAULT_TEMPLATE_CACHE_SECONDS, observationFlush: observationFlushOf() },
  // Namespace from POWERTOOLS_METRICS_NAMESPACE, set by the stack.
  metrics: new Metrics({ serviceName: 'kabar-ingest' }),
});

/**
 * Template observations buffered across batches when the stack says so (OBSERVATION_BUFFER_ARTICLES,
 * OBSERVATION_BUFFER_MINUTES): one write per publisher and many articles instead of per batch.
 */
function observationFlushOf(): ObservationFlushPolicy | undefined {
  const articles = optionalPositiveInt('OBSERVATION_BUFFER_ARTICLES');
  const minutes = optionalPositiveInt('OBSERVATION_BUFFER_MINUTES');
  if (!articles || !minutes) return undefined;
  return { maxObservations: articles, maxAgeMs: minutes * 60_000, idleGapMs: OBSERVATION_IDLE_GAP_MS };
}

/**
 * The dead-letter sender, with its SQS client loaded on the first malformed message: a chunk of the
 * bundle no well-formed batch pays for.
 */
function lazyDeadLetters(queueUrl: string): NonNullable<IngestHandlerDeps['deadLetters']> {
  let sender: Promise<NonNullable<IngestHandlerDeps['deadLetters']>> | undefined;
  const load = async () => {
    const [{ SQSClient }, { SqsDeadLetterQueue }] = await Promise.all([import('@aws-sdk/client-sqs'), import('#shared/adapters/sqs-dead-letters.ts')]);
    return new SqsDeadLetterQueue(new SQSClient({}), queueUrl);
  };
  return {
    async send(message, reason) {
      sender ??= load().catch((error: unknown) => {
        sender = undefined;
        throw error;
      });
      await (await sender).send(message, reason);
    },
  };
}
