/**
 * Evaluation of the HTML block model on the training pages, with the benchmark's metric: word-F1 of
 * `title + body` against `main_content` (lower-cased `\w+` tokens as a multiset), averaged over
 * pages, plus the share of `with` snippets kept and `without` snippets leaked; next to Readability
 * alone (`title + textContent` of Readability.js on linkedom, as ../shared/tools/score-pages.mjs).
 *
 * Cross-validation: folds grouped by site (the registrable domain of the page's url), so a test
 * page's site, and its template, was never seen in training (the class/id token weights included).
 */
import { withoutLeadingHeadline } from '#shared/domain/parse/html/html.ts';
import { BLOCK_FEATURES } from '#shared/domain/parse/html/block-features.ts';
import { GUARD_THRESHOLD, keptText } from '#shared/domain/parse/html/block-model.ts';
import { type FittedParts, fitParts, posteriorsOf } from './fit.ts';
import { metricTokens, type TrainingPage } from './pages.ts';
import type { TreeOptions } from './trees.ts';

export interface PageScore {
  precision: number;
  recall: number;
  f1: number;
  withKept: number | null;
  withoutLeaked: number | null;
}

/** Word precision, recall and F1 of `predicted` against `truth`, multiset overlap (the benchmark's metric). */
export function wordF1(predicted: string, truth: string): { precision: number; recall: number; f1: number } {
  const p = metricTokens(predicted);
  const r = metricTokens(truth);
  if (r.length === 0) return p.length ? { precision: 0, recall: 0, f1: 0 } : { precision: 1, recall: 1, f1: 1 };
  if (p.length === 0) return { precision: 0, recall: 0, f1: 0 };
  const counts = new Map<string, number>();
  for (const t of p) counts.set(t, (counts.get(t) ?? 0) + 1);
  let overlap = 0;
  const seen = new Map<string, number>();
  for (const t of r) seen.set(t, (seen.get(t) ?? 0) + 1);
  for (const [t, n] of seen) overlap += Math.min(n, counts.get(t) ?? 0);
  const precision = overlap / p.length;
  const recall = overlap / r.length;
  return { precision, recall, f1: precision + recall ? (2 * precision * recall) / (precision + recall) : 0 };
}

function share(text: string, snippets: readonly string[]): number | null {
  if (snippets.length === 0) return null;
  const lower = text.toLowerCase();
  return snippets.filter((s) => lower.includes(s.toLowerCase())).length / snippets.length;
}

export function scoreText(text: string, page: TrainingPage): PageScore {
  const t = page.texts;
  if (!t) throw new Error('scoring needs the page texts (../shared/pages)');
  return { ...wordF1(text, t.truth), withKept: share(text, t.withSnippets), withoutLeaked: share(text, t.withoutSnippets) };
}

/** What the pipeline would return for the page under these posteriors: `title + body`, as score-pages reads it. */
export function extractedText(page: TrainingPage, posteriors: readonly number[], threshold: number, guard: number): { text: string; guarded: boolean } {
  const t = page.texts;
  if (!t) throw new Error('scoring needs the page texts (../shared/pages)');
  const captions = t.blocks.map(() => false);
  for (const i of page.captions) captions[i] = true;
  const share = BLOCK_FEATURES.indexOf('readabilityShare');
  const decision = keptText(
    t.blocks,
    null,
    captions,
    posteriors,
    threshold,
    page.features.map((x) => x[share] as number),
    t.readabilityText,
    guard,
  );
  return { text: `${t.title ?? ''}\n${withoutLeadingHeadline(decision.text, [t.title, t.headline])}`, guarded: decision.guarded };
}

export interface Summary {
  pages: number;
  precision: number;
  recall: number;
  f1: number;
  withKept: number;
  withoutLeaked: number;
}

export function summarise(scores: readonly PageScore[]): Summary {
  const avg = (xs: number[]) => (xs.length ? xs.reduce((a, b) => a + b, 0) / xs.length : 0);
  return {
    pages: scores.length,
    precision: avg(scores.map((s) => s.precision)),
    recall: avg(scores.map((s) => s.recall)),
    f1: avg(scores.map((s) => s.f1)),
    withKept: avg(scores.map((s) => s.withKept).filter((x): x is number => x !== null)),
    withoutLeaked: avg(scores.map((s) => s.withoutLeaked).filter((x): x is number => x !== null)),
  };
}

/** Sites into k folds, deterministically: sites sorted by a hash of their name, dealt round-robin. */
export function foldsBySite(pages: readonly TrainingPage[], k: number): number[] {
  const sites = [...new Set(pages.map((p) => p.site))].sort((a, b) => hash(a) - hash(b) || a.localeCompare(b));
  const foldOf = new Map(sites.map((s, i) => [s, i % k]));
  return pages.map((p) => foldOf.get(p.site) ?? 0);
}

