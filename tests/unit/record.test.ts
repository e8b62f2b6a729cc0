import { describe, expect, it } from 'vitest';
import { articleIdOf } from '#shared/ingest/article-id.ts';
import { contentHashOf } from '#shared/ingest/ingest-object.ts';
import { type ArticleRecord, ArticleRecordSchema, boundedRecord, RECORD_BOUNDS, SCHEMA_VERSION } from '#shared/record.ts';

const valid: ArticleRecord = {
  id: articleIdOf('kabar-articles', 'incoming/a.txt'),
  schemaVersion: SCHEMA_VERSION,
  status: 'ok',
  bucket: 'kabar-articles',
  objectKey: 'incoming/a.txt',
  versionId: null,
  sequencer: '0055AED6DCD90281E500000000000000',
  size: 120,
  publisher: null,
  publisherMetadata: {},
  ingestedAt: '2025-02-18T09:31:00.000Z',
  pipelineVersion: '2+line-3a3d4542f538+topics-320229bb1e68',
  models: { cleaning: 'line-3a3d4542f538', title: 'line-3a3d4542f538', topics: 'topics-320229bb1e68', genre: 'genre-136e4ffbf769' },
  taxonomyVersion: '2026.11.2',
  title: 'Judul',
  body: 'Isi.',
  bodyRef: null,
  removed: [{ text: 'Baca juga: X', reason: 'related-link' }],
  removedCount: 1,
  format: 'text',
  encoding: 'utf-8',
  url: null,
  language: 'id',
  languageConfidence: 0.9,
  publishedAt: '2025-02-18',
  dateline: 'JAKARTA',
  lead: 'Isi.',
  sources: [],
  people: [],
  places: [],
  organisations: [],
  authors: [],
  captions: [],
  wordCount: 1,
  readingTimeMinutes: 1,
  topics: ['diplomacy'],
  scores: { diplomacy: 0.9, ukraine: 0.1, 'middle-east': 0 },
  primaryTopic: 'diplomacy',
  uncertainTopics: [],
  evidence: { diplomacy: [{ term: 'menlu', count: 2 }] },
  boilerplateRatio: 0.1,
  truncated: false,
  spinScore: 0,
  spinEvidence: [],
  contentHash: contentHashOf('Isi.'),
  duplicateOf: null,
  nearDuplicates: [],
  minhash: null,
  errorCode: null,
  errorMessage: null,
};

describe('ArticleRecordSchema', () => {
  it('accepts a complete record', () => {
    expect(ArticleRecordSchema.parse(valid)).toEqual(valid);
  });

  it.each([
    ['a score outside 0..1', { scores: { diplomacy: 1.2 } }],
    ['a sequencer that is not padded', { sequencer: '0055AED6DCD90281E5' }],
    ['an unknown status', { status: 'archived' }],
    ['an id that is not 16 hex digits', { id: 'ARTICLE-1' }],
    ['a negative word count', { wordCount: -1 }],
    ['a missing field', { title: undefined }],
    ['a title over its bound', { title: 'x'.repeat(RECORD_BOUNDS.titleChars + 1) }],
    ['more authors than the bound', { authors: Array.from({ length: RECORD_BOUNDS.authors + 1 }, (_, i) => `Author ${i}`) }],
    [
      'too many publisher-metadata entries',
      { publisherMetadata: Object.fromEntries(Array.from({ length: RECORD_BOUNDS.metadataKeys + 1 }, (_, i) => [`k${i}`, 'v'])) },
    ],
    ['a publisher-metadata value over its bound', { publisherMetadata: { note: 'x'.repeat(RECORD_BOUNDS.metadataValueJsonChars) } }],
  ])('rejects %s, so no malformed record is written', (_, change) => {
    expect(ArticleRecordSchema.safeParse({ ...valid, ...change }).success).toBe(false);
  });
});

describe('boundedRecord', () => {
  const huge: ArticleRecord = {
    ...valid,
    title: 'T'.repeat(50_000),
    lead: 'L'.repeat(1_000_000),
    url: `https://example.com/${'a'.repeat(10_000)}`,
    authors: Array.from({ length: 500 }, () => 'A'.repeat(1_000)),
    captions: Array.from({ length: 500 }, () => 'C'.repeat(5_000)),
    publisherMetadata: {
      kept: 'yes',
      [`${'k'.repeat(200)}`]: 'long key',
      big: 'x'.repeat(5_000),
      ...Object.fromEntries(Array.from({ length: 100 }, (_, i) => [`m${i}`, i])),
    },
  };

  it('brings what an article controls within the bounds the schema states', () => {
    const bounded = boundedRecord(huge);
    expect(ArticleRecordSchema.safeParse(huge).success).toBe(false);
    expect(ArticleRecordSchema.parse(bounded)).toEqual(bounded);
    expect(bounded.title).toHaveLength(RECORD_BOUNDS.titleChars);
    expect(bounded.title?.endsWith('…')).toBe(true);
    expect(bounded.lead).toHaveLength(RECORD_BOUNDS.leadChars);
    expect(bounded.authors).toHaveLength(RECORD_BOUNDS.authors);
    expect(bounded.captions[0]).toHaveLength(RECORD_BOUNDS.captionChars);
    expect(bounded.publisherMetadata.kept).toBe('yes');
    expect(Object.keys(bounded.publisherMetadata)).not.toContain('big');
  });

  it('leaves a record already within bounds as it is', () => {
    expect(boundedRecord(valid)).toEqual(valid);
  });
});
