import { App, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { KabarStack } from './kabar-stack.ts';
import { TABLE_CAPACITIES, type TableCapacity } from './settings.ts';

// Entry point of `cdk synth` / `cdk deploy` (see cdk.json). The AWS Solutions checks run as a policy
// validation plugin: any unacknowledged finding fails synth, so CI's synth step is the compliance gate.
const app = new App();
const alarmEmail: unknown = app.node.tryGetContext('alarmEmail');
new KabarStack(app, 'Kabar', {
  description: 'kabar: S3 upload → SQS → Lambda → DynamoDB ingestion of news articles.',
  alarmEmail: typeof alarmEmail === 'string' && alarmEmail !== '' ? alarmEmail : undefined,
  tableCapacity: tableCapacityOf(app.node.tryGetContext('tableCapacity')),
});
Validations.of(app).addPlugins(new AwsSolutionsChecks(app));

/** `-c tableCapacity=on-demand` or `provisioned`; absent means the settings' default. A typo fails synth rather than deploy the other mode. */
function tableCapacityOf(value: unknown): TableCapacity | undefined {
  if (value === undefined || value === '') return undefined;
  if (TABLE_CAPACITIES.includes(value as TableCapacity)) return value as TableCapacity;
  throw new Error(`tableCapacity must be one of ${TABLE_CAPACITIES.join(', ')}; got ${JSON.stringify(value)}`);
}
