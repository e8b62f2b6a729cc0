import { App } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import type { CfnResource } from 'aws-cdk-lib';
import type { IConstruct } from 'constructs';
import { beforeAll, describe, expect, it } from 'vitest';
import { BODIES_PREFIX, INCOMING_PREFIX, TEMPLATES_PREFIX } from '#shared/table-definition.ts';
import { KabarStack } from '../../infra/kabar-stack.ts';

// Bundling is skipped: these tests read the template, not the asset (the artifact test bundles for real).
let stack: KabarStack;
let template: Template;
beforeAll(() => {
  stack = new KabarStack(new App({ context: { 'aws:cdk:bundling-stacks': [] } }), 'Kabar');
  template = Template.fromStack(stack);
});

interface Statement {
  Effect: string;
  Action: string | string[];
  Resource: unknown;
}

const logicalIdOf = (construct: IConstruct) => stack.getLogicalId(construct.node.defaultChild as CfnResource);

/** `{ 'Fn::Join': ['', [{ 'Fn::GetAtt': ['Bucket', 'Arn'] }, '/incoming/*']] }` → `'Bucket.Arn/incoming/*'` */
function renderResource(resource: unknown): string {
  if (typeof resource === 'string') return resource;
  const intrinsic = resource as Record<string, unknown>;
  if ('Ref' in intrinsic) return String(intrinsic.Ref);
  if ('Fn::GetAtt' in intrinsic) return (intrinsic['Fn::GetAtt'] as string[]).join('.');
  if ('Fn::Join' in intrinsic) {
    const [separator, parts] = intrinsic['Fn::Join'] as [string, unknown[]];
    return parts.map(renderResource).join(separator);
  }
  throw new Error(`Unexpected resource expression: ${JSON.stringify(resource)}`);
}

/** Every Allow statement of the policies attached to the ingest function's role, one action per entry. */
function ingestGrants(): Array<{ action: string; resources: string[] }> {
  const roleId = stack.getLogicalId(stack.ingestion.ingestFunction.role?.node.defaultChild as CfnResource);
  const policies = template.findResources('AWS::IAM::Policy', { Properties: { Roles: [{ Ref: roleId }] } });
  const statements: Statement[] = Object.values(policies).flatMap((policy) => policy.Properties.PolicyDocument.Statement);
  return statements
    .filter((statement) => statement.Effect === 'Allow')
    .flatMap((statement) => {
      const resources = [statement.Resource].flat().map(renderResource);
      return [statement.Action].flat().map((action) => ({ action, resources }));
    });
}

const resourcesGranted = (action: string) =>
  ingestGrants()
    .filter((grant) => grant.action === action)
    .flatMap((grant) => grant.resources)
    .sort();

const bucketArn = () => `${logicalIdOf(stack.storage.bucket)}.Arn`;
const tableArn = () => `${logicalIdOf(stack.storage.table)}.Arn`;

