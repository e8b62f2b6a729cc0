/**
 * Child process of the `models` bench section: loads `processArticle` from the checkout named by
 * KABAR_PIPELINE_MODULE, warms it up on the corpus, then times KABAR_PASSES passes over it and
 * prints one JSON line of CPU-time MB/s per pass.
 */
import { loadCorpus } from './pipeline.ts';

const module = process.env.KABAR_PIPELINE_MODULE;
if (!module) throw new Error('KABAR_PIPELINE_MODULE is not set');
const { processArticle } = (await import(module)) as {
  processArticle: (raw: { bytes: Uint8Array; key: string }) => Promise<{ status: string }>;
};
const corpus = loadCorpus(1);
const articles = corpus.articles.slice(0, corpus.unique);
const bytes = articles.reduce((sum, article) => sum + article.bytes.byteLength, 0);
const repeats = 5;
for (const article of articles) await processArticle(article);
const cpuMbPerSecond: number[] = [];
const wallMbPerSecond: number[] = [];
for (let pass = 0; pass < Number(process.env.KABAR_PASSES ?? 5); pass++) {
  const cpu = process.cpuUsage();
  const started = performance.now();
  for (let r = 0; r < repeats; r++) for (const article of articles) await processArticle(article);
  const used = process.cpuUsage(cpu);
  cpuMbPerSecond.push((repeats * bytes) / 1e6 / ((used.user + used.system) / 1e6));
  wallMbPerSecond.push((repeats * bytes) / 1e6 / ((performance.now() - started) / 1000));
}
console.log(JSON.stringify({ cpuMbPerSecond, wallMbPerSecond }));
