import { type CfnResource, Duration, RemovalPolicy, Stack, Validations } from 'aws-cdk-lib';
import { AttributeType, BillingMode, type IScalableTableAttribute, ProjectionType, StreamViewType, Table, TableEncryption } from 'aws-cdk-lib/aws-dynamodb';
import { Effect, PolicyStatement } from 'aws-cdk-lib/aws-iam';
import type { Function as LambdaFunction } from 'aws-cdk-lib/aws-lambda';
import { BlockPublicAccess, Bucket, BucketEncryption, EventType, ObjectOwnership } from 'aws-cdk-lib/aws-s3';
import { SqsDestination } from 'aws-cdk-lib/aws-s3-notifications';
import type { IQueue } from 'aws-cdk-lib/aws-sqs';
import { S3_SERVER_ACCESS_LOGS_USE_BUCKET_POLICY } from 'aws-cdk-lib/cx-api';
import { Construct } from 'constructs';
import type { CapacityRange, StageSettings } from '../settings.ts';
import { ARTICLES_TABLE, BODIES_PREFIX, INCOMING_PREFIX, type IndexDefinition, TEMPLATES_PREFIX } from '#shared/table-definition.ts';

/** What ingestion does to the table: a point read of the stored state, duplicate look-ups, conditional puts. */
const INGEST_TABLE_ACTIONS = ['dynamodb:GetItem', 'dynamodb:Query', 'dynamodb:PutItem'] as const;

/** What reprocessing reads: a paginated Scan of records, a topic's entries, and records in batches. */
const REPROCESS_TABLE_ACTIONS = ['dynamodb:Scan', 'dynamodb:Query', 'dynamodb:BatchGetItem'] as const;

export interface StorageProps {
  /** Days S3 server access logs are kept. */
  accessLogExpiration: Duration;
  /** Days an observation batch for publisher templates is kept. */
  observationDays: number;
  /** How the table pays for reads and writes, and the bounds of auto scaling when provisioned. */
  table: StageSettings['table'];
}

/**
 * The stateful half of kabar: the articles bucket (uploads and offloaded bodies), its access-log bucket,
 * and the articles table. All three are retained when the stack is deleted: they hold data, not wiring.
 *
 * Callers never rebuild names or ARNs: `grantIngest(fn)` binds and grants in one call, and
 * `sendIncomingEventsTo(queue)` is the only place the `incoming/` notification is declared.
 */
export class Storage extends Construct {
  readonly bucket: Bucket;
  readonly accessLogsBucket: Bucket;
  readonly table: Table;

