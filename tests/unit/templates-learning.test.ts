import { describe, expect, it } from 'vitest';
import { splitArticleLines } from '#shared/domain/clean/clean.ts';
import { lineKeysOf, observeArticle, type PublisherTemplate, type TemplatePin } from '#shared/domain/clean/template.ts';
import {
  learnPublisherTemplate,
  learnTemplates,
  FLUSH_EVERY_BATCH,
  ObservationBuffer,
  pinTemplateLine,
  type LearningWindow,
  type StoredObservation,
  TemplateCache,
  type TemplateStore,
} from '#shared/ingest/templates.ts';

/** The TemplateStore port in memory (the S3 adapter is covered against s3rver in tests/integration/templates.test.ts). */
class MemoryTemplateStore implements TemplateStore {
  readonly templates = new Map<string, PublisherTemplate>();
  readonly pinned = new Map<string, TemplatePin[]>();
  readonly batches = new Map<string, Map<string, StoredObservation[]>>();
  readonly windows = new Map<string, LearningWindow>();
  batchReads = 0;
  saves = 0;
  reads = 0;
  #clock = 0;
  async template(publisher: string) {
    this.reads++;
    return this.templates.get(publisher) ?? null;
  }
  async saveTemplate(publisher: string, template: PublisherTemplate) {
    this.saves++;
    this.templates.set(publisher, structuredClone(template));
  }
  async pins(publisher: string) {
    return this.pinned.get(publisher) ?? [];
  }
  async savePins(publisher: string, pins: readonly TemplatePin[]) {
    this.pinned.set(publisher, [...pins]);
  }
  async addObservations(publisher: string, observations: readonly StoredObservation[]) {
    const map = this.batches.get(publisher) ?? new Map();
    map.set(String(++this.#clock).padStart(6, '0'), [...observations]);
    this.batches.set(publisher, map);
  }
  async observationBatches(publisher: string, after?: string) {
    return [...(this.batches.get(publisher)?.keys() ?? [])].sort().filter((b) => after === undefined || b > after);
  }
  async readObservations(publisher: string, batch: string) {
    this.batchReads++;
    return this.batches.get(publisher)?.get(batch) ?? [];
  }
  async window(publisher: string) {
    return this.windows.get(publisher) ?? null;
  }
  async saveWindow(publisher: string, window: LearningWindow) {
    this.windows.set(publisher, structuredClone(window));
  }
  async publishers() {
    return [...this.batches.keys()].sort();
  }
}

const MASTHEAD = 'KORAN CONTOH | Beranda';
const FOOTER = 'Hak cipta Koran Contoh. Dilarang menyalin isi tanpa izin tertulis dari redaksi.';
const MARKETS = ['Baru', 'Lama', 'Induk', 'Kaget', 'Minggu', 'Pagi', 'Ikan', 'Bunga', 'Buah', 'Sayur', 'Loak', 'Hewan', 'Malam', 'Terapung'];
const story = (i: number) =>
  `${MASTHEAD}\nPedagang pasar ${MARKETS[i % MARKETS.length]} menata kios menjelang hari raya\n\nPara pedagang pasar menata ulang kios mereka menjelang hari raya ke-${i} tahun ini.\nPengelola pasar berjanji memperbaiki atap yang bocor sebelum musim hujan, katanya.\n${FOOTER}`;

async function fill(store: MemoryTemplateStore, publisher: string, from: number, to: number) {
  const buffer = new ObservationBuffer();
  for (let i = from; i < to; i++) buffer.add(publisher, `id-${i}`, observeArticle(splitArticleLines(story(i)).lines, true));
  await buffer.flush(store);
}

describe('the learning step', () => {
  it('learns a publisher’s template from its stored observations, and does nothing more until something changes', async () => {
    const store = new MemoryTemplateStore();
    await fill(store, 'contoh', 0, 5);
    const first = await learnPublisherTemplate(store, 'contoh');
    expect(first).toMatchObject({ action: 'learned', previous: null, articles: 5 });
    const template = store.templates.get('contoh');
    expect(template?.entries.filter((e) => e.short !== null || e.sentence !== null).map((e) => e.text)).toEqual(expect.arrayContaining([MASTHEAD]));
    expect(await learnPublisherTemplate(store, 'contoh')).toEqual({ publisher: 'contoh', action: 'up-to-date' });
    expect(store.saves).toBe(1);
    // More of the same: counts change, what the template removes does not; only the new batch is read.
    await fill(store, 'contoh', 5, 7);
    store.batchReads = 0;
    expect(await learnPublisherTemplate(store, 'contoh')).toMatchObject({ action: 'unchanged', version: template?.version, articles: 7 });
    expect(store.batchReads).toBe(1);
  });

  it('keeps the editor’s short lines with their text but never an article’s sentences', async () => {
    const store = new MemoryTemplateStore();
    const buffer = new ObservationBuffer();
    const observation = observeArticle(splitArticleLines(story(1)).lines, true);
    buffer.add('contoh', 'a', { ...observation, texts: observation.texts?.map((t, i) => (observation.lines[i]?.prose ? '' : t)) });
    await buffer.flush(store);
    const [stored] = await store.readObservations('contoh', (await store.observationBatches('contoh'))[0] ?? '');
    const texts = stored?.lines.map((l) => l[5]).filter(Boolean);
    expect(texts).toContain(MASTHEAD);
    expect(texts?.some((t) => String(t).startsWith('Para pedagang'))).toBe(false);
  });

  it('writes one batch per publisher and empties its buffer', async () => {
    const store = new MemoryTemplateStore();
    const buffer = new ObservationBuffer();
    buffer.add('a', '1', observeArticle(['x']));
    buffer.add('b', '2', observeArticle(['y']));
    buffer.add('a', '3', observeArticle(['z']));
    expect(buffer.size).toBe(3);
    await buffer.flush(store);
    expect(buffer.size).toBe(0);
    expect((await store.readObservations('a', (await store.observationBatches('a'))[0] ?? '')).map((o) => o.id)).toEqual(['1', '3']);
    expect(await store.publishers()).toEqual(['a', 'b']);
  });

  it('learns every publisher, and a pin takes effect at once', async () => {
    const store = new MemoryTemplateStore();
    await fill(store, 'contoh', 0, 5);
    await fill(store, 'lain', 10, 14);
    expect((await learnTemplates(store)).map((o) => [o.publisher, o.action])).toEqual([
      ['contoh', 'learned'],
      ['lain', 'learned'],
    ]);
    const before = store.templates.get('contoh');
    const pinned = await pinTemplateLine(store, 'contoh', { key: lineKeysOf(MASTHEAD).line, kind: 'line', text: MASTHEAD }, 'keep');
    expect(pinned).toMatchObject({ action: 'learned', previous: before?.version });
    expect(store.templates.get('contoh')?.entries.find((e) => e.text === MASTHEAD)?.pinned).toBe('keep');
    expect(await pinTemplateLine(store, 'contoh', { key: lineKeysOf(MASTHEAD).line, kind: 'line' }, null)).toMatchObject({ action: 'learned' });
    expect(store.templates.get('contoh')?.version).toBe(before?.version);
  });
});

describe('the ingest side', () => {
  it('reads a publisher’s template once per time-to-live, remembering one without a template too', async () => {
    const store = new MemoryTemplateStore();
    let now = 0;
    const cache = new TemplateCache(store, 1000, () => now);
    expect(await cache.indexFor('contoh')).toBeNull();
    await fill(store, 'contoh', 0, 5);
    await learnPublisherTemplate(store, 'contoh');
    store.reads = 0;
    expect(await cache.indexFor('contoh')).toBeNull();
    now = 1001;
    expect((await cache.indexFor('contoh'))?.template.version).toBe(store.templates.get('contoh')?.version);
    expect(await cache.indexFor('contoh')).not.toBeNull();
    expect(store.reads).toBe(1);
  });

  it('cleans without a template when it cannot read one, and says so', async () => {
    const failing = { template: async () => Promise.reject(new Error('S3 is down')) };
    const errors: string[] = [];
    const cache = new TemplateCache(
      failing,
      1000,
      () => 0,
      (publisher, error) => errors.push(`${publisher}: ${(error as Error).message}`),
    );
    expect(await cache.indexFor('contoh')).toBeNull();
    expect(await cache.indexFor('contoh')).toBeNull();
    expect(errors).toEqual(['contoh: S3 is down']);
  });
});

describe('observations buffered across batches (the Lambda container)', () => {
  const POLICY = { maxObservations: 3, maxAgeMs: 30 * 60_000, idleGapMs: 60_000 };
  /** A container's buffer on a clock the test moves; batches end every 5 s unless told otherwise. */
  function container() {
    let clock = 1_000_000;
    const store = new MemoryTemplateStore();
    const buffer = new ObservationBuffer(POLICY, () => clock);
    let n = 0;
    const batch = async (publishers: string[], after = 5_000) => {
      clock += after;
      for (const publisher of publishers) buffer.add(publisher, `id-${++n}`, observeArticle(['x']));
      return (await buffer.flushDue(store)).sort();
    };
    const written = async (publisher: string) =>
      (await Promise.all((await store.observationBatches(publisher)).map((b) => store.readObservations(publisher, b)))).map((o) => o.map((x) => x.id));
    return { store, buffer, batch, written, tick: (ms: number) => (clock += ms) };
  }

  it('writes everything after a container’s first batch: it cannot know whether more will come', async () => {
    const c = container();
    expect(await c.batch(['a', 'b'])).toEqual(['a', 'b']);
    expect(c.buffer.size).toBe(0);
  });

  it('holds a busy container’s observations until a publisher has enough for one write', async () => {
    const c = container();
    await c.batch(['z']);
    expect(await c.batch(['a', 'b'])).toEqual([]);
    expect(await c.batch(['a'])).toEqual([]);
    // The third of publisher a: one write of all three, b keeps waiting.
    expect(await c.batch(['a'])).toEqual(['a']);
    expect(await c.written('a')).toEqual([['id-2', 'id-4', 'id-5']]);
    expect(c.buffer.size).toBe(1);
    expect(c.store.batches.size).toBe(2); // z's first batch and a's
  });

  it('writes a publisher whose oldest observation reached the maximum age, even with few of them', async () => {
    const c = container();
    await c.batch([]);
    await c.batch(['b']);
    // Busy with other publishers, a batch every 5 s, for 30 minutes.
    let flushed: string[] = [];
    for (let i = 0; i < (30 * 60) / 5 && !flushed.includes('b'); i++) flushed = await c.batch(i % 3 === 0 ? ['c'] : []);
    expect(flushed).toContain('b');
    expect(await c.written('b')).toEqual([['id-1']]);
  });

  it('writes everything when batches come rarely: an idle container is the one Lambda reclaims', async () => {
    const c = container();
    await c.batch([]);
    expect(await c.batch(['a', 'b'])).toEqual([]);
    expect(await c.batch(['a'], POLICY.idleGapMs + 1)).toEqual(['a', 'b']);
    expect(c.buffer.size).toBe(0);
  });

  it('loses only learning signal when a container dies with observations held: the articles were stored', async () => {
    const c = container();
    await c.batch([]);
    await c.batch(['a', 'a']);
    // The container is reclaimed here: nothing reaches the store, and nothing else depended on it.
    expect(c.buffer.size).toBe(2);
    expect(await c.store.publishers()).toEqual([]);
  });

  it('writes every batch by default (the local stack)', async () => {
    let clock = 0;
    const store = new MemoryTemplateStore();
    const buffer = new ObservationBuffer(FLUSH_EVERY_BATCH, () => clock);
    for (let i = 0; i < 3; i++) {
      buffer.add('a', `id-${i}`, observeArticle(['x']));
      expect(await buffer.flushDue(store)).toEqual(['a']);
      clock += 1;
    }
    expect(await store.observationBatches('a')).toHaveLength(3);
  });
});
