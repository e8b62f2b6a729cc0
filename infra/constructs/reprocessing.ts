import { Duration } from 'aws-cdk-lib';
import type { Function as LambdaFunction } from 'aws-cdk-lib/aws-lambda';
import type { RetentionDays } from 'aws-cdk-lib/aws-logs';
import type { Queue } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import type { StageSettings } from '../settings.ts';
import { KabarFunction } from './kabar-function.ts';
import type { Storage } from './storage.ts';

export interface ReprocessingProps {
  storage: Storage;
  ingestQueue: Queue;
  settings: StageSettings['reprocess'];
  logRetention: RetentionDays;
  /** Entry of the reprocess handler module, relative to the project root. */
  entry: string;
}

/**
 * The operator's re-run: pages through stored records and puts an ObjectCreated event for each
 * selected one on the ingest queue, so re-runs take the live path, its concurrency limit and its DLQ.
 * Invoked by hand (`aws lambda invoke`); returns a cursor to resume from when its time runs out.
 */
export class Reprocessing extends Construct {
  readonly reprocessFunction: LambdaFunction;

  constructor(scope: Construct, id: string, props: ReprocessingProps) {
    super(scope, id);
    this.reprocessFunction = new KabarFunction(this, 'ReprocessFunction', {
      entry: props.entry,
      description: 'Re-runs the pipeline over stored articles by enqueueing their S3 events again.',
      timeout: Duration.seconds(props.settings.timeoutSeconds),
      memorySize: props.settings.memoryMb,
      logRetention: props.logRetention,
      serviceName: 'kabar-reprocess',
      metricsNamespace: 'Kabar',
      // Paging with Scan reads far more per second than ingestion: on a provisioned table it is throttled until
      // auto scaling catches up. Adaptive retries slow the paging down instead of failing the run mid-page.
      environment: { AWS_RETRY_MODE: 'adaptive', AWS_MAX_ATTEMPTS: String(props.settings.sdkMaxAttempts) },
    }).fn;
    props.storage.grantReprocess(this.reprocessFunction);
    this.reprocessFunction.addEnvironment('INGEST_QUEUE_URL', props.ingestQueue.queueUrl);
    props.ingestQueue.grantSendMessages(this.reprocessFunction);
  }
}
