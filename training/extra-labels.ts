/**
 * The `--extra FILE` convention of the training scripts (`npm run train -- --extra reviewed.jsonl`):
 * files written by `kabar labels export`, added after the corpus and the fixtures. Repeatable.
 */
import { parseArgs } from 'node:util';
import { type LabelledArticle, loadExportedLabels } from './labelled-articles.ts';

/**
 * The exported labels named by every `--extra FILE` in `args`; other options are left to the script.
 *
 * @example extraLabelsFrom(['--extra', 'reviewed.jsonl', '--folds', '5']) // → [{ id: 'labels/incoming/acme/a.txt', outlet: 'acme', … }]
 */
export function extraLabelsFrom(args: string[]): LabelledArticle[] {
  const { values } = parseArgs({ args, options: { extra: { type: 'string', multiple: true } }, strict: false, allowPositionals: true });
  const files = (values.extra ?? []).filter((file): file is string => typeof file === 'string');
  return files.flatMap((file) => loadExportedLabels(file));
}
