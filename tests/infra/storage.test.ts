import { App } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import type { CfnResource } from 'aws-cdk-lib';
import type { IConstruct } from 'constructs';
import { beforeAll, describe, expect, it } from 'vitest';
import { ARTICLES_TABLE, INCOMING_PREFIX } from '#shared/table-definition.ts';
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
const resourceOf = (construct: IConstruct) => template.toJSON().Resources[logicalIdOf(construct)];
const refTo = (construct: IConstruct) => ({ Ref: logicalIdOf(construct) });

const TLS_ONLY_STATEMENT = Match.objectLike({
  Effect: 'Deny',
  Principal: { AWS: '*' },
  Action: 's3:*',
  Condition: { Bool: { 'aws:SecureTransport': 'false' } },
});

describe('articles bucket', () => {
  it('blocks all public access', () => {
    expect(resourceOf(stack.storage.bucket).Properties.PublicAccessBlockConfiguration).toEqual({
      BlockPublicAcls: true,
      BlockPublicPolicy: true,
      IgnorePublicAcls: true,
      RestrictPublicBuckets: true,
    });
  });

  it('encrypts objects at rest with S3-managed keys', () => {
    expect(resourceOf(stack.storage.bucket).Properties.BucketEncryption).toEqual({
      ServerSideEncryptionConfiguration: [{ ServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } }],
    });
  });

  it('keeps every version of an object', () => {
    expect(resourceOf(stack.storage.bucket).Properties.VersioningConfiguration).toEqual({ Status: 'Enabled' });
  });

  it('denies every request not made over TLS', () => {
    template.hasResourceProperties('AWS::S3::BucketPolicy', {
      Bucket: refTo(stack.storage.bucket),
      PolicyDocument: { Statement: Match.arrayWith([TLS_ONLY_STATEMENT]) },
    });
  });

  it('writes server access logs to the separate access-log bucket', () => {
    expect(resourceOf(stack.storage.bucket).Properties.LoggingConfiguration).toMatchObject({
      DestinationBucketName: refTo(stack.storage.accessLogsBucket),
    });
  });

  it('is retained when the stack is deleted', () => {
    expect(resourceOf(stack.storage.bucket)).toMatchObject({ DeletionPolicy: 'Retain', UpdateReplacePolicy: 'Retain' });
  });

  it('never deletes its objects automatically', () => {
    template.resourceCountIs('Custom::S3AutoDeleteObjects', 0);
  });
});

describe('articles bucket notifications', () => {
  const queueConfigurations = () => template.findResources('Custom::S3BucketNotifications', { Properties: { BucketName: refTo(stack.storage.bucket) } });

  const configurationsFor = (event: string) => {
    const [notifications] = Object.values(queueConfigurations());
    const configs: Array<{ Events: string[]; Filter: unknown; QueueArn: unknown }> =
      notifications?.Properties.NotificationConfiguration.QueueConfigurations ?? [];
    return configs.filter((config) => config.Events.includes(event));
  };

  const toIngestQueueUnderIncoming = () => ({
    Filter: { Key: { FilterRules: [{ Name: 'prefix', Value: INCOMING_PREFIX }] } },
    QueueArn: { 'Fn::GetAtt': [logicalIdOf(stack.ingestion.queue), 'Arn'] },
  });

  it(`sends ObjectCreated events under ${INCOMING_PREFIX} to the ingest queue`, () => {
    expect(configurationsFor('s3:ObjectCreated:*')).toEqual([{ Events: ['s3:ObjectCreated:*'], ...toIngestQueueUnderIncoming() }]);
  });

  it(`sends ObjectRemoved events under ${INCOMING_PREFIX} to the ingest queue`, () => {
    expect(configurationsFor('s3:ObjectRemoved:*')).toEqual([{ Events: ['s3:ObjectRemoved:*'], ...toIngestQueueUnderIncoming() }]);
  });

  it('notifies nothing else: no other prefix, topic or function', () => {
    const [notifications] = Object.values(queueConfigurations());
    expect(Object.keys(notifications?.Properties.NotificationConfiguration ?? {})).toEqual(['QueueConfigurations']);
    expect(notifications?.Properties.NotificationConfiguration.QueueConfigurations).toHaveLength(2);
  });
});

