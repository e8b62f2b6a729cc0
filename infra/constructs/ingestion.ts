import { Duration } from 'aws-cdk-lib';
import type { Function as LambdaFunction } from 'aws-cdk-lib/aws-lambda';
import { SqsEventSource } from 'aws-cdk-lib/aws-lambda-event-sources';
import type { RetentionDays } from 'aws-cdk-lib/aws-logs';
import { Queue, QueueEncryption } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import type { StageSettings } from '../settings.ts';
import { KabarFunction } from './kabar-function.ts';
import type { Storage } from './storage.ts';

export interface IngestionProps {
  storage: Storage;
  settings: StageSettings['ingest'];
  logRetention: RetentionDays;
  /** Entry of the ingest handler module, relative to the project root. */
  entry: string;
  /** How long a container keeps a publisher's template (handler env `TEMPLATE_CACHE_SECONDS`). */
  templateCacheSeconds: number;
  /** Concurrent invocations of the SQS poller: the cap on the table's write rate (it depends on the capacity mode). */
  maxConcurrency: number;
  /** When a container writes the template observations it buffers (handler env `OBSERVATION_BUFFER_*`). */
  observationBuffer: { articles: number; minutes: number };
}

/**
 * The stateless half: S3 events for `incoming/` land in the ingest queue, the ingest function drains it
 * in bounded batches, and messages that fail `maxReceiveCount` times move to the dead-letter queue.
 */
export class Ingestion extends Construct {
  readonly queue: Queue;
  readonly deadLetterQueue: Queue;
  readonly ingestFunction: LambdaFunction;

  constructor(scope: Construct, id: string, props: IngestionProps) {
    super(scope, id);
    const { settings, storage } = props;
    const timeout = Duration.seconds(settings.timeoutSeconds);
    const maxBatchingWindow = Duration.seconds(settings.maxBatchingWindowSeconds);

    // SQS-managed encryption (SSE-SQS), not KMS: S3 can publish to it without a key policy granting
    // s3.amazonaws.com, and it costs nothing per message.
    this.deadLetterQueue = new Queue(this, 'IngestDeadLetterQueue', {
      encryption: QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      retentionPeriod: Duration.days(settings.deadLetterRetentionDays),
    });

    this.queue = new Queue(this, 'IngestQueue', {
      encryption: QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      retentionPeriod: Duration.days(settings.queueRetentionDays),
      // AWS's rule for Lambda consumers: at least six times the function timeout plus the batching window,
      // so a message is not handed to a second invocation while the first (and its retries) still run.
      visibilityTimeout: Duration.seconds(6 * timeout.toSeconds() + maxBatchingWindow.toSeconds()),
      deadLetterQueue: { queue: this.deadLetterQueue, maxReceiveCount: settings.maxReceiveCount },
    });

    this.ingestFunction = new KabarFunction(this, 'IngestFunction', {
      entry: props.entry,
      description: 'Cleans, classifies and stores articles uploaded under incoming/.',
      timeout,
      memorySize: settings.memoryMb,
      logRetention: props.logRetention,
      serviceName: 'kabar-ingest',
      metricsNamespace: 'Kabar',
      environment: {
        MAX_ARTICLE_BYTES: String(settings.maxArticleBytes),
        TEMPLATE_CACHE_SECONDS: String(props.templateCacheSeconds),
        OBSERVATION_BUFFER_ARTICLES: String(props.observationBuffer.articles),
        OBSERVATION_BUFFER_MINUTES: String(props.observationBuffer.minutes),
        // Read by every SDK client: throttled requests back off and the client slows its own rate
        // (a provisioned table at its capacity), rather than failing the message at the third attempt.
        AWS_RETRY_MODE: 'adaptive',
        AWS_MAX_ATTEMPTS: String(settings.sdkMaxAttempts),
      },
    }).fn;

    storage.grantIngest(this.ingestFunction);
    // A message that is not an S3 notification goes straight to the dead-letter queue: retrying cannot fix it.
    this.ingestFunction.addEnvironment('DEAD_LETTER_QUEUE_URL', this.deadLetterQueue.queueUrl);
    this.deadLetterQueue.grantSendMessages(this.ingestFunction);
    storage.sendIncomingEventsTo(this.queue);
    // Grants the function exactly the consume actions on this queue (receive, delete, change visibility).
    this.ingestFunction.addEventSource(
      new SqsEventSource(this.queue, {
        batchSize: settings.batchSize,
        maxBatchingWindow,
        maxConcurrency: props.maxConcurrency,
        // The handler reports failed records only, so one bad article does not redeliver its batch.
        reportBatchItemFailures: true,
      }),
    );
  }
}
