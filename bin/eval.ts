/**
 * `npm run eval:topics [-- --corpus DIR] [--json]`: how well the topic decision does.
 *
 * On every labelled article the model learns from (the team corpus, default ../shared/corpus
 * beside the worktree as in bin/calibrate.ts; the generalization fixtures; the own examples in
 * tests/fixtures/topics/train-*.txt) it prints, side by side:
 *   - in-sample: the shipped model through the same pipeline as `kabar process`;
 *   - cross-validated: outlet-grouped folds (no outlet in both the training and the test part),
 *     genre and topic models refitted per fold exactly as `npm run train:topics` fits them;
 * per topic, per language and per source, off-topic false positives (all and deliberate
 * distractors), the confusion between topics and a reliability table. Then the natural-stream
 * check: tests/fixtures/topics/stream-*.txt (many ordinary pages, few on a topic), never trained
 * on, through the shipped model, with its precision and recall.
 */
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { classifyArticle } from '#shared/domain/classify/classify.ts';
import { GENRES } from '#shared/domain/classify/genre.ts';
import { processArticle } from '#shared/domain/pipeline.ts';
import { loadCorpus, loadFixtures } from '../training/labelled-articles.ts';
import {
  calibrated,
  crossValidate,
  DEFAULT_CORPUS,
  fitCalibration,
  loadOwnExamples,
  loadSamples,
  OWN_EXAMPLES_DIR,
  ROOT,
  type Sample,
  topicIds,
} from '../training/topics/model.ts';

const { values } = parseArgs({ options: { corpus: { type: 'string' }, json: { type: 'boolean', default: false } } });
const corpusDir = resolve(values.corpus ?? DEFAULT_CORPUS);
if (!existsSync(join(corpusDir, 'labels.jsonl'))) console.error(`No corpus at ${corpusDir}: evaluating on the repo's own labelled articles only.`);

interface Judged {
  id: string;
  lang: string;
  source: string;
  kind: string;
  gold: string[];
  predicted: string[];
  scores: Record<string, number>;
}

interface Counts {
  tp: number;
  fp: number;
  fn: number;
}

const started = performance.now();
const samples = await loadSamples(corpusDir);
const sourceOf = (id: string) => id.split('/')[0] ?? id;

// In-sample: the shipped model, through the pipeline (own examples are already title + body).
const texts = new Map<string, { title: string | null; body: string; language: string }>();
for (const article of [...loadCorpus(corpusDir), ...loadFixtures(join(ROOT, 'tests', 'fixtures', 'generalization'))]) {
  const processed = await processArticle({ bytes: new TextEncoder().encode(article.text), key: `incoming/eval/${article.fileName}` });
  if (processed.status === 'ok') texts.set(article.id, { title: processed.title, body: processed.body, language: article.lang });
}
for (const example of loadOwnExamples(OWN_EXAMPLES_DIR, 'train'))
  texts.set(`own/${example.id}`, { title: example.title, body: example.body, language: example.lang });

const judge = (sample: Sample, scores: Record<string, number>): Judged => ({
  id: sample.id,
  lang: sample.lang,
  source: sourceOf(sample.id),
  kind: sample.kind,
  gold: sample.topics,
  predicted: topicIds.filter((t) => (scores[t] ?? 0) >= 0.5),
  scores,
});

const inSample: Judged[] = samples.map((sample) => {
  const text = texts.get(sample.id);
  return judge(sample, text ? classifyArticle(text).scores : {});
});

// Cross-validated: out-of-fold margins, calibrated with the out-of-fold calibration.
const oof = crossValidate(samples);
const calibrations = Object.fromEntries(topicIds.map((t) => [t, fitCalibration(t, samples, oof)]));
const crossValidated: Judged[] = samples.map((sample) => {
  const margins = oof.margins.get(sample.id) ?? {};
  return judge(sample, Object.fromEntries(topicIds.map((t) => [t, calibrated(margins[t] ?? null, calibrations[t] ?? { a: 1, b: 0 })])));
});

// Natural stream: pages never trained on.
const stream: Judged[] = loadOwnExamples(OWN_EXAMPLES_DIR, 'stream').map((example) => {
  const scores = classifyArticle({ title: example.title, body: example.body, language: example.lang }).scores;
  return {
    id: `stream/${example.id}`,
    lang: example.lang,
    source: 'stream',
    kind: example.kind,
    gold: example.topics,
    predicted: topicIds.filter((t) => (scores[t] ?? 0) >= 0.5),
    scores,
  };
});

function prf({ tp, fp, fn }: Counts) {
  const p = tp + fp ? tp / (tp + fp) : 1;
  const r = tp + fn ? tp / (tp + fn) : 1;
  return { p, r, f1: p + r ? (2 * p * r) / (p + r) : 0 };
}