describe('access-log bucket', () => {
  it('blocks all public access', () => {
    expect(resourceOf(stack.storage.accessLogsBucket).Properties.PublicAccessBlockConfiguration).toEqual({
      BlockPublicAcls: true,
      BlockPublicPolicy: true,
      IgnorePublicAcls: true,
      RestrictPublicBuckets: true,
    });
  });

  it('encrypts with S3-managed keys, the only encryption server access logging can deliver to', () => {
    expect(resourceOf(stack.storage.accessLogsBucket).Properties.BucketEncryption).toEqual({
      ServerSideEncryptionConfiguration: [{ ServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } }],
    });
  });

  it('denies every request not made over TLS', () => {
    template.hasResourceProperties('AWS::S3::BucketPolicy', {
      Bucket: refTo(stack.storage.accessLogsBucket),
      PolicyDocument: { Statement: Match.arrayWith([TLS_ONLY_STATEMENT]) },
    });
  });

  it('lets only the S3 logging service of the articles bucket write to it', () => {
    template.hasResourceProperties('AWS::S3::BucketPolicy', {
      Bucket: refTo(stack.storage.accessLogsBucket),
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({
            Effect: 'Allow',
            Principal: { Service: 'logging.s3.amazonaws.com' },
            Action: 's3:PutObject',
            Condition: Match.objectLike({
              ArnLike: { 'aws:SourceArn': { 'Fn::GetAtt': [logicalIdOf(stack.storage.bucket), 'Arn'] } },
            }),
          }),
        ]),
      },
    });
  });

  it('is retained when the stack is deleted', () => {
    expect(resourceOf(stack.storage.accessLogsBucket)).toMatchObject({ DeletionPolicy: 'Retain' });
  });
});

describe('articles table', () => {
  const tableProperties = () => resourceOf(stack.storage.table).Properties;

  it('uses the key schema of the table definition', () => {
    expect(tableProperties().KeySchema).toEqual([
      { AttributeName: ARTICLES_TABLE.partitionKey, KeyType: 'HASH' },
      { AttributeName: ARTICLES_TABLE.sortKey, KeyType: 'RANGE' },
    ]);
  });

  it('has point-in-time recovery', () => {
    expect(tableProperties().PointInTimeRecoverySpecification).toMatchObject({ PointInTimeRecoveryEnabled: true });
  });

  it('has deletion protection', () => {
    expect(tableProperties().DeletionProtectionEnabled).toBe(true);
  });

  it('streams new and old images', () => {
    expect(tableProperties().StreamSpecification).toEqual({ StreamViewType: 'NEW_AND_OLD_IMAGES' });
  });

  it('expires items on the TTL attribute of the table definition', () => {
    expect(tableProperties().TimeToLiveSpecification).toEqual({
      AttributeName: ARTICLES_TABLE.timeToLiveAttribute,
      Enabled: true,
    });
  });

  it('is retained when the stack is deleted', () => {
    expect(resourceOf(stack.storage.table)).toMatchObject({ DeletionPolicy: 'Retain', UpdateReplacePolicy: 'Retain' });
  });

  it('has exactly the indexes the table definition names', () => {
    const names = tableProperties().GlobalSecondaryIndexes.map((index: { IndexName: string }) => index.IndexName);
    expect(names.sort()).toEqual(ARTICLES_TABLE.indexes.map((index) => index.indexName).sort());
  });

  it.each(ARTICLES_TABLE.indexes.map((index) => [index.indexName, index] as const))('builds index %s from the table definition', (indexName, definition) => {
    const index = tableProperties().GlobalSecondaryIndexes.find((candidate: { IndexName: string }) => candidate.IndexName === indexName);
    expect(index.KeySchema).toEqual([
      { AttributeName: definition.partitionKey, KeyType: 'HASH' },
      { AttributeName: definition.sortKey, KeyType: 'RANGE' },
    ]);
    expect(index.Projection).toEqual(
      definition.projection === 'ALL' ? { ProjectionType: 'ALL' } : { ProjectionType: 'INCLUDE', NonKeyAttributes: [...definition.projection] },
    );
  });
});

