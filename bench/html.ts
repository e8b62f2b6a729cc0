/**
 * The HTML path's speed: the whole pipeline (`processArticle` on an HTML page: one linkedom parse,
 * the block features, Readability on the same document, the block model, cleaning, metadata,
 * topics) against Readability.js on linkedom alone (parse + `parse()`, as
 * ../shared/tools/score-pages.mjs runs it) on the same pages, in alternating rounds of the same run.
 * Pages: ../shared/pages when present (the first `pages`), else the project's HTML fixtures.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { Readability } from '@mozilla/readability';
import { parseHTML } from 'linkedom';
import { processArticle } from '#shared/domain/pipeline.ts';
import { type Summary, summarize } from './stats.ts';

const ROOT = resolve(import.meta.dirname, '..');
const SHARED_PAGES = resolve(ROOT, '..', 'shared', 'pages', 'html');

/** The target (#22): the whole HTML pipeline at most 1.3× Readability on linkedom alone. */
export const HTML_TARGET_RATIO = 1.3;

export interface HtmlBenchResult {
  source: string;
  pages: number;
  runs: number;
  pipelineMs: Summary;
  readabilityMs: Summary;
  /** Median pipeline time ÷ median Readability-alone time over the same pages. */
  ratio: number;
  pass: boolean;
}

function loadPages(limit: number): { source: string; pages: string[] } {
  if (existsSync(SHARED_PAGES)) {
    const names = readdirSync(SHARED_PAGES)
      .filter((n) => n.endsWith('.html.gz'))
      .sort()
      .slice(0, limit);
    return { source: `../shared/pages (first ${names.length})`, pages: names.map((n) => gunzipSync(readFileSync(join(SHARED_PAGES, n))).toString('utf8')) };
  }
  const pages: string[] = [];
  for (const dir of ['tests/fixtures/html-gold', 'tests/fixtures/html-shapes']) {
    for (const n of readdirSync(resolve(ROOT, dir)).filter((f) => f.endsWith('.html'))) pages.push(readFileSync(resolve(ROOT, dir, n), 'utf8'));
  }
  return { source: 'tests/fixtures/html-gold + html-shapes', pages };
}

export async function benchHtml(options: { pages: number; runs: number; log: (line: string) => void }): Promise<HtmlBenchResult> {
  const { source, pages } = loadPages(options.pages);
  const encoded = pages.map((p) => new TextEncoder().encode(p));
  const pipelineRound = async () => {
    const started = performance.now();
    for (let i = 0; i < encoded.length; i++)
      await processArticle({ bytes: encoded[i] as Uint8Array, key: `incoming/bench/${i}.html`, contentType: 'text/html' });
    return performance.now() - started;
  };
  const readabilityRound = () => {
    const started = performance.now();
    for (const html of pages) {
      try {
        new Readability(parseHTML(html).document as never).parse();
      } catch {
        // As score-pages: a page Readability fails on scores empty; its time still counts.
      }
    }
    return performance.now() - started;
  };
  // Warm both (lazy imports, JIT), then alternate so load on a shared machine hits both alike.
  await pipelineRound();
  readabilityRound();
  const pipeline: number[] = [];
  const readability: number[] = [];
  for (let r = 0; r < options.runs; r++) {
    pipeline.push(await pipelineRound());
    readability.push(readabilityRound());
  }
  const p = summarize(pipeline);
  const b = summarize(readability);
  const ratio = Math.round((p.median / b.median) * 100) / 100;
  options.log(`${source}: ${pages.length} pages × ${options.runs} rounds`);
  options.log(`whole pipeline         ${p.median.toFixed(0)} ms per round (median)`);
  options.log(`Readability alone      ${b.median.toFixed(0)} ms per round (median)`);
  options.log(`ratio ${ratio}× (target ≤ ${HTML_TARGET_RATIO}×): ${ratio <= HTML_TARGET_RATIO ? 'met' : 'missed'}`);
  return { source, pages: pages.length, runs: options.runs, pipelineMs: p, readabilityMs: b, ratio, pass: ratio <= HTML_TARGET_RATIO };
}
