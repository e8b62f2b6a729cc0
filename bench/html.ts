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
  /** CPU time per round (the process's user + system), the steadier measure on a shared machine. */
  pipelineCpuMs: Summary;
  readabilityCpuMs: Summary;
  /** Median pipeline wall time ÷ median Readability-alone wall time over the same pages. */
  wallRatio: number;
  /** The same on CPU time: what the target is judged on. */
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
  const cpuMs = (since: NodeJS.CpuUsage) => {
    const used = process.cpuUsage(since);
    return (used.user + used.system) / 1000;
  };
  // One round: each page through the pipeline, then through Readability alone, so a change in the
  // machine's load hits both sides within the same page. Wall and CPU time are summed per side.
  const round = async () => {
    const sums = { pipelineWall: 0, pipelineCpu: 0, readabilityWall: 0, readabilityCpu: 0 };
    for (let i = 0; i < pages.length; i++) {
      let cpu = process.cpuUsage();
      let started = performance.now();
      await processArticle({ bytes: encoded[i] as Uint8Array, key: `incoming/bench/${i}.html`, contentType: 'text/html' });
      sums.pipelineWall += performance.now() - started;
      sums.pipelineCpu += cpuMs(cpu);
      cpu = process.cpuUsage();
      started = performance.now();
      try {
        new Readability(parseHTML(pages[i] as string).document as never).parse();
      } catch {
        // As score-pages: a page Readability fails on scores empty; its time still counts.
      }
      sums.readabilityWall += performance.now() - started;
      sums.readabilityCpu += cpuMs(cpu);
    }
    return sums;
  };
  // Warm both (lazy imports, JIT).
  await round();
  const rounds: Awaited<ReturnType<typeof round>>[] = [];
  for (let r = 0; r < options.runs; r++) rounds.push(await round());
  const p = summarize(rounds.map((r) => r.pipelineWall));
  const b = summarize(rounds.map((r) => r.readabilityWall));
  const pCpu = summarize(rounds.map((r) => r.pipelineCpu));
  const bCpu = summarize(rounds.map((r) => r.readabilityCpu));
  const wallRatio = Math.round((p.median / b.median) * 100) / 100;
  // CPU time decides: on a shared machine wall time mostly measures the wait for a core.
  const ratio = Math.round((pCpu.median / bCpu.median) * 100) / 100;
  options.log(`${source}: ${pages.length} pages × ${options.runs} rounds, alternating page by page`);
  options.log(`whole pipeline         ${pCpu.median.toFixed(0)} ms CPU, ${p.median.toFixed(0)} ms wall per round (median)`);
  options.log(`Readability alone      ${bCpu.median.toFixed(0)} ms CPU, ${b.median.toFixed(0)} ms wall per round (median)`);
  options.log(`ratio ${ratio}× CPU, ${wallRatio}× wall (target ≤ ${HTML_TARGET_RATIO}×): ${ratio <= HTML_TARGET_RATIO ? 'met' : 'missed'}`);
  return {
    source,
    pages: pages.length,
    runs: options.runs,
    pipelineMs: p,
    readabilityMs: b,
    pipelineCpuMs: pCpu,
    readabilityCpuMs: bCpu,
    wallRatio,
    ratio,
    pass: ratio <= HTML_TARGET_RATIO,
  };
}
