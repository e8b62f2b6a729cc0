import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { S3Client } from '@aws-sdk/client-s3';
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
 * Local unless `--aws` is given. Against AWS, names come from the stack outputs, passed as
 * environment variables (see README "Operators"): ARTICLES_TABLE_NAME, ARTICLES_BUCKET_NAME,
 * INGEST_QUEUE_URL, INGEST_DLQ_URL; credentials and region from the default AWS chain.
 *
 * @example targetOf(['--aws'], process.env) // → { kind: 'aws', tableName: 'kabar-ArticlesTable…', … }
 */
export function targetOf(args: string[], env: NodeJS.ProcessEnv): Target {
  const dataDir = env.KABAR_DATA_DIR ?? '.kabar';
  if (args.includes('--aws')) {
    const need = (name: string) => {
      const value = env[name];
      if (!value) throw new Error(`${name} is not set (take it from the stack outputs: npx cdk deploy prints them)`);
      return value;
    };
    return {
      kind: 'aws',
      dynamodb: new DynamoDBClient({}),
      s3: new S3Client({}),
      tableName: need('ARTICLES_TABLE_NAME'),
      bucketName: need('ARTICLES_BUCKET_NAME'),
      queueUrl: env.INGEST_QUEUE_URL ?? null,
      deadLetterQueueUrl: env.INGEST_DLQ_URL ?? null,
      dataDir,
    };
  }
  const local = { region: 'us-east-1', credentials: { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' } };
  return {
    kind: 'local',
    dynamodb: new DynamoDBClient({ ...local, endpoint: `http://127.0.0.1:${env.KABAR_DYNAMODB_PORT ?? '8000'}` }),
    s3: new S3Client({ ...local, endpoint: `http://127.0.0.1:${env.KABAR_S3_PORT ?? '4568'}`, forcePathStyle: true }),
    tableName: LOCAL_TABLE_NAME,
    bucketName: LOCAL_BUCKET_NAME,
    queueUrl: null,
    deadLetterQueueUrl: null,
    dataDir,
  };
}
