/**
 * `npm run eval:topics [-- --corpus DIR] [--json]`: how well the topic decision does.
 *
 * On every labelled article the model learns from (the team corpus, default ../shared/corpus
 * beside the worktree as in training/topics/calibrate.ts; the generalization fixtures; the own examples in
 * tests/fixtures/topics/train-*.txt) it prints, side by side:
 *   - in-sample: the shipped model through the same pipeline as `kabar process`;
 *   - cross-validated: outlet-grouped folds (no outlet in both the training and the test part),
 *     genre and topic models refitted per fold exactly as `npm run train:topics` fits them;
 * per topic, per language and per source, off-topic false positives (all and deliberate
 * distractors), the confusion between topics and a reliability table. Then the natural-stream
 * checks, never trained on, through the shipped model, per topic: tests/fixtures/topics/stream-*.txt
 * (ordinary pages written for the purpose, few on a topic), web-stream-*.txt (real news pages of
 * every section in ten languages, summarised with their address) and ../shared/pages (793 real
 * article pages through the whole pipeline; `--pages DIR`, `--no-pages` to skip).
 */
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { classifyArticle, defaultTopicModel } from '#shared/domain/classify/classify.ts';
import { GENRES } from '#shared/domain/classify/genre.ts';
import { processArticle } from '#shared/domain/pipeline.ts';
import { loadCorpus, loadFixtures } from '../labelled-articles.ts';
import { DEFAULT_PAGES, loadCheckedPages } from './pages-check.ts';
import {
  calibrated,
  chooseThreshold,
  crossValidate,
  DEFAULT_CORPUS,
  fitCalibration,
  loadOwnExamples,
  loadSamples,
  loadWebPages,
  OWN_EXAMPLES_DIR,
  ROOT,
  type Sample,
  topicIds,
} from './model.ts';

const { values } = parseArgs({
  options: {
    corpus: { type: 'string' },
    pages: { type: 'string' },
    'no-pages': { type: 'boolean', default: false },
    json: { type: 'boolean', default: false },
  },
});
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
for (const page of loadWebPages(OWN_EXAMPLES_DIR, 'web-train')) texts.set(`web/${page.id}`, { title: page.title, body: page.body, language: page.lang });

/** Per topic, the score at which it is assigned: the shipped model's thresholds, or those chosen out of fold. */
type Thresholds = Record<string, number>;
const shippedThresholds: Thresholds = Object.fromEntries(topicIds.map((t) => [t, defaultTopicModel.topics[t]?.threshold ?? 0.5]));
const assigned = (scores: Record<string, number>, thresholds: Thresholds) => topicIds.filter((t) => (scores[t] ?? 0) >= (thresholds[t] ?? 0.5));

const judge = (sample: Sample, scores: Record<string, number>, thresholds: Thresholds): Judged => ({
  id: sample.id,
  lang: sample.lang,
  source: sourceOf(sample.id),
  kind: sample.kind,
  gold: sample.topics,
  predicted: assigned(scores, thresholds),
  scores,
});

const inSample: Judged[] = samples.map((sample) => {
  const text = texts.get(sample.id);
  return judge(sample, text ? classifyArticle(text).scores : {}, shippedThresholds);
});

// Cross-validated: out-of-fold margins, calibrated with the out-of-fold calibration, thresholds chosen on the same scores.
const oof = crossValidate(samples);
const calibrations = Object.fromEntries(topicIds.map((t) => [t, fitCalibration(t, samples, oof)]));
const oofThresholds: Thresholds = Object.fromEntries(topicIds.map((t) => [t, chooseThreshold(t, samples, oof, calibrations[t] ?? { a: 1, b: 0 })]));
const crossValidated: Judged[] = samples.map((sample) => {
  const margins = oof.margins.get(sample.id) ?? {};
  return judge(sample, Object.fromEntries(topicIds.map((t) => [t, calibrated(margins[t] ?? null, calibrations[t] ?? { a: 1, b: 0 })])), oofThresholds);
});

