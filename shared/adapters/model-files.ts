import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { TopicModelData } from '../domain/classify/classify.ts';
import type { LineModel } from '../domain/clean/line-model.ts';
import type { HtmlModel } from '../domain/parse/html/block-model.ts';
import { type ModelSet, modelSetOf, shippedModels } from '../domain/models.ts';

/** The file names `npm run train` writes, in shared/data/ or in its `--out` directory. */
export const MODEL_FILES = { line: 'line-model.json', topics: 'topic-model.json', html: 'html-model.json' } as const;

/**
 * The models in `dir` (what `npm run train -- --out DIR` wrote), each file the directory lacks
 * taken from the shipped set: to try a retrained model before it ships (`kabar process --models DIR`,
 * `npm start` with KABAR_MODELS_DIR).
 *
 * @example loadModelSet('retrained/').pipelineVersion // → '2+line-9c0e…+topics-320229bb1e68'
 */
export function loadModelSet(dir: string): ModelSet {
  if (!existsSync(dir)) throw new Error(`no model directory ${dir}`);
  const shipped = shippedModels().models;
  const read = <T>(name: string, fallback: T): T => (existsSync(join(dir, name)) ? (JSON.parse(readFileSync(join(dir, name), 'utf8')) as T) : fallback);
  const html = read<HtmlModel | undefined>(MODEL_FILES.html, undefined);
  return modelSetOf({
    line: read<LineModel>(MODEL_FILES.line, shipped.line),
    topics: read<TopicModelData>(MODEL_FILES.topics, shipped.topics),
    ...(html ? { html } : {}),
  });
}
