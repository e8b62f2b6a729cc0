import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { articleIdOf } from '#shared/ingest/article-id.ts';
import { contentHashOf, ingestObjectEvent } from '#shared/ingest/ingest-object.ts';
import {
  type ArticleSource,
  type ArticleStore,
  type DuplicateCandidate,
  type ObjectHead,
  type SourceObject,
  STATE_FIELDS,
  type StoredArticleState,
} from '#shared/ingest/ports.ts';
import type { ObjectEvent } from '#shared/ingest/s3-event.ts';
import { type ArticleRecord, RECORD_BOUNDS } from '#shared/record.ts';
import { bandKeysOf, decodeSignature, LSH_BANDS } from '#shared/domain/dedupe/fingerprint.ts';
import { duplicateLookupKeysOf } from '#shared/ingest/ingest-object.ts';
import { modelSetOf, shippedModels } from '#shared/domain/models.ts';
import { cardOf, withCard } from '../../training/model-card.ts';
import { splitArticleLines } from '#shared/domain/clean/clean.ts';
import { learnTemplate, observeArticle, TemplateIndex, templateReasonOf } from '#shared/domain/clean/template.ts';

/** In-memory ports: the use case's contract, without S3 or DynamoDB (those are covered by integration tests). */
class MemorySource implements ArticleSource {
  readonly objects = new Map<string, { bytes: Uint8Array; head: ObjectHead }>();
  /** Bodies downloaded. */
  reads = 0;
  put(key: string, text: string, contentType = 'text/plain'): void {
    const bytes = new TextEncoder().encode(text);
    this.objects.set(key, { bytes, head: { size: bytes.length, contentType, metadata: {}, versionId: null } });
  }
  async fetch(_bucket: string, key: string, _versionId: string | null, options: { maxBytes: number }): Promise<SourceObject | null> {
    const object = this.objects.get(key);
    if (!object) return null;
    if (object.head.size > options.maxBytes) return { head: object.head, bytes: null };
    this.reads++;
    return object;
  }
}

class MemoryStore implements ArticleStore {
  readonly records = new Map<string, ArticleRecord>();
  readonly lookupKeys = new Map<string, readonly string[]>();
  writes = 0;
  async getState(id: string): Promise<StoredArticleState | null> {
    const r = this.records.get(id);
    return r ? (Object.fromEntries(STATE_FIELDS.map((name) => [name, r[name]])) as StoredArticleState) : null;
  }
  async save(record: ArticleRecord, expected: StoredArticleState | null, lookupKeys: readonly string[]): Promise<'saved' | 'conflict'> {
    const current = this.records.get(record.id);
    if ((current?.sequencer ?? null) !== (expected?.sequencer ?? null)) return 'conflict';
    this.writes++;
    this.records.set(record.id, record);
    this.lookupKeys.set(record.id, lookupKeys);
    return 'saved';
  }
  async findCandidates(keys: readonly string[]): Promise<DuplicateCandidate[]> {
    // Every stored article sharing a key, oldest first: the use case checks similarity itself.
    return [...this.records.values()]
      .filter((r) => (this.lookupKeys.get(r.id) ?? []).some((key) => keys.includes(key)))
      .map((r) => ({ id: r.id, minhash: r.minhash, contentHash: r.contentHash }));
  }
}

const BUCKET = 'kabar-articles';
const ARTICLE = 'Judul Berita\n\nIsi berita yang cukup panjang untuk menjadi artikel. Paragraf kedua menyusul di sini.';

function eventOf(key: string, sequencer: string, kind: ObjectEvent['kind'] = 'created'): ObjectEvent {
  return {
    kind,
    eventName: kind === 'created' ? 'ObjectCreated:Put' : 'ObjectRemoved:Delete',
    eventTime: '2025-02-18T09:30:00.000Z',
    bucket: BUCKET,
    key,
    versionId: null,
    size: null,
    sequencer,
  };
}

function setup() {
  const source = new MemorySource();
  const store = new MemoryStore();
  return { source, store, deps: { source, store, now: () => new Date('2025-02-18T09:31:00.000Z') } };
}

