/**
 * The model card: what every learned model file in `shared/data/` carries under `card`
 * (docs/adr/0009-model-artifacts.md). Training writes it (`training/model-card.ts`); the runtime
 * reads only `version`, to stamp records with the models that made them.
 *
 * No wall-clock time: training is byte-for-byte deterministic, so two runs on the same data give
 * the same file, and the version names the weights, not the moment.
 */

/** One figure of a model, measured three ways on the same labelled items. */
export interface CardMetric {
  /** The shipped model on its own training items. */
  inSample: number;
  /** Out of fold: folds grouped by outlet or site, never the same one on both sides. */
  grouped: number;
  /** The simplest baseline on the same items (`evaluation.baseline` says what it is); null when it has none. */
  baseline: number | null;
  /** For rates where less is better (false positives); otherwise higher is better. */
  lowerIsBetter?: true;
}

export interface ModelCard {
  /** Short and stable: `line`, `topics`, `genre`, `html`. */
  name: string;
  /** `<name>-<12 hex digits>`: sha256 of the model's canonical JSON without any card. Changes exactly when the weights do. */
  version: string;
  /** Training items by source (`corpus`, `fixtures`, `own`, `synthetic`, `extra`…), and their units (`lines`). */
  trainedOn: Record<string, number>;
  /** sha256 (16 hex digits) of the training set as the fitter saw it: derived features and labels. */
  trainingData: string;
  /** sha256 (16 hex digits) of the feature definitions: names and their values on fixed probe texts. */
  features: string;
  evaluation: {
    /** What the folds are grouped by (`outlet`, `site`) and how many. */
    grouping: string;
    folds: number;
    /** The simplest baseline, in a few words. */
    baseline: string;
    /** The figure the no-regression gate of `npm run train` reads first. */
    primary: string;
    metrics: Record<string, CardMetric>;
  };
  /** The latest date in the training data, when the data has one; never the time of training. */
  dataDate: string | null;
}

/**
 * The version of a model file's weights, as records store it.
 *
 * @example modelVersionOf(lineModelJson, 'line') // → 'line-3f9a1c2e5b7d'
 */
export function modelVersionOf(model: unknown, name: string): string {
  const card = (model as { card?: { name?: unknown; version?: unknown } } | null)?.card;
  if (typeof card?.version !== 'string' || card.name !== name) throw new Error(`the ${name} model file has no model card; run npm run train`);
  return card.version;
}
