import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { S3Client } from '@aws-sdk/client-s3';
import { Metrics } from '@aws-lambda-powertools/metrics';
import { optionalFlag, optionalPositiveInt, requireEnv } from '#shared/config/env.ts';
import { createIngestHandler } from './ingest-handler.ts';

// Lambda entry point and composition root. Clients are built once per container and reused.
// Endpoints come from the SDK's standard AWS_ENDPOINT_URL_S3 / AWS_ENDPOINT_URL_DYNAMODB when set
// (artifact tests point them at the emulators); KABAR_S3_FORCE_PATH_STYLE is for s3rver only.
export const handler = createIngestHandler({
  s3: new S3Client({ forcePathStyle: optionalFlag('KABAR_S3_FORCE_PATH_STYLE') }),
  dynamodb: new DynamoDBClient({}),
  tableName: requireEnv('ARTICLES_TABLE_NAME'),
  bucketName: requireEnv('ARTICLES_BUCKET_NAME'),
  maxArticleBytes: optionalPositiveInt('MAX_ARTICLE_BYTES'),
  // Namespace from POWERTOOLS_METRICS_NAMESPACE, set by the stack.
  metrics: new Metrics({ serviceName: 'kabar-ingest' }),
});