describe('ingestObjectEvent', () => {
  it('stores an ok record keyed by the source object', async () => {
    const { source, store, deps } = setup();
    source.put('incoming/antara/a.txt', ARTICLE);
    const outcome = await ingestObjectEvent(eventOf('incoming/antara/a.txt', '01'), deps);
    expect(outcome).toMatchObject({ action: 'stored', status: 'ok', id: articleIdOf(BUCKET, 'incoming/antara/a.txt') });
    const record = store.records.get(outcome.id);
    expect(record).toMatchObject({ objectKey: 'incoming/antara/a.txt', publisher: 'antara', title: 'Judul Berita', status: 'ok' });
  });

  it('stamps the record with the versions of the models that made it', async () => {
    const { source, store, deps } = setup();
    source.put('incoming/a.txt', ARTICLE);
    const outcome = await ingestObjectEvent(eventOf('incoming/a.txt', '01'), deps);
    const shipped = shippedModels();
    // A text upload names the text models; the HTML block model only stamps records made from HTML.
    const { extraction, ...textModels } = shipped.versions;
    expect(store.records.get(outcome.id)).toMatchObject({ pipelineVersion: shipped.pipelineVersion, models: textModels });
    expect(store.records.get(outcome.id)?.models).not.toHaveProperty('extraction');
    expect(shipped.versions.cleaning).toMatch(/^line-[0-9a-f]{12}$/);
    expect(shipped.pipelineVersion).toBe(`2+${shipped.versions.cleaning}+${shipped.versions.topics}+${extraction}`);
  });

  it('re-runs a record made by older models, and only when the models differ', async () => {
    const { source, store, deps } = setup();
    source.put('incoming/a.txt', ARTICLE);
    const first = await ingestObjectEvent(eventOf('incoming/a.txt', '01'), deps);
    const { line, topics } = shippedModels().models;
    const retrainedLine = { ...line, threshold: 0.5 };
    const retrained = modelSetOf({ line: withCard(retrainedLine, cardOf('line', retrainedLine, line.card!)), topics });
    expect(await ingestObjectEvent(eventOf('incoming/a.txt', '01'), deps)).toMatchObject({ action: 'skipped', reason: 'already-stored' });
    const rerun = await ingestObjectEvent(eventOf('incoming/a.txt', '01'), { ...deps, models: retrained });
    expect(rerun).toMatchObject({ action: 'stored', id: first.id });
    expect(store.records.get(first.id)).toMatchObject({ pipelineVersion: retrained.pipelineVersion, models: { cleaning: retrained.versions.cleaning } });
    expect(retrained.versions.cleaning).not.toBe(shippedModels().versions.cleaning);
    expect(await ingestObjectEvent(eventOf('incoming/a.txt', '01'), { ...deps, models: retrained })).toMatchObject({ action: 'skipped' });
  });

  it('names no model on a record refused before cleaning, and the cleaner on one refused after it', async () => {
    const { source, store, deps } = setup();
    source.put('incoming/empty.txt', '   ');
    source.put('incoming/junk.txt', 'Baca juga: Harga beras naik\n\nBaca juga: Hujan deras di Bogor');
    const empty = await ingestObjectEvent(eventOf('incoming/empty.txt', '01'), deps);
    const junk = await ingestObjectEvent(eventOf('incoming/junk.txt', '01'), deps);
    expect(store.records.get(empty.id)).toMatchObject({ errorCode: 'EMPTY', models: {} });
    expect(store.records.get(junk.id)).toMatchObject({ errorCode: 'EMPTY_AFTER_CLEANING', models: { cleaning: shippedModels().versions.cleaning } });
    expect(store.records.get(junk.id)?.models.topics).toBeUndefined();
  });

  it('processes the same event delivered twice into one unchanged record', async () => {
    const { source, store, deps } = setup();
    source.put('incoming/a.txt', ARTICLE);
    const first = await ingestObjectEvent(eventOf('incoming/a.txt', '01'), deps);
    const stored = structuredClone(store.records.get(first.id));
    const second = await ingestObjectEvent(eventOf('incoming/a.txt', '01'), deps);
    expect(second).toEqual({ action: 'skipped', id: first.id, reason: 'already-stored' });
    expect(store.records.get(first.id)).toEqual(stored);
    expect(store.writes).toBe(1);
    expect(source.reads).toBe(1);
  });

  it('never lets a stale event overwrite a newer version', async () => {
    const { source, store, deps } = setup();
    source.put('incoming/a.txt', ARTICLE);
    const newer = await ingestObjectEvent(eventOf('incoming/a.txt', '0055AED6DCD90281E6'), deps);
    const stale = await ingestObjectEvent(eventOf('incoming/a.txt', '0055AED6DCD90281E5'), deps);
    expect(stale).toMatchObject({ action: 'skipped', reason: 'stale' });
    expect(store.records.get(newer.id)?.sequencer.startsWith('0055AED6DCD90281E6')).toBe(true);
  });

  it('turns a removal into a tombstone that leaves the topic lists', async () => {
    const { source, store, deps } = setup();
    source.put('incoming/a.txt', ARTICLE);
    const created = await ingestObjectEvent(eventOf('incoming/a.txt', '01'), deps);
    await ingestObjectEvent(eventOf('incoming/a.txt', '02', 'removed'), deps);
    expect(store.records.get(created.id)).toMatchObject({ status: 'deleted', topics: [], objectKey: 'incoming/a.txt' });
  });

  it('rejects an object over the size cap without reading it', async () => {
    const { source, store, deps } = setup();
    source.put('incoming/big.txt', 'x'.repeat(2000));
    const outcome = await ingestObjectEvent(eventOf('incoming/big.txt', '01'), { ...deps, maxArticleBytes: 1000 });
    expect(outcome).toMatchObject({ action: 'stored', status: 'rejected' });
    expect(store.records.get(outcome.id)).toMatchObject({ errorCode: 'TOO_LARGE', size: 2000 });
    expect(source.reads).toBe(0);
  });

  it('records an empty object as rejected with a stable code', async () => {
    const { source, store, deps } = setup();
    source.put('incoming/empty.txt', '   \n');
    const outcome = await ingestObjectEvent(eventOf('incoming/empty.txt', '01'), deps);
    expect(store.records.get(outcome.id)).toMatchObject({ status: 'rejected', errorCode: 'EMPTY' });
  });

  it('skips an object deleted before its creation event was processed', async () => {
    const { deps } = setup();
    const outcome = await ingestObjectEvent(eventOf('incoming/gone.txt', '01'), deps);
    expect(outcome).toMatchObject({ action: 'skipped', reason: 'object-gone' });
  });

  it('names the earlier article with exactly the same content', async () => {
    const { source, store, deps } = setup();
    source.put('incoming/a.txt', ARTICLE);
    source.put('incoming/copy.txt', ARTICLE.replace('Paragraf', 'paragraf  '));
    const first = await ingestObjectEvent(eventOf('incoming/a.txt', '01'), deps);
    const copy = await ingestObjectEvent(eventOf('incoming/copy.txt', '01'), deps);
    expect(store.records.get(copy.id)?.duplicateOf).toBe(first.id);
    expect(store.records.get(first.id)?.duplicateOf).toBeNull();
  });
});