  constructor(scope: Construct, id: string, props: StorageProps) {
    super(scope, id);
    const { table } = props;
    const provisioned = table.capacity === 'provisioned';
    // Deliver server access logs through a bucket policy for the logging service (what AWS recommends)
    // rather than the legacy log-delivery ACL, which would force ACLs back on for the log bucket.
    this.node.setContext(S3_SERVER_ACCESS_LOGS_USE_BUCKET_POLICY, true);

    // Server access logs may only be delivered to a bucket encrypted with S3-managed keys (SSE-S3).
    // Not itself logged: logging the log bucket would log its own log deliveries, without end.
    this.accessLogsBucket = new Bucket(this, 'AccessLogsBucket', {
      blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
      encryption: BucketEncryption.S3_MANAGED,
      enforceSSL: true,
      minimumTLSVersion: 1.2,
      objectOwnership: ObjectOwnership.BUCKET_OWNER_ENFORCED,
      lifecycleRules: [{ expiration: props.accessLogExpiration }],
      removalPolicy: RemovalPolicy.RETAIN,
      autoDeleteObjects: false,
    });

    // SSE-S3 rather than KMS: articles are published news, not secrets; SSE-S3 costs no KMS request per
    // GetObject/PutObject and needs no key policy for S3 → SQS notifications or for future readers.
    // Versioned so an overwritten or deleted upload can be recovered, and so each processed version is
    // addressable by the table's history items.
    this.bucket = new Bucket(this, 'ArticlesBucket', {
      blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
      encryption: BucketEncryption.S3_MANAGED,
      enforceSSL: true,
      minimumTLSVersion: 1.2,
      objectOwnership: ObjectOwnership.BUCKET_OWNER_ENFORCED,
      versioned: true,
      serverAccessLogsBucket: this.accessLogsBucket,
      serverAccessLogsPrefix: 'articles-bucket/',
      lifecycleRules: [
        { abortIncompleteMultipartUploadAfter: Duration.days(7) },
        // Observations are a moving window for learning templates: nothing to keep, no older version either.
        {
          prefix: `${TEMPLATES_PREFIX}observations/`,
          expiration: Duration.days(props.observationDays),
          noncurrentVersionExpiration: Duration.days(1),
        },
        // A template is rewritten when learning changes it; its replaced versions are of no use after a week.
        { prefix: `${TEMPLATES_PREFIX}current/`, noncurrentVersionExpiration: Duration.days(7) },
        // A learning window is rewritten every run: only the current one matters.
        { prefix: `${TEMPLATES_PREFIX}window/`, noncurrentVersionExpiration: Duration.days(1) },
      ],
      removalPolicy: RemovalPolicy.RETAIN,
      autoDeleteObjects: false,
    });

    this.table = new Table(this, 'ArticlesTable', {
      partitionKey: { name: ARTICLES_TABLE.partitionKey, type: AttributeType.STRING },
      sortKey: { name: ARTICLES_TABLE.sortKey, type: AttributeType.STRING },
      timeToLiveAttribute: ARTICLES_TABLE.timeToLiveAttribute,
      // Provisioned by default (ADR 0011): the queue in front of the only writer turns bursts into a bounded
      // rate, so capacity that follows the traffic costs ~2.4× less per write than paying per request.
      ...(provisioned
        ? { billingMode: BillingMode.PROVISIONED, readCapacity: table.tableReads.min, writeCapacity: table.tableWrites.min }
        : { billingMode: BillingMode.PAY_PER_REQUEST }),
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
      deletionProtection: true,
      // Both images, so a future consumer (search index, notifications) can see what changed.
      stream: StreamViewType.NEW_AND_OLD_IMAGES,
      // AWS-owned key: encrypted at rest at no cost; a customer-managed key would only pay off for
      // cross-account access or key-level audit, neither of which kabar needs.
      encryption: TableEncryption.DEFAULT,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    for (const index of ARTICLES_TABLE.indexes) {
      this.table.addGlobalSecondaryIndex({
        ...globalIndexPropsOf(index),
        ...(provisioned ? { readCapacity: table.indexReads.min, writeCapacity: table.indexWrites.min } : {}),
      });
    }
    if (provisioned) this.scaleWithTraffic(table);
  }

  /**
   * Target-tracking auto scaling of every provisioned capacity: the table's and each index's reads and
   * writes (an index that runs out of write capacity throttles the table's writes too). Each keeps
   * `targetUtilizationPercent` in use between its min and max.
   */
  private scaleWithTraffic(table: StageSettings['table']): void {
    const track = (attribute: IScalableTableAttribute) => attribute.scaleOnUtilization({ targetUtilizationPercent: table.targetUtilizationPercent });
    const range = (capacity: CapacityRange) => ({ minCapacity: capacity.min, maxCapacity: capacity.max });
    track(this.table.autoScaleWriteCapacity(range(table.tableWrites)));
    track(this.table.autoScaleReadCapacity(range(table.tableReads)));
    for (const { indexName } of ARTICLES_TABLE.indexes) {
      track(this.table.autoScaleGlobalSecondaryIndexWriteCapacity(indexName, range(table.indexWrites)));
      track(this.table.autoScaleGlobalSecondaryIndexReadCapacity(indexName, range(table.indexReads)));
    }
  }

  /**
   * Binds the ingest function to the bucket and table, and grants exactly what ingestion needs:
   * read uploads under `incoming/`, read and write offloaded bodies under `bodies/`, read and write the
   * table and its indexes. Sets `ARTICLES_TABLE_NAME` and `ARTICLES_BUCKET_NAME`.
   *
   * @example
   *   storage.grantIngest(ingestFunction)
   *   // → env ARTICLES_TABLE_NAME/ARTICLES_BUCKET_NAME set; s3:GetObject on arn:…:bucket/incoming/* …
   */
  grantIngest(fn: LambdaFunction): void {
    fn.addEnvironment('ARTICLES_TABLE_NAME', this.table.tableName);
    fn.addEnvironment('ARTICLES_BUCKET_NAME', this.bucket.bucketName);

    fn.addToRolePolicy(
      new PolicyStatement({
        sid: 'ReadIncomingArticles',
        effect: Effect.ALLOW,
        actions: ['s3:GetObject', 's3:GetObjectVersion'],
        resources: [this.bucket.arnForObjects(`${INCOMING_PREFIX}*`)],
      }),
    );
    // Never anything under incoming/: a write there would notify the queue and trigger ingestion again.
    fn.addToRolePolicy(
      new PolicyStatement({
        sid: 'ReadWriteArticleBodies',
        effect: Effect.ALLOW,
        actions: ['s3:GetObject', 's3:GetObjectVersion', 's3:PutObject'],
        resources: [this.bucket.arnForObjects(`${BODIES_PREFIX}*`)],
      }),
    );
    // Without s3:ListBucket, reading a key that no longer exists answers 403 instead of 404, and the
    // handler would retry an upload deleted before it was processed as if S3 were failing.
    fn.addToRolePolicy(
      new PolicyStatement({
        sid: 'TellMissingArticlesApart',
        effect: Effect.ALLOW,
        actions: ['s3:ListBucket'],
        resources: [this.bucket.bucketArn],
      }),
    );
    // Item reads and puts on the table, queries of its indexes. Not Scan, deletes, updates, stream reads or
    // table management: ingestion needs none of them (an article is one item, replaced whole).
    this.table.grant(fn, ...INGEST_TABLE_ACTIONS);

    // cdk-nag flags every `*` in a resource; these are prefix and index scopes, the narrowest IAM can express.
    const roleValidations = Validations.of(fn.role ?? fn);
    roleValidations.acknowledge({
      id: `AwsSolutions-IAM5[Resource::${this.arnReferenceOf(this.bucket)}/${INCOMING_PREFIX}*]`,
      reason: `Reads uploads under the ${INCOMING_PREFIX} prefix only: uploads have arbitrary names, so a prefix is the least privilege.`,
    });
    roleValidations.acknowledge({
      id: `AwsSolutions-IAM5[Resource::${this.arnReferenceOf(this.bucket)}/${BODIES_PREFIX}*]`,
      reason: `Reads and writes offloaded bodies under the ${BODIES_PREFIX} prefix only; keys are per article and version.`,
    });
    roleValidations.acknowledge({
      id: `AwsSolutions-IAM5[Resource::${this.arnReferenceOf(this.table)}/index/*]`,
      reason: "Queries this table's own global secondary indexes (duplicate detection); the table's indexes only.",
    });

    // Publisher templates: read the current one, write the batch's observations. Nothing else under templates/.
    fn.addToRolePolicy(
      new PolicyStatement({
        sid: 'ReadPublisherTemplates',
        effect: Effect.ALLOW,
        actions: ['s3:GetObject'],
        resources: [this.bucket.arnForObjects(`${TEMPLATES_PREFIX}current/*`)],
      }),
    );
    fn.addToRolePolicy(
      new PolicyStatement({
        sid: 'WriteTemplateObservations',
        effect: Effect.ALLOW,
        actions: ['s3:PutObject'],
        resources: [this.bucket.arnForObjects(`${TEMPLATES_PREFIX}observations/*`)],
      }),
    );
    roleValidations.acknowledge({
      id: `AwsSolutions-IAM5[Resource::${this.arnReferenceOf(this.bucket)}/${TEMPLATES_PREFIX}current/*]`,
      reason: 'Reads the template of the publisher of each article; one object per publisher, named after it.',
    });
    roleValidations.acknowledge({
      id: `AwsSolutions-IAM5[Resource::${this.arnReferenceOf(this.bucket)}/${TEMPLATES_PREFIX}observations/*]`,
      reason: 'Writes one batch of line keys per publisher and batch; names carry the publisher and the time.',
    });
  }

  /**
   * Binds the template learning function to the bucket and grants what learning needs: list and read
   * observations and pins, read and write templates and learning windows, all under `templates/`
   * (never `incoming/`).
   *
   * @example storage.grantTemplateLearning(learnFunction) // → env ARTICLES_BUCKET_NAME; s3:GetObject on …/templates/* …
   */
  grantTemplateLearning(fn: LambdaFunction): void {
    fn.addEnvironment('ARTICLES_BUCKET_NAME', this.bucket.bucketName);
    fn.addToRolePolicy(
      new PolicyStatement({
        sid: 'ReadTemplatesAndObservations',
        effect: Effect.ALLOW,
        actions: ['s3:GetObject'],
        resources: [this.bucket.arnForObjects(`${TEMPLATES_PREFIX}*`)],
      }),
    );
    fn.addToRolePolicy(
      new PolicyStatement({
        sid: 'WriteTemplatesAndWindows',
        effect: Effect.ALLOW,
        actions: ['s3:PutObject'],
        resources: [this.bucket.arnForObjects(`${TEMPLATES_PREFIX}current/*`), this.bucket.arnForObjects(`${TEMPLATES_PREFIX}window/*`)],
      }),
    );
    fn.addToRolePolicy(
      new PolicyStatement({
        sid: 'ListTemplateObservations',
        effect: Effect.ALLOW,
        actions: ['s3:ListBucket'],
        resources: [this.bucket.bucketArn],
        conditions: { StringLike: { 's3:prefix': [`${TEMPLATES_PREFIX}*`] } },
      }),
    );
    const roleValidations = Validations.of(fn.role ?? fn);
    roleValidations.acknowledge({
      id: `AwsSolutions-IAM5[Resource::${this.arnReferenceOf(this.bucket)}/${TEMPLATES_PREFIX}*]`,
      reason: `Reads observations, pins and templates under the ${TEMPLATES_PREFIX} prefix only; names carry publishers.`,
    });
    roleValidations.acknowledge({
      id: `AwsSolutions-IAM5[Resource::${this.arnReferenceOf(this.bucket)}/${TEMPLATES_PREFIX}current/*]`,
      reason: 'Writes one template per publisher, named after it.',
    });
    roleValidations.acknowledge({
      id: `AwsSolutions-IAM5[Resource::${this.arnReferenceOf(this.bucket)}/${TEMPLATES_PREFIX}window/*]`,
      reason: 'Writes one learning window per publisher (its newest observations), named after it.',
    });
  }

  /**
   * Binds the reprocess function to the table and grants it exactly what paging through records needs:
   * Scan of the table, Query of the topic indexes, BatchGetItem of records. No writes: it only enqueues.
   *
   * @example storage.grantReprocess(reprocessFunction) // → env ARTICLES_TABLE_NAME; dynamodb:Scan on the table …
   */
  grantReprocess(fn: LambdaFunction): void {
    fn.addEnvironment('ARTICLES_TABLE_NAME', this.table.tableName);
    fn.addEnvironment('ARTICLES_BUCKET_NAME', this.bucket.bucketName);
    this.table.grant(fn, ...REPROCESS_TABLE_ACTIONS);
    // A record cleaned with its publisher's template is outdated when that template changed.
    fn.addToRolePolicy(
      new PolicyStatement({
        sid: 'ReadPublisherTemplates',
        effect: Effect.ALLOW,
        actions: ['s3:GetObject'],
        resources: [this.bucket.arnForObjects(`${TEMPLATES_PREFIX}current/*`)],
      }),
    );
    const roleValidations = Validations.of(fn.role ?? fn);
    roleValidations.acknowledge({
      id: `AwsSolutions-IAM5[Resource::${this.arnReferenceOf(this.table)}/index/*]`,
      reason: "Queries this table's topic indexes to reprocess one topic; the table's own indexes only.",
    });
    roleValidations.acknowledge({
      id: `AwsSolutions-IAM5[Resource::${this.arnReferenceOf(this.bucket)}/${TEMPLATES_PREFIX}current/*]`,
      reason: 'Reads the current template version of the publishers whose records it compares; one object per publisher.',
    });
  }

  /** How cdk-nag prints this construct's ARN in a finding: `<LogicalId.Arn>`. */
  private arnReferenceOf(construct: Construct): string {
    return `<${Stack.of(this).getLogicalId(construct.node.defaultChild as CfnResource)}.Arn>`;
  }

  /**
   * Sends ObjectCreated and ObjectRemoved events for keys under `incoming/` to `queue`, and nothing else:
   * bodies written under `bodies/` (or any other prefix) never trigger ingestion.
   */
  sendIncomingEventsTo(queue: IQueue): void {
    const destination = new SqsDestination(queue);
    this.bucket.addEventNotification(EventType.OBJECT_CREATED, destination, { prefix: INCOMING_PREFIX });
    this.bucket.addEventNotification(EventType.OBJECT_REMOVED, destination, { prefix: INCOMING_PREFIX });
  }
}

/** `{ indexName: 'byBand1', partitionKey: 'band1', sortKey: 'ingestedSk', projection: ['minhash', 'contentHash'] }` → INCLUDE those two. */
function globalIndexPropsOf(index: IndexDefinition) {
  const keys = {
    indexName: index.indexName,
    partitionKey: { name: index.partitionKey, type: AttributeType.STRING },
    sortKey: { name: index.sortKey, type: AttributeType.STRING },
  };
  return index.projection === 'ALL'
    ? { ...keys, projectionType: ProjectionType.ALL }
    : { ...keys, projectionType: ProjectionType.INCLUDE, nonKeyAttributes: [...index.projection] };
}
