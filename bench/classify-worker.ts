/**
 * Child process of the `classify` bench section: loads `classifyArticle` from the module named by
 * KABAR_CLASSIFY_MODULE (this checkout's or a baseline's), warms it up on every set of texts in
 * KABAR_CLASSIFY_INPUTS, then prints one JSON line: CPU ms per article per set (KABAR_REPEATS passes each).
 */
import { readFileSync } from 'node:fs';

const module = process.env.KABAR_CLASSIFY_MODULE;
const inputs = process.env.KABAR_CLASSIFY_INPUTS;
if (!module || !inputs) throw new Error('KABAR_CLASSIFY_MODULE and KABAR_CLASSIFY_INPUTS must be set');
const { classifyArticle } = (await import(module)) as { classifyArticle: (input: unknown) => unknown };
const sets = JSON.parse(readFileSync(inputs, 'utf8')) as unknown[][];
const repeats = (process.env.KABAR_REPEATS ?? '').split(',').map(Number);
for (const texts of sets) for (const text of texts) classifyArticle(text);
const perArticleMs = sets.map((texts, s) => {
  const passes = repeats[s] || 1;
  const since = process.cpuUsage();
  for (let r = 0; r < passes; r++) for (const text of texts) classifyArticle(text);
  const used = process.cpuUsage(since);
  return (used.user + used.system) / 1000 / (passes * texts.length);
});
console.log(JSON.stringify(perArticleMs));
