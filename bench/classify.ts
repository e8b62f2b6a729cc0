/**
 * Classify time per article (#21: "no slower"): `classifyArticle` of this checkout against the
 * classifiers of 84febea (the lexicon-only one, before the learned topic model) and d63ded8 (the
 * topic model before the inter-state relation features), each bundled and minified by esbuild as the
 * Lambda runs it, each in fresh processes of its own (two classifiers in one heap slow whichever runs
 * second), on the same cleaned texts, alternating process by process so a busy machine slows all three
 * alike. CPU time, steadier than wall time.
 *
 * Texts: short news (the labelled one-paragraph summaries in tests/fixtures/topics/), news articles
 * (the corpus, cleaned by this checkout's pipeline) and long ordinary pages (../shared/pages through
 * this checkout's pipeline; without ../shared the HTML fixtures).
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { gunzipSync } from 'node:zlib';
import * as esbuild from 'esbuild';
import { requireEnv } from '#shared/config/env.ts';
import { processArticle } from '#shared/domain/pipeline.ts';
import { checkoutOf, PRE_MODEL_REVISION } from './models.ts';
import { loadCorpus } from './pipeline.ts';
import { type Summary, summarize } from './stats.ts';

const ROOT = resolve(import.meta.dirname, '..');
/** The learned topic model before the relation features (the figure #21's "no slower" was first quoted against). */
export const PRE_RELATIONS_REVISION = 'd63ded8';

interface ClassifyInput {
  title: string | null;
  body: string;
  language: string;
}

export interface ClassifySetResult {
  name: string;
  texts: number;
  meanChars: number;
  /** CPU ms per article, median (min–max) of the processes. */
  now: Summary;
  baselines: { revision: string; perArticleMs: Summary; ratio: number }[];
}

export interface ClassifyBenchResult {
  rounds: number;
  sets: ClassifySetResult[];
}

const SHORT_NEWS_FILES = ['web-stream-1.txt', 'train-1.txt', 'train-2.txt', 'stream-1.txt'];

/** The one-paragraph labelled summaries: `lang|genre|topics|kind|url|title|body` (web files) or `lang|…|title|body`. */
function shortNews(): ClassifyInput[] {
  const texts: ClassifyInput[] = [];
  for (const file of SHORT_NEWS_FILES) {
    const path = join(ROOT, 'tests', 'fixtures', 'topics', file);
    if (!existsSync(path)) continue;
    for (const line of readFileSync(path, 'utf8').split('\n')) {
      if (!line || line.startsWith('#')) continue;
      const fields = line.split('|');
      const web = fields.length === 7;
      texts.push({ title: fields[web ? 5 : 4] ?? null, body: fields[web ? 6 : 5] ?? '', language: fields[0] ?? 'und' });
    }
  }
  return texts;
}

/** What this checkout's pipeline gives the classifier for each upload. */
async function cleaned(uploads: { key: string; bytes: Uint8Array }[]): Promise<ClassifyInput[]> {
  const texts: ClassifyInput[] = [];
  for (const upload of uploads) {
    const processed = await processArticle(upload);
    if (processed.status !== 'ok') continue;
    texts.push({ title: processed.title, body: processed.body, language: processed.metadata.language.code });
  }
  return texts;
}

function pageUploads(limit: number): { source: string; uploads: { key: string; bytes: Uint8Array }[] } {
  const shared = resolve(ROOT, '..', 'shared', 'pages', 'html');
  if (existsSync(shared)) {
    const names = readdirSync(shared)
      .filter((n) => n.endsWith('.html.gz'))
      .sort()
      .slice(0, limit);
    return {
      source: `../shared/pages, first ${names.length}`,
      uploads: names.map((n) => ({ key: `incoming/bench/${n.replace(/\.gz$/, '')}`, bytes: new Uint8Array(gunzipSync(readFileSync(join(shared, n)))) })),
    };
  }
  const uploads: { key: string; bytes: Uint8Array }[] = [];
  for (const dir of ['tests/fixtures/html-gold', 'tests/fixtures/html-shapes']) {
    for (const n of readdirSync(resolve(ROOT, dir)).filter((f) => f.endsWith('.html')))
      uploads.push({ key: `incoming/bench/${n}`, bytes: new Uint8Array(readFileSync(resolve(ROOT, dir, n))) });
  }
  return { source: 'HTML fixtures', uploads };
}

/** Where the texts go for the worker processes (git-ignored). */
const INPUTS_FILE = join(ROOT, '.tmp', 'bench-classify-inputs.json');

/**
 * The classifier as the Lambda runs it: `classify.ts` of `checkout` (null: this one) bundled and
 * minified by esbuild into .tmp/ (the house options' bundling, minus code splitting and data files).
 */
