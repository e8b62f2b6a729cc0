import { describe, expect, it } from 'vitest';
import { articleIdOf } from '#shared/ingest/article-id.ts';
import { contentHashOf } from '#shared/ingest/ingest-object.ts';
import { type ArticleRecord, ArticleRecordSchema, SCHEMA_VERSION } from '#shared/record.ts';

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
  pipelineVersion: '1',
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
  ])('rejects %s, so no malformed record is written', (_, change) => {
    expect(ArticleRecordSchema.safeParse({ ...valid, ...change }).success).toBe(false);
  });
});
