import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { labelOf } from '#ops/console/labels.ts';
import { ExportedLabelSchema } from '#shared/labels.ts';
import type { ArticleRecord } from '#shared/record.ts';
import { LabelError, loadExtraLabels } from '../../training/extra-labels.ts';
import { loadExportedLabels } from '../../training/labelled-articles.ts';

const TEXT = 'Ministers meet in Geneva\nRead more: Storm closes ferries\nThe ministers met for talks.\nPhoto: Agency\nShare this article';

/** A stored record as the pipeline writes it for TEXT. */
function recordOf(overrides: Partial<ArticleRecord> = {}): ArticleRecord {
  return {
    id: '0123456789abcdef',
    schemaVersion: 4,
    status: 'ok',
    bucket: 'kabar-articles',
    objectKey: 'incoming/acme/geneva.txt',
    versionId: null,
    sequencer: '0'.repeat(32),
    size: TEXT.length,
    publisher: null,
    publisherMetadata: {},
    ingestedAt: '2026-12-05T10:00:00.000Z',
    pipelineVersion: '1',
    models: {},
    taxonomyVersion: '1',
    title: 'Ministers meet in Geneva',
    body: 'The ministers met for talks.\n\nPhoto: Agency\n\nShare this article',
    bodyRef: null,
    removed: [
      { text: 'Ministers meet in Geneva', reason: 'title' },
      { text: 'Read more: Storm closes ferries', reason: 'related-link' },
    ],
    removedCount: 2,
    format: 'text',
    encoding: 'utf-8',
    url: 'https://news.example.com/geneva',
    language: 'en',
    languageConfidence: 1,
    publishedAt: null,
    dateline: null,
    lead: null,
    sources: [],
    people: [],
    places: [],
    organisations: [],
    authors: [],
    captions: [],
    wordCount: 10,
    readingTimeMinutes: 1,
    topics: ['diplomacy', 'ukraine'],
    uncertainTopics: [],
    scores: { diplomacy: 0.9, ukraine: 0.6 },
    primaryTopic: 'diplomacy',
    evidence: {},
    boilerplateRatio: 0.2,
    truncated: false,
    spinScore: 0,
    spinEvidence: [],
    contentHash: null,
    duplicateOf: null,
    nearDuplicates: [],
    minhash: null,
    errorCode: null,
    errorMessage: null,
    ...overrides,
  };
}

describe('labelOf', () => {
  it('applies topic corrections in order and labels nothing else the reviewer did not touch', () => {
    const label = labelOf(
      recordOf(),
      [
        { kind: 'topic-wrong', topic: 'ukraine' },
        { kind: 'topic-missing', topic: 'middle-east' },
      ],
      TEXT,
    );

    expect(label).toEqual({
      id: '0123456789abcdef',
      url: 'https://news.example.com/geneva',
      lang: 'en',
      topics: ['diplomacy', 'middle-east'],
      text: TEXT,
      sourceKey: 'incoming/acme/geneva.txt',
      publisher: 'acme',
    });
  });

  it('labels cleaning from the removals, minus lines marked content, plus lines marked junk; the title line is never boilerplate', () => {
    const label = labelOf(
      recordOf({ removed: [...recordOf().removed, { text: 'Photo: Agency', reason: 'caption' }] }),
      [
        { kind: 'removed-is-content', line: 'Photo: Agency' },
        { kind: 'kept-is-junk', line: 'Share this article' },
      ],
      TEXT,
    );

    expect(label.boilerplate).toEqual(['Read more: Storm closes ferries', 'Share this article']);
    expect(label.body_keep).toEqual(['Photo: Agency']);
    expect(label.title).toBeUndefined();
  });

  it('takes the last title correction, including "no title line"', () => {
    expect(labelOf(recordOf(), [{ kind: 'title', line: 'The ministers met for talks.' }], TEXT).title).toBe('The ministers met for talks.');
    expect(
      labelOf(
        recordOf(),
        [
          { kind: 'title', line: 'x' },
          { kind: 'title', line: null },
        ],
        TEXT,
      ).title,
    ).toBeNull();
  });

  it('round-trips through the training loader with the outlet, the text and the file name', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'kabar-labels-'));
    try {
      const label = labelOf(
        recordOf({ publisher: 'Acme News' }),
        [
          { kind: 'kept-is-junk', line: 'Share this article' },
          { kind: 'title', line: 'Ministers meet in Geneva' },
        ],
        TEXT,
      );
      await writeFile(join(dir, 'labels.jsonl'), `${JSON.stringify(label)}\n`);

      expect(loadExportedLabels(join(dir, 'labels.jsonl'))).toEqual([
        {
          id: 'labels/incoming/acme/geneva.txt',
          outlet: 'Acme News',
          lang: 'en',
          topics: ['diplomacy', 'ukraine'],
          boilerplate: ['Read more: Storm closes ferries', 'Share this article'],
          bodyKeep: [],
          title: 'Ministers meet in Geneva',
          text: TEXT,
          fileName: 'geneva.txt',
        },
      ]);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});

