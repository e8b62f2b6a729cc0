import { randomBytes } from 'node:crypto';
import { ConditionalCheckFailedException, DeleteItemCommand, type DynamoDBClient, PutItemCommand } from '@aws-sdk/client-dynamodb';
import { marshall } from '@aws-sdk/util-dynamodb';
import { type Correction, CorrectionSchema, type StoredCorrection } from '../corrections.ts';
import { labelKey } from './table-keys.ts';
import { queryAllItems } from './dynamodb-query.ts';

/** Corrections are listed for export by month, like the feed; an export walks back at most this many months. */
const MAX_MONTHS_BACK = 36;

/**
 * Reviewers' corrections, one item per correction beside the article record (`ARTICLE#<id>` /
 * `LABEL#<time>#<random>`), so the record itself never changes. Each item also carries
 * `ingestedPk = LABEL#<month>` so an export finds every corrected article with Queries on the
 * byIngested index (partitions the feed never reads), never a Scan.
 *
 * @example
 *   const store = new DynamoDbCorrectionStore(dynamodb, 'kabar-articles');
 *   await store.addCorrection('3f1c…', { kind: 'topic-wrong', topic: 'ukraine' });
 *   await store.listCorrections('3f1c…') // → [{ articleId: '3f1c…', createdAt: '2026-…', correction: { kind: 'topic-wrong', … } }]
 */
export class DynamoDbCorrectionStore {
  constructor(
    private readonly dynamodb: DynamoDBClient,
    private readonly tableName: string,
    private readonly now: () => Date = () => new Date(),
  ) {}

  async addCorrection(articleId: string, correction: Correction): Promise<StoredCorrection> {
    const parsed = CorrectionSchema.parse(correction);
    const createdAt = this.now().toISOString();
    // The random suffix keeps two corrections made in the same millisecond apart.
    const stamp = `${createdAt}#${randomBytes(3).toString('hex')}`;
    await this.dynamodb.send(
      new PutItemCommand({
        TableName: this.tableName,
        Item: marshall(
          {
            ...labelKey(articleId, stamp),
            ingestedPk: `LABEL#${createdAt.slice(0, 7)}`,
            ingestedSk: `${stamp}#${articleId}`,
            id: articleId,
            createdAt,
            correction: parsed,
          },
          { removeUndefinedValues: true },
        ),
        ConditionExpression: 'attribute_not_exists(pk)',
      }),
    );
    return { articleId, key: stamp, createdAt, correction: parsed };
  }

  /**
   * Undoes a correction: its item goes (stream consumers see a REMOVE of the `LABEL#` item) and the
   * export no longer applies it. False when there is no such correction.
   */
  async removeCorrection(articleId: string, key: string): Promise<boolean> {
    try {
      await this.dynamodb.send(
        new DeleteItemCommand({ TableName: this.tableName, Key: marshall(labelKey(articleId, key)), ConditionExpression: 'attribute_exists(pk)' }),
      );
      return true;
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) return false;
      throw error;
    }
  }

  /** An article's corrections, oldest first (the order they apply in). */
  async listCorrections(articleId: string): Promise<StoredCorrection[]> {
    const items = await queryAllItems(this.dynamodb, {
      TableName: this.tableName,
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :label)',
      ExpressionAttributeValues: marshall({ ':pk': `ARTICLE#${articleId}`, ':label': 'LABEL#' }),
    });
    return items.map((item) => ({
      articleId,
      key: String(item.sk).slice('LABEL#'.length),
      createdAt: String(item.createdAt),
      correction: CorrectionSchema.parse(item.correction),
    }));
  }

  /** Ids of every article with at least one correction, most recently corrected first. */
  async listCorrectedArticleIds(now = this.now()): Promise<string[]> {
    const ids = new Set<string>();
    let month = now.toISOString().slice(0, 7);
    for (let walked = 0; walked < MAX_MONTHS_BACK; walked++) {
      const items = await queryAllItems(this.dynamodb, {
        TableName: this.tableName,
        IndexName: 'byIngested',
        KeyConditionExpression: 'ingestedPk = :pk',
        ExpressionAttributeValues: marshall({ ':pk': `LABEL#${month}` }),
        ScanIndexForward: false,
      });
      for (const item of items) ids.add(String(item.id));
      month = previousMonth(month);
    }
    return [...ids];
  }
}

/** '2025-01' → '2024-12' */
function previousMonth(month: string): string {
  const [year, monthNumber] = month.split('-').map(Number) as [number, number];
  return monthNumber === 1 ? `${year - 1}-12` : `${year}-${String(monthNumber - 1).padStart(2, '0')}`;
}