async function bundledClassifier(name: string, checkout: string | null): Promise<string> {
  const entry = checkout ? join(checkout, 'shared', 'domain', 'classify.ts') : join(ROOT, 'shared', 'domain', 'classify', 'classify.ts');
  const outfile = join(ROOT, '.tmp', `bench-classify-${name}.mjs`);
  await esbuild.build({ entryPoints: [entry], outfile, bundle: true, minify: true, platform: 'node', format: 'esm', target: 'node22', logLevel: 'warning' });
  return outfile;
}

/** One worker process (plain node on a bundle): every set once as warm-up, then CPU ms per article per set. */
function runWorker(bundle: string, repeats: readonly number[]): number[] {
  const child = spawnSync(process.execPath, [join(ROOT, 'bench', 'classify-worker.mjs')], {
    cwd: ROOT,
    env: {
      PATH: requireEnv('PATH'),
      HOME: requireEnv('HOME'),
      KABAR_CLASSIFY_MODULE: bundle,
      KABAR_CLASSIFY_INPUTS: INPUTS_FILE,
      KABAR_REPEATS: repeats.join(','),
    },
    encoding: 'utf8',
    timeout: 600_000,
  });
  if (child.status !== 0) throw new Error(`the classify worker for ${bundle} failed: ${child.stderr}`);
  return JSON.parse(child.stdout.trim().split('\n').at(-1) ?? '[]') as number[];
}

export async function benchClassify(options: { rounds: number; pages: number; log: (line: string) => void }): Promise<ClassifyBenchResult> {
  const { log } = options;
  const baselines: { revision: string; checkout: string }[] = [];
  for (const revision of [PRE_MODEL_REVISION, PRE_RELATIONS_REVISION]) {
    const checkout = checkoutOf(revision);
    if (checkout) baselines.push({ revision, checkout });
    else log(`  (no ${revision}: not in this clone's history)`);
  }
  const corpus = loadCorpus(1);
  const pages = pageUploads(options.pages);
  const sets = [
    { name: `short news (${SHORT_NEWS_FILES.length} labelled summary files)`, texts: shortNews() },
    { name: `news articles (${corpus.source}, cleaned)`, texts: await cleaned(corpus.articles.slice(0, corpus.unique)) },
    { name: `long pages (${pages.source}, cleaned)`, texts: await cleaned(pages.uploads) },
  ].filter((set) => set.texts.length > 0);
  mkdirSync(dirname(INPUTS_FILE), { recursive: true });
  writeFileSync(INPUTS_FILE, JSON.stringify(sets.map((set) => set.texts)));
  // About 0.3 s of work per set and process, whatever the set's size.
  const repeats = sets.map((set) =>
    Math.max(
      1,
      Math.round(
        3_000_000 /
          Math.max(
            1,
            set.texts.reduce((n, t) => n + t.body.length, 0),
          ),
      ),
    ),
  );

  log(
    `classifyArticle bundled and minified as the Lambda runs it, CPU ms per article, median (min–max) of ${options.rounds} fresh processes each, alternated; ratio = this checkout ÷ baseline (≤ 1: no slower):`,
  );
  const all: { revision: string; bundle: string }[] = [{ revision: 'now', bundle: await bundledClassifier('now', null) }];
  for (const { revision, checkout } of baselines) all.push({ revision, bundle: await bundledClassifier(revision, checkout) });
  // times[classifier][set]: one figure per process.
  const times = all.map(() => sets.map(() => [] as number[]));
  for (let round = 0; round < options.rounds; round++) {
    for (let k = 0; k < all.length; k++) {
      const i = (round + k) % all.length;
      runWorker((all[i] as { bundle: string }).bundle, repeats).forEach((ms, s) => {
        times[i]?.[s]?.push(ms);
      });
    }
  }
  const results: ClassifySetResult[] = sets.map(({ name, texts }, s) => {
    const now = summarize(times[0]?.[s] ?? []);
    return {
      name,
      texts: texts.length,
      meanChars: Math.round(texts.reduce((n, t) => n + t.body.length, 0) / texts.length),
      now,
      baselines: baselines.map(({ revision }, b) => {
        const perArticleMs = summarize(times[b + 1]?.[s] ?? []);
        return { revision, perArticleMs, ratio: now.median / perArticleMs.median };
      }),
    };
  });
  const ms = (x: Summary) => `${x.median.toFixed(3)} (${x.min.toFixed(3)}–${x.max.toFixed(3)})`;
  for (const result of results) {
    log(`  ${result.name}: ${result.texts} texts, ${result.meanChars} chars on average`);
    log(`    this checkout ${ms(result.now)} ms`);
    for (const b of result.baselines) log(`    ${b.revision.padEnd(13)} ${ms(b.perArticleMs)} ms   ratio ${b.ratio.toFixed(2)}`);
  }
  return { rounds: options.rounds, sets: results };
}