describe('ingest function permissions', () => {
  it(`reads objects only under ${INCOMING_PREFIX}, ${BODIES_PREFIX} and its publishers' templates`, () => {
    const versioned = [`${bucketArn()}/${BODIES_PREFIX}*`, `${bucketArn()}/${INCOMING_PREFIX}*`].sort();
    expect(resourcesGranted('s3:GetObject')).toEqual([...versioned, `${bucketArn()}/${TEMPLATES_PREFIX}current/*`].sort());
    expect(resourcesGranted('s3:GetObjectVersion')).toEqual(versioned);
  });

  it(`writes objects only under ${BODIES_PREFIX} and its template observations`, () => {
    expect(resourcesGranted('s3:PutObject')).toEqual([`${bucketArn()}/${BODIES_PREFIX}*`, `${bucketArn()}/${TEMPLATES_PREFIX}observations/*`].sort());
  });

  it(`cannot trigger itself: no S3 write reaches ${INCOMING_PREFIX} or the whole bucket`, () => {
    const writes = ingestGrants().filter((grant) => /^s3:(Put|Delete|Copy|Restore|Replicate|\*)/.test(grant.action));
    expect(writes.length).toBeGreaterThan(0);
    for (const { action, resources } of writes) {
      for (const resource of resources) {
        expect(resource, action).not.toContain(INCOMING_PREFIX);
        // Exactly the bodies prefix or the observations prefix: not `bucket/*`, not `*`.
        expect([`${bucketArn()}/${BODIES_PREFIX}*`, `${bucketArn()}/${TEMPLATES_PREFIX}observations/*`], action).toContain(resource);
      }
    }
  });

  it('may list the bucket, so a deleted upload reads as missing rather than forbidden', () => {
    expect(resourcesGranted('s3:ListBucket')).toEqual([bucketArn()]);
  });

  it('reads, queries and puts items of the articles table and its indexes only: no updates, deletes or transactions', () => {
    const dynamodbGrants = ingestGrants().filter((grant) => grant.action.startsWith('dynamodb:'));
    expect(dynamodbGrants.map((grant) => grant.action).sort()).toEqual(['dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:Query']);
    for (const grant of dynamodbGrants) expect(grant.resources.sort()).toEqual([tableArn(), `${tableArn()}/index/*`]);
  });

  it('cannot manage the table (no create, delete or update of the table itself)', () => {
    const actions = ingestGrants().map((grant) => grant.action);
    expect(actions.filter((action) => /^dynamodb:(Create|Delete|Update)Table|^dynamodb:Scan$/.test(action))).toEqual([]);
  });

  it('consumes only the ingest queue, and sends only to its dead-letter queue', () => {
    const ingestQueue = `${logicalIdOf(stack.ingestion.queue)}.Arn`;
    const deadLetterQueue = `${logicalIdOf(stack.ingestion.deadLetterQueue)}.Arn`;
    const sqsGrants = ingestGrants().filter((grant) => grant.action.startsWith('sqs:'));
    const actionsOn = (arn: string) => sqsGrants.filter((grant) => grant.resources.includes(arn)).map((grant) => grant.action);
    expect(actionsOn(ingestQueue)).toEqual(expect.arrayContaining(['sqs:ReceiveMessage', 'sqs:DeleteMessage', 'sqs:ChangeMessageVisibility']));
    expect(actionsOn(ingestQueue)).not.toContain('sqs:SendMessage');
    expect(actionsOn(deadLetterQueue)).toContain('sqs:SendMessage');
    expect(actionsOn(deadLetterQueue).filter((action) => /Receive|Delete|ChangeMessageVisibility/.test(action))).toEqual([]);
    for (const grant of sqsGrants) expect([[ingestQueue], [deadLetterQueue]]).toContainEqual(grant.resources);
  });

  it('writes logs only to its own log group', () => {
    const fn = template.toJSON().Resources[logicalIdOf(stack.ingestion.ingestFunction)];
    const logGroupArn = `${fn.Properties.LoggingConfig.LogGroup.Ref}.Arn`;
    const logGrants = ingestGrants().filter((grant) => grant.action.startsWith('logs:'));
    expect(logGrants.map((grant) => grant.action).sort()).toEqual(['logs:CreateLogStream', 'logs:PutLogEvents']);
    for (const grant of logGrants) expect(grant.resources).toEqual([logGroupArn]);
  });

  it('has no wildcard action', () => {
    expect(ingestGrants().filter((grant) => grant.action.includes('*'))).toEqual([]);
  });

  it('grants Resource "*" only to the X-Ray actions, which support no resource scope', () => {
    const unscoped = ingestGrants().filter((grant) => grant.resources.includes('*'));
    expect(unscoped.map((grant) => grant.action).sort()).toEqual(['xray:PutTelemetryRecords', 'xray:PutTraceSegments']);
  });

  it('has no AWS managed policy attached', () => {
    const role = template.toJSON().Resources[stack.getLogicalId(stack.ingestion.ingestFunction.role?.node.defaultChild as CfnResource)];
    expect(role.Properties.ManagedPolicyArns).toBeUndefined();
  });
});

/** Every Allow statement of the template learning function's role, one action per entry. */
function learnGrants(): Array<{ action: string; resources: string[]; condition?: unknown }> {
  const roleId = stack.getLogicalId(stack.templateLearning.learnFunction.role?.node.defaultChild as CfnResource);
  const policies = template.findResources('AWS::IAM::Policy', { Properties: { Roles: [{ Ref: roleId }] } });
  const statements: (Statement & { Condition?: unknown })[] = Object.values(policies).flatMap((policy) => policy.Properties.PolicyDocument.Statement);
  return statements
    .filter((statement) => statement.Effect === 'Allow')
    .flatMap((statement) => {
      const resources = [statement.Resource].flat().map(renderResource);
      return [statement.Action].flat().map((action) => ({ action, resources, condition: statement.Condition }));
    });
}

describe('template learning function permissions', () => {
  it(`reads and writes under ${TEMPLATES_PREFIX} only, writes templates and windows only, and never touches the table or uploads`, () => {
    const s3 = learnGrants().filter((grant) => grant.action.startsWith('s3:'));
    expect(s3.filter((g) => g.action === 's3:GetObject').flatMap((g) => g.resources)).toEqual([`${bucketArn()}/${TEMPLATES_PREFIX}*`]);
    expect(s3.filter((g) => g.action === 's3:PutObject').flatMap((g) => g.resources)).toEqual([
      `${bucketArn()}/${TEMPLATES_PREFIX}current/*`,
      `${bucketArn()}/${TEMPLATES_PREFIX}window/*`,
    ]);
    const list = s3.filter((g) => g.action === 's3:ListBucket');
    expect(list.flatMap((g) => g.resources)).toEqual([bucketArn()]);
    expect(list[0]?.condition).toEqual({ StringLike: { 's3:prefix': [`${TEMPLATES_PREFIX}*`] } });
    expect(s3.map((g) => g.action).sort()).toEqual(['s3:GetObject', 's3:ListBucket', 's3:PutObject']);
    expect(learnGrants().filter((grant) => grant.action.startsWith('dynamodb:') || grant.action.startsWith('sqs:'))).toEqual([]);
  });

  it('runs on a schedule', () => {
    const functionId = logicalIdOf(stack.templateLearning.learnFunction);
    const rules = template.findResources('AWS::Events::Rule');
    const targets = Object.values(rules).flatMap((rule) => rule.Properties.Targets ?? []);
    expect(targets.some((t: { Arn: unknown }) => JSON.stringify(t.Arn).includes(functionId))).toBe(true);
    expect(Object.values(rules).map((rule) => rule.Properties.ScheduleExpression)).toContain('rate(1 hour)');
  });
});
