import { App } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import type { CfnResource } from 'aws-cdk-lib';
import type { IConstruct } from 'constructs';
import { beforeAll, describe, expect, it } from 'vitest';
import { KabarStack } from '../../infra/kabar-stack.ts';
import { STAGE_SETTINGS } from '../../infra/settings.ts';

// Bundling is skipped: these tests read the template, not the asset (the artifact test bundles for real).
const synthKabar = (props: { alarmEmail?: string } = {}) => new KabarStack(new App({ context: { 'aws:cdk:bundling-stacks': [] } }), 'Kabar', props);

let stack: KabarStack;
let template: Template;
beforeAll(() => {
  stack = synthKabar();
  template = Template.fromStack(stack);
});

const logicalIdOf = (construct: IConstruct) => stack.getLogicalId(construct.node.defaultChild as CfnResource);
const alarmTopicRef = () => ({ Ref: logicalIdOf(stack.observability.alarmTopic) });

/** The one alarm on `metricName`, whichever construct declared it. */
function alarmOn(metricName: string) {
  const alarms = Object.values(template.findResources('AWS::CloudWatch::Alarm', { Properties: { MetricName: metricName } }));
  expect(alarms).toHaveLength(1);
  return alarms[0]?.Properties;
}

describe('alarm topic', () => {
  it('is encrypted with its own KMS key', () => {
    template.hasResourceProperties('AWS::SNS::Topic', {
      KmsMasterKeyId: { 'Fn::GetAtt': [Match.stringLikeRegexp('AlarmTopicKey'), 'Arn'] },
    });
  });

  it('rotates its key', () => {
    template.hasResourceProperties('AWS::KMS::Key', { EnableKeyRotation: true });
  });

  it('lets CloudWatch alarms of this account use its key', () => {
    template.hasResourceProperties('AWS::KMS::Key', {
      KeyPolicy: {
        Statement: Match.arrayWith([
          Match.objectLike({
            Effect: 'Allow',
            Principal: { Service: 'cloudwatch.amazonaws.com' },
            Action: Match.arrayWith(['kms:Decrypt', 'kms:GenerateDataKey']),
            Condition: { StringEquals: { 'aws:SourceAccount': { Ref: 'AWS::AccountId' } } },
          }),
        ]),
      },
    });
  });

  it('denies publishing not made over TLS', () => {
    template.hasResourceProperties('AWS::SNS::TopicPolicy', {
      Topics: [alarmTopicRef()],
      PolicyDocument: {
        Statement: Match.arrayWith([Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } })]),
      },
    });
  });

  it('has no subscription unless an alarm email is given', () => {
    template.resourceCountIs('AWS::SNS::Subscription', 0);
  });

  it('subscribes the alarm email when one is given', () => {
    const withEmail = Template.fromStack(synthKabar({ alarmEmail: 'ops@example.com' }));
    withEmail.hasResourceProperties('AWS::SNS::Subscription', { Protocol: 'email', Endpoint: 'ops@example.com' });
  });
});

