/**
 * Pipeline throughput: `processArticle` over a ≥ 10 MB replicated corpus against a one-pass
 * baseline (a Unicode-word tokenizer with one Map lookup per token) over the same texts, in the same run.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import { classifyArticle } from '#shared/domain/classify/classify.ts';
import { cleanArticle } from '#shared/domain/clean/clean.ts';
import { decodeBytes } from '#shared/domain/decode/decode.ts';
import { extractMetadata, languageTextOf } from '#shared/domain/extract/extract.ts';
import { detectLanguage } from '#shared/domain/extract/language.ts';
import { parseArticle } from '#shared/domain/parse/parse.ts';
import { processArticle } from '#shared/domain/pipeline.ts';
import { type Summary, summarize, verdict } from './stats.ts';

const ROOT = resolve(import.meta.dirname, '..');

/** The issue's target: the whole pipeline at least half as fast as the tokenizer baseline. */
export const PIPELINE_TARGET_RATIO = 0.5;

export interface CorpusArticle {
  key: string;
  bytes: Uint8Array;
}

export interface Corpus {
  source: string;
  unique: number;
  articles: CorpusArticle[];
  totalBytes: number;
}

export interface PipelineResult {
  corpus: { source: string; uniqueArticles: number; articles: number; megabytes: number };
  runs: number;
  pipeline: { mbPerSecond: Summary; articlesPerSecond: Summary; perArticleMs: { p50: number; p99: number; max: number } };
  baseline: { mbPerSecond: Summary; articlesPerSecond: Summary };
  /** Median pipeline MB/s ÷ median baseline MB/s. */
  ratio: number;
  pass: boolean;
  /** Mean article size in bytes and topics per ok article (inputs of the cost model). */
  averageArticleBytes: number;
  averageTopicsPerArticle: number;
  rejectedShare: number;
  /** Share of the pipeline's time per stage (one extra pass over the unique articles). */
  stageShares: Record<string, number>;
}

/**
 * The team corpus (`../shared/corpus/articles/*.txt`) when present, else the repo's own samples,
 * repeated until the set holds at least `minBytes`.
 *
 * @example loadCorpus(10_000_000).unique // → 70 with ../shared present, 3 on a plain clone
 */
export function loadCorpus(minBytes: number): Corpus {
  const sharedDir = resolve(ROOT, '..', 'shared', 'corpus', 'articles');
  const dirs = existsSync(sharedDir) ? [sharedDir] : [join(ROOT, 'samples'), join(ROOT, 'tests', 'fixtures', 'articles')];
  const unique = dirs.flatMap((dir) =>
    readdirSync(dir)
      .filter((name) => name.endsWith('.txt'))
      .sort()
      .map((name) => ({ key: `incoming/bench/${name}`, bytes: new Uint8Array(readFileSync(join(dir, name))) })),
  );
  if (unique.length === 0) throw new Error(`no .txt articles in ${dirs.join(', ')}`);
  const articles: CorpusArticle[] = [];
  let totalBytes = 0;
  for (let copy = 0; totalBytes < minBytes; copy++) {
    for (const article of unique) {
      articles.push({ key: article.key.replace(/\.txt$/, `-${copy}.txt`), bytes: article.bytes });
      totalBytes += article.bytes.byteLength;
    }
  }
  return { source: dirs.map((d) => `${basename(resolve(d, '..'))}/${basename(d)}`).join(' + '), unique: unique.length, articles, totalBytes };
}

const WORD = /[\p{L}\p{N}]+/gu;

/**
 * The baseline: one pass of a Unicode-word tokenizer with one Map lookup per token.
 *
 * @example tokenizeAndLookUp('Ukraine talks in Jeddah', new Map([['talks', 1]])) // → 1
 */
export function tokenizeAndLookUp(text: string, vocabulary: ReadonlyMap<string, number>): number {
  let hits = 0;
  for (const match of text.matchAll(WORD)) hits += vocabulary.get(match[0].toLowerCase()) ?? 0;
  return hits;
}

