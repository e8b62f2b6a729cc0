/**
 * What a model registers to be trained by `npm run train` (training/train.ts; the contract:
 * docs/adr/0009-model-artifacts.md). Items are the model's training units (a document's lines, an
 * article's topic signals) reduced to numbers and labels: what the shipped set holds.
 *
 * To add a model: implement `Trainer` next to its fitter (see clean/trainer.ts, topics/trainer.ts),
 * add it to TRAINERS in train.ts in pipeline order, run `npm run train -- --from-source --only NAME`
 * to write its shipped set and model, and commit both.
 */
import type { ModelSet } from '#shared/domain/models.ts';
import type { ModelCard } from '#shared/model-card.ts';
import type { LabelledArticle } from './labelled-articles.ts';

export interface TrainingContext {
  /** The models of this run so far: the shipped ones, each replaced as soon as it is retrained. */
  models: ModelSet;
  /** The team corpus (`../shared/corpus` by default, `--corpus DIR`); absent on a clean clone. */
  corpusDir: string;
  /** Whether this run featurizes the labelled texts (`--from-source`) or reads the shipped sets. */
  fromSource: boolean;
}

/** A model file as written: the card first, then the weights. */
export type CardedModel = { card: ModelCard } & Record<string, unknown>;

export interface Trainer<Item> {
  /** The card's name: `line`, `topics`, `html`. */
  name: string;
  /** File name in shared/data/ (and in `--out DIR`). */
  file: string;
  /** JSON indentation the file is written with (unset: one line). */
  indent?: number;
  /** Files written beside the model file (the HTML model's card alone, for the ingest bundle). */
  companions?(model: CardedModel): { file: string; value: object; indent?: number }[];
  /** A set kept in its own format (the HTML export): read and written by the trainer instead of training/sets/. */
  readSet?(features: string): Item[];
  writeSet?(items: readonly Item[]): number;
  /** The feature-definition hash of the code as it is now (the card's `features`, the set's stamp). */
  featureHash(): string;
  /** The training items, from the labelled texts the team holds; `notes` say what was missing (no corpus…). */
  fromSource(context: TrainingContext): Promise<{ items: Item[]; notes: string[] }>;
  /**
   * A user's labelled articles as items, featured the way production sees them (through the models
   * trained earlier in the run) and weighted as reviewers' corrections; articles that label nothing
   * this model learns are left out.
   */
  fromLabels(labels: readonly LabelledArticle[], context: TrainingContext): Promise<Item[]>;
  /** Items as the shipped set stores them (JSON, numbers only), and back, exactly. */
  encode(items: readonly Item[]): unknown;
  decode(encoded: unknown): Item[];
  /**
   * Fits on `items` with grouped cross-validation, deterministically. The card's figures are measured
   * on the items `scored` keeps: the shipped evaluation, a user's own items staying in training folds.
   */
  fit(items: readonly Item[], scored: (item: Item) => boolean, context: TrainingContext): CardedModel;
  /** A model file's figures on items (the shipped and the new model on a user's own labels). */
  figures(model: CardedModel, items: readonly Item[]): Record<string, number>;
  /** Puts a trained model into the set the next trainers feature with. */
  use(models: ModelSet, model: CardedModel): ModelSet;
}

/**
 * How much a reviewer's correction weighs, in shipped training items. Chosen so that one correction
 * changes the retrained model's output for its article while the grouped figures on the shipped set
 * stay within half a point (tests/unit/training-loop.test.ts):
 * - `lines`: a line marked junk or content, in the trees added on top of the shipped ones (the line
 *   features know shapes, not phrases: at 8 a pagination line kept between paragraphs reached the
 *   threshold only just, at 16 it is removed);
 * - `titles`: a picked headline in the title scorer (one logistic regression over 70-odd headlines:
 *   at 8 one headline moved two others out of fold, at 4 none);
 * - `topics`: an article's topic labels in the per-topic regressions;
 * - `blocks`: an HTML block whose label differs from what the shipped block model decided, in whole
 *   pages (a page's blocks weigh 100 together), in the trees added on top of the shipped ones.
 */
export const CORRECTION_WEIGHTS = { lines: 16, titles: 4, topics: 8, blocks: 2 } as const;
