/**
 * `npm run train:topics [-- --corpus DIR]`: fits the topic decision and writes
 * shared/data/topic-model.json (genre model, per-topic weights, out-of-fold calibration).
 *
 * Learns from the team corpus (default ../shared/corpus, skipped when absent), the generalization
 * fixtures and the own examples in tests/fixtures/topics/articles.json. Deterministic: the same
 * inputs give the same file byte for byte. `npm run eval:topics` reports how it does.
 */
import { writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { defaultTaxonomy } from '../../shared/domain/classify/taxonomy.ts';
import { DEFAULT_CORPUS, fitModel, loadSamples, ROOT, topicIds } from './model.ts';

/** Bumped when the features or the training change in a way a stored score would reflect. */
const MODEL_REVISION = 2;

const { values } = parseArgs({ options: { corpus: { type: 'string' } } });
const corpus = resolve(values.corpus ?? DEFAULT_CORPUS);
const started = performance.now();
const samples = await loadSamples(corpus);
const version = `${defaultTaxonomy.version}-m${MODEL_REVISION}`;
const { model } = fitModel(samples, version);
const file = join(ROOT, 'shared', 'data', 'topic-model.json');
writeFileSync(file, `${JSON.stringify(model, null, 1)}\n`);

const positives = topicIds.map((t) => `${t} ${samples.filter((s) => s.topics.includes(t)).length}`).join(', ');
console.log(`topic model ${version}: ${samples.length} articles (${positives}; off-topic ${samples.filter((s) => s.topics.length === 0).length})`);
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
console.log(`wrote ${file} in ${((performance.now() - started) / 1000).toFixed(1)} s`);
