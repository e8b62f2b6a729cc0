/**
 * `npm run train [-- --extra FILE]… [--only line,topics] [--out DIR] [--force] [--from-source | --from-set] [--corpus DIR]`
 *
 * Trains every registered model in pipeline order (the cleaner first: the topic features of a
 * reviewer's article come from the cleaner trained in the same run) and writes each model file with
 * its card (docs/adr/0009-model-artifacts.md).
 *
 * - Training data: the shipped training set (`training/sets/<name>.json.gz`: derived features and
 *   labels, no text), or, with `--from-source` (the default where the team corpus is present), the
 *   labelled texts themselves; then the set is rewritten with the model. Plus every `--extra FILE`
 *   (`kabar labels export`), validated, weighted as reviewers' corrections.
 * - With no `--extra`, training from the shipped set reproduces the shipped model byte for byte.
 * - The gate: each new model is compared with the shipped one on the shipped evaluation (grouped
 *   figures on the shipped items); a figure worse by more than half a point keeps the shipped file
 *   (exit 1) unless `--force`. The before/after table is printed either way, and both models' figures
 *   on the user's own labels.
 */
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import type { ModelCard } from '#shared/model-card.ts';
import { LabelError, loadExtraLabels } from './extra-labels.ts';
import { formatCard, writeModelFile } from './model-card.ts';
import type { CardedModel } from './registry.ts';
import { readTrainingSet, StaleTrainingSetError, writeTrainingSet } from './training-set.ts';

const ROOT = resolve(import.meta.dirname, '..');
export const SHIPPED_DIR = join(ROOT, 'shared', 'data');
const DEFAULT_CORPUS = resolve(ROOT, '..', 'shared', 'corpus');
/** A figure may slip this much (half a point) before the gate keeps the shipped model. */
export const GATE_TOLERANCE = 0.005;

export interface TrainOptions {
  extra: string[];
  only: string[] | null;
  out: string;
  force: boolean;
  fromSource: boolean;
  corpusDir: string;
  log: (line: string) => void;
}

export interface TrainOutcome {
  name: string;
  version: string;
  written: boolean;
  /** Figures worse than the shipped model's by more than the tolerance. */
  worse: string[];
  notes: string[];
}

const USAGE = `usage: npm run train -- [--extra FILE]... [--only NAME[,NAME]] [--out DIR] [--force] [--from-source | --from-set] [--corpus DIR]
  --extra FILE    reviewers' labels from \`kabar labels export\` (repeatable)
  --only NAMES    train only these models (html, line, topics)
  --out DIR       write the model files there instead of shared/data/ (try them: kabar process --models DIR)
  --force         write a model even when a figure is worse than the shipped model's
  --from-source   featurize the labelled texts (needs the team corpus for the shipped figures) and rewrite the shipped set
  --from-set      train from the shipped training sets (the default without the team corpus)
  --corpus DIR    the team corpus (default ../shared/corpus)`;

export function trainOptionsOf(args: string[], log: (line: string) => void = console.log): TrainOptions {
  const { values } = parseArgs({
    args,
    options: {
      extra: { type: 'string', multiple: true, default: [] },
      only: { type: 'string' },
      out: { type: 'string' },
      force: { type: 'boolean', default: false },
      'from-source': { type: 'boolean', default: false },
      'from-set': { type: 'boolean', default: false },
      corpus: { type: 'string' },
    },
  });
  if (values['from-source'] && values['from-set']) throw new UsageError('--from-source and --from-set exclude each other');
  const corpusDir = resolve(values.corpus ?? DEFAULT_CORPUS);
  return {
    extra: values.extra,
    only: values.only ? values.only.split(',').map((name) => name.trim()) : null,
    out: resolve(values.out ?? SHIPPED_DIR),
    force: values.force,
    // The team regenerates sets whenever it has the texts; a clean clone trains from the shipped sets.
    fromSource: values['from-source'] || (!values['from-set'] && existsSync(join(corpusDir, 'labels.jsonl'))),
    corpusDir,
    log,
  };
}

export class UsageError extends Error {}

/** Figures of `after` worse than `before`'s by more than the tolerance, as `name before → after`. */
export function worseFigures(before: ModelCard, after: ModelCard, tolerance = GATE_TOLERANCE): string[] {
  const worse: string[] = [];
  for (const [name, old] of Object.entries(before.evaluation.metrics)) {
    const now = after.evaluation.metrics[name];
    if (!now) continue;
    const loss = old.lowerIsBetter ? now.grouped - old.grouped : old.grouped - now.grouped;
    if (loss > tolerance + 1e-9) worse.push(`${name} ${(old.grouped * 100).toFixed(1)} → ${(now.grouped * 100).toFixed(1)}`);
  }
  return worse;
}