/** Runs the section: a warm-up pass, then `runs` timed passes of each, interleaved. */
export async function benchPipeline(options: { runs: number; minBytes: number; log: (line: string) => void }): Promise<PipelineResult> {
  const { log } = options;
  const corpus = loadCorpus(options.minBytes);
  const decoder = new TextDecoder();
  // The baseline gets decoded strings: the pipeline's decode stage is counted against it, not for it.
  const texts = corpus.articles.map((a) => decoder.decode(a.bytes));
  const vocabulary = new Map<string, number>();
  for (const match of (texts[0] ?? '').matchAll(WORD)) vocabulary.set(match[0].toLowerCase(), 1);
  const megabytes = corpus.totalBytes / 1_000_000;
  log(`Corpus: ${corpus.unique} articles from ${corpus.source}, replicated to ${corpus.articles.length} (${megabytes.toFixed(1)} MB).`);

  // Warm-up: JIT, lazily loaded HTML libraries, lexicon caches.
  let topics = 0;
  let ok = 0;
  for (let i = 0; i < corpus.unique; i++) {
    const article = corpus.articles[i] as CorpusArticle;
    const processed = await processArticle({ bytes: article.bytes, key: article.key });
    if (processed.status === 'ok') {
      ok++;
      topics += processed.classification.topics.length;
    }
  }
  for (const text of texts.slice(0, corpus.unique)) tokenizeAndLookUp(text, vocabulary);

  const pipelineSeconds: number[] = [];
  const baselineSeconds: number[] = [];
  let perArticle: number[] = [];
  let sink = 0;
  for (let run = 0; run < options.runs; run++) {
    const times: number[] = [];
    const started = performance.now();
    for (const article of corpus.articles) {
      const t = performance.now();
      const processed = await processArticle({ bytes: article.bytes, key: article.key });
      times.push(performance.now() - t);
      sink += processed.status === 'ok' ? 1 : 0;
    }
    pipelineSeconds.push((performance.now() - started) / 1000);
    perArticle = perArticle.concat(times);

    const baselineStarted = performance.now();
    for (const text of texts) sink += tokenizeAndLookUp(text, vocabulary);
    baselineSeconds.push((performance.now() - baselineStarted) / 1000);
  }
  if (sink === 0) log('(no article processed ok)');

  const count = corpus.articles.length;
  const perArticleSummary = summarize(perArticle);
  const result: PipelineResult = {
    corpus: { source: corpus.source, uniqueArticles: corpus.unique, articles: count, megabytes },
    runs: options.runs,
    pipeline: {
      mbPerSecond: summarize(pipelineSeconds.map((s) => megabytes / s)),
      articlesPerSecond: summarize(pipelineSeconds.map((s) => count / s)),
      perArticleMs: { p50: perArticleSummary.median, p99: perArticleSummary.p99, max: perArticleSummary.max },
    },
    baseline: {
      mbPerSecond: summarize(baselineSeconds.map((s) => megabytes / s)),
      articlesPerSecond: summarize(baselineSeconds.map((s) => count / s)),
    },
    ratio: 0,
    pass: false,
    averageArticleBytes: corpus.articles.slice(0, corpus.unique).reduce((sum, a) => sum + a.bytes.byteLength, 0) / corpus.unique,
    averageTopicsPerArticle: ok === 0 ? 0 : topics / ok,
    rejectedShare: 1 - ok / corpus.unique,
    stageShares: await profileStages(corpus.articles.slice(0, Math.min(corpus.articles.length, corpus.unique * 20))),
  };
  result.ratio = result.pipeline.mbPerSecond.median / result.baseline.mbPerSecond.median;
  result.pass = result.ratio >= PIPELINE_TARGET_RATIO;

  const mb = (s: Summary) => `${s.median.toFixed(2)} MB/s (${s.min.toFixed(2)}–${s.max.toFixed(2)})`;
  const perSecond = (s: Summary) => `${s.median.toFixed(0)} articles/s (${s.min.toFixed(0)}–${s.max.toFixed(0)})`;
  log(`One core, median (min–max) of ${options.runs} passes over ${megabytes.toFixed(1)} MB:`);
  log(`  pipeline (processArticle)          ${mb(result.pipeline.mbPerSecond).padEnd(26)} ${perSecond(result.pipeline.articlesPerSecond)}`);
  log(`  baseline (tokenizer + Map lookup)  ${mb(result.baseline.mbPerSecond).padEnd(26)} ${perSecond(result.baseline.articlesPerSecond)}`);
  log(
    `  per article: p50 ${result.pipeline.perArticleMs.p50.toFixed(2)} ms, p99 ${result.pipeline.perArticleMs.p99.toFixed(2)} ms, max ${result.pipeline.perArticleMs.max.toFixed(1)} ms`,
  );
  log(`  pipeline / baseline: ${result.ratio.toFixed(2)} (target ≥ ${PIPELINE_TARGET_RATIO}) ${verdict(result.pass)}`);
  log(
    `  where the time goes: ${Object.entries(result.stageShares)
      .map(([stage, share]) => `${stage} ${(share * 100).toFixed(0)}%`)
      .join(', ')}`,
  );
  log(
    `  average article ${(result.averageArticleBytes / 1000).toFixed(1)} KB, ${result.averageTopicsPerArticle.toFixed(2)} topics per stored article, ${(result.rejectedShare * 100).toFixed(0)}% rejected`,
  );
  return result;
}

/**
 * Time per stage, calling the stages as `processArticle` does (keep in step with shared/domain/pipeline.ts).
 *
 * @example await profileStages(articles) // → { decode: 0.01, parse: 0.2, clean: 0.3, extract: 0.2, classify: 0.29 }
 */
async function profileStages(articles: readonly CorpusArticle[]): Promise<Record<string, number>> {
  const totals = { decode: 0, parse: 0, clean: 0, extract: 0, classify: 0 };
  for (const article of articles) {
    try {
      let t = performance.now();
      const decoded = decodeBytes(article.bytes, null);
      totals.decode += performance.now() - t;
      t = performance.now();
      const parsed = await parseArticle(decoded.text, { key: article.key });
      totals.parse += performance.now() - t;
      t = performance.now();
      const cleaned = cleanArticle(parsed);
      totals.clean += performance.now() - t;
      t = performance.now();
      // Language detection is part of extraction's share, as processArticle runs it.
      const language = await detectLanguage(languageTextOf(cleaned));
      const metadata = extractMetadata(cleaned, parsed, { objectMetadata: {}, language });
      totals.extract += performance.now() - t;
      t = performance.now();
      classifyArticle({ title: metadata.title, body: cleaned.body, language: metadata.language.code });
      totals.classify += performance.now() - t;
    } catch {
      // A rejected article stops where processArticle would; its time so far still counts.
    }
  }
  const sum = Object.values(totals).reduce((a, b) => a + b, 0) || 1;
  return Object.fromEntries(Object.entries(totals).map(([stage, ms]) => [stage, ms / sum]));
}
