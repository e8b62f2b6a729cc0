import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { S3Client } from '@aws-sdk/client-s3';
import { BatchProcessor, EventType, processPartialResponse } from '@aws-lambda-powertools/batch';
import { Logger } from '@aws-lambda-powertools/logger';
import { type Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';
import type { SQSBatchResponse, SQSEvent, SQSRecord } from 'aws-lambda';
import { DynamoDbArticleStore } from '#shared/adapters/dynamodb-article-store.ts';
import { S3ArticleSource } from '#shared/adapters/s3-article-source.ts';
import { S3BodyStore } from '#shared/adapters/s3-body-store.ts';
import type { ModelSet } from '#shared/domain/models.ts';
import { S3TemplateStore } from '#shared/adapters/s3-template-store.ts';
import type { ArticleObservation } from '#shared/domain/clean/template.ts';
import { ingestObjectEvent } from '#shared/ingest/ingest-object.ts';
import { ObservationBuffer, type ObservationFlushPolicy, TemplateCache } from '#shared/ingest/templates.ts';
import { MalformedEventError, objectEventsOf } from '#shared/ingest/s3-event.ts';

/** What the ingest handler needs; the Lambda entry point, the local stack and tests compose it differently. */
export interface IngestHandlerDeps {
  s3: S3Client;
  dynamodb: DynamoDBClient;
  tableName: string;
  bucketName: string;
  /** Objects larger than this are rejected from their size alone, without being downloaded. */
  maxArticleBytes?: number;
  logger?: Logger;
  metrics?: Metrics;
  /**
   * Where a message goes that is not an S3 notification (retrying will not help): straight to the
   * dead-letter queue. Without it, such a message fails like any other and takes the queue's retries.
   */
  deadLetters?: { send(message: { messageId: string; body: string }, reason: string): Promise<void> };
  /** The models to run: the shipped ones unless a local stack tries a retrained set (KABAR_MODELS_DIR). */
  models?: ModelSet;
  /**
   * Publisher templates: each one is read once per container and publisher and kept `cacheSeconds`;
   * each stored article's lines are kept for the learning step and written one object per publisher,
   * when `observationFlush` says (default: at the end of every batch; the Lambda buffers across batches).
   * Off when `false` (tests of other things, a stack that wants no templates).
   */
  templates?: { cacheSeconds: number; observationFlush?: ObservationFlushPolicy } | false;
}

/** How long a container keeps a publisher's template before reading it again. */
export const DEFAULT_TEMPLATE_CACHE_SECONDS = 300;

/**
 * With buffered observations, a container whose previous batch ended longer ago than this writes all it
 * holds: batches a minute or more apart mean little traffic, and an idle container is soon reclaimed.
 */
export const OBSERVATION_IDLE_GAP_MS = 60_000;

/** Lambda-compatible context subset the handler uses. */
export interface InvocationContext {
  getRemainingTimeInMillis(): number;
  awsRequestId?: string;
}

export type IngestHandler = (event: SQSEvent, context?: InvocationContext) => Promise<SQSBatchResponse>;

/**
 * Builds the SQS handler: each message holds an S3 notification; each object event in it is
 * ingested; a message whose processing throws (S3 or DynamoDB trouble) is reported as a batch
 * item failure so only it returns to the queue. Bad articles do not throw: they are stored as rejected.
 *
 * @example
 *   const handler = createIngestHandler({ s3, dynamodb, tableName: 'kabar-articles', bucketName: 'kabar-articles' });
 *   await handler(sqsEvent) // → { batchItemFailures: [] }
 */
export function createIngestHandler(deps: IngestHandlerDeps): IngestHandler {
  const logger = deps.logger ?? new Logger({ serviceName: 'kabar-ingest' });
  const templateStore = deps.templates === false ? null : new S3TemplateStore(deps.s3, deps.bucketName);
  const observations = new ObservationBuffer(deps.templates ? deps.templates.observationFlush : undefined);
  const ingestDeps = {
    source: new S3ArticleSource(deps.s3),
    store: new DynamoDbArticleStore(deps.dynamodb, deps.tableName, new S3BodyStore(deps.s3, deps.bucketName)),
    maxArticleBytes: deps.maxArticleBytes,
    models: deps.models,
    ...(templateStore
      ? {
          templates: new TemplateCache(
            templateStore,
            (deps.templates ? deps.templates.cacheSeconds : DEFAULT_TEMPLATE_CACHE_SECONDS) * 1000,
            Date.now,
            (publisher, error) => logger.warn('Template unreadable; cleaning without it', { publisher, error }),
          ),
          observe: (publisher: string, id: string, observation: ArticleObservation) => observations.add(publisher, id, observation),
        }
      : {}),
  };

  const processMessage = async (message: SQSRecord): Promise<void> => {
    for (const event of await eventsOrDeadLetter(message)) {
      const started = performance.now();
      const outcome = await ingestObjectEvent(event, ingestDeps);
      const fields = { key: event.key, bucket: event.bucket, messageId: message.messageId, id: outcome.id };
      if (outcome.action === 'skipped') {
        logger.info('Event skipped', { ...fields, reason: outcome.reason });
        continue;
      }
      const { record } = outcome;
      // Log fields, never bodies: logs are not the place for third-party article text.
      logger.info('Article stored', { ...fields, status: record.status, errorCode: record.errorCode, topics: record.topics });
      recordMetrics(deps.metrics, record.status, record.errorCode, record.topics, performance.now() - started);
    }
  };

  /** The message's object events; none when it is malformed and went to the dead-letter queue. */
  const eventsOrDeadLetter = async (message: SQSRecord) => {
    try {
      return objectEventsOf(message.body);
    } catch (error) {
      if (!(error instanceof MalformedEventError) || !deps.deadLetters) throw error;
      await deps.deadLetters.send(message, error.message);
      logger.error('Malformed message sent to the dead-letter queue', { messageId: message.messageId, reason: error.message });
      deps.metrics?.addMetric('MalformedMessages', MetricUnit.Count, 1);
      return [];
    }
  };

  return async (event, context) => {
    const processor = new BatchProcessor(EventType.SQS);
    if (context?.awsRequestId) logger.appendKeys({ requestId: context.awsRequestId });
    try {
      return await processPartialResponse(event, processMessage, processor, { throwOnFullBatchFailure: false });
    } finally {
      // Observations are a sample for learning: one lost write costs a template nothing, so it never fails the batch.
      // Called after every batch, even one without observations: the policy measures the gaps between batches.
      if (templateStore) {
        await observations.flushDue(templateStore).catch((error: unknown) => logger.warn('Template observations not written', { error }));
      }
      for (const failure of processor.errors) logger.error('Message failed; it returns to the queue', { error: failure });
      deps.metrics?.publishStoredMetrics();
    }
  };
}

function recordMetrics(metrics: Metrics | undefined, status: string, errorCode: string | null, topics: string[], millis: number): void {
  if (!metrics) return;
  metrics.addMetric('ProcessingLatency', MetricUnit.Milliseconds, millis);
  if (status === 'rejected') {
    metrics
      .singleMetric()
      .addDimension('errorCode', errorCode ?? 'UNKNOWN')
      .addMetric('ArticlesRejected', MetricUnit.Count, 1);
    return;
  }
  metrics.addMetric('ArticlesProcessed', MetricUnit.Count, 1);
  for (const topic of topics) metrics.singleMetric().addDimension('topic', topic).addMetric('ArticlesByTopic', MetricUnit.Count, 1);
}
