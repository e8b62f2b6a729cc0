import { Duration, RemovalPolicy, Stack } from 'aws-cdk-lib';
import { Alarm, ComparisonOperator, type IMetric, Stats, TreatMissingData } from 'aws-cdk-lib/aws-cloudwatch';
import { type ITable, Operation } from 'aws-cdk-lib/aws-dynamodb';
import { SnsAction } from 'aws-cdk-lib/aws-cloudwatch-actions';
import { Effect, PolicyStatement, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { Key } from 'aws-cdk-lib/aws-kms';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import { Topic } from 'aws-cdk-lib/aws-sns';
import { EmailSubscription } from 'aws-cdk-lib/aws-sns-subscriptions';
import type { IQueue } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import type { StageSettings } from '../settings.ts';

export interface ObservabilityProps {
  queue: IQueue;
  deadLetterQueue: IQueue;
  ingestFunction: IFunction;
  table: ITable;
  thresholds: StageSettings['alarms'];
  /** Subscribed to the alarm topic when given (context value `alarmEmail`). */
  alarmEmail?: string;
}

/**
 * Alarms that mean "an article may not have been ingested", all notifying one SNS topic:
 *
 * 1. DeadLetterAlarm: a message reached the dead-letter queue (inspect it, fix, redrive).
 * 2. IngestErrorsAlarm: the function crashed or timed out (per-record failures are not errors).
 * 3. QueueAgeAlarm: the oldest waiting message is older than any retry cycle: ingestion is stuck or behind.
 * 4. TableThrottlingAlarm: the table has throttled ingestion's requests for several periods in a row: its
 *    capacity is at its maximum or cannot follow the traffic (nothing is lost yet: messages wait and retry).
 */
export class Observability extends Construct {
  readonly alarmTopic: Topic;
  readonly alarms: readonly Alarm[];

  constructor(scope: Construct, id: string, props: ObservabilityProps) {
    super(scope, id);
    const { thresholds } = props;
    const period = Duration.minutes(thresholds.periodMinutes);

    // CloudWatch alarms cannot publish to a topic encrypted with the AWS-managed SNS key (its policy is
    // fixed), so the topic gets its own key whose policy lets CloudWatch of this account use it.
    const topicKey = new Key(this, 'AlarmTopicKey', {
      description: 'Encrypts kabar alarm notifications at rest.',
      enableKeyRotation: true,
      removalPolicy: RemovalPolicy.DESTROY,
      pendingWindow: Duration.days(7),
    });
    topicKey.addToResourcePolicy(
      new PolicyStatement({
        sid: 'AllowCloudWatchAlarmsToPublish',
        effect: Effect.ALLOW,
        principals: [new ServicePrincipal('cloudwatch.amazonaws.com')],
        actions: ['kms:Decrypt', 'kms:GenerateDataKey'],
        resources: ['*'], // In a key policy, "*" means this key.
        conditions: { StringEquals: { 'aws:SourceAccount': Stack.of(this).account } },
      }),
    );
    this.alarmTopic = new Topic(this, 'AlarmTopic', {
      displayName: 'kabar alarms',
      masterKey: topicKey,
      enforceSSL: true,
    });
    if (props.alarmEmail) this.alarmTopic.addSubscription(new EmailSubscription(props.alarmEmail));

    this.alarms = [
      this.alarmOn('DeadLetterAlarm', {
        metric: props.deadLetterQueue.metricApproximateNumberOfMessagesVisible({ period, statistic: Stats.MAXIMUM }),
        threshold: thresholds.deadLetterMessages,
        description: 'Ingest events reached the dead-letter queue: those articles were not ingested. Inspect, fix, redrive.',
      }),
      this.alarmOn('IngestErrorsAlarm', {
        metric: props.ingestFunction.metricErrors({ period, statistic: Stats.SUM }),
        threshold: thresholds.functionErrors,
        description: 'The ingest function crashed or timed out; its whole batch returns to the queue.',
      }),
      this.alarmOn('QueueAgeAlarm', {
        metric: props.queue.metricApproximateAgeOfOldestMessage({ period, statistic: Stats.MAXIMUM }),
        threshold: thresholds.oldestMessageAgeSeconds,
        description: 'Uploads wait longer than any retry cycle explains: ingestion is stuck or far behind.',
      }),
      this.alarmOn('TableThrottlingAlarm', {
        // Requests (not events): one PutItem throttled by any of its indexes counts once.
        metric: props.table.metricThrottledRequestsForOperations({
          operations: [Operation.PUT_ITEM, Operation.GET_ITEM, Operation.QUERY],
          period,
        }),
        threshold: thresholds.throttledRequests,
        evaluationPeriods: thresholds.throttledPeriods,
        description:
          'The articles table keeps throttling ingestion: capacity is at its maximum or cannot follow. Messages wait and retry; ' +
          'raise the table capacity maximums or switch to on-demand before they reach the dead-letter queue.',
      }),
    ];
  }

  private alarmOn(id: string, spec: { metric: IMetric; threshold: number; description: string; evaluationPeriods?: number }): Alarm {
    const alarm = new Alarm(this, id, {
      metric: spec.metric,
      threshold: spec.threshold,
      comparisonOperator: ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      evaluationPeriods: spec.evaluationPeriods ?? 1,
      alarmDescription: spec.description,
      // No data means no messages and no invocations: nothing is wrong.
      treatMissingData: TreatMissingData.NOT_BREACHING,
    });
    const action = new SnsAction(this.alarmTopic);
    alarm.addAlarmAction(action);
    alarm.addOkAction(action);
    return alarm;
  }
}