function countsOf(judged: Judged[]): Record<string, Counts> {
  const counts = Object.fromEntries(topicIds.map((t) => [t, { tp: 0, fp: 0, fn: 0 }])) as Record<string, Counts>;
  for (const j of judged) {
    for (const t of topicIds) {
      const want = j.gold.includes(t);
      const got = j.predicted.includes(t);
      const c = counts[t] as Counts;
      if (want && got) c.tp++;
      else if (got) c.fp++;
      else if (want) c.fn++;
    }
  }
  return counts;
}

/** Macro-F1 over the topics the subset has gold or predicted labels for (a language with no ukraine article is not scored on it). */
function summary(judged: Judged[]) {
  const counts = countsOf(judged);
  const present = topicIds.filter((t) => {
    const c = counts[t] as Counts;
    return c.tp + c.fp + c.fn > 0;
  });
  const offTopic = judged.filter((j) => j.gold.length === 0);
  const distractors = offTopic.filter((j) => j.kind === 'hard-negative' || j.source !== 'own');
  const offRate = (list: Judged[]) => (list.length ? list.filter((j) => j.predicted.length > 0).length / list.length : 0);
  return {
    n: judged.length,
    macroF1: present.length ? present.reduce((s, t) => s + prf(counts[t] as Counts).f1, 0) / present.length : 1,
    perTopic: Object.fromEntries(topicIds.map((t) => [t, prf(counts[t] as Counts)])),
    exactMatch: judged.filter((j) => j.gold.length === j.predicted.length && j.gold.every((t) => j.predicted.includes(t))).length / (judged.length || 1),
    offTopicFalsePositiveRate: offRate(offTopic),
    distractorFalsePositiveRate: offRate(distractors),
    distractors: distractors.length,
  };
}

function groupBy(judged: Judged[], key: (j: Judged) => string) {
  const groups = new Map<string, Judged[]>();
  for (const j of judged) groups.set(key(j), [...(groups.get(key(j)) ?? []), j]);
  return [...groups.entries()].sort((a, b) => b[1].length - a[1].length);
}

/** Gold topic (or none) × predicted topic (or none), over article × label pairs: where one topic is taken for another. */
function confusion(judged: Judged[]) {
  const labels = [...topicIds, 'none'];
  const matrix = Object.fromEntries(labels.map((g) => [g, Object.fromEntries(labels.map((p) => [p, 0]))])) as Record<string, Record<string, number>>;
  for (const j of judged) {
    const gold = j.gold.length ? j.gold : ['none'];
    const predicted = j.predicted.length ? j.predicted : ['none'];
    for (const g of gold) for (const p of predicted) (matrix[g] as Record<string, number>)[p] = (matrix[g]?.[p] ?? 0) + 1;
  }
  return matrix;
}

function reliability(judged: Judged[]) {
  const bins = [0, 0.1, 0.3, 0.5, 0.7, 0.9, 1.0001];
  const pairs = judged.flatMap((j) => topicIds.map((t) => ({ score: j.scores[t] ?? 0, positive: j.gold.includes(t) })));
  return bins.slice(0, -1).map((low, i) => {
    const high = bins[i + 1] as number;
    const inBin = pairs.filter((x) => x.score >= low && x.score < high);
    const mean = inBin.reduce((s, x) => s + x.score, 0) / (inBin.length || 1);
    return {
      bin: `${low.toFixed(1)}–${Math.min(high, 1).toFixed(1)}`,
      n: inBin.length,
      meanScore: mean,
      positiveRate: inBin.length ? inBin.filter((x) => x.positive).length / inBin.length : null,
    };
  });
}

function streamFigures(judged: Judged[]) {
  let tp = 0;
  let fp = 0;
  let fn = 0;
  for (const j of judged) {
    for (const t of topicIds) {
      const want = j.gold.includes(t);
      const got = j.predicted.includes(t);
      if (want && got) tp++;
      else if (got) fp++;
      else if (want) fn++;
    }
  }
  const pages = judged.length;
  const onTopic = judged.filter((j) => j.gold.length > 0).length;
  const offTopicWithTopic = judged.filter((j) => j.gold.length === 0 && j.predicted.length > 0).length;
  return { pages, onTopic, offTopicWithTopic, ...prf({ tp, fp, fn }), byTopic: countsOf(judged) };
}

const misses = (judged: Judged[]) =>
  judged
    .filter((j) => !(j.gold.length === j.predicted.length && j.gold.every((t) => j.predicted.includes(t))))
    .map(
      (j) =>
        `${j.id} [${j.lang}] want ${j.gold.join('+') || '-'} got ${j.predicted.join('+') || '-'} (${topicIds.map((t) => `${t} ${(j.scores[t] ?? 0).toFixed(2)}`).join(', ')})`,
    );

