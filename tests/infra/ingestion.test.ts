import { App } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import type { CfnResource } from 'aws-cdk-lib';
import type { IConstruct } from 'constructs';
import { beforeAll, describe, expect, it } from 'vitest';
import { KabarStack } from '../../infra/kabar-stack.ts';
import { STAGE_SETTINGS } from '../../infra/settings.ts';

// Bundling is skipped: these tests read the template, not the asset (the artifact test bundles for real).
let stack: KabarStack;
let template: Template;
beforeAll(() => {
  stack = new KabarStack(new App({ context: { 'aws:cdk:bundling-stacks': [] } }), 'Kabar');
  template = Template.fromStack(stack);
});

const logicalIdOf = (construct: IConstruct) => stack.getLogicalId(construct.node.defaultChild as CfnResource);
const propertiesOf = (construct: IConstruct) => template.toJSON().Resources[logicalIdOf(construct)].Properties;
const arnOf = (construct: IConstruct) => ({ 'Fn::GetAtt': [logicalIdOf(construct), 'Arn'] });
const ingestQueue = () => stack.ingestion.queue;
const deadLetterQueue = () => stack.ingestion.deadLetterQueue;
const ingestFunction = () => stack.ingestion.ingestFunction;

const denyWithoutTlsOn = (queue: IConstruct) => ({
  Queues: [{ Ref: logicalIdOf(queue) }],
  PolicyDocument: {
    Statement: Match.arrayWith([
      Match.objectLike({
        Effect: 'Deny',
        Action: 'sqs:*',
        Principal: { AWS: '*' },
        Condition: { Bool: { 'aws:SecureTransport': 'false' } },
        Resource: arnOf(queue),
      }),
    ]),
  },
});

describe('ingest queue', () => {
  it('is encrypted with SQS-managed keys', () => {
    expect(propertiesOf(ingestQueue()).SqsManagedSseEnabled).toBe(true);
  });

  it('denies every request not made over TLS', () => {
    template.hasResourceProperties('AWS::SQS::QueuePolicy', denyWithoutTlsOn(ingestQueue()));
  });

  it('accepts messages from S3 only on behalf of the articles bucket', () => {
    template.hasResourceProperties('AWS::SQS::QueuePolicy', {
      Queues: [{ Ref: logicalIdOf(ingestQueue()) }],
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({
            Effect: 'Allow',
            Principal: { Service: 's3.amazonaws.com' },
            Action: Match.arrayWith(['sqs:SendMessage']),
            Condition: { ArnLike: { 'aws:SourceArn': arnOf(stack.storage.bucket) } },
          }),
        ]),
      },
    });
  });

  it(`moves a message to the dead-letter queue after ${STAGE_SETTINGS.ingest.maxReceiveCount} receives`, () => {
    expect(propertiesOf(ingestQueue()).RedrivePolicy).toEqual({
      deadLetterTargetArn: arnOf(deadLetterQueue()),
      maxReceiveCount: STAGE_SETTINGS.ingest.maxReceiveCount,
    });
  });

  it('hides a received message for at least six times the function timeout', () => {
    const visibilityTimeout: number = propertiesOf(ingestQueue()).VisibilityTimeout;
    const functionTimeout: number = propertiesOf(ingestFunction()).Timeout;
    expect(visibilityTimeout).toBeGreaterThanOrEqual(6 * functionTimeout);
  });
});

describe('dead-letter queue', () => {
  it('is encrypted with SQS-managed keys', () => {
    expect(propertiesOf(deadLetterQueue()).SqsManagedSseEnabled).toBe(true);
  });

  it('denies every request not made over TLS', () => {
    template.hasResourceProperties('AWS::SQS::QueuePolicy', denyWithoutTlsOn(deadLetterQueue()));
  });

  it('keeps messages for 14 days', () => {
    expect(propertiesOf(deadLetterQueue()).MessageRetentionPeriod).toBe(14 * 24 * 60 * 60);
  });
});

