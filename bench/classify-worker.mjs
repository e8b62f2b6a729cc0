// @ts-check
/**
 * Child process of the `classify` bench section, run by plain node (no tsx): loads `classifyArticle`
 * from the bundle named by KABAR_CLASSIFY_MODULE, warms it up on every set of texts in
 * KABAR_CLASSIFY_INPUTS, then prints one JSON line: CPU ms per article per set (KABAR_REPEATS passes each).
 */
import { readFileSync } from 'node:fs';

const module = process.env.KABAR_CLASSIFY_MODULE;
const inputs = process.env.KABAR_CLASSIFY_INPUTS;
if (!module || !inputs) throw new Error('KABAR_CLASSIFY_MODULE and KABAR_CLASSIFY_INPUTS must be set');
/** @type {{ classifyArticle: (input: unknown) => unknown }} */
const { classifyArticle } = await import(module);
/** @type {unknown[][]} */
const sets = JSON.parse(readFileSync(inputs, 'utf8'));
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
