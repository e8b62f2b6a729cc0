/**
 * The topic decision (with the genre model inside it) as `npm run train` trains it: items are
 * articles' lexicon signals per topic and hashed n-gram counts (model.ts `Sample`), shipped in
 * training/sets/topics.json.gz.
 */
import { existsSync } from 'node:fs';
import { analyseArticle, type TopicModelData } from '#shared/domain/classify/classify.ts';
import { GENRES } from '#shared/domain/classify/genre.ts';
import { modelSetOf } from '#shared/domain/models.ts';
import { processArticle } from '#shared/domain/pipeline.ts';
import type { TopicSignals } from '#shared/domain/classify/topic-features.ts';
import { type CardedModel, CORRECTION_WEIGHTS, type Trainer } from '../registry.ts';
import { genreOfModel, scoresOf, topicFeatureHash, topicFigures, withTopicCards } from './card.ts';
import { BUCKETS, fitModel, loadSamples, type Sample } from './model.ts';

interface StoredSample {
  id: string;
  outlet: string;
  lang: string;
  topics: string[];
  kind: string;
  /** A GENRES name, or null when unlabelled. */
  genre: string | null;
  weight?: number;
  signals: Record<string, TopicSignals>;
  /** base64 of the buckets as little-endian uint16 (there are 4,096). */
  buckets: string;
  values: number[];
}

function encodeSample(sample: Sample): StoredSample {
  const buckets = Buffer.alloc(sample.genreFeatures.buckets.length * 2);
  sample.genreFeatures.buckets.forEach((bucket, i) => {
    buckets.writeUInt16LE(bucket, i * 2);
  });
  return {
    id: sample.id,
    outlet: sample.outlet,
    lang: sample.lang,
    topics: sample.topics,
    kind: sample.kind,
    genre: sample.genre >= 0 ? (GENRES[sample.genre] ?? null) : null,
    ...(sample.weight !== undefined ? { weight: sample.weight } : {}),
    signals: sample.signals,
    buckets: buckets.toString('base64'),
    values: Array.from(sample.genreFeatures.values),
  };
}

function decodeSample(stored: StoredSample): Sample {
  const bytes = Buffer.from(stored.buckets, 'base64');
  return {
    id: stored.id,
    outlet: stored.outlet,
    lang: stored.lang,
    topics: stored.topics,
    kind: stored.kind,
    genre: stored.genre === null ? -1 : GENRES.indexOf(stored.genre as (typeof GENRES)[number]),
    signals: stored.signals,
    genreFeatures: {
      buckets: Int32Array.from({ length: bytes.length / 2 }, (_, i) => bytes.readUInt16LE(i * 2)),
      values: Float64Array.from(stored.values),
    },
    ...(stored.weight !== undefined ? { weight: stored.weight } : {}),
  };
}

export const topicTrainer: Trainer<Sample> = {
  name: 'topics',
  file: 'topic-model.json',
  indent: 1,
  featureHash: topicFeatureHash,
  async fromSource(context) {
    const notes = existsSync(context.corpusDir)
      ? []
      : [
          `no team corpus at ${context.corpusDir}: the topic set is made from the repo's fixtures and own examples only (the shipped one also holds the corpus)`,
        ];
    return { items: await loadSamples(context.corpusDir, context.models), notes };
  },
  async fromLabels(labels, context) {
    const samples: Sample[] = [];
    for (const label of labels) {
      // Through the pipeline with this run's cleaner, as production will see the article.
      const processed = await processArticle(
        { bytes: new TextEncoder().encode(label.text), key: `incoming/${label.outlet}/${label.fileName}` },
        context.models,
      );
      if (processed.status !== 'ok') continue;
      const { signals, genreFeatures } = analyseArticle({ title: processed.title, body: processed.body, language: label.lang }, BUCKETS);
      samples.push({
        id: label.id,
        outlet: label.outlet,
        lang: label.lang,
        topics: label.topics,
        kind: 'correction',
        genre: -1,
        signals,
        genreFeatures,
        weight: CORRECTION_WEIGHTS.topics,
      });
    }
    return samples;
  },
  encode: (items) => items.map(encodeSample),
  decode: (encoded) => (encoded as StoredSample[]).map(decodeSample),
  fit(items, scored) {
    const { model, oof } = fitModel([...items]);
    return withTopicCards(model, oof, items, scored) as unknown as CardedModel;
  },
  figures(model, items) {
    const data = model as unknown as TopicModelData;
    const genreOf = genreOfModel(data);
    return topicFigures(
      data,
      items.map((s) => ({ gold: s.topics, scores: scoresOf(data, s, genreOf) })),
    );
  },
  use: (models, model) => modelSetOf({ ...models.models, topics: model as unknown as TopicModelData }),
};
