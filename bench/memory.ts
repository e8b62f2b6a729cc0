/**
 * Memory: peak RSS (`process.resourceUsage().maxRSS`) of a fresh process running the bundled ingest
 * handler (bench/fixtures/memory-handler.ts: S3 and DynamoDB answered in-process) on a batch of 10
 * typical articles, and on one 5 MB article; and the Lambda memory size that follows.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { requireEnv } from '#shared/config/env.ts';
import { bundleFunction } from '../infra/bundle-function.ts';
import { loadCorpus } from './pipeline.ts';

const ROOT = resolve(import.meta.dirname, '..');
const WORK_DIR = join(ROOT, '.tmp', 'bench-memory');

/** Lambda memory sizes worth considering (MB); CPU share grows with memory, 1 vCPU at 1,769 MB. */
const MEMORY_STEPS = [512, 1024, 1536, 1769, 2048] as const;

export interface MemoryCase {
  name: string;
  articles: number;
  bytes: number;
  afterImportMb: number;
  peakMb: number;
  handlerMs: number;
}

export interface MemoryResult {
  cases: MemoryCase[];
  recommendedMb: number;
  reason: string;
}

export async function benchMemory(options: { log: (line: string) => void }): Promise<MemoryResult> {
  const { log } = options;
  rmSync(WORK_DIR, { recursive: true, force: true });
  mkdirSync(WORK_DIR, { recursive: true });
  const bundle = join(WORK_DIR, 'index.mjs');
  // Bundled as the deployed function is: its chunks and data files beside index.mjs.
  await bundleFunction('bench/fixtures/memory-handler.ts', WORK_DIR);

  const corpus = loadCorpus(1);
  const typical = corpus.articles.slice(0, 10).map((article, index) => {
    const file = join(WORK_DIR, `typical-${index}.txt`);
    writeFileSync(file, article.bytes);
    return { file, bytes: article.bytes.byteLength };
  });
  // A 5 MB plain-text article: the corpus's paragraphs repeated (the size limit is 5 MiB).
  const paragraphs = corpus.articles.map((a) => new TextDecoder().decode(a.bytes)).join('\n\n');
  const big = paragraphs.repeat(Math.ceil(5_000_000 / paragraphs.length)).slice(0, 5_000_000);
  const bigFile = join(WORK_DIR, 'big-5mb.txt');
  writeFileSync(bigFile, big);

  // The same text as an HTML page (sniffed as HTML, so linkedom builds a DOM of it): the worst case.
  const html = `<!doctype html><html><head><title>Bench</title></head><body><article>${big
    .split(/\n\n+/)
    .map((p) => `<p>${p.replace(/[<&]/g, ' ')}</p>`)
    .join('\n')}</article></body></html>`.slice(0, 5_000_000);
  const htmlFile = join(WORK_DIR, 'big-5mb.html.txt');
  writeFileSync(htmlFile, html);

  const run = (name: string, files: { file: string; bytes: number }[]): MemoryCase => {
    const output = execFileSync(process.execPath, [bundle, ...files.map((f) => f.file)], {
      encoding: 'utf8',
      env: { PATH: requireEnv('PATH'), AWS_REGION: 'us-east-1' },
    });
    const measured = JSON.parse(output.trim().split('\n').at(-1) ?? '{}') as { afterImportMb: number; peakMb: number; handlerMs: number; failures: number };
    if (measured.failures > 0) log(`  (${name}: ${measured.failures} messages failed)`);
    return {
      name,
      articles: files.length,
      bytes: files.reduce((sum, f) => sum + f.bytes, 0),
      afterImportMb: measured.afterImportMb,
      peakMb: measured.peakMb,
      handlerMs: measured.handlerMs,
    };
  };
  const cases = [
    run('idle (import only)', []),
    run('batch of 10 typical articles', typical),
    run('one 5 MB text article', [{ file: bigFile, bytes: Buffer.byteLength(big) }]),
    run('one 5 MB HTML article', [{ file: htmlFile, bytes: Buffer.byteLength(html) }]),
  ];
  const peak = Math.max(...cases.map((c) => c.peakMb));
  // Headroom ×2 over the worst case (a batch may hold several large articles; GC needs slack),
  // then the next size up; never below 1,024 MB, where the function gets ~0.58 vCPU for CPU-bound parsing.
  const recommendedMb = MEMORY_STEPS.find((mb) => mb >= Math.max(1024, peak * 2)) ?? 2048;
  const reason = `peak ${peak.toFixed(0)} MB ×2 headroom → ${recommendedMb} MB (Lambda CPU scales with memory; the pipeline is CPU-bound)`;
  log('Peak RSS of a fresh process running the bundled handler (S3 and DynamoDB answered in-process):');
  for (const c of cases)
    log(
      `  ${c.name.padEnd(30)} peak ${c.peakMb.toFixed(0).padStart(4)} MB (after import ${c.afterImportMb.toFixed(0)} MB), handler ${c.handlerMs.toFixed(0)} ms`,
    );
  log(`  recommendation: ${reason}`);
  return { cases, recommendedMb, reason };
}