describe('ingest event source', () => {
  const mapping = () => {
    const mappings = template.findResources('AWS::Lambda::EventSourceMapping', {
      Properties: { FunctionName: { Ref: logicalIdOf(ingestFunction()) } },
    });
    expect(Object.keys(mappings)).toHaveLength(1);
    return Object.values(mappings)[0]?.Properties;
  };

  it('reads the ingest queue', () => {
    expect(mapping().EventSourceArn).toEqual(arnOf(ingestQueue()));
  });

  it('lets the handler report failed records, so only they are retried', () => {
    expect(mapping().FunctionResponseTypes).toEqual(['ReportBatchItemFailures']);
  });

  it(`delivers batches of up to ${STAGE_SETTINGS.ingest.batchSize} messages`, () => {
    expect(mapping().BatchSize).toBe(STAGE_SETTINGS.ingest.batchSize);
  });

  it(`waits up to ${STAGE_SETTINGS.ingest.maxBatchingWindowSeconds} s to fill a batch`, () => {
    expect(mapping().MaximumBatchingWindowInSeconds).toBe(STAGE_SETTINGS.ingest.maxBatchingWindowSeconds);
  });

  it(`runs at most ${STAGE_SETTINGS.table.provisionedMaxConcurrency} invocations at once on the provisioned table: the cap on the rate it sees`, () => {
    expect(mapping().ScalingConfig).toEqual({ MaximumConcurrency: STAGE_SETTINGS.table.provisionedMaxConcurrency });
  });

  it(`runs at most ${STAGE_SETTINGS.ingest.maxConcurrency} invocations at once with the table on demand`, () => {
    const onDemand = Template.fromStack(new KabarStack(new App({ context: { 'aws:cdk:bundling-stacks': [] } }), 'Kabar', { tableCapacity: 'on-demand' }));
    const [eventSource] = Object.values(onDemand.findResources('AWS::Lambda::EventSourceMapping'));
    expect(eventSource?.Properties.ScalingConfig).toEqual({ MaximumConcurrency: STAGE_SETTINGS.ingest.maxConcurrency });
  });

  it('keeps fewer messages in flight on the provisioned table than the SDK can retry through at its minimum capacity for a minute', () => {
    // What a burst meets once DynamoDB's burst credit is spent and before auto scaling acts: each index's minimum.
    const inFlight = STAGE_SETTINGS.table.provisionedMaxConcurrency * STAGE_SETTINGS.ingest.batchSize;
    const writesPerIndexInATimeout = STAGE_SETTINGS.table.indexWrites.min * STAGE_SETTINGS.ingest.timeoutSeconds;
    expect(inFlight).toBeLessThanOrEqual(writesPerIndexInATimeout);
  });
});

describe('ingest function', () => {
  it('runs on nodejs22.x', () => {
    expect(propertiesOf(ingestFunction()).Runtime).toBe('nodejs22.x');
  });

  it('runs on arm64', () => {
    expect(propertiesOf(ingestFunction()).Architectures).toEqual(['arm64']);
  });

  it('calls the handler export of the bundled module', () => {
    expect(propertiesOf(ingestFunction()).Handler).toBe('index.handler');
  });

  it('is bound to the articles table and bucket by environment', () => {
    expect(propertiesOf(ingestFunction()).Environment.Variables).toMatchObject({
      ARTICLES_TABLE_NAME: { Ref: logicalIdOf(stack.storage.table) },
      ARTICLES_BUCKET_NAME: { Ref: logicalIdOf(stack.storage.bucket) },
    });
  });

  it('names its Powertools service and metrics namespace', () => {
    expect(propertiesOf(ingestFunction()).Environment.Variables).toMatchObject({
      POWERTOOLS_SERVICE_NAME: 'kabar-ingest',
      POWERTOOLS_METRICS_NAMESPACE: 'Kabar',
    });
  });

  it('maps stack traces through source maps', () => {
    expect(propertiesOf(ingestFunction()).Environment.Variables.NODE_OPTIONS).toBe('--enable-source-maps');
  });

  it('traces invocations with X-Ray', () => {
    expect(propertiesOf(ingestFunction()).TracingConfig).toEqual({ Mode: 'Active' });
  });

  it('logs to its own log group, which expires entries', () => {
    const logGroupId: string = propertiesOf(ingestFunction()).LoggingConfig.LogGroup.Ref;
    const logGroup = template.toJSON().Resources[logGroupId];
    expect(logGroup.Type).toBe('AWS::Logs::LogGroup');
    expect(logGroup.Properties.RetentionInDays).toBe(STAGE_SETTINGS.logs.retention);
  });

  it('retries throttled requests adaptively, all retries of a request ending well inside the function timeout', () => {
    const variables = propertiesOf(ingestFunction()).Environment.Variables;
    expect(variables.AWS_RETRY_MODE).toBe('adaptive');
    const attempts = Number(variables.AWS_MAX_ATTEMPTS);
    expect(attempts).toBe(STAGE_SETTINGS.ingest.sdkMaxAttempts);
    expect(attempts).toBeGreaterThan(3); // more patient than the SDK's default with a table at its capacity
    // The SDK's longest waits for a throttled request: 0.5 s doubling per retry, 20 s at most each.
    const longestBackoffSeconds = Array.from({ length: attempts - 1 }, (_, retry) => Math.min(20, 0.5 * 2 ** (retry + 1))).reduce((a, b) => a + b, 0);
    expect(longestBackoffSeconds).toBeLessThan(STAGE_SETTINGS.ingest.timeoutSeconds * 0.6);
  });

  it('buffers template observations across batches as the stage settings say', () => {
    expect(propertiesOf(ingestFunction()).Environment.Variables).toMatchObject({
      OBSERVATION_BUFFER_ARTICLES: String(STAGE_SETTINGS.templates.observationBufferArticles),
      OBSERVATION_BUFFER_MINUTES: String(STAGE_SETTINGS.templates.observationBufferMinutes),
    });
    // Held no longer than a learning period: a template still follows a new layout within two runs.
    expect(STAGE_SETTINGS.templates.observationBufferMinutes).toBeLessThanOrEqual(STAGE_SETTINGS.templates.learnEveryMinutes);
  });

  it('takes its timeout and memory from the stage settings', () => {
    expect(propertiesOf(ingestFunction())).toMatchObject({
      Timeout: STAGE_SETTINGS.ingest.timeoutSeconds,
      MemorySize: STAGE_SETTINGS.ingest.memoryMb,
    });
  });
});
