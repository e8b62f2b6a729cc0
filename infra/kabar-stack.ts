import { CfnOutput, Duration, Stack, type StackProps, Validations } from 'aws-cdk-lib';
import type { Construct } from 'constructs';
import { Ingestion } from './constructs/ingestion.ts';
import { Observability } from './constructs/observability.ts';
import { Reprocessing } from './constructs/reprocessing.ts';
import { Storage } from './constructs/storage.ts';
import { TemplateLearning } from './constructs/template-learning.ts';
import { STAGE_SETTINGS, type StageSettings, type TableCapacity } from './settings.ts';

/** Where the ingest handler lives, relative to the project root (cdk commands run from there). */
export const INGEST_HANDLER_ENTRY = 'functions/ingest/handler.ts';
export const REPROCESS_HANDLER_ENTRY = 'functions/reprocess/handler.ts';
export const TEMPLATES_HANDLER_ENTRY = 'functions/templates/handler.ts';

export interface KabarStackProps extends StackProps {
  settings?: StageSettings;
  /** Email address subscribed to the alarm topic (`cdk deploy -c alarmEmail=ops@example.com`). */
  alarmEmail?: string;
  /** How the table pays for reads and writes (`cdk deploy -c tableCapacity=on-demand`); `settings.table.capacity` by default. */
  tableCapacity?: TableCapacity;
}

/**
 * kabar in one stack: storage (retained), ingestion (queue → function) and observability (alarms).
 * Environment-agnostic on purpose: synth needs no AWS account and makes no lookups.
 *
 * 1. A publisher uploads `incoming/<publisher>/<file>` to the articles bucket.
 * 2. S3 sends ObjectCreated / ObjectRemoved for `incoming/` to the ingest queue.
 * 3. The ingest function cleans, classifies and stores the article in the table
 *    (large bodies under `bodies/`), reporting failed records so only they are retried.
 * 4. After `maxReceiveCount` failures a message moves to the dead-letter queue and the alarm topic is notified.
 * 5. Hourly, the learning step turns each publisher's recent articles into its template (`templates/`),
 *    which the ingest function reads once per container and publisher.
 */
export class KabarStack extends Stack {
  readonly storage: Storage;
  readonly ingestion: Ingestion;
  readonly reprocessing: Reprocessing;
  readonly templateLearning: TemplateLearning;
  readonly observability: Observability;

  constructor(scope: Construct, id: string, props: KabarStackProps = {}) {
    super(scope, id, props);
    const base = props.settings ?? STAGE_SETTINGS;
    const settings: StageSettings = { ...base, table: { ...base.table, capacity: props.tableCapacity ?? base.table.capacity } };

    this.storage = new Storage(this, 'Storage', {
      accessLogExpiration: Duration.days(settings.accessLogs.expirationDays),
      observationDays: settings.templates.observationDays,
      table: settings.table,
    });
    this.ingestion = new Ingestion(this, 'Ingestion', {
      storage: this.storage,
      settings: settings.ingest,
      logRetention: settings.logs.retention,
      entry: INGEST_HANDLER_ENTRY,
      maxConcurrency: settings.table.capacity === 'provisioned' ? settings.table.provisionedMaxConcurrency : settings.ingest.maxConcurrency,
      templateCacheSeconds: settings.templates.cacheSeconds,
      observationBuffer: { articles: settings.templates.observationBufferArticles, minutes: settings.templates.observationBufferMinutes },
    });
    this.reprocessing = new Reprocessing(this, 'Reprocessing', {
      storage: this.storage,
      ingestQueue: this.ingestion.queue,
      settings: settings.reprocess,
      logRetention: settings.logs.retention,
      entry: REPROCESS_HANDLER_ENTRY,
    });
    this.templateLearning = new TemplateLearning(this, 'TemplateLearning', {
      storage: this.storage,
      settings: settings.templates,
      logRetention: settings.logs.retention,
      entry: TEMPLATES_HANDLER_ENTRY,
    });
    this.observability = new Observability(this, 'Observability', {
      queue: this.ingestion.queue,
      deadLetterQueue: this.ingestion.deadLetterQueue,
      ingestFunction: this.ingestion.ingestFunction,
      table: this.storage.table,
      thresholds: settings.alarms,
      alarmEmail: props.alarmEmail,
    });

    this.addOutputs();
    this.acknowledgeBucketNotificationsHandler();
  }

  private addOutputs(): void {
    const { bucket, table } = this.storage;
    const { queue, deadLetterQueue, ingestFunction } = this.ingestion;
    const outputs: Record<string, string> = {
      ArticlesBucketName: bucket.bucketName,
      ArticlesBucketArn: bucket.bucketArn,
      ArticlesTableName: table.tableName,
      ArticlesTableArn: table.tableArn,
      ArticlesTableStreamArn: streamArnOf(table),
      IngestQueueName: queue.queueName,
      IngestQueueArn: queue.queueArn,
      IngestQueueUrl: queue.queueUrl,
      IngestDeadLetterQueueName: deadLetterQueue.queueName,
      IngestDeadLetterQueueArn: deadLetterQueue.queueArn,
      IngestDeadLetterQueueUrl: deadLetterQueue.queueUrl,
      IngestFunctionName: ingestFunction.functionName,
      ReprocessFunctionName: this.reprocessing.reprocessFunction.functionName,
      LearnTemplatesFunctionName: this.templateLearning.learnFunction.functionName,
      AlarmTopicArn: this.observability.alarmTopic.topicArn,
    };
    for (const [id, value] of Object.entries(outputs)) new CfnOutput(this, id, { value });
  }

  /**
   * `bucket.addEventNotification` deploys CDK's shared BucketNotifications handler (a custom resource that
   * calls PutBucketNotificationConfiguration). Its code and role are CDK's, not ours to change.
   */
  private acknowledgeBucketNotificationsHandler(): void {
    const handler = this.node.children.find((child) => child.node.id.startsWith('BucketNotificationsHandler'));
    if (!handler) throw new Error('Expected the BucketNotifications handler that S3 → SQS notifications create.');
    Validations.of(handler).acknowledge({
      id: 'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole]',
      reason:
        "CDK's BucketNotifications handler role (its other permission is s3:PutBucketNotification on the " +
        'articles bucket alone); it runs only during deployments and only writes its own logs.',
    });
  }
}

/** The table is declared with a stream (NEW_AND_OLD_IMAGES); a missing ARN is a bug in the stack, said loudly. */
function streamArnOf(table: { tableStreamArn?: string }): string {
  if (!table.tableStreamArn) throw new Error('The articles table must have a stream: downstream consumers read it.');
  return table.tableStreamArn;
}
