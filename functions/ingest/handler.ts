import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { S3Client } from '@aws-sdk/client-s3';
import { SQSClient } from '@aws-sdk/client-sqs';
import { Metrics } from '@aws-lambda-powertools/metrics';
import { SqsDeadLetterQueue } from '#shared/adapters/sqs-dead-letters.ts';
import { optionalEnv, optionalFlag, optionalPositiveInt, requireEnv } from '#shared/config/env.ts';
import { createIngestHandler, DEFAULT_TEMPLATE_CACHE_SECONDS } from './ingest-handler.ts';

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
  deadLetters: deadLetterQueueUrl ? new SqsDeadLetterQueue(new SQSClient({}), deadLetterQueueUrl) : undefined,
  templates: { cacheSeconds: optionalPositiveInt('TEMPLATE_CACHE_SECONDS') ?? DEFAULT_TEMPLATE_CACHE_SECONDS },
  // Namespace from POWERTOOLS_METRICS_NAMESPACE, set by the stack.
  metrics: new Metrics({ serviceName: 'kabar-ingest' }),
});
