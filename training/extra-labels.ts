/**
 * `npm run train -- --extra FILE`: reviewers' labels written by `kabar labels export`, checked before
 * anything trains on them: a label naming a topic the taxonomy does not know is an error (with the
 * file and line), never a silent new class.
 */
import { readFileSync } from 'node:fs';
import taxonomy from '#shared/data/taxonomy.json' with { type: 'json' };
import { type LabelledArticle, labelledArticleOfExport } from './labelled-articles.ts';

export class LabelError extends Error {}

const TOPICS: ReadonlySet<string> = new Set(taxonomy.topics.map((topic) => topic.id));

const isStrings = (value: unknown) => Array.isArray(value) && value.every((v) => typeof v === 'string');

/** What is wrong with one exported label, or null. */
export function labelProblem(label: Record<string, unknown>): string | null {
  if (typeof label.text !== 'string' || label.text === '') return 'no article text';
  if (typeof label.sourceKey !== 'string' && typeof label.id !== 'string') return 'no sourceKey';
  if (typeof label.lang !== 'string') return 'no lang';
  if (!isStrings(label.topics)) return 'topics must be a list of topic ids';
  const unknown = (label.topics as string[]).filter((topic) => !TOPICS.has(topic));
  if (unknown.length > 0) return `unknown topic ${unknown.map((t) => JSON.stringify(t)).join(', ')} (the taxonomy has ${[...TOPICS].join(', ')})`;
  if (label.boilerplate !== undefined && !isStrings(label.boilerplate)) return 'boilerplate must be a list of lines';
  if (label.body_keep !== undefined && !isStrings(label.body_keep)) return 'body_keep must be a list of lines';
  if (label.title !== undefined && label.title !== null && typeof label.title !== 'string') return 'title must be a line or null';
  return null;
}

/**
 * The labels in an export file, validated line by line.
 *
 * @example loadExtraLabels('reviewed.jsonl') // → [{ id: 'labels/incoming/acme/a.txt', outlet: 'acme', topics: ['diplomacy'], … }]
 */
export function loadExtraLabels(file: string): LabelledArticle[] {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    throw new LabelError(`cannot read ${file}: ${(error as Error).message}`);
  }
  const articles: LabelledArticle[] = [];
  text.split('\n').forEach((line, index) => {
    if (line.trim() === '') return;
    let label: unknown;
    try {
      label = JSON.parse(line);
    } catch {
      throw new LabelError(`${file}:${index + 1}: not JSON`);
    }
    const problem = label && typeof label === 'object' ? labelProblem(label as Record<string, unknown>) : 'not an object';
    if (problem) throw new LabelError(`${file}:${index + 1}: ${problem}`);
    articles.push(labelledArticleOfExport(label as Parameters<typeof labelledArticleOfExport>[0]));
  });
  return articles;
}
