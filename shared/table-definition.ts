/**
 * The articles table's key schema and indexes, defined once.
 * The CDK stack (infra/) and the local stack (ops/local/) both build the table from this,
 * so local and deployed tables cannot drift. Plain data: no CDK or SDK imports here.
 *
 * Item types (single-table design; see README "Read model"):
 *   ARTICLE#<id> / #ARTICLE          the article record (current version)
 *   ARTICLE#<id> / TOPIC#<topic>     one entry per topic the article has → byTopic index
 *   ARTICLE#<id> / VERSION#<seq>     history: one per processed object version
 */
export interface IndexDefinition {
  indexName: string;
  partitionKey: string;
  sortKey: string;
  /** Attributes copied into the index besides the keys; `ALL` copies the whole item. */
  projection: 'ALL' | readonly string[];
}

export interface TableDefinition {
  partitionKey: string;
  sortKey: string;
  /** Attribute that expires items (tombstone history); DynamoDB TTL. */
  timeToLiveAttribute: string;
  indexes: readonly IndexDefinition[];
}

/** Attributes a listing needs to show an article without fetching it. */
export const SUMMARY_ATTRIBUTES = [
  'id',
  'status',
  'title',
  'language',
  'publishedAt',
  'ingestedAt',
  'topics',
  'scores',
  'primaryTopic',
  'bucket',
  'objectKey',
  'errorCode',
] as const;

export const ARTICLES_TABLE: TableDefinition = {
  partitionKey: 'pk',
  sortKey: 'sk',
  timeToLiveAttribute: 'expiresAt',
  indexes: [
    // Topic entries: articles of one topic, newest first (sort key starts with the ISO date).
    { indexName: 'byTopic', partitionKey: 'topicPk', sortKey: 'topicSk', projection: SUMMARY_ATTRIBUTES },
    // Feed by ingestion time, and the rejected list (operators), partitioned by month.
    { indexName: 'byIngested', partitionKey: 'ingestedPk', sortKey: 'ingestedSk', projection: SUMMARY_ATTRIBUTES },
    // Feed by publication time, partitioned by month.
    { indexName: 'byPublished', partitionKey: 'publishedPk', sortKey: 'publishedSk', projection: SUMMARY_ATTRIBUTES },
    // Exact content hash and near-duplicate LSH bands.
    { indexName: 'byContent', partitionKey: 'contentPk', sortKey: 'contentSk', projection: ['id', 'title', 'status'] },
  ],
};

/** The table name the local stack uses; in AWS, CloudFormation names it. */
export const LOCAL_TABLE_NAME = 'kabar-articles';
/** The bucket name the local stack uses. */
export const LOCAL_BUCKET_NAME = 'kabar-articles';
/** Publishers upload here; only this prefix triggers ingestion. */
export const INCOMING_PREFIX = 'incoming/';
/** Large bodies are stored here; outside INCOMING_PREFIX so they can never trigger ingestion. */
export const BODIES_PREFIX = 'bodies/';
