import { readFileSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadModelSet } from '#shared/adapters/model-files.ts';
import type { ModelSet } from '#shared/domain/models.ts';
import { processArticle } from '#shared/domain/pipeline.ts';
import type { ModelCard } from '#shared/model-card.ts';
import { LabelError } from '../../training/extra-labels.ts';
import { GATE_TOLERANCE, SHIPPED_DIR, type TrainOutcome, train, worseFigures } from '../../training/train.ts';
import { readTrainingSet, StaleTrainingSetError } from '../../training/training-set.ts';

/**
 * The learning loop without the stack: `npm run train` from the shipped training sets alone (as on a
 * clean clone: no corpus), with and without a reviewer's corrections (tests/fixtures/loop/).
 */
const FIXTURES = new URL('../fixtures/loop/', import.meta.url);
const text = (name: string) => readFileSync(new URL(name, FIXTURES), 'utf8');
const NO_CORPUS = '/nonexistent/corpus';

/** Export lines as `kabar labels export` writes them. */
const LABELS = [
  {
    lang: 'en',
    topics: [],
    boilerplate: ['Kuliner', 'Halaman 2 dari 3'],
    body_keep: [],
    text: text('festival.txt'),
    sourceKey: 'incoming/review/festival.txt',
  },
  { lang: 'en', topics: ['diplomacy'], text: text('trade-talks.txt'), sourceKey: 'incoming/review/trade-talks.txt' },
  { lang: 'id', topics: [], title: null, text: text('pelabuhan.txt'), sourceKey: 'incoming/review/pelabuhan.txt' },
].map((label) => ({ id: label.sourceKey, publisher: 'review', ...label }));

let work: string;
let plain: { dir: string; outcomes: TrainOutcome[] };
let corrected: { dir: string; outcomes: TrainOutcome[]; log: string[] };

async function run(name: string, extra: string[]) {
  const dir = join(work, name);
  const log: string[] = [];
  // The HTML block model trains on its own pages for minutes and learns nothing from these labels: not here.
  const outcomes = await train({
    extra,
    only: ['line', 'topics'],
    out: dir,
    force: false,
    fromSource: false,
    corpusDir: NO_CORPUS,
    log: (line) => log.push(line),
  });
  return { dir, outcomes, log };
}

const outputOf = async (name: string, models?: ModelSet) => {
  const processed = await processArticle({ bytes: new TextEncoder().encode(text(name)), key: `incoming/review/${name}` }, models);
  if (processed.status !== 'ok') throw new Error(`${name}: ${processed.error.code}`);
  return processed;
};

beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'kabar-train-'));
  await writeFile(join(work, 'reviewed.jsonl'), `${LABELS.map((label) => JSON.stringify(label)).join('\n')}\n`);
  plain = await run('plain', []);
  corrected = await run('corrected', [join(work, 'reviewed.jsonl')]);
}, 600_000);

afterAll(async () => {
  await rm(work, { recursive: true, force: true });
});

describe('npm run train from the shipped training sets (a clean clone)', () => {
  it('reproduces the shipped models byte for byte when given no labels', () => {
    expect(plain.outcomes.map((o) => o.written)).toEqual([true, true]);
    for (const file of ['line-model.json', 'topic-model.json'])
      expect(readFileSync(join(plain.dir, file), 'utf8')).toBe(readFileSync(join(SHIPPED_DIR, file), 'utf8'));
  });

  it("learns a reviewer's corrections: each corrected article comes out as corrected", async () => {
    const models = loadModelSet(corrected.dir);
    const festival = [await outputOf('festival.txt'), await outputOf('festival.txt', models)];
    const talks = [await outputOf('trade-talks.txt'), await outputOf('trade-talks.txt', models)];
    const pelabuhan = [await outputOf('pelabuhan.txt'), await outputOf('pelabuhan.txt', models)];
    // Before: the shipped models' mistakes.
    expect(festival[0]?.body).toContain('Halaman 2 dari 3');
    expect(talks[0]?.classification.topics).toEqual([]);
    expect(pelabuhan[0]?.title).toBe('TANJUNG PRIOK');
    // After: what the reviewer said.
    expect(festival[1]?.body).not.toContain('Halaman 2 dari 3');
    expect(talks[1]?.classification.topics).toEqual(['diplomacy']);
    expect(pelabuhan[1]?.title).toBeNull();
    expect(festival[1]?.models.cleaning).not.toBe(festival[0]?.models.cleaning);
    expect(talks[1]?.models.topics).not.toBe(talks[0]?.models.topics);
  });

  it('costs nothing elsewhere: every grouped figure on the shipped evaluation within half a point', () => {
    expect(corrected.outcomes.map((o) => [o.name, o.written, o.worse])).toEqual([
      ['line', true, []],
      ['topics', true, []],
    ]);
    for (const file of ['line-model.json', 'topic-model.json']) {
      const before = (JSON.parse(readFileSync(join(SHIPPED_DIR, file), 'utf8')) as { card: ModelCard }).card;
      const after = (JSON.parse(readFileSync(join(corrected.dir, file), 'utf8')) as { card: ModelCard }).card;
      expect(after.trainedOn.extra).toBeGreaterThan(0);
      for (const [name, figure] of Object.entries(before.evaluation.metrics))
        expect(Math.abs((after.evaluation.metrics[name]?.grouped ?? -1) - figure.grouped), `${file} ${name}`).toBeLessThanOrEqual(GATE_TOLERANCE);
    }
    expect(corrected.log.join('\n')).toMatch(/before \(grouped\)\s+after \(grouped\)\s+change/);
  });
});

describe('what training refuses', () => {
  it('keeps a shipped model a figure of which would be worse by more than half a point', () => {
    const card = (grouped: number, lowerIsBetter = false) =>
      ({ evaluation: { metrics: { f1: { inSample: 1, grouped, baseline: 0.5, ...(lowerIsBetter ? { lowerIsBetter } : {}) } } } }) as unknown as ModelCard;
    expect(worseFigures(card(0.9), card(0.896))).toEqual([]);
    expect(worseFigures(card(0.9), card(0.89))).toEqual(['f1 90.0 → 89.0']);
    expect(worseFigures(card(0.01, true), card(0.02, true))).toEqual(['f1 1.0 → 2.0']);
  });

  it('refuses a training set made by other feature definitions, saying how to regenerate it', () => {
    expect(() => readTrainingSet('line', 'another-hash')).toThrow(StaleTrainingSetError);
    expect(() => readTrainingSet('line', 'another-hash')).toThrow(/--from-source --only line/);
  });

  it('refuses labels with a topic the taxonomy does not know before training anything', async () => {
    const file = join(work, 'climate.jsonl');
    await writeFile(file, `${JSON.stringify({ ...LABELS[1], topics: ['climate'] })}\n`);
    await expect(run('climate', [file])).rejects.toThrow(LabelError);
  });
});