describe('table capacity', () => {
  const { table: settings } = STAGE_SETTINGS;
  const scalingTargets = (of: Template) => Object.values(of.findResources('AWS::ApplicationAutoScaling::ScalableTarget')).map((target) => target.Properties);
  const indexNames = ARTICLES_TABLE.indexes.map((index) => index.indexName);

  it('is provisioned by default, the table and every index starting at their minimum capacity', () => {
    const properties = resourceOf(stack.storage.table).Properties;
    expect(settings.capacity).toBe('provisioned');
    // CDK leaves BillingMode out for provisioned tables: CloudFormation's default.
    expect(properties.BillingMode ?? 'PROVISIONED').toBe('PROVISIONED');
    expect(properties.ProvisionedThroughput).toEqual({ ReadCapacityUnits: settings.tableReads.min, WriteCapacityUnits: settings.tableWrites.min });
    for (const index of properties.GlobalSecondaryIndexes) {
      expect(index.ProvisionedThroughput).toEqual({ ReadCapacityUnits: settings.indexReads.min, WriteCapacityUnits: settings.indexWrites.min });
    }
  });

  it('scales the reads and writes of the table and of every index between the settings’ bounds', () => {
    const targets = scalingTargets(template);
    const dimension = (target: { ScalableDimension: string }) => target.ScalableDimension;
    const ofTable = targets.filter((target) => !JSON.stringify(target.ResourceId).includes('/index/'));
    expect(ofTable.map(dimension).sort()).toEqual(['dynamodb:table:ReadCapacityUnits', 'dynamodb:table:WriteCapacityUnits']);
    for (const target of ofTable) {
      const range = dimension(target).endsWith('WriteCapacityUnits') ? settings.tableWrites : settings.tableReads;
      expect([target.MinCapacity, target.MaxCapacity]).toEqual([range.min, range.max]);
    }
    for (const indexName of indexNames) {
      const ofIndex = targets.filter((target) => JSON.stringify(target.ResourceId).includes(`/index/${indexName}"`));
      expect(ofIndex.map(dimension).sort()).toEqual(['dynamodb:index:ReadCapacityUnits', 'dynamodb:index:WriteCapacityUnits']);
      for (const target of ofIndex) {
        const range = dimension(target).endsWith('WriteCapacityUnits') ? settings.indexWrites : settings.indexReads;
        expect([target.MinCapacity, target.MaxCapacity]).toEqual([range.min, range.max]);
      }
    }
    expect(targets).toHaveLength(2 + 2 * indexNames.length);
  });

  it(`tracks ${settings.targetUtilizationPercent}% utilisation on every scalable capacity`, () => {
    const policies = Object.values(template.findResources('AWS::ApplicationAutoScaling::ScalingPolicy')).map((policy) => policy.Properties);
    expect(policies).toHaveLength(2 + 2 * indexNames.length);
    for (const policy of policies) {
      expect(policy.PolicyType).toBe('TargetTrackingScaling');
      expect(policy.TargetTrackingScalingPolicyConfiguration.TargetValue).toBe(settings.targetUtilizationPercent);
      expect(policy.TargetTrackingScalingPolicyConfiguration.PredefinedMetricSpecification.PredefinedMetricType).toMatch(
        /^DynamoDB(Read|Write)CapacityUtilization$/,
      );
    }
  });

  it('bills on demand, with nothing to scale, when the stack is built with tableCapacity on-demand', () => {
    const onDemand = new KabarStack(new App({ context: { 'aws:cdk:bundling-stacks': [] } }), 'Kabar', { tableCapacity: 'on-demand' });
    const onDemandTemplate = Template.fromStack(onDemand);
    const properties = onDemandTemplate.toJSON().Resources[onDemand.getLogicalId(onDemand.storage.table.node.defaultChild as CfnResource)].Properties;
    expect(properties.BillingMode).toBe('PAY_PER_REQUEST');
    expect(properties.ProvisionedThroughput).toBeUndefined();
    for (const index of properties.GlobalSecondaryIndexes) expect(index.ProvisionedThroughput).toBeUndefined();
    onDemandTemplate.resourceCountIs('AWS::ApplicationAutoScaling::ScalableTarget', 0);
    // The same indexes either way: switching modes never rebuilds an index.
    expect(properties.GlobalSecondaryIndexes.map((index: { IndexName: string }) => index.IndexName).sort()).toEqual([...indexNames].sort());
  });
});