/** Runs the training; the model files are written as the gate allows. */
export async function train(options: TrainOptions): Promise<TrainOutcome[]> {
  const { log } = options;
  // The line features read the stop-word list at import: derive it before they are loaded.
  if (options.fromSource && (options.only === null || options.only.includes('line'))) (await import('./clean/stopwords.ts')).writeStopwords();
  const [{ shippedModels }, trainers] = await Promise.all([import('#shared/domain/models.ts'), import('./trainers.ts')]);
  const unknown = (options.only ?? []).filter((name) => !trainers.TRAINERS.some((t) => t.name === name));
  if (unknown.length > 0) throw new UsageError(`no model named ${unknown.join(', ')} (models: ${trainers.TRAINERS.map((t) => t.name).join(', ')})`);
  const labels = options.extra.flatMap((file) => loadExtraLabels(file));
  if (options.extra.length > 0) log(`${labels.length} reviewed article(s) from ${options.extra.join(', ')}`);
  mkdirSync(options.out, { recursive: true });
  const context = { models: shippedModels(), corpusDir: options.corpusDir, fromSource: options.fromSource };
  const outcomes: TrainOutcome[] = [];
  for (const trainer of trainers.TRAINERS) {
    if (options.only && !options.only.includes(trainer.name)) continue;
    const notes: string[] = [];
    const features = trainer.featureHash();
    const extras = labels.length > 0 ? await trainer.fromLabels(labels, context) : [];
    if (labels.length > 0) log(`${trainer.name}: ${extras.length} of the reviewed articles label what this model learns`);
    // A run about corrections leaves a model none of them labels as shipped: retrained, it would be the same file.
    if (labels.length > 0 && extras.length === 0 && options.only === null) {
      log(`${trainer.name}: kept as shipped (npm run train -- --only ${trainer.name} retrains it)`);
      continue;
    }
    let shippedItems: unknown[];
    if (options.fromSource) {
      const source = await trainer.fromSource(context);
      shippedItems = source.items;
      notes.push(...source.notes);
    } else shippedItems = trainer.readSet ? trainer.readSet(features) : trainer.decode(readTrainingSet(trainer.name, features));
    const ownSet = new Set(extras);
    const model = trainer.fit([...shippedItems, ...extras], (item) => !ownSet.has(item), context);
    // The shipped set goes with the shipped model: a model tried elsewhere (--out) leaves the set alone.
    const afterWrite =
      options.fromSource && options.out === SHIPPED_DIR
        ? () => {
            const bytes = trainer.writeSet ? trainer.writeSet(shippedItems) : writeTrainingSet(trainer.name, features, trainer.encode(shippedItems));
            log(`wrote the ${trainer.name} training set (${(bytes / 1024).toFixed(0)} KB, ${shippedItems.length} items)`);
          }
        : () => {};
    const shippedFile = join(SHIPPED_DIR, trainer.file);
    const shipped = existsSync(shippedFile) ? (JSON.parse(readFileSync(shippedFile, 'utf8')) as CardedModel) : null;
    const comparable = shipped?.card && shipped.card.features === model.card.features ? shipped : null;
    log('');
    log(formatCard(model.card, comparable?.card));
    if (shipped && !comparable) notes.push(`the shipped ${trainer.name} model was made with other feature definitions: no before/after comparison`);
    if (comparable && extras.length > 0) log(ownLabelsTable(trainer.figures(comparable, extras), trainer.figures(model, extras), extras.length));
    const worse = comparable ? worseFigures(comparable.card, model.card) : [];
    const written = worse.length === 0 || options.force;
    for (const note of notes) log(`note: ${note}`);
    if (written) {
      writeModelFile(join(options.out, trainer.file), model, trainer.indent);
      for (const companion of trainer.companions?.(model) ?? []) writeModelFile(join(options.out, companion.file), companion.value, companion.indent);
      afterWrite();
      const same = comparable?.card.version === model.card.version;
      log(
        `${worse.length > 0 ? 'forced: ' : ''}wrote ${model.card.version}${same ? ' (the same weights as the shipped model)' : ''} → ${join(options.out, trainer.file)}`,
      );
      context.models = trainer.use(context.models, model);
    } else {
      log(
        `kept the shipped ${trainer.name} model: ${worse.join(', ')} on the shipped evaluation (more than ${GATE_TOLERANCE * 100} point worse); ` +
          '--force writes it anyway',
      );
    }
    outcomes.push({ name: trainer.name, version: model.card.version, written, worse, notes });
  }
  return outcomes;
}

/** The shipped and the new model on the reviewer's own labels (in-sample for the new one: it learned them). */
function ownLabelsTable(before: Record<string, number>, after: Record<string, number>, count: number): string {
  const width = Math.max(...Object.keys(after).map((name) => name.length), 6);
  return [
    `on the ${count} reviewed article(s): ${'metric'.padEnd(width)}  shipped  retrained`,
    ...Object.entries(after).map(
      ([name, value]) =>
        `${' '.repeat(`on the ${count} reviewed article(s): `.length)}${name.padEnd(width)}  ${((before[name] ?? 0) * 100).toFixed(1).padStart(7)}  ${(value * 100).toFixed(1).padStart(9)}`,
    ),
  ].join('\n');
}

/** The command: exit code 0 when every model was written, 1 when the gate or a stale set kept one, 2 on a usage error. */
export async function main(args: string[]): Promise<number> {
  try {
    const outcomes = await train(trainOptionsOf(args));
    return outcomes.every((o) => o.written) ? 0 : 1;
  } catch (error) {
    const code = (error as { code?: string }).code ?? '';
    if (error instanceof UsageError || code.startsWith('ERR_PARSE_ARGS')) {
      console.error(`${(error as Error).message}\n${USAGE}`);
      return 2;
    }
    if (error instanceof StaleTrainingSetError || error instanceof LabelError) {
      console.error(`npm run train: ${error.message}`);
      return 1;
    }
    throw error;
  }
}

if (process.argv[1] && resolve(process.argv[1]) === import.meta.filename) process.exitCode = await main(process.argv.slice(2));
