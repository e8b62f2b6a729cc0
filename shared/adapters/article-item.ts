import { deflateSync, inflateSync } from 'node:zlib';
import { STATE_FIELDS } from '../ingest/ports.ts';
import type { ArticleRecord } from '../record.ts';

/**
 * How an article record is laid out in its DynamoDB item (schemaVersion 4). The attributes a listing,
 * the ingest guard, the history or the duplicate look-up read stay plain; the rest of the record
 * (body, removals, lead, evidence, entities…) is one zlib-compressed JSON object in `content`. A
 * typical article's item shrinks from ~3.8 KB (4 write units) to ~2 KB.
 *
 * Plain attributes that are null (or an empty list) are left out, and the signature and content hash
 * are stored as bytes; `recordFieldsOf` restores all of it. Any reader can do the same with a stock
 * zlib: `{ ...plainAttributes, ...JSON.parse(inflate(content)) }` (Python: `zlib.decompress`).
 */
export const PLAIN_FIELDS = [...STATE_FIELDS, 'schemaVersion', 'size', 'publisher', 'minhash', 'duplicateOf', 'nearDuplicates', 'bodyRef'] as const;
const PLAIN = new Set<string>(PLAIN_FIELDS);
/** Plain fields that are lists: an absent one is empty, any other absent one is null. */
const LIST_FIELDS = new Set(['topics', 'nearDuplicates']);

/** The attribute holding the compressed rest of the record. */
export const CONTENT_ATTRIBUTE = 'content';

/**
 * The item attributes of a record (without keys): plain fields, and `content` for the rest.
 *
 * @example itemAttributesOf(record) // → { id: '3f1c…', title: '…', topics: ['ukraine'], …, content: Buffer(1012) }
 */
export function itemAttributesOf(record: ArticleRecord): Record<string, unknown> {
  const plain: Record<string, unknown> = {};
  const rest: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(record)) {
    if (!PLAIN.has(name)) rest[name] = value;
    else if (value !== null && !(Array.isArray(value) && value.length === 0 && name !== 'topics')) plain[name] = value;
  }
  if (record.minhash) plain.minhash = Buffer.from(record.minhash, 'base64');
  if (record.contentHash) plain.contentHash = Buffer.from(record.contentHash, 'hex');
  return { ...plain, [CONTENT_ATTRIBUTE]: deflateSync(JSON.stringify(rest), { level: 9 }) };
}

/**
 * The record fields of an unmarshalled article item: the plain attributes as the record has them,
 * and the decoded `content`; other attributes (table and index keys) are left out.
 *
 * @example recordFieldsOf(unmarshall(Item)) // → { id: '3f1c…', body: '…', removed: [...], … }
 */
export function recordFieldsOf(item: Record<string, unknown>): Record<string, unknown> {
  const fields = plainFieldsOf(item);
  const content = item[CONTENT_ATTRIBUTE];
  if (content instanceof Uint8Array) Object.assign(fields, JSON.parse(inflateSync(content).toString('utf8')) as Record<string, unknown>);
  return fields;
}

/**
 * The plain fields of an item or of an index entry that projects some of them, as the record has them.
 *
 * @example plainFieldsOf({ id: '3f1c…', contentHash: Uint8Array(32) }) // → { id: '3f1c…', contentHash: '9f86d0…', topics: [], title: null, … }
 */
export function plainFieldsOf(item: Record<string, unknown>): Record<string, unknown> {
  const fields: Record<string, unknown> = {};
  for (const name of PLAIN_FIELDS) fields[name] = item[name] ?? (LIST_FIELDS.has(name) ? [] : null);
  if (item.minhash instanceof Uint8Array) fields.minhash = Buffer.from(item.minhash).toString('base64');
  if (item.contentHash instanceof Uint8Array) fields.contentHash = Buffer.from(item.contentHash).toString('hex');
  return fields;
}