describe('ingestObjectEvent bounds and fingerprints', () => {
  it('stores an article with an oversized title, author list and metadata within the record bounds', async () => {
    const { source, store, deps } = setup();
    const article = {
      title: `Talks ${'resume '.repeat(1_000)}`,
      author: Array.from({ length: 60 }, (_, i) => `Reporter ${i}`),
      body: 'GENEVA - Diplomats met on Tuesday for a new round of talks on prisoner exchanges, officials said. The talks are expected to continue.',
      notes: 'x'.repeat(5_000),
    };
    source.put('incoming/long.json', JSON.stringify(article), 'application/json');
    const outcome = await ingestObjectEvent(eventOf('incoming/long.json', '01'), deps);
    const record = store.records.get(outcome.id);
    expect(record).toMatchObject({ status: 'ok' });
    expect(record?.title).toHaveLength(RECORD_BOUNDS.titleChars);
    expect(record?.authors).toHaveLength(RECORD_BOUNDS.authors);
    expect(record?.publisherMetadata).not.toHaveProperty('notes');
  });

  it('hands the store one look-up key per LSH band for an ok article, the same its stored signature gives, and none for a rejected one', async () => {
    const { source, store, deps } = setup();
    source.put('incoming/a.txt', ARTICLE);
    source.put('incoming/empty.txt', '');
    const ok = await ingestObjectEvent(eventOf('incoming/a.txt', '01'), deps);
    const rejected = await ingestObjectEvent(eventOf('incoming/empty.txt', '01'), deps);
    const okKeys = store.lookupKeys.get(ok.id) ?? [];
    expect(okKeys).toHaveLength(LSH_BANDS);
    expect(new Set(okKeys).size).toBe(LSH_BANDS);
    expect(okKeys).toEqual(bandKeysOf(decodeSignature(store.records.get(ok.id)?.minhash ?? '')));
    expect(store.lookupKeys.get(rejected.id)).toEqual([]);
  });

  it('finds an exact copy of a text too short for a signature through its content-hash key', async () => {
    const { source, store, deps } = setup();
    source.put('incoming/short.txt', 'Gencatan senjata disepakati.');
    source.put('incoming/short-copy.txt', 'GENCATAN  senjata disepakati.');
    const first = await ingestObjectEvent(eventOf('incoming/short.txt', '01'), deps);
    const copy = await ingestObjectEvent(eventOf('incoming/short-copy.txt', '01'), deps);
    const record = store.records.get(copy.id);
    expect(record).toMatchObject({ status: 'ok', minhash: null, duplicateOf: first.id });
    expect(store.lookupKeys.get(copy.id)).toEqual(duplicateLookupKeysOf(null, record?.contentHash ?? ''));
  });
});

