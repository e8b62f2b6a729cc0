import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { S3TemplateStore } from '#shared/adapters/s3-template-store.ts';
import { lineKeysOf } from '#shared/domain/clean/template.ts';
import { learnTemplates, pinTemplateLine } from '#shared/ingest/templates.ts';
import { type IngestHarness, startIngestHarness } from './helpers/ingest-harness.ts';
import { type ConnectedEmulators, useEmulators } from './helpers/use-emulators.ts';

// A publisher's template through the real handler, S3 (s3rver) and DynamoDB Local: the ingest function
// writes each batch's observations, the learning step reads them and writes the template, and the next
// article of the publisher is cleaned with it.
const MASTHEAD = 'HARIAN UJI | Berita Terkini';
const FOOTER = 'Hak cipta Harian Uji. Dilarang mengutip isi tanpa izin tertulis dari redaksi.';
const VILLAGES = ['Sukamaju', 'Cibodas', 'Tegalrejo', 'Karanganyar', 'Sumberejo', 'Mekarsari', 'Tanjungsari', 'Wonorejo'];
const story = (i: number) =>
  [
    MASTHEAD,
    `Warga ${VILLAGES[i]} membangun jembatan bambu di tepi sungai`,
    '',
    `Warga ${VILLAGES[i]} bergotong royong membangun jembatan bambu yang menghubungkan dua dusun sejak pekan lalu.`,
    `Menurut kepala desa, ${i + 12} relawan datang dari kampung tetangga membawa bambu dan tali ijuk.`,
    FOOTER,
  ].join('\n');

let emulators: ConnectedEmulators;
let stack: IngestHarness;
beforeAll(async () => {
  emulators = await useEmulators();
  // A template read on every article: the test learns one between uploads.
  stack = await startIngestHarness({ emulators, templates: { cacheSeconds: 0 } });
});
afterAll(async () => {
  await stack?.stop();
  await emulators?.release();
});

describe('publisher templates on the local stack', { timeout: 120_000 }, () => {
  it('learns a publisher’s template from what it ingested, cleans its next article with it, and follows an editor’s pin', async () => {
    for (let i = 0; i < 5; i++) {
      await stack.upload(`incoming/uji/${i}.txt`, story(i));
      await stack.waitForRecord(`incoming/uji/${i}.txt`);
    }
    const store = new S3TemplateStore(stack.s3, stack.bucket);
    await expect.poll(async () => (await store.observationBatches('uji')).length, { timeout: 10_000 }).toBeGreaterThan(0);
    await expect
      .poll(async () => (await Promise.all((await store.observationBatches('uji')).map((b) => store.readObservations('uji', b)))).flat().length)
      .toBe(5);

    const [learned] = await learnTemplates(store);
    expect(learned).toMatchObject({ publisher: 'uji', action: 'learned', articles: 5 });
    const template = await store.template('uji');
    expect(template?.entries.find((e) => e.text === MASTHEAD)?.short).toBe('anywhere');

    await stack.upload('incoming/uji/5.txt', story(5));
    const record = await stack.waitForRecord('incoming/uji/5.txt');
    const reason = `publisher-template:${template?.version}`;
    expect(record.removed).toContainEqual({ text: MASTHEAD, reason });
    expect(record.removed).toContainEqual({ text: FOOTER, reason });
    expect(record.pipelineVersion).toMatch(new RegExp(`\\+template-${template?.version}$`));
    expect(record.models.template).toBe(`template-${template?.version}`);
    expect(record.body).toContain('bergotong royong membangun jembatan bambu');

    // An editor keeps the footer: the template changes at once and the next article keeps it.
    const pinned = await pinTemplateLine(store, 'uji', { key: lineKeysOf(FOOTER).line, kind: 'line', text: FOOTER }, 'keep');
    expect(pinned).toMatchObject({ action: 'learned', previous: template?.version });
    await stack.upload('incoming/uji/6.txt', story(6));
    const after = await stack.waitForRecord('incoming/uji/6.txt');
    expect(after.removed.map((r) => r.text)).toContain(MASTHEAD);
    expect(after.body).toContain(FOOTER);
  });

  it('cleans a publisher without a template exactly as before', async () => {
    await stack.upload('incoming/baru/0.txt', story(7));
    const record = await stack.waitForRecord('incoming/baru/0.txt');
    expect(record.removed.some((r) => r.reason.startsWith('publisher-template:'))).toBe(false);
    expect(record.models.template).toBeUndefined();
  });
});
