/**
 * `npm run eval`: measures cleaning and classification on a labelled corpus
 * (default ../shared/corpus; see its README for labels.jsonl).
 *
 *   npm run eval [-- --corpus DIR] [--json]
 *
 * Prints per-topic precision / recall / F1, macro-F1, exact label-set match, off-topic false
 * positives, per-language figures, a reliability table of the scores, the share of annotated
 * boilerplate lines removed and body fragments kept, and every miss.
 * It runs the pipeline in-process through the same function as `kabar process`.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { type ProcessOutput, processFile } from './process-files.ts';
import { normaliseForScoring, scoreBoilerplate } from './scoring.ts';

interface Label {
  id: string;
  lang: string;
  topics: string[];
  boilerplate?: string[];
  body_keep?: string[];
}

interface Counts {
  tp: number;
  fp: number;
  fn: number;
}

const args = process.argv.slice(2);
const corpusFlag = args.indexOf('--corpus');
const corpusDir = resolve(corpusFlag >= 0 ? (args[corpusFlag + 1] ?? '') : '../shared/corpus');
const asJson = args.includes('--json');

if (!existsSync(join(corpusDir, 'labels.jsonl'))) {
  console.error(`No corpus at ${corpusDir} (expected labels.jsonl and articles/). Pass --corpus DIR.`);
  process.exit(2);
}

const labels: Label[] = readFileSync(join(corpusDir, 'labels.jsonl'), 'utf8')
  .split('\n')
  .filter((line) => line.trim())
  .map((line) => JSON.parse(line) as Label);
const topicIds = ['diplomacy', 'ukraine', 'middle-east'];

const norm = normaliseForScoring;

const emptyCounts = (): Record<string, Counts> => Object.fromEntries(topicIds.map((t) => [t, { tp: 0, fp: 0, fn: 0 }]));
const overall = emptyCounts();
const byLanguage = new Map<string, { counts: Record<string, Counts>; bp: [number, number]; keep: [number, number]; n: number }>();
const classificationMisses: string[] = [];
const cleaningMisses: string[] = [];
const reliability: { score: number; positive: boolean }[] = [];
let exact = 0;
let offTopic = 0;
let offTopicHit = 0;
let rejected = 0;
const started = performance.now();

for (const gold of labels) {
  const file = join(corpusDir, 'articles', `${gold.id}.txt`);
  const got: ProcessOutput = await processFile(file);
  if (got.status !== 'ok') rejected++;
  const lang = byLanguage.get(gold.lang) ?? { counts: emptyCounts(), bp: [0, 0], keep: [0, 0], n: 0 };
  byLanguage.set(gold.lang, lang);
  lang.n++;

  const predicted = new Set(got.topics);
  const wanted = new Set(gold.topics);
  for (const topic of topicIds) {
    const kind = wanted.has(topic) && predicted.has(topic) ? 'tp' : predicted.has(topic) ? 'fp' : wanted.has(topic) ? 'fn' : null;
    if (kind) {
      (overall[topic] as Counts)[kind]++;
      (lang.counts[topic] as Counts)[kind]++;
    }
    reliability.push({ score: got.scores[topic] ?? 0, positive: wanted.has(topic) });
  }
  if (wanted.size === 0) {
    offTopic++;
    if (predicted.size > 0) offTopicHit++;
  }
  const same = wanted.size === predicted.size && [...wanted].every((t) => predicted.has(t));
  if (same) exact++;
  else {
    const scores = topicIds.map((t) => `${t} ${(got.scores[t] ?? 0).toFixed(2)}`).join(', ');
    classificationMisses.push(`${gold.id} [${gold.lang}] want ${[...wanted].join('+') || '-'} got ${[...predicted].join('+') || '-'} (${scores})`);
  }

  // Boilerplate: whole input lines, counted as the scorer counts them.
  const body = norm(got.body);
  for (const { line, labelled, removed } of scoreBoilerplate(readFileSync(file, 'utf8'), got.body, gold.boilerplate ?? [])) {
    lang.bp[0] += removed;
    lang.bp[1] += labelled;
    if (removed < labelled) cleaningMisses.push(`${gold.id} [${gold.lang}] kept boilerplate: ${line.slice(0, 100)}`);
  }
  for (const fragment of gold.body_keep ?? []) {
    lang.keep[1]++;
    if (body.includes(norm(fragment))) lang.keep[0]++;
    else cleaningMisses.push(`${gold.id} [${gold.lang}] lost body: ${fragment}`);
  }
}
const seconds = (performance.now() - started) / 1000;


function prf({ tp, fp, fn }: Counts) {
  const p = tp + fp ? tp / (tp + fp) : 1;
  const r = tp + fn ? tp / (tp + fn) : 1;
  return { p, r, f1: p + r ? (2 * p * r) / (p + r) : 0 };
}
const macroF1 = (counts: Record<string, Counts>) => topicIds.reduce((sum, t) => sum + prf(counts[t] as Counts).f1, 0) / topicIds.length;
const sum = (pairs: [number, number][]) => pairs.reduce<[number, number]>((acc, [a, b]) => [acc[0] + a, acc[1] + b], [0, 0]);
const ratio = ([a, b]: [number, number]) => (b ? a / b : 1);

const bins = [0, 0.1, 0.3, 0.5, 0.7, 0.9, 1.0001];
const reliabilityTable = bins.slice(0, -1).map((low, i) => {
  const high = bins[i + 1] as number;
  const inBin = reliability.filter((r) => r.score >= low && r.score < high);
  return { bin: `${low.toFixed(1)}–${Math.min(high, 1).toFixed(1)}`, n: inBin.length, positiveRate: inBin.length ? inBin.filter((r) => r.positive).length / inBin.length : null };
});

const languages = [...byLanguage.entries()].sort((a, b) => b[1].n - a[1].n);
const result = {
  articles: labels.length,
  macroF1: macroF1(overall),
  perTopic: Object.fromEntries(topicIds.map((t) => [t, prf(overall[t] as Counts)])),
  exactMatch: exact / labels.length,
  offTopicFalsePositiveRate: offTopic ? offTopicHit / offTopic : 0,
  rejected,
  boilerplateRemoved: ratio(sum(languages.map(([, l]) => l.bp))),
  bodyKept: ratio(sum(languages.map(([, l]) => l.keep))),
  perLanguage: Object.fromEntries(
    languages.map(([code, l]) => [code, { n: l.n, macroF1: macroF1(l.counts), boilerplateRemoved: ratio(l.bp), bodyKept: ratio(l.keep) }]),
  ),
  reliability: reliabilityTable,
  classificationMisses,
  cleaningMisses,
  seconds,
};

if (asJson) console.log(JSON.stringify(result, null, 2));
else {
  const pct = (x: number) => `${(100 * x).toFixed(1)}%`.padStart(6);
  console.log(`corpus ${corpusDir}: ${labels.length} articles in ${seconds.toFixed(2)} s`);
  console.log('\nclassification');
  for (const t of topicIds) {
    const { p, r, f1 } = result.perTopic[t] as { p: number; r: number; f1: number };
    console.log(`  ${t.padEnd(12)} P ${pct(p)}  R ${pct(r)}  F1 ${pct(f1)}`);
  }
  console.log(`  macro-F1 ${pct(result.macroF1)}, exact label sets ${pct(result.exactMatch)}, off-topic false positives ${pct(result.offTopicFalsePositiveRate)}, rejected ${rejected}`);
  console.log('\ncleaning');
  console.log(`  boilerplate lines removed ${pct(result.boilerplateRemoved)}, body fragments kept ${pct(result.bodyKept)}`);
  console.log('\nper language          n  macro-F1  boilerplate  body kept');
  for (const [code, l] of Object.entries(result.perLanguage)) {
    console.log(`  ${code.padEnd(18)} ${String(l.n).padStart(3)}  ${pct(l.macroF1)}    ${pct(l.boilerplateRemoved)}     ${pct(l.bodyKept)}`);
  }
  console.log('\nreliability (score bin → share of positives, over all topic × article pairs)');
  for (const row of reliabilityTable) console.log(`  ${row.bin}  n=${String(row.n).padStart(3)}  positive ${row.positiveRate === null ? '   -' : pct(row.positiveRate)}`);
  console.log(`\nclassification misses (${classificationMisses.length}):\n  ${classificationMisses.join('\n  ') || '(none)'}`);
  console.log(`\ncleaning misses (${cleaningMisses.length}):\n  ${cleaningMisses.join('\n  ') || '(none)'}`);
}