describe('contentHashOf', () => {
  it('ignores case and white space but not words', () => {
    expect(contentHashOf('A  b\n\nc')).toBe(contentHashOf('a b c'));
    expect(contentHashOf('a b c')).not.toBe(contentHashOf('a b d'));
  });
});

describe('ingestObjectEvent near-duplicates', () => {
  it('lists an earlier article with a similar text, and not an unrelated one', async () => {
    const { source, store, deps } = setup();
    const read = (path: string) => readFileSync(new URL(path, import.meta.url), 'utf8');
    source.put('incoming/original.txt', read('../fixtures/articles/riyadh-talks-original.txt'));
    source.put('incoming/other.txt', read('../fixtures/articles/riyadh-talks-other-outlet.txt'));
    source.put('incoming/spun.txt', read('../../samples/000_8692206af46fdf20.txt'));
    const original = await ingestObjectEvent(eventOf('incoming/original.txt', '01'), deps);
    await ingestObjectEvent(eventOf('incoming/other.txt', '01'), deps);
    const spun = await ingestObjectEvent(eventOf('incoming/spun.txt', '01'), deps);
    const near = store.records.get(spun.id)?.nearDuplicates ?? [];
    expect(near.map((n) => n.id)).toEqual([original.id]);
    expect(near[0]?.similarity).toBeGreaterThanOrEqual(0.5);
  });
});

describe('ingestObjectEvent with publisher templates', () => {
  const MASTHEAD = 'WARTA CONTOH | Berita Pilihan Hari Ini';
  const story = (i: number) =>
    `${MASTHEAD}\nJudul berita nomor ${i} tentang jembatan desa ${['Sukamaju', 'Cibodas', 'Tegalrejo', 'Karanganyar'][i % 4]}\n\nWarga desa memperbaiki jembatan bersama relawan dari ${i + 3} kampung tetangga pada pagi hari.\nPekerjaan selesai sebelum musim hujan datang, kata kepala desa kepada wartawan setempat.`;
  const templateOf = (texts: string[]) =>
    new TemplateIndex(
      learnTemplate(
        texts.map((t) => observeArticle(splitArticleLines(t).lines)),
        { publisher: 'contoh' },
      ),
    );

  it('cleans with the publisher’s template, names it in the record, and reports the article’s lines once stored', async () => {
    const { source, store, deps } = setup();
    source.put('incoming/contoh/5.txt', story(5));
    const template = templateOf([story(1), story(2), story(3), story(4)]);
    const asked: string[] = [];
    const observed: { publisher: string; id: string }[] = [];
    const outcome = await ingestObjectEvent(eventOf('incoming/contoh/5.txt', '01'), {
      ...deps,
      templates: {
        indexFor: async (publisher) => {
          asked.push(publisher);
          return template;
        },
      },
      observe: (publisher, id, observation) => {
        observed.push({ publisher, id });
        expect(observation.lines.length).toBeGreaterThan(2);
      },
    });
    const record = store.records.get(outcome.id);
    expect(record?.removed).toContainEqual({ text: MASTHEAD, reason: templateReasonOf(template.template) });
    expect(record?.pipelineVersion).toBe(`${shippedModels().pipelineVersion}+template-${template.template.version}`);
    expect(record?.models.template).toBe(`template-${template.template.version}`);
    expect(asked).toEqual(['contoh']);
    expect(observed).toEqual([{ publisher: 'contoh', id: outcome.id }]);
  });

  it('re-cleans a stored article when its publisher’s template changed, and only then', async () => {
    const { source, store, deps } = setup();
    source.put('incoming/contoh/5.txt', story(5));
    const first = await ingestObjectEvent(eventOf('incoming/contoh/5.txt', '01'), deps);
    expect(store.records.get(first.id)?.removed.map((r) => r.reason)).not.toContain(expect.stringMatching(/^publisher-template:/));
    const template = templateOf([story(1), story(2), story(3), story(4)]);
    const withTemplate = { ...deps, templates: { indexFor: async () => template } };
    expect(await ingestObjectEvent(eventOf('incoming/contoh/5.txt', '01'), withTemplate)).toMatchObject({ action: 'stored' });
    expect(await ingestObjectEvent(eventOf('incoming/contoh/5.txt', '01'), withTemplate)).toMatchObject({ action: 'skipped', reason: 'already-stored' });
  });
});