describe('alarms', () => {
  it('raise when a message reaches the dead-letter queue', () => {
    expect(alarmOn('ApproximateNumberOfMessagesVisible')).toMatchObject({
      Namespace: 'AWS/SQS',
      Dimensions: [{ Name: 'QueueName', Value: { 'Fn::GetAtt': [logicalIdOf(stack.ingestion.deadLetterQueue), 'QueueName'] } }],
      ComparisonOperator: 'GreaterThanOrEqualToThreshold',
      Threshold: 1,
      AlarmActions: [alarmTopicRef()],
    });
  });

  it('raise when the ingest function errors', () => {
    expect(alarmOn('Errors')).toMatchObject({
      Namespace: 'AWS/Lambda',
      Dimensions: [{ Name: 'FunctionName', Value: { Ref: logicalIdOf(stack.ingestion.ingestFunction) } }],
      ComparisonOperator: 'GreaterThanOrEqualToThreshold',
      Threshold: STAGE_SETTINGS.alarms.functionErrors,
      AlarmActions: [alarmTopicRef()],
    });
  });

  it('raise when the oldest ingest message waits too long', () => {
    expect(alarmOn('ApproximateAgeOfOldestMessage')).toMatchObject({
      Namespace: 'AWS/SQS',
      Dimensions: [{ Name: 'QueueName', Value: { 'Fn::GetAtt': [logicalIdOf(stack.ingestion.queue), 'QueueName'] } }],
      ComparisonOperator: 'GreaterThanOrEqualToThreshold',
      Threshold: STAGE_SETTINGS.alarms.oldestMessageAgeSeconds,
      AlarmActions: [alarmTopicRef()],
    });
  });

  it('raise when the articles table throttles ingestion for several periods in a row', () => {
    const alarms = Object.values(template.findResources('AWS::CloudWatch::Alarm', { Properties: { AlarmDescription: Match.stringLikeRegexp('throttling') } }));
    expect(alarms).toHaveLength(1);
    const alarm = alarms[0]?.Properties;
    expect(alarm).toMatchObject({
      ComparisonOperator: 'GreaterThanOrEqualToThreshold',
      Threshold: STAGE_SETTINGS.alarms.throttledRequests,
      EvaluationPeriods: STAGE_SETTINGS.alarms.throttledPeriods,
      AlarmActions: [alarmTopicRef()],
    });
    const metrics: { MetricStat?: { Metric: { MetricName: string; Namespace: string; Dimensions: { Name: string; Value: unknown }[] } } }[] = alarm.Metrics;
    const throttled = metrics.flatMap((m) => (m.MetricStat ? [m.MetricStat.Metric] : []));
    expect(throttled.map((m) => m.MetricName)).toEqual(['ThrottledRequests', 'ThrottledRequests', 'ThrottledRequests']);
    expect(throttled.every((m) => m.Namespace === 'AWS/DynamoDB')).toBe(true);
    const operations = throttled.map((m) => m.Dimensions.find((d) => d.Name === 'Operation')?.Value);
    expect(operations.sort()).toEqual(['GetItem', 'PutItem', 'Query']);
  });

  it('raise the throttling alarm before a throttled message can run out of receives', () => {
    const queue = template.toJSON().Resources[logicalIdOf(stack.ingestion.queue)].Properties;
    const longestRetryCycle = queue.RedrivePolicy.maxReceiveCount * queue.VisibilityTimeout;
    expect(STAGE_SETTINGS.alarms.throttledPeriods * STAGE_SETTINGS.alarms.periodMinutes * 60).toBeLessThan(longestRetryCycle);
  });

  it('wait out a message that is still being retried before raising the queue-age alarm', () => {
    const queue = template.toJSON().Resources[logicalIdOf(stack.ingestion.queue)].Properties;
    const longestRetryCycle = queue.RedrivePolicy.maxReceiveCount * queue.VisibilityTimeout;
    expect(alarmOn('ApproximateAgeOfOldestMessage').Threshold).toBeGreaterThan(longestRetryCycle);
  });

  it('treat missing data as healthy: an idle queue is not an incident', () => {
    const alarms = Object.values(template.findResources('AWS::CloudWatch::Alarm'));
    expect(alarms.map((alarm) => alarm.Properties.TreatMissingData)).toEqual(alarms.map(() => 'notBreaching'));
  });
});

describe('outputs', () => {
  it.each([
    'ArticlesBucketName',
    'ArticlesBucketArn',
    'ArticlesTableName',
    'ArticlesTableArn',
    'ArticlesTableStreamArn',
    'IngestQueueName',
    'IngestQueueArn',
    'IngestQueueUrl',
    'IngestDeadLetterQueueName',
    'IngestDeadLetterQueueArn',
    'IngestDeadLetterQueueUrl',
    'IngestFunctionName',
    'AlarmTopicArn',
  ])('exports %s', (name) => {
    template.hasOutput(name, { Value: Match.anyValue() });
  });

  it('exports the stream ARN of the articles table', () => {
    template.hasOutput('ArticlesTableStreamArn', {
      Value: { 'Fn::GetAtt': [logicalIdOf(stack.storage.table), 'StreamArn'] },
    });
  });
});
