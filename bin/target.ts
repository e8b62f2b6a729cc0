import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { S3Client } from '@aws-sdk/client-s3';
import { optionalEnv, optionalPositiveInt, requireEnv } from '#shared/config/env.ts';
import { LOCAL_BUCKET_NAME, LOCAL_TABLE_NAME } from '#shared/table-definition.ts';

/** Where operator commands act: the local stack (default) or a deployed stack in AWS. */
export interface Target {
  kind: 'local' | 'aws';
  dynamodb: DynamoDBClient;
  s3: S3Client;
  tableName: string;
  bucketName: string;
  /** The deployed ingest queue and DLQ (AWS only). */
  queueUrl: string | null;
  deadLetterQueueUrl: string | null;
  /** The local stack's data directory (local only). */
  dataDir: string;
}

/**
 * Local unless `aws` is asked for. Against AWS, names come from the stack outputs, passed as
 * environment variables (see README "Operators"): ARTICLES_TABLE_NAME, ARTICLES_BUCKET_NAME,
 * INGEST_QUEUE_URL, INGEST_DLQ_URL; credentials and region from the default AWS chain. Locally,
 * the ports and data directory `npm start` was given (KABAR_S3_PORT, KABAR_DYNAMODB_PORT, KABAR_DATA_DIR).
 *
 * @example targetOf({ aws: true }, process.env) // → { kind: 'aws', tableName: 'kabar-ArticlesTable…', … }
 */
export function targetOf(options: { aws: boolean }, env: NodeJS.ProcessEnv): Target {
  const dataDir = optionalEnv('KABAR_DATA_DIR', env) ?? '.kabar';
  if (options.aws) {
    const fromOutputs = 'take it from the stack outputs: npx cdk deploy prints them';
    return {
      kind: 'aws',
      dynamodb: new DynamoDBClient({}),
      s3: new S3Client({}),
      tableName: requireEnv('ARTICLES_TABLE_NAME', env, fromOutputs),
      bucketName: requireEnv('ARTICLES_BUCKET_NAME', env, fromOutputs),
      queueUrl: optionalEnv('INGEST_QUEUE_URL', env) ?? null,
      deadLetterQueueUrl: optionalEnv('INGEST_DLQ_URL', env) ?? null,
      dataDir,
    };
  }
  const local = { region: 'us-east-1', credentials: { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' } };
  return {
    kind: 'local',
    dynamodb: new DynamoDBClient({ ...local, endpoint: `http://127.0.0.1:${optionalPositiveInt('KABAR_DYNAMODB_PORT', env) ?? 8000}` }),
    s3: new S3Client({ ...local, endpoint: `http://127.0.0.1:${optionalPositiveInt('KABAR_S3_PORT', env) ?? 4568}`, forcePathStyle: true }),
    tableName: LOCAL_TABLE_NAME,
    bucketName: LOCAL_BUCKET_NAME,
    queueUrl: null,
    deadLetterQueueUrl: null,
    dataDir,
  };
}
