import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { S3Client } from '@aws-sdk/client-s3';
import { SQSClient } from '@aws-sdk/client-sqs';
import { Logger } from '@aws-lambda-powertools/logger';
import * as z from 'zod/mini';
import { DynamoDbCandidateSource } from '#shared/adapters/dynamodb-candidate-source.ts';
import { S3TemplateStore } from '#shared/adapters/s3-template-store.ts';
import { SqsWorkQueue } from '#shared/adapters/sqs-work-queue.ts';
import { requireEnv } from '#shared/config/env.ts';
import { type ReprocessProgress, reprocessArticles } from '#shared/ingest/reprocess.ts';

// Operator-invoked: `aws lambda invoke --function-name <ReprocessFunction> --payload '{"mode":"outdated"}' out.json`
// (`"publisher":"antara"` for one publisher's records, e.g. after its template changed).
// Returns a cursor when time runs out; invoke again with it to resume.
const RequestSchema = z.intersection(
  z.discriminatedUnion('mode', [
    z.object({ mode: z.literal('all') }),
    z.object({ mode: z.literal('outdated') }),
    z.object({ mode: z.literal('before-version'), version: z.string().check(z.minLength(1)) }),
  ]),
  z.object({
    topic: z.optional(z.string().check(z.minLength(1))),
    publisher: z.optional(z.string().check(z.minLength(1))),
    cursor: z._default(z.nullable(z.string()), null),
  }),
);

const logger = new Logger({ serviceName: 'kabar-reprocess' });
const dynamodb = new DynamoDBClient({});
const sqs = new SQSClient({});
const tableName = requireEnv('ARTICLES_TABLE_NAME');
const queueUrl = requireEnv('INGEST_QUEUE_URL');
// Records cleaned with a publisher's template are outdated once the publisher's template changed.
const templates = new S3TemplateStore(new S3Client({}), requireEnv('ARTICLES_BUCKET_NAME'));

/** Stop paging with this much time left, so the cursor is always returned. */
const SAFETY_MARGIN_MS = 20_000;

export const handler = async (event: unknown, context: { getRemainingTimeInMillis(): number }): Promise<ReprocessProgress> => {
  const request = RequestSchema.parse(event);
  const progress = await reprocessArticles(request, new DynamoDbCandidateSource(dynamodb, tableName, request.topic ?? null), new SqsWorkQueue(sqs, queueUrl), {
    cursor: request.cursor,
    shouldStop: () => context.getRemainingTimeInMillis() < SAFETY_MARGIN_MS,
    templates: { versionOf: async (publisher) => (await templates.template(publisher))?.version ?? null },
  });
  logger.info('Reprocess progress', { ...progress });
  return progress;
};
