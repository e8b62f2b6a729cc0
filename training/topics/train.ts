/**
 * `npm run train:topics [-- --corpus DIR]`: fits the topic decision and writes
 * shared/data/topic-model.json (genre model, per-topic weights, out-of-fold calibration) with the
 * model cards of the decision and of the genre model.
 *
 * Learns from the team corpus (default ../shared/corpus, skipped when absent), the generalization
 * fixtures and the own examples in tests/fixtures/topics/train-*.txt. Deterministic: the same
 * inputs give the same file byte for byte. `npm run eval:topics` reports how it does.
 */
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { formatCard, writeModelFile } from '../model-card.ts';
import { withTopicCards } from './card.ts';
import { DEFAULT_CORPUS, fitModel, loadSamples, ROOT, topicIds } from './model.ts';

const { values } = parseArgs({ options: { corpus: { type: 'string' } } });
const corpus = resolve(values.corpus ?? DEFAULT_CORPUS);
const samples = await loadSamples(corpus);
const { model, oof } = fitModel(samples);
const carded = withTopicCards(model, oof, samples);
const file = join(ROOT, 'shared', 'data', 'topic-model.json');
writeModelFile(file, carded, 1);

const positives = topicIds.map((t) => `${t} ${samples.filter((s) => s.topics.includes(t)).length}`).join(', ');
console.log(`topic model: ${samples.length} articles (${positives}; off-topic ${samples.filter((s) => s.topics.length === 0).length}) → ${file}`);
for (const topic of topicIds) {
  const m = model.topics[topic];
  if (!m) continue;
  const strongest = Object.entries(m.weights)
    .sort((a, b) => Math.abs(b[1]) - Math.abs(a[1]))
    .slice(0, 6)
    .map(([name, w]) => `${name} ${w > 0 ? '+' : ''}${w.toFixed(2)}`)
    .join(', ');
  console.log(`  ${topic.padEnd(12)} calibration a ${m.calibration.a}, b ${m.calibration.b}; strongest: ${strongest}`);
}
console.log(formatCard(carded.card));
console.log(formatCard(carded.genre.card));
