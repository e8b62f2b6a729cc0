/**
 * `npm run train -- --extra FILE`: reviewers' labels written by `kabar labels export`, in the one
 * label format (shared/labels.ts), checked before anything trains on them: a label naming a topic the
 * taxonomy does not know is an error (with the file and line), never a silent new class.
 */
import { existsSync } from 'node:fs';
import taxonomy from '#shared/data/taxonomy.json' with { type: 'json' };
import type { ExportedLabel } from '#shared/labels.ts';
import { type LabelledArticle, loadExportedLabels } from './labelled-articles.ts';

export class LabelError extends Error {}

const TOPICS: ReadonlySet<string> = new Set(taxonomy.topics.map((topic) => topic.id));

/** What the format cannot say about one exported label: a topic outside the taxonomy, an empty text. */
export function labelProblem(label: ExportedLabel): string | null {
  if (label.text === '') return 'no article text';
  const unknown = label.topics.filter((topic) => !TOPICS.has(topic));
  if (unknown.length > 0) return `unknown topic ${unknown.map((t) => JSON.stringify(t)).join(', ')} (the taxonomy has ${[...TOPICS].join(', ')})`;
  return null;
}

/**
 * The labels in an export file, validated line by line.
 *
 * @example loadExtraLabels('reviewed.jsonl') // → [{ id: 'labels/incoming/acme/a.txt', outlet: 'acme', topics: ['diplomacy'], … }]
 */
export function loadExtraLabels(file: string): LabelledArticle[] {
  if (!existsSync(file)) throw new LabelError(`cannot read ${file}: no such file`);
  try {
    return loadExportedLabels(file, labelProblem);
  } catch (error) {
    throw new LabelError((error as Error).message);
  }
}
