import { App, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { KabarStack } from './kabar-stack.ts';

// Entry point of `cdk synth` / `cdk deploy` (see cdk.json). The AWS Solutions checks run as a policy
// validation plugin: any unacknowledged finding fails synth, so CI's synth step is the compliance gate.
const app = new App();
const alarmEmail: unknown = app.node.tryGetContext('alarmEmail');
new KabarStack(app, 'Kabar', {
  description: 'kabar: S3 upload → SQS → Lambda → DynamoDB ingestion of news articles.',
  alarmEmail: typeof alarmEmail === 'string' && alarmEmail !== '' ? alarmEmail : undefined,
});
Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
