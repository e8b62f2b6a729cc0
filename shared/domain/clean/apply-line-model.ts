import { FEATURE_NAMES, type LineShape, lineFeatures, lineShapeOf } from './line-features.ts';
import { boilerplateProbability, type LineModel, smoothSequence } from './line-model.ts';
import { type Drop, foldedOf, type Line, lowerOf } from './lines.ts';

/** The learned line model run inside cleaning: it scores the lines still kept and removes the junk, until nothing changes. */

export const MODEL_REASON = 'model:';
const TABLE_ROW = FEATURE_NAMES.indexOf('tableRow');

/**
 * Runs the line model until it removes nothing more (at most a few rounds): each removal changes
 * its neighbours' context, and the kept lines must be a fixed point, as they are judged again when
 * the cleaned body is cleaned once more.
 */
export function settleLineModel(lines: Line[], drop: Drop, model: LineModel, keep: Line | null, state: ModelState): void {
  for (let round = 0; round < 4 && applyLineModel(lines, drop, model, keep, state) > 0; round++);
}

/** The lines the model last scored: scoring the same sequence again would change nothing. */
export interface ModelState {
  lastScored: Line[];
  /** Each line text's own features (lineShapeOf), kept across the passes of one cleaning: a kept line comes back with the same text. */
  shapes: Map<string, LineShape>;
  /** The last sequence scored, kept across passes: the kept lines come back as the same sequence, which scores the same. */
  last: ScoredSequence;
}

export interface ScoredSequence {
  shapes: LineShape[];
  features: number[][];
  posteriors: number[];
}

function sameShapes(a: readonly LineShape[], b: readonly LineShape[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

function sameLines(a: readonly Line[], b: readonly Line[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/**
 * Scores every line still kept with the line model and removes those whose smoothed boilerplate
 * probability reaches the model's threshold (reason `model:boilerplate 0.93`). `keep` (the title)
 * is left out of the sequence, as it is when a cleaned body comes back with its title.
 * Returns how many lines it removed.
 */
function applyLineModel(lines: Line[], drop: Drop, model: LineModel, keep: Line | null, state: ModelState): number {
  // Only the lines still kept make the context: they are what a second cleaning of the body would see.
  const scored = lines.filter((l) => l.text && l !== keep && !l.removed);
  if (scored.length === 0 || sameLines(scored, state.lastScored)) return 0;
  state.lastScored = scored;
  // A line's own features do not depend on its context: computed once per line text.
  const shapes = scored.map((l) => {
    if (l.shape?.text !== l.text) {
      let shape = state.shapes.get(l.text);
      if (!shape) {
        shape = lineShapeOf(l.text, lowerOf(l), foldedOf(l));
        state.shapes.set(l.text, shape);
      }
      l.shape = shape;
    }
    return l.shape;
  });
  // Features depend on the sequence of the lines' own features alone (one shape object per text).
  if (!sameShapes(shapes, state.last.shapes)) {
    const features = lineFeatures(
      scored.map((l) => l.text),
      shapes,
    );
    const posteriors = smoothSequence(
      model,
      features.map((f) => boilerplateProbability(model, f)),
    );
    state.last = { shapes, features, posteriors };
  }
  const { features, posteriors } = state.last;
  // Data tables are content (a corpus convention) however list-like their rows look.
  const junk = features.map((f, i) => (posteriors[i] ?? 0) >= model.threshold && f[TABLE_ROW] !== 1);
  // The model takes lines out of an article, never the whole article: text it cannot read (a
  // script without spaces, a language it has no stop words for) can look like junk line by line.
  const wouldEmpty = junk.every(Boolean);
  let removed = 0;
  scored.forEach((line, i) => {
    const p = posteriors[i] ?? 0;
    line.features = features[i];
    line.boilerplate = p;
    if (junk[i] && !wouldEmpty) {
      drop(line, `${MODEL_REASON}boilerplate ${p.toFixed(2)}`);
      removed++;
    }
  });
  return removed;
}
