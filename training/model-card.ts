/**
 * Model cards for the files training writes (the contract: docs/adr/0009-model-artifacts.md; the
 * shape: shared/model-card.ts). Every trainer ends the same way:
 *
 *   const card = cardOf('line', model, { trainedOn, trainingData: hashOf(set), features: hashOf(probe), evaluation });
 *   writeModelFile(file, withCard(model, card));
 *
 * The version is a content hash of the weights, so it changes exactly when the weights do and two
 * identical trainings give identical files (no clock, no random state outside fixed seeds).
 */
import { createHash } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import type { CardMetric, ModelCard } from '#shared/model-card.ts';

export type { CardMetric, ModelCard };

/**
 * JSON with object keys sorted at every depth and `card` keys left out: the same weights always
 * give the same text, whatever order the trainer built them in and whatever their cards say.
 */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (key, v) => {
    if (key === 'card') return undefined;
    if (v && typeof v === 'object' && !Array.isArray(v) && !ArrayBuffer.isView(v))
      return Object.fromEntries(
        Object.keys(v)
          .sort()
          .map((k) => [k, (v as Record<string, unknown>)[k]]),
      );
    return v;
  });
}

/** sha256 of the canonical JSON, first `digits` hex digits. */
export function hashOf(value: unknown, digits = 16): string {
  return createHash('sha256').update(canonicalJson(value)).digest('hex').slice(0, digits);
}

/**
 * `<name>-<12 hex>`: the content hash of the model as it is written (numbers as JSON spells them),
 * cards left out.
 *
 * @example modelVersion('line', { threshold: 0.79, … }) // → 'line-3f9a1c2e5b7d'
 */
export function modelVersion(name: string, model: unknown): string {
  return `${name}-${hashOf(JSON.parse(JSON.stringify(model)), 12)}`;
}

/** What a trainer knows about its fit; the card adds the name and the version. */
export type CardFacts = Omit<ModelCard, 'name' | 'version' | 'dataDate'> & { dataDate?: string | null };

export function cardOf(name: string, model: unknown, facts: CardFacts): ModelCard {
  const { trainedOn, trainingData, features, evaluation, dataDate } = facts;
  return { name, version: modelVersion(name, model), trainedOn, trainingData, features, evaluation, dataDate: dataDate ?? null };
}

/** The model with its card as the first key (a reader sees what it is before the weights). */
export function withCard<M extends object>(model: M, card: ModelCard): { card: ModelCard } & M {
  const { card: _old, ...rest } = model as M & { card?: unknown };
  return { card, ...(rest as M) };
}

/** Writes a model file the way every trainer does: JSON, one trailing newline, `indent` as the file has always had it. */
export function writeModelFile(file: string, model: object, indent?: number): void {
  writeFileSync(file, `${JSON.stringify(model, null, indent)}\n`);
}

/** A metric rounded as cards store it (four decimals: 0.1 point of a percentage is the finest figure quoted). */
export function metric(inSample: number, grouped: number, baseline: number | null, lowerIsBetter = false): CardMetric {
  const r = (x: number) => Math.round(x * 1e4) / 1e4;
  return {
    inSample: r(inSample),
    grouped: r(grouped),
    baseline: baseline === null ? null : r(baseline),
    ...(lowerIsBetter ? { lowerIsBetter: true as const } : {}),
  };
}

const percent = (x: number | null | undefined) => (x === null || x === undefined ? '–' : `${(x * 100).toFixed(1)}`);

/**
 * The card's figures as a table: `metric  baseline  in-sample  grouped CV`, with a `before` column
 * (the shipped card's grouped figure) and the change when `before` is given.
 */
export function formatCard(card: ModelCard, before?: ModelCard): string {
  const rows = Object.entries(card.evaluation.metrics);
  const width = Math.max(...rows.map(([name]) => name.length), 6);
  const head = before
    ? `${'metric'.padEnd(width)}  baseline  before (grouped)  after (grouped)  change  after (in-sample)`
    : `${'metric'.padEnd(width)}  baseline  in-sample  grouped CV`;
  const lines = rows.map(([name, m]) => {
    const primary = name === card.evaluation.primary ? ' *' : '';
    if (!before)
      return `${name.padEnd(width)}  ${percent(m.baseline).padStart(8)}  ${percent(m.inSample).padStart(9)}  ${percent(m.grouped).padStart(10)}${primary}`;
    const old = before.evaluation.metrics[name];
    const change = old ? (m.grouped - old.grouped) * 100 : null;
    const sign = change === null ? '' : change > 0 ? '+' : '';
    return `${name.padEnd(width)}  ${percent(m.baseline).padStart(8)}  ${percent(old?.grouped).padStart(15)}  ${percent(m.grouped).padStart(15)}  ${(change === null ? 'new' : `${sign}${change.toFixed(1)}`).padStart(6)}  ${percent(m.inSample).padStart(17)}${primary}`;
  });
  const trained = Object.entries(card.trainedOn)
    .map(([source, n]) => `${source} ${n}`)
    .join(', ');
  return [
    `${card.version}${before ? ` (was ${before.version})` : ''}: trained on ${trained}; ${card.evaluation.folds} folds by ${card.evaluation.grouping}; baseline: ${card.evaluation.baseline}`,
    head,
    ...lines,
    '(percent; * the primary figure)',
  ].join('\n');
}
