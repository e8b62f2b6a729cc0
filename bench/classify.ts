/**
 * Classify time per article (#21: "no slower"): `classifyArticle` of this checkout against the
 * classifiers of 84febea (the lexicon-only one, before the learned topic model) and d63ded8 (the
 * topic model before the inter-state relation features), in one process, on the same cleaned texts,
 * alternating round by round so a busy machine slows all three alike. CPU time, steadier than wall time.
 *
 * Texts: short news (the labelled one-paragraph summaries in tests/fixtures/topics/), news articles
 * (the corpus, cleaned by this checkout's pipeline) and long ordinary pages (../shared/pages through
 * this checkout's pipeline; without ../shared the HTML fixtures).
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { classifyArticle } from '#shared/domain/classify/classify.ts';
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
type Classify = (input: ClassifyInput) => unknown;

export interface ClassifySetResult {
  name: string;
  texts: number;
  meanChars: number;
  /** CPU ms per article, median (min–max) of the rounds. */
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

async function classifierOf(revision: string, log: (line: string) => void): Promise<Classify | null> {
  const checkout = checkoutOf(revision);
  if (!checkout) {
    log(`  (no ${revision}: not in this clone's history)`);
    return null;
  }
  const module = (await import(join(checkout, 'shared', 'domain', 'classify.ts'))) as { classifyArticle: Classify };
  return module.classifyArticle;
}

/** CPU ms per article of `classify` over `texts`, `repeats` times. */
function cpuPerArticle(classify: Classify, texts: readonly ClassifyInput[], repeats: number): number {
  const since = process.cpuUsage();
  for (let r = 0; r < repeats; r++) for (const text of texts) classify(text);
  const used = process.cpuUsage(since);
  return (used.user + used.system) / 1000 / (repeats * texts.length);
}

export async function benchClassify(options: { rounds: number; pages: number; log: (line: string) => void }): Promise<ClassifyBenchResult> {
  const { log } = options;
  const baselines: { revision: string; classify: Classify }[] = [];
  for (const revision of [PRE_MODEL_REVISION, PRE_RELATIONS_REVISION]) {
    const classify = await classifierOf(revision, log);
    if (classify) baselines.push({ revision, classify });
  }
  const corpus = loadCorpus(1);
  const pages = pageUploads(options.pages);
  const sets = [
    { name: `short news (${SHORT_NEWS_FILES.length} labelled summary files)`, texts: shortNews() },
    { name: `news articles (${corpus.source}, cleaned)`, texts: await cleaned(corpus.articles.slice(0, corpus.unique)) },
    { name: `long pages (${pages.source}, cleaned)`, texts: await cleaned(pages.uploads) },
  ].filter((set) => set.texts.length > 0);

  log(`classifyArticle, CPU ms per article, median (min–max) of ${options.rounds} alternating rounds; ratio = this checkout ÷ baseline (≤ 1: no slower):`);
  const results: ClassifySetResult[] = [];
  for (const { name, texts } of sets) {
    const chars = texts.reduce((n, t) => n + t.body.length, 0);
    // About 0.1 s of work per classifier and round, whatever the set's size.
    const repeats = Math.max(1, Math.round(1_000_000 / Math.max(1, chars)));
    const all = [{ revision: 'now', classify: classifyArticle as Classify }, ...baselines];
    for (const { classify } of all) cpuPerArticle(classify, texts, 1); // warm-up: JIT, lexicon compilation
    const times = all.map(() => [] as number[]);
    for (let round = 0; round < options.rounds; round++) {
      // Each round starts with the next classifier: whichever runs right after another pays for its garbage.
      for (let k = 0; k < all.length; k++) {
        const i = (round + k) % all.length;
        times[i]?.push(cpuPerArticle((all[i] as { classify: Classify }).classify, texts, repeats));
      }
    }
    const now = summarize(times[0] ?? []);
    const result: ClassifySetResult = {
      name,
      texts: texts.length,
      meanChars: Math.round(chars / texts.length),
      now,
      baselines: baselines.map(({ revision }, i) => {
        const perArticleMs = summarize(times[i + 1] ?? []);
        return { revision, perArticleMs, ratio: now.median / perArticleMs.median };
      }),
    };
    results.push(result);
    const ms = (s: Summary) => `${s.median.toFixed(3)} (${s.min.toFixed(3)}–${s.max.toFixed(3)})`;
    log(`  ${name}: ${texts.length} texts, ${result.meanChars} chars on average`);
    log(`    this checkout ${ms(now)} ms`);
    for (const b of result.baselines) log(`    ${b.revision.padEnd(13)} ${ms(b.perArticleMs)} ms   ratio ${b.ratio.toFixed(2)}`);
  }
  return { rounds: options.rounds, sets: results };
}