// Natural streams: pages never trained on, through the shipped model.
const classified = (
  id: string,
  source: string,
  lang: string,
  kind: string,
  gold: string[],
  input: { title: string | null; body: string; language: string },
): Judged => {
  const scores = classifyArticle(input).scores;
  return { id, lang, source, kind, gold, predicted: assigned(scores, shippedThresholds), scores };
};
const stream: Judged[] = loadOwnExamples(OWN_EXAMPLES_DIR, 'stream').map((e) =>
  classified(`stream/${e.id}`, 'stream', e.lang, e.kind, e.topics, { title: e.title, body: e.body, language: e.lang }),
);
const webStream: Judged[] = loadWebPages(OWN_EXAMPLES_DIR, 'web-stream').map((p) =>
  classified(`web-stream/${p.id}`, 'web-stream', p.lang, p.kind, p.topics, { title: p.title, body: p.body, language: p.lang }),
);
const pagesDir = resolve(values.pages ?? DEFAULT_PAGES);
const pagesCheck: Judged[] = values['no-pages'] ? [] : (await loadCheckedPages(pagesDir)).map((p) => classified(p.id, 'pages', p.language, 'ordinary', [], p));

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
  /** The real articles (corpus and fixtures): the team's proxy for its held-out articles. */
  realArticles: {
    inSample: summary(inSample.filter((j) => j.source === 'corpus' || j.source === 'fixtures')),
    crossValidated: summary(crossValidated.filter((j) => j.source === 'corpus' || j.source === 'fixtures')),
  },
  perSource: Object.fromEntries(
    groupBy(crossValidated, (j) => j.source).map(([source, list]) => [
      source,
      { inSample: summary(inSample.filter((j) => j.source === source)), crossValidated: summary(list) },
    ]),
  ),
  confusion: confusion(crossValidated),
  reliability: reliability(crossValidated),
  thresholds: { shipped: shippedThresholds, outOfFold: oofThresholds },
  stream: streamFigures(stream),
  webStream: streamFigures(webStream),
  pagesCheck: streamFigures(pagesCheck),
  allStreams: streamFigures([...stream, ...webStream, ...pagesCheck]),
  webStreamPerLanguage: Object.fromEntries(groupBy(webStream, (j) => j.lang).map(([lang, list]) => [lang, { n: list.length, ...streamFigures(list) }])),
  crossValidatedMisses: misses(crossValidated),
  streamMisses: misses(stream),
  webStreamMisses: misses(webStream),
  pagesCheckMisses: misses(pagesCheck),
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
  const real = result.realArticles;
  console.log(
    `  ${`real articles only (corpus + fixtures, n=${real.crossValidated.n}): macro-F1`.padEnd(40)} ${side(real.inSample.macroF1, real.crossValidated.macroF1)}`,
  );
  console.log(
    `  ${`  their deliberate distractors FP (n=${real.crossValidated.distractors})`.padEnd(40)} ${side(real.inSample.distractorFalsePositiveRate, real.crossValidated.distractorFalsePositiveRate)}`,
  );
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
  console.log(
    `\nthresholds (feed precision first): shipped ${topicIds.map((t) => `${t} ${shippedThresholds[t]?.toFixed(2)}`).join(', ')}; out of fold ${topicIds.map((t) => `${t} ${oofThresholds[t]?.toFixed(2)}`).join(', ')}`,
  );
  console.log('\nnatural streams (never trained on; shipped model)   pages  on topic  off-topic given a topic   P       R       F1');
  const streams: [string, ReturnType<typeof streamFigures>][] = [
    ['ordinary pages written for the purpose', result.stream],
    ['real news pages, 10 languages (web-stream)', result.webStream],
    [`real article pages (${values['no-pages'] ? 'skipped' : pagesDir})`, result.pagesCheck],
    ['all three', result.allStreams],
  ];
  for (const [label, s] of streams) {
    console.log(
      `  ${label.padEnd(48)} ${String(s.pages).padStart(5)}  ${String(s.onTopic).padStart(8)}  ${String(s.offTopicWithTopic).padStart(24)}   ${pct(s.p)}  ${pct(s.r)}  ${pct(s.f1)}`,
    );
    for (const t of topicIds) {
      const c = s.byTopic[t] as Counts;
      const { p, r } = prf(c);
      console.log(
        `      ${t.padEnd(12)} right ${String(c.tp).padStart(3)}  wrong ${String(c.fp).padStart(3)}  missed ${String(c.fn).padStart(3)}   P ${pct(p)}  R ${pct(r)}`,
      );
    }
  }
  console.log('\nreal news pages per language (web-stream): n, P, R');
  for (const [lang, s] of Object.entries(result.webStreamPerLanguage)) console.log(`  ${lang.padEnd(4)} ${String(s.n).padStart(4)}  ${pct(s.p)}  ${pct(s.r)}`);
  console.log(`\ncross-validated misses (${result.crossValidatedMisses.length}):\n  ${result.crossValidatedMisses.join('\n  ') || '(none)'}`);
  for (const [label, list] of [
    ['stream', result.streamMisses],
    ['web-stream', result.webStreamMisses],
    ['pages', result.pagesCheckMisses],
  ] as const)
    console.log(`\n${label} misses (${list.length}):\n  ${list.join('\n  ') || '(none)'}`);
}
