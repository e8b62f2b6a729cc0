import { Duration } from 'aws-cdk-lib';
import { Rule, Schedule } from 'aws-cdk-lib/aws-events';
import { LambdaFunction } from 'aws-cdk-lib/aws-events-targets';
import type { NodejsFunction } from 'aws-cdk-lib/aws-lambda-nodejs';
import type { RetentionDays } from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import type { StageSettings } from '../settings.ts';
import { KabarFunction } from './kabar-function.ts';
import type { Storage } from './storage.ts';

export interface TemplateLearningProps {
  storage: Storage;
  settings: StageSettings['templates'];
  logRetention: RetentionDays;
  /** Entry of the learning handler module, relative to the project root. */
  entry: string;
}

/**
 * The learning step of publisher templates: on a schedule, turns each publisher's recent
 * observations (written by the ingest function under `templates/observations/`) into its template
 * (`templates/current/`), which the ingest function reads.
 */
export class TemplateLearning extends Construct {
  readonly learnFunction: NodejsFunction;

  constructor(scope: Construct, id: string, props: TemplateLearningProps) {
    super(scope, id);
    this.learnFunction = new KabarFunction(this, 'LearnTemplatesFunction', {
      entry: props.entry,
      description: "Learns each publisher's template from its recent articles' line keys.",
      timeout: Duration.seconds(props.settings.timeoutSeconds),
      memorySize: props.settings.memoryMb,
      logRetention: props.logRetention,
      serviceName: 'kabar-templates',
      metricsNamespace: 'Kabar',
    }).fn;
    props.storage.grantTemplateLearning(this.learnFunction);
    new Rule(this, 'LearnTemplatesSchedule', {
      description: 'Learns publisher templates from new observations.',
      schedule: Schedule.rate(Duration.minutes(props.settings.learnEveryMinutes)),
      targets: [new LambdaFunction(this.learnFunction, { retryAttempts: 0 })],
    });
  }
}
