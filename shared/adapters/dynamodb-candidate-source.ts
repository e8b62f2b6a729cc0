import {
  type AttributeValue,
  BatchGetItemCommand,
  type BatchGetItemCommandOutput,
  type DynamoDBClient,
  QueryCommand,
  ScanCommand,
} from '@aws-sdk/client-dynamodb';
import { marshall, unmarshall } from '@aws-sdk/util-dynamodb';
import type { CandidateSource, ReprocessCandidate } from '../ingest/reprocess.ts';
import { TOPIC_SLOTS, topicAttribute } from '../table-definition.ts';
import { articleKey } from './table-keys.ts';

// Every name through a placeholder: several (bucket, status) are DynamoDB reserved words.
const CANDIDATE_FIELDS = ['id', 'bucket', 'objectKey', 'versionId', 'sequencer', 'status', 'pipelineVersion', 'taxonomyVersion', 'topics'];
const CANDIDATE_ATTRIBUTES = CANDIDATE_FIELDS.map((_, i) => `#a${i}`).join(', ');
const NAMES = Object.fromEntries(CANDIDATE_FIELDS.map((name, i) => [`#a${i}`, name]));

/**
 * Pages through article records for reprocessing: every record (a paginated Scan: an operator
 * batch job, not a reader's access pattern), or one topic's articles (Queries on the topic indexes,
 * one after the other; the cursor names the index and where in it).
 */
export class DynamoDbCandidateSource implements CandidateSource {
  constructor(
    private readonly dynamodb: DynamoDBClient,
    private readonly tableName: string,
    private readonly topic: string | null = null,
    private readonly pageSize = 100,
  ) {}

  async page(cursor: string | null): Promise<{ candidates: ReprocessCandidate[]; cursor: string | null }> {
    const position = cursor ? (JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as CursorPosition) : { slot: 0, start: undefined };
    if (this.topic) return this.topicPage(this.topic, position);
    const result = await this.dynamodb.send(
      new ScanCommand({
        TableName: this.tableName,
        FilterExpression: 'sk = :article',
        ExpressionAttributeValues: marshall({ ':article': '#ARTICLE' }),
        ProjectionExpression: CANDIDATE_ATTRIBUTES,
        ExpressionAttributeNames: NAMES,
        Limit: this.pageSize,
        ExclusiveStartKey: position.start,
      }),
    );
    return {
      candidates: (result.Items ?? []).map((item) => candidateOf(unmarshall(item))),
      cursor: result.LastEvaluatedKey ? encodeCursor({ slot: 0, start: result.LastEvaluatedKey }) : null,
    };
  }

  private async topicPage(topic: string, position: CursorPosition): Promise<{ candidates: ReprocessCandidate[]; cursor: string | null }> {
    const attribute = topicAttribute(position.slot);
    const result = await this.dynamodb.send(
      new QueryCommand({
        TableName: this.tableName,
        IndexName: `byTopic${position.slot + 1}`,
        KeyConditionExpression: '#topic = :pk',
        ExpressionAttributeNames: { '#topic': attribute },
        ExpressionAttributeValues: marshall({ ':pk': `TOPIC#${topic}` }),
        Limit: this.pageSize,
        ExclusiveStartKey: position.start,
      }),
    );
    const candidates = await this.recordsOf((result.Items ?? []).map((item) => String(unmarshall(item).id)));
    const next: CursorPosition | null = result.LastEvaluatedKey
      ? { slot: position.slot, start: result.LastEvaluatedKey }
      : position.slot + 1 < TOPIC_SLOTS
        ? { slot: position.slot + 1, start: undefined }
        : null;
    return { candidates, cursor: next ? encodeCursor(next) : null };
  }

  private async recordsOf(ids: string[]): Promise<ReprocessCandidate[]> {
    if (ids.length === 0) return [];
    const found: ReprocessCandidate[] = [];
    for (let start = 0; start < ids.length; start += 100) {
      let keys: Record<string, AttributeValue>[] | undefined = ids.slice(start, start + 100).map((id) => marshall(articleKey(id)));
      while (keys && keys.length > 0) {
        const result: BatchGetItemCommandOutput = await this.dynamodb.send(
          new BatchGetItemCommand({
            RequestItems: { [this.tableName]: { Keys: keys, ProjectionExpression: CANDIDATE_ATTRIBUTES, ExpressionAttributeNames: NAMES } },
          }),
        );
        found.push(...(result.Responses?.[this.tableName] ?? []).map((item) => candidateOf(unmarshall(item))));
        keys = result.UnprocessedKeys?.[this.tableName]?.Keys;
      }
    }
    return found;
  }
}

/** Which index (a topic slot; 0 for the Scan) and where in it the next page starts. */
interface CursorPosition {
  slot: number;
  start: Record<string, AttributeValue> | undefined;
}

function encodeCursor(position: CursorPosition): string {
  return Buffer.from(JSON.stringify(position)).toString('base64url');
}

function candidateOf(item: Record<string, unknown>): ReprocessCandidate {
  return {
    id: String(item.id),
    bucket: String(item.bucket),
    objectKey: String(item.objectKey),
    versionId: (item.versionId as string | null | undefined) ?? null,
    sequencer: String(item.sequencer),
    status: item.status as ReprocessCandidate['status'],
    pipelineVersion: String(item.pipelineVersion),
    taxonomyVersion: (item.taxonomyVersion as string | null | undefined) ?? null,
    topics: (item.topics as string[] | undefined) ?? [],
  };
}
