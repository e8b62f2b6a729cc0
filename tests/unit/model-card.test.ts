import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { modelVersionOf } from '#shared/model-card.ts';
import { lineFeatureHash } from '../../training/clean/card.ts';
import { canonicalJson, cardOf, formatCard, hashOf, metric, modelVersion, withCard } from '../../training/model-card.ts';
import { htmlFeatureHash } from '../../training/html/card.ts';
import { topicFeatureHash } from '../../training/topics/card.ts';

const read = (name: string) => JSON.parse(readFileSync(new URL(`../../shared/data/${name}`, import.meta.url), 'utf8'));

describe('model cards of the shipped models', () => {
  const line = read('line-model.json');
  const topics = read('topic-model.json');
  const html = read('html-model.json');

  it.each([
    ['line', line],
    ['topics', topics],
    ['genre', topics.genre],
    ['html', html],
  ])('the %s model is named by the hash of its weights, so a hand edit without retraining shows', (name, model) => {
    expect(model.card.name).toBe(name);
    expect(model.card.version).toBe(modelVersion(name, model));
    expect(modelVersionOf(model, name)).toBe(model.card.version);
  });

  it('records the feature definitions the code computes today (retrain after changing a feature)', () => {
    expect(line.card.features).toBe(lineFeatureHash());
    expect(topics.card.features).toBe(topicFeatureHash());
    expect(topics.genre.card.features).toBe(topics.card.features);
    expect(html.card.features).toBe(htmlFeatureHash());
  });

  it('ships the HTML model’s card alone beside it, the same card (the ingest bundle names the model from it)', () => {
    expect(read('html-model-card.json')).toEqual({ card: html.card });
  });

  it.each([
    ['line', line],
    ['topics', topics],
    ['genre', topics.genre],
    ['html', html],
  ])('the %s card has counts by source, grouped and in-sample figures next to a baseline, and no clock time', (_name, model) => {
    const { card } = model;
    expect(Object.values(card.trainedOn).every((n) => Number.isInteger(n) && (n as number) > 0)).toBe(true);
    expect(card.trainingData).toMatch(/^[0-9a-f]{16}$/);
    expect(card.evaluation.metrics[card.evaluation.primary]).toBeDefined();
    for (const m of Object.values(card.evaluation.metrics) as { inSample: number; grouped: number; baseline: number | null }[]) {
      expect(m.grouped).toBeGreaterThanOrEqual(0);
      expect(m.grouped).toBeLessThanOrEqual(1);
      expect(m.inSample).toBeGreaterThanOrEqual(0);
    }
    expect(JSON.stringify(card)).not.toMatch(/\d{4}-\d\d-\d\dT\d\d:/);
  });

  it('the learned models beat their baseline out of fold on their primary figure', () => {
    for (const card of [line.card, topics.card, topics.genre.card, html.card]) {
      const primary = card.evaluation.metrics[card.evaluation.primary];
      expect(primary.grouped).toBeGreaterThan(primary.baseline);
    }
  });
});

describe('the card helpers', () => {
  it('hash the weights whatever the key order, and ignore cards', () => {
    expect(canonicalJson({ b: 1, a: { d: [2, 3], c: 'x' } })).toBe('{"a":{"c":"x","d":[2,3]},"b":1}');
    expect(hashOf({ a: 1, b: 2 })).toBe(hashOf({ b: 2, a: 1 }));
    expect(modelVersion('m', { w: [1, 2], card: { version: 'old' } })).toBe(modelVersion('m', { w: [1, 2] }));
    expect(modelVersion('m', { w: [1, 2] })).not.toBe(modelVersion('m', { w: [1, 2.0001] }));
  });

  it('put the card first and print a before/after table with the change', () => {
    const evaluation = (grouped: number) => ({
      grouping: 'outlet',
      folds: 5,
      baseline: 'none',
      primary: 'f1',
      metrics: { f1: metric(0.99, grouped, 0.5) },
    });
    const before = cardOf('m', { w: 1 }, { trainedOn: { corpus: 3 }, trainingData: 'a', features: 'b', evaluation: evaluation(0.9) });
    const after = cardOf('m', { w: 2 }, { trainedOn: { corpus: 3, extra: 1 }, trainingData: 'c', features: 'b', evaluation: evaluation(0.925) });
    expect(Object.keys(withCard({ w: 2 }, after))).toEqual(['card', 'w']);
    const table = formatCard(after, before);
    expect(table).toContain(`(was ${before.version})`);
    expect(table).toMatch(/f1\s+50\.0\s+90\.0\s+92\.5\s+\+2\.5\s+99\.0 \*/);
  });

  it('refuses a model file without a card at run time', () => {
    expect(() => modelVersionOf({ weights: [] }, 'line')).toThrow(/no model card/);
    expect(() => modelVersionOf({ card: { name: 'topics', version: 'topics-1' } }, 'line')).toThrow(/no model card/);
  });
});
