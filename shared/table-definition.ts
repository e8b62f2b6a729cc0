/**
 * The articles table's key schema and indexes, defined once.
 * The CDK stack (infra/) and the local stack (ops/local/) both build the table from this,
 * so local and deployed tables cannot drift. Plain data: no CDK or SDK imports here.
 *
 * Item types (single-table design; see README "Access patterns"):
 *   ARTICLE#<id> / #ARTICLE          the article record (current version); every index entry of an
 *                                    article is an attribute of this one item, so one conditional
 *                                    PutItem changes the record and all its listings together
 *   ARTICLE#<id> / VERSION#<seq>     history: one per earlier version of the object (the current one is #ARTICLE)
 *   ARTICLE#<id> / LABEL#<…>         a reviewer's correction (shared/adapters/dynamodb-correction-store.ts)
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

/**
 * Topic lists are index entries of the article item itself: its n-th topic (highest score first)
 * is the partition key of the n-th topic index. Three slots hold every topic of today's taxonomy;
 * a unit test fails when the taxonomy outgrows them.
 */
export const TOPIC_SLOTS = 3;
/** Near-duplicate look-up: one index per LSH band of the MinHash signature (shared/domain/dedupe/fingerprint.ts). */
export const BAND_SLOTS = 5;

/** `topicPk1` … `topicPk3`: the attribute holding the article's n-th topic list key (`TOPIC#<topic>`). */
export const topicAttribute = (slot: number): string => `topicPk${slot + 1}`;
/** `band1` … `band5`: the attribute holding the article's n-th LSH band key. */
export const bandAttribute = (band: number): string => `band${band + 1}`;

export const ARTICLES_TABLE: TableDefinition = {
  partitionKey: 'pk',
  sortKey: 'sk',
  timeToLiveAttribute: 'expiresAt',
  indexes: [
    // Feed by ingestion time, the rejected list (operators) and corrections, partitioned by month.
    { indexName: 'byIngested', partitionKey: 'ingestedPk', sortKey: 'ingestedSk', projection: SUMMARY_ATTRIBUTES },
    // Feed by publication time, partitioned by month.
    { indexName: 'byPublished', partitionKey: 'publishedPk', sortKey: 'publishedSk', projection: SUMMARY_ATTRIBUTES },
    // Topic lists, newest first: one index per topic slot, all sorted like the published feed.
    ...Array.from({ length: TOPIC_SLOTS }, (_, slot) => ({
      indexName: `byTopic${slot + 1}`,
      partitionKey: topicAttribute(slot),
      sortKey: 'publishedSk',
      projection: SUMMARY_ATTRIBUTES,
    })),
    // Exact and near-duplicate look-up: one index per LSH band, newest first, with what a candidate
    // is checked against (its signature and content hash), so no candidate has to be fetched.
    ...Array.from({ length: BAND_SLOTS }, (_, band) => ({
      indexName: `byBand${band + 1}`,
      partitionKey: bandAttribute(band),
      sortKey: 'ingestedSk',
      projection: ['minhash', 'contentHash'],
    })),
  ],
};

/** The table name the local stack uses; in AWS, CloudFormation names it. */
export const LOCAL_TABLE_NAME = 'kabar-articles';
/** The bucket name the local stack uses. */
export const LOCAL_BUCKET_NAME = 'kabar-articles';
/** Publishers upload here; only this prefix triggers ingestion. */
export const INCOMING_PREFIX = 'incoming/';
/** Publisher templates, their pins and the observations they are learned from; outside INCOMING_PREFIX too. */
export const TEMPLATES_PREFIX = 'templates/';
/** Large bodies are stored here; outside INCOMING_PREFIX so they can never trigger ingestion. */
export const BODIES_PREFIX = 'bodies/';