function hash(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193);
  return h >>> 0;
}

/** Out-of-fold smoothed posteriors per page: each fold's pages scored by a model fitted on the other sites. */
export function crossValidatedPosteriors(
  pages: readonly TrainingPage[],
  k: number,
  options?: TreeOptions,
  onFold?: (fold: number) => void,
): { posteriors: number[][]; folds: number[] } {
  const folds = foldsBySite(pages, k);
  const posteriors: number[][] = pages.map(() => []);
  for (let fold = 0; fold < k; fold++) {
    const train = pages.filter((_, i) => folds[i] !== fold);
    const parts: FittedParts = fitParts(train, options);
    pages.forEach((page, i) => {
      if (folds[i] === fold) posteriors[i] = posteriorsOf(parts, page);
    });
    onFold?.(fold);
  }
  return { posteriors, folds };
}

/**
 * Word precision, recall and F1 of the body from the block counts alone (no text): the kept blocks'
 * words against the main content's, their aligned words as the overlap. What a clean clone can
 * compute from the export; close to the exact figure (title words aside).
 */
export function approximateScore(
  page: TrainingPage,
  posteriors: readonly number[],
  threshold: number,
  guard: number,
): { precision: number; recall: number; f1: number } {
  const captions = new Set(page.captions);
  const share = BLOCK_FEATURES.indexOf('readabilityShare');
  const count = (keep: (b: number) => boolean) => {
    let words = 0;
    let aligned = 0;
    for (let b = 0; b < page.words.length; b++) {
      if (captions.has(b) || !keep(b)) continue;
      words += page.words[b] as number;
      aligned += page.matched[b] as number;
    }
    return [words, aligned] as const;
  };
  let [kept, overlap] = count((b) => (posteriors[b] ?? 0) < threshold);
  // The guard, as keptText applies it: Readability's blocks less the model's sure boilerplate, else Readability's text.
  if (guard > 0 && page.readabilityWords > 0 && kept < guard * page.readabilityWords) {
    [kept, overlap] = count((b) => ((page.features[b] as Float64Array)[share] as number) >= 0.5 && (posteriors[b] ?? 0) < GUARD_THRESHOLD);
    if (kept === 0) {
      kept = page.readabilityWords;
      overlap = page.readabilityOverlap;
    }
  }
  overlap = Math.min(overlap, page.truthWords, kept);
  if (page.truthWords === 0) return kept ? { precision: 0, recall: 0, f1: 0 } : { precision: 1, recall: 1, f1: 1 };
  if (kept === 0) return { precision: 0, recall: 0, f1: 0 };
  const precision = overlap / kept;
  const recall = overlap / page.truthWords;
  return { precision, recall, f1: precision + recall ? (2 * precision * recall) / (precision + recall) : 0 };
}

/** Mean F1 under a threshold and guard: exact with the page texts, else from the block counts. */
export function meanF1(pages: readonly TrainingPage[], posteriors: readonly number[][], threshold: number, guard: number, exact = false): number {
  let sum = 0;
  pages.forEach((page, i) => {
    const p = posteriors[i] as number[];
    sum += exact ? scoreText(extractedText(page, p, threshold, guard).text, page).f1 : approximateScore(page, p, threshold, guard).f1;
  });
  return sum / Math.max(1, pages.length);
}

export const THRESHOLDS = [0.3, 0.35, 0.4, 0.45, 0.5, 0.55, 0.6, 0.65, 0.7, 0.75, 0.8, 0.85];
export const GUARDS = [0, 0.2, 0.3, 0.4, 0.5, 0.6];

/** Out-of-fold F1 a guard may cost and still be preferred: Readability's article is the safer fallback on an unseen site. */
export const GUARD_TOLERANCE = 0.002;

/**
 * The threshold and guard over out-of-fold posteriors: the best mean F1, except that the strongest
 * guard within GUARD_TOLERANCE of it wins (then the better F1, then the lower threshold). Chosen
 * from the block counts, so that training from the export and from the pages choose alike.
 */
export function chooseThreshold(
  pages: readonly TrainingPage[],
  posteriors: readonly number[][],
  exact = false,
): { threshold: number; guard: number; f1: number } {
  const scored = GUARDS.flatMap((guard) => THRESHOLDS.map((threshold) => ({ threshold, guard, f1: meanF1(pages, posteriors, threshold, guard, exact) })));
  const top = Math.max(...scored.map((c) => c.f1));
  const near = scored.filter((c) => c.f1 >= top - GUARD_TOLERANCE);
  near.sort((a, b) => b.guard - a.guard || b.f1 - a.f1 || a.threshold - b.threshold);
  return near[0] as { threshold: number; guard: number; f1: number };
}
