import { readFileSync } from 'node:fs';
import { inflateSync } from 'node:zlib';
import { marshall, unmarshall } from '@aws-sdk/util-dynamodb';
import { describe, expect, it } from 'vitest';
import taxonomy from '#shared/data/taxonomy.json' with { type: 'json' };
import { CONTENT_ATTRIBUTE, itemAttributesOf, PLAIN_FIELDS, recordFieldsOf } from '#shared/adapters/article-item.ts';
import { LSH_BANDS } from '#shared/domain/dedupe/fingerprint.ts';
import { ingestObjectEvent } from '#shared/ingest/ingest-object.ts';
import type { ArticleStore } from '#shared/ingest/ports.ts';
import { type ArticleRecord, ArticleRecordSchema } from '#shared/record.ts';
import { BAND_SLOTS, SUMMARY_ATTRIBUTES, TOPIC_SLOTS } from '#shared/table-definition.ts';

/** The sample article as the ingest use case records it. */
async function sampleRecord(): Promise<ArticleRecord> {
  const bytes = new Uint8Array(readFileSync(new URL('../../samples/000_8692206af46fdf20.txt', import.meta.url)));
  let saved: ArticleRecord | undefined;
  const store: ArticleStore = {
    getState: async () => null,
    save: async (record) => {
      saved = record;
      return 'saved';
    },
    findCandidates: async () => [],
  };
  const source = { fetch: async () => ({ head: { size: bytes.length, contentType: undefined, metadata: {}, versionId: null }, bytes }) };
  await ingestObjectEvent(
    {
      kind: 'created',
      eventName: 'ObjectCreated:Put',
      eventTime: '',
      bucket: 'kabar-articles',
      key: 'incoming/antara/a.txt',
      versionId: null,
      size: null,
      sequencer: '01',
    },
    { source, store },
  );
  if (!saved) throw new Error('nothing saved');
  return saved;
}

/** DynamoDB's item size: attribute names plus values (strings and bytes by length, numbers by digits). */
function itemBytes(item: Record<string, unknown>): number {
  return (
    Buffer.byteLength(JSON.stringify(Object.keys(item))) +
    Object.values(marshall(item, { removeUndefinedValues: true })).reduce((sum, value) => sum + valueBytes(value), 0)
  );
}
function valueBytes(value: unknown): number {
  const v = value as Record<string, unknown>;
  if ('S' in v) return Buffer.byteLength(v.S as string);
  if ('B' in v) return (v.B as Uint8Array).length;
  if ('N' in v) return String(v.N).length;
  if ('L' in v) return 3 + (v.L as unknown[]).reduce((sum: number, item) => sum + 1 + valueBytes(item), 0);
  if ('M' in v) return 3 + Object.entries(v.M as Record<string, unknown>).reduce((sum, [name, item]) => sum + 1 + name.length + valueBytes(item), 0);
  return 1;
}

describe('article item layout', () => {
  it('round-trips a record through the item and DynamoDB marshalling unchanged', async () => {
    const record = await sampleRecord();
    const item = unmarshall(marshall({ pk: 'ARTICLE#x', sk: '#ARTICLE', ...itemAttributesOf(record) }, { removeUndefinedValues: true }));
    expect(ArticleRecordSchema.parse(recordFieldsOf(item))).toEqual(record);
  });

  it('keeps what listings, the ingest guard and duplicate look-ups read as plain attributes, and compresses the rest with stock zlib', async () => {
    const record = await sampleRecord();
    const item = itemAttributesOf(record);
    expect(item).toMatchObject({ title: record.title, topics: record.topics, sequencer: record.sequencer, pipelineVersion: record.pipelineVersion });
    for (const name of SUMMARY_ATTRIBUTES) if (record[name] !== null) expect(item, name).toHaveProperty(name);
    expect(item).not.toHaveProperty('body');
    const content = JSON.parse(inflateSync(item[CONTENT_ATTRIBUTE] as Uint8Array).toString('utf8'));
    expect(content.body).toBe(record.body);
    expect(content.removed).toEqual(record.removed);
    expect(Object.keys(content).some((name) => (PLAIN_FIELDS as readonly string[]).includes(name))).toBe(false);
  });

  it('halves the sample article’s item: 3 write units instead of 6', async () => {
    const record = await sampleRecord();
    const keys = { pk: `ARTICLE#${record.id}`, sk: '#ARTICLE', ingestedPk: 'FEED#2026-12', ingestedSk: `${record.ingestedAt}#${record.id}` };
    const writeUnits = (item: Record<string, unknown>) => Math.ceil(itemBytes(item) / 1024);
    expect(writeUnits({ ...keys, ...record })).toBe(6);
    expect(writeUnits({ ...keys, ...itemAttributesOf(record) })).toBe(3);
  });
});

describe('table definition', () => {
  it('has a topic index for every topic an article can have, and a band index for every LSH band', () => {
    expect(taxonomy.topics.length).toBeLessThanOrEqual(TOPIC_SLOTS);
    expect(BAND_SLOTS).toBe(LSH_BANDS);
  });
});