describe('the label format (shared/labels.ts)', () => {
  it('names the publisher by the one key rule: the record’s, else the folder under incoming/, else none', () => {
    expect(labelOf(recordOf({ publisher: 'Acme News' }), [], TEXT).publisher).toBe('Acme News');
    expect(labelOf(recordOf(), [], TEXT).publisher).toBe('acme');
    expect(labelOf(recordOf({ objectKey: 'incoming/geneva.txt' }), [], TEXT).publisher).toBeNull();
    expect(ExportedLabelSchema.safeParse(labelOf(recordOf({ objectKey: 'incoming/geneva.txt' }), [], TEXT)).success).toBe(true);
  });

  it('is checked line by line when labels are loaded, naming the line that is not one', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'kabar-labels-'));
    try {
      const good = JSON.stringify(labelOf(recordOf(), [], TEXT));
      await writeFile(join(dir, 'labels.jsonl'), `${good}\n\n${JSON.stringify({ ...JSON.parse(good), topics: 'diplomacy' })}\n`);
      expect(() => loadExportedLabels(join(dir, 'labels.jsonl'))).toThrow(/labels\.jsonl:3: not a label/);
      await writeFile(join(dir, 'labels.jsonl'), `${good}\n{"id":\n`);
      expect(() => loadExportedLabels(join(dir, 'labels.jsonl'))).toThrow(/labels\.jsonl:2: not JSON/);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});

describe('loadExtraLabels (npm run train -- --extra FILE)', () => {
  it('loads an export for training, with the outlet, topics and cleaning labels', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'kabar-extra-'));
    try {
      const first = labelOf(recordOf(), [{ kind: 'topic-wrong', topic: 'ukraine' }], TEXT);
      const second = labelOf(recordOf({ objectKey: 'incoming/other/b.txt' }), [], TEXT);
      await writeFile(join(dir, 'a.jsonl'), `${JSON.stringify(first)}\n${JSON.stringify(second)}\n`);

      expect(loadExtraLabels(join(dir, 'a.jsonl')).map((label) => [label.id, label.outlet, label.topics])).toEqual([
        ['labels/incoming/acme/geneva.txt', 'acme', ['diplomacy']],
        ['labels/incoming/other/b.txt', 'other', ['diplomacy', 'ukraine']],
      ]);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('refuses a topic the taxonomy does not know, and a line that is not JSON, naming the file and line', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'kabar-extra-'));
    try {
      const good = labelOf(recordOf(), [], TEXT);
      await writeFile(join(dir, 'climate.jsonl'), `${JSON.stringify(good)}\n${JSON.stringify({ ...good, topics: ['climate'] })}\n`);
      await writeFile(join(dir, 'broken.jsonl'), '{"id":\n');
      expect(() => loadExtraLabels(join(dir, 'climate.jsonl'))).toThrow(/climate\.jsonl:2: unknown topic "climate"/);
      expect(() => loadExtraLabels(join(dir, 'broken.jsonl'))).toThrow(/broken\.jsonl:1: not JSON/);
      expect(() => loadExtraLabels(join(dir, 'missing.jsonl'))).toThrow(LabelError);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