const result = {
  articles: samples.length,
  genres: GENRES,
  inSample: summary(inSample),
  crossValidated: summary(crossValidated),
  perLanguage: Object.fromEntries(
    groupBy(crossValidated, (j) => j.lang).map(([lang, list]) => [
      lang,
      { n: list.length, inSample: summary(inSample.filter((j) => j.lang === lang)).macroF1, crossValidated: summary(list).macroF1 },
    ]),
  ),
  perSource: Object.fromEntries(
    groupBy(crossValidated, (j) => j.source).map(([source, list]) => [
      source,
      { inSample: summary(inSample.filter((j) => j.source === source)), crossValidated: summary(list) },
    ]),
  ),
  confusion: confusion(crossValidated),
  reliability: reliability(crossValidated),
  stream: streamFigures(stream),
  crossValidatedMisses: misses(crossValidated),
  streamMisses: misses(stream),
  seconds: (performance.now() - started) / 1000,
};

if (values.json) console.log(JSON.stringify(result, null, 2));
else {
  const pct = (x: number) => `${(100 * x).toFixed(1)}%`.padStart(6);
  const side = (a: number, b: number) => `${pct(a)}  ${pct(b)}`;
  console.log(`topics: ${samples.length} labelled articles (corpus ${corpusDir}, generalization fixtures, own examples) in ${result.seconds.toFixed(1)} s`);
  console.log('\n                      in-sample  cross-validated (folds by outlet)');
  for (const t of topicIds) {
    const a = result.inSample.perTopic[t] as { p: number; r: number; f1: number };
    const b = result.crossValidated.perTopic[t] as { p: number; r: number; f1: number };
    console.log(`  ${t.padEnd(12)} P ${side(a.p, b.p)}   R ${side(a.r, b.r)}   F1 ${side(a.f1, b.f1)}`);
  }
  const rows: [string, keyof ReturnType<typeof summary>][] = [
    ['macro-F1', 'macroF1'],
    ['exact label sets', 'exactMatch'],
    ['off-topic false positives', 'offTopicFalsePositiveRate'],
    [`deliberate distractors FP (n=${result.crossValidated.distractors})`, 'distractorFalsePositiveRate'],
  ];
  for (const [label, key] of rows) console.log(`  ${label.padEnd(40)} ${side(result.inSample[key] as number, result.crossValidated[key] as number)}`);
  console.log('\nper language (macro-F1)     n  in-sample  cross-validated');
  for (const [lang, l] of Object.entries(result.perLanguage))
    console.log(`  ${lang.padEnd(22)} ${String(l.n).padStart(4)}  ${side(l.inSample, l.crossValidated)}`);
  console.log('\nper source                  n  macro-F1 in / cv     distractor FP in / cv');
  for (const [source, s] of Object.entries(result.perSource)) {
    console.log(
      `  ${source.padEnd(22)} ${String(s.crossValidated.n).padStart(4)}  ${side(s.inSample.macroF1, s.crossValidated.macroF1)}      ${side(s.inSample.distractorFalsePositiveRate, s.crossValidated.distractorFalsePositiveRate)}`,
    );
  }
  console.log('\nconfusion (cross-validated; rows gold, columns predicted, article × label pairs)');
  const labels = [...topicIds, 'none'];
  console.log(`  ${''.padEnd(12)} ${labels.map((l) => l.padStart(12)).join('')}`);
  for (const g of labels) console.log(`  ${g.padEnd(12)} ${labels.map((p) => String(result.confusion[g]?.[p] ?? 0).padStart(12)).join('')}`);
  console.log('\nreliability (cross-validated; score bin → mean score, share of positives)');
  for (const row of result.reliability)
    console.log(
      `  ${row.bin}  n=${String(row.n).padStart(4)}  mean ${row.meanScore.toFixed(2)}  positive ${row.positiveRate === null ? '   -' : pct(row.positiveRate)}`,
    );
  const s = result.stream;
  console.log(
    `\nnatural stream (${s.pages} pages, ${s.onTopic} on a topic; never trained on): precision ${pct(s.p)}, recall ${pct(s.r)}, F1 ${pct(s.f1)}; off-topic pages given a topic: ${s.offTopicWithTopic}`,
  );
  console.log(`\ncross-validated misses (${result.crossValidatedMisses.length}):\n  ${result.crossValidatedMisses.join('\n  ') || '(none)'}`);
  console.log(`\nstream misses (${result.streamMisses.length}):\n  ${result.streamMisses.join('\n  ') || '(none)'}`);
}
