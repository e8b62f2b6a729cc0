#!/usr/bin/env node
/**
 * Dev tool: fits the evidence-only calibration `{ slope, offset }` of each topic on a labelled
 * corpus. The shipped decision is the trained model (`npm run train:topics`); this calibration is
 * what a topic added to taxonomy.json uses until it is trained, so a new topic works at once.
 *
 *   npx tsx training/topics/calibrate.ts [--corpus DIR] [--raw] [--verbose]
 *
 * Reads `labels.jsonl` and `articles/NNN.txt` (the team corpus, default ../shared/corpus).
 * By default it simulates a good cleaner by dropping the lines labelled `boilerplate`;
 * `--raw` keeps them. The first line is the title (its ` date YYYY-MM-DD` extractor prefix
 * stripped), the rest the body. Prints per-topic P/R/F1, off-topic false positives, per
 * language macro-F1, the misses, a fitted `{ slope, offset }` per topic (a one-feature
 * logistic regression on ln(1 + raw evidence), ridge-penalised so that 70 articles cannot
 * push the slope to infinity) and a reliability table of predicted score vs observed rate.
 * Copy the fitted parameters into a new topic's `calibration` in shared/data/taxonomy.json by hand after review.
 */
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { classifyArticleDetailed } from '../../shared/domain/classify/classify.ts';
import { defaultTaxonomy } from '../../shared/domain/classify/taxonomy.ts';
import { DEFAULT_CORPUS } from './model.ts';

interface Label {
  id: string;
  lang: string;
  topics: string[];
  boilerplate: string[];
}

const { values } = parseArgs({
  options: { corpus: { type: 'string' }, raw: { type: 'boolean', default: false }, verbose: { type: 'boolean', default: false } },
});
const corpus = resolve(values.corpus ?? DEFAULT_CORPUS);
const keepBoilerplate = values.raw ?? false;
const verbose = values.verbose ?? false;
const topicIds = defaultTaxonomy.topics.map((t) => t.id);
const threshold = defaultTaxonomy.threshold;

const labels: Label[] = readFileSync(join(corpus, 'labels.jsonl'), 'utf8')
  .split('\n')
  .filter((l) => l.trim())
  .map((l) => JSON.parse(l) as Label);

interface Row {
  label: Label;
  raw: Record<string, number>;
  scores: Record<string, number>;
  topics: string[];
}

const rows: Row[] = labels.map((label) => {
  const text = readFileSync(join(corpus, 'articles', `${label.id}.txt`), 'utf8');
  const remaining = new Map<string, number>();
  for (const line of label.boilerplate) remaining.set(line.trim(), (remaining.get(line.trim()) ?? 0) + 1);
  const lines = text
    .split('\n')
    .map((l) => l.trim())
    .filter((line) => {
      if (!line) return false;
      const left = remaining.get(line) ?? 0;
      if (keepBoilerplate || left === 0) return true;
      remaining.set(line, left - 1);
      return false;
    });
  const title = (lines.shift() ?? '').replace(/^date \d{4}(-\d{2}){0,2}\s*/, '');
  const result = classifyArticleDetailed({ title, body: lines.join('\n\n'), language: label.lang });
  return { label, raw: result.rawScores, scores: result.scores, topics: result.topics };
});

const pct = (x: number) => (100 * x).toFixed(1).padStart(5);
function f1(tp: number, fp: number, fn: number) {
  const p = tp + fp ? tp / (tp + fp) : 1;
  const r = tp + fn ? tp / (tp + fn) : 1;
  return { p, r, f: p + r ? (2 * p * r) / (p + r) : 0 };
}
function macroF1(subset: Row[]) {
  let sum = 0;
  for (const t of topicIds) {
    const tp = subset.filter((r) => r.label.topics.includes(t) && r.topics.includes(t)).length;
    const fp = subset.filter((r) => !r.label.topics.includes(t) && r.topics.includes(t)).length;
    const fn = subset.filter((r) => r.label.topics.includes(t) && !r.topics.includes(t)).length;
    sum += f1(tp, fp, fn).f;
  }
  return sum / topicIds.length;
}

