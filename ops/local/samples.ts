/**
 * What `npm start` does after the stack is up: upload the bundled samples like a publisher
 * would, and print each record as it lands.
 */
import { createReadStream } from 'node:fs';
import { readdir, stat } from 'node:fs/promises';
import { extname, join } from 'node:path';
import { type DynamoDBClient, GetItemCommand } from '@aws-sdk/client-dynamodb';
import { HeadObjectCommand, PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { marshall, unmarshall } from '@aws-sdk/util-dynamodb';
import { recordFieldsOf } from '../../shared/adapters/article-item.ts';
import { type ArticleSummary, summaryOf } from '../../shared/adapters/dynamodb-article-reader.ts';
import { articleKey } from '../../shared/adapters/table-keys.ts';
import { articleIdOf } from '../../shared/ingest/article-id.ts';

const CONTENT_TYPES: Record<string, string> = {
  '.txt': 'text/plain; charset=utf-8',
  '.html': 'text/html; charset=utf-8',
  '.htm': 'text/html; charset=utf-8',
  '.json': 'application/json',
  '.md': 'text/markdown; charset=utf-8',
};

export interface SampleUpload {
  file: string;
  key: string;
  /** False when the object was already there (uploaded on an earlier start). */
  uploaded: boolean;
}

/**
 * Uploads every file directly in `directory` to `<prefix><file name>` with a streamed PutObject
 * (as a publisher's SDK would), skipping objects that already exist.
 *
 * @example await uploadSamples(s3, 'kabar-articles', 'samples', 'incoming/samples/') // → [{ file: 'samples/000_….txt', key: 'incoming/samples/000_….txt', uploaded: true }]
 */
export async function uploadSamples(s3: S3Client, bucket: string, directory: string, prefix: string): Promise<SampleUpload[]> {
  let names: string[];
  try {
    names = (await readdir(directory)).filter((n) => !n.startsWith('.')).sort();
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw error;
  }
  const uploads: SampleUpload[] = [];
  for (const name of names) {
    const file = join(directory, name);
    const info = await stat(file);
    if (!info.isFile()) continue;
    const key = `${prefix}${name}`;
    if (await objectExists(s3, bucket, key)) {
      uploads.push({ file, key, uploaded: false });
      continue;
    }
    await s3.send(
      new PutObjectCommand({
        Bucket: bucket,
        Key: key,
        Body: createReadStream(file),
        ContentLength: info.size,
        ContentType: CONTENT_TYPES[extname(name).toLowerCase()] ?? 'application/octet-stream',
      }),
    );
    uploads.push({ file, key, uploaded: true });
  }
  return uploads;
}

async function objectExists(s3: S3Client, bucket: string, key: string): Promise<boolean> {
  try {
    await s3.send(new HeadObjectCommand({ Bucket: bucket, Key: key }));
    return true;
  } catch (error) {
    if ((error as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode === 404) return false;
    throw error;
  }
}

/**
 * Reads the summary of an object's article record (consistently: it was just written), or null
 * when there is none (yet).
 *
 * @example await readRecordSummary(dynamodb, 'kabar-articles', 'kabar-articles', 'incoming/a.txt') // → { id: '3f1c…', title: 'Rusia…', language: 'id', topics: ['ukraine'], scores: { ukraine: 0.82 }, … }
 */
export async function readRecordSummary(dynamodb: DynamoDBClient, tableName: string, bucket: string, key: string): Promise<RecordSummary | null> {
  const id = articleIdOf(bucket, key);
  const { Item } = await dynamodb.send(new GetItemCommand({ TableName: tableName, Key: marshall(articleKey(id)), ConsistentRead: true }));
  if (Item === undefined) return null;
  const fields = recordFieldsOf(unmarshall(Item));
  return { ...summaryOf(fields), displayTitle: typeof fields.displayTitle === 'string' ? fields.displayTitle : null };
}

/** A record's summary and, for an article without a headline, the display title derived from its lead. */
export type RecordSummary = ArticleSummary & { displayTitle?: string | null };

/**
 * One console line for a record.
 *
 * @example formatRecordSummary({ objectKey: 'incoming/a.txt', status: 'ok', title: 'T', language: 'id', topics: ['ukraine'], scores: { ukraine: 0.8 }, … })
 * // → 'incoming/a.txt  ok  "T" [id]  ukraine 0.80'
 */
export function formatRecordSummary(record: RecordSummary): string {
  const topics = record.topics.map((t) => `${t} ${(record.scores[t] ?? 0).toFixed(2)}`).join(', ') || '(no topic)';
  const status = record.status ?? '?';
  // No headline: the lead's first sentence, marked as derived.
  const title = record.title !== null ? `"${record.title}"` : record.displayTitle ? `(lead) "${record.displayTitle}"` : '(no title)';
  const detail = record.errorCode ? `  ${record.errorCode}` : `  ${title} [${record.language ?? '?'}]  ${topics}`;
  return `${record.objectKey}  ${status}${detail}`;
}