console.log(`${keepBoilerplate ? 'raw' : 'simulated-clean'} corpus: ${rows.length} articles, taxonomy ${defaultTaxonomy.version}`);
for (const t of topicIds) {
  const tp = rows.filter((r) => r.label.topics.includes(t) && r.topics.includes(t)).length;
  const fp = rows.filter((r) => !r.label.topics.includes(t) && r.topics.includes(t)).length;
  const fn = rows.filter((r) => r.label.topics.includes(t) && !r.topics.includes(t)).length;
  const { p, r, f } = f1(tp, fp, fn);
  console.log(`${t.padEnd(12)} P ${pct(p)}  R ${pct(r)}  F1 ${pct(f)}`);
}
const offTopic = rows.filter((r) => r.label.topics.length === 0);
console.log(`macro-F1 ${pct(macroF1(rows))}, off-topic false positives ${pct(offTopic.filter((r) => r.topics.length > 0).length / offTopic.length)}%`);
const languages = [...new Set(rows.map((r) => r.label.lang))];
console.log(`per language: ${languages.map((l) => `${l} ${pct(macroF1(rows.filter((r) => r.label.lang === l)))}`).join(', ')}`);
console.log('misses:');
for (const row of rows) {
  const want = row.label.topics.slice().sort().join('+') || '-';
  const got = row.topics.slice().sort().join('+') || '-';
  if (want !== got || verbose) {
    const detail = topicIds.map((t) => `${t} ${row.scores[t]?.toFixed(2)} (raw ${row.raw[t]?.toFixed(1)})`).join(', ');
    console.log(`  ${row.label.id} [${row.label.lang}] want ${want} got ${got}: ${detail}`);
  }
}

/** Ridge-penalised one-feature logistic regression by Newton's method: y ~ σ(a·x + b). */
function fitLogistic(xs: number[], ys: number[], ridge = 1): { slope: number; offset: number } {
  let a = 1;
  let b = 0;
  for (let iter = 0; iter < 100; iter++) {
    let ga = ridge * a,
      gb = 0,
      haa = ridge,
      hab = 0,
      hbb = 1e-9;
    xs.forEach((x, i) => {
      const p = 1 / (1 + Math.exp(-(a * x + b)));
      const err = p - (ys[i] ?? 0);
      const w = p * (1 - p);
      ga += err * x;
      gb += err;
      haa += w * x * x;
      hab += w * x;
      hbb += w;
    });
    const det = haa * hbb - hab * hab;
    const da = (hbb * ga - hab * gb) / det;
    const db = (haa * gb - hab * ga) / det;
    a -= da;
    b -= db;
    if (Math.abs(da) + Math.abs(db) < 1e-9) break;
  }
  return { slope: Number(a.toFixed(3)), offset: Number((-b / a).toFixed(3)) };
}

console.log('\nfitted calibration (feature ln(1 + raw)):');
const fitted: Record<string, { slope: number; offset: number }> = {};
for (const t of topicIds) {
  const xs = rows.map((r) => Math.log1p(r.raw[t] ?? 0));
  const ys = rows.map((r) => (r.label.topics.includes(t) ? 1 : 0));
  fitted[t] = fitLogistic(xs, ys);
  console.log(`  ${t.padEnd(12)} ${JSON.stringify(fitted[t])}   (in use: ${JSON.stringify(defaultTaxonomy.topics.find((x) => x.id === t)?.calibration)})`);
}

console.log(`\nreliability (current calibration, all topics pooled, threshold ${threshold}):`);
console.log('  score bin    n   mean score   observed rate');
const bins = [0, 0.1, 0.3, 0.5, 0.7, 0.9, 1.0001];
for (let b = 0; b < bins.length - 1; b++) {
  const lo = bins[b] ?? 0,
    hi = bins[b + 1] ?? 1;
  const inBin = rows.flatMap((r) => topicIds.map((t) => ({ s: r.scores[t] ?? 0, y: r.label.topics.includes(t) ? 1 : 0 }))).filter(({ s }) => s >= lo && s < hi);
  const mean = inBin.reduce((s, x) => s + x.s, 0) / (inBin.length || 1);
  const rate = inBin.reduce((s, x) => s + x.y, 0) / (inBin.length || 1);
  console.log(
    `  ${lo.toFixed(1)}–${Math.min(hi, 1).toFixed(1)}  ${String(inBin.length).padStart(4)}   ${mean.toFixed(2).padStart(10)}   ${inBin.length ? rate.toFixed(2).padStart(13) : '            -'}`,
  );
}
