/**
 * Fits the HTML block model (shared/domain/html-model.ts) from labelled pages: class/id token
 * log-odds counted per site, boosted trees over the block features, the smoothing chain's
 * transition rates counted from the label sequences. Deterministic: same pages, same model.
 */
import { BLOCK_FEATURES, TOKEN_FEATURE_COUNT, TOKEN_FEATURE_START, tokenScoresOf } from '#shared/domain/parse/html/block-features.ts';
import type { HtmlModel } from '#shared/domain/parse/html/block-model.ts';
import { rawProbabilities, smoothedProbabilities } from '#shared/domain/parse/html/block-model.ts';
import type { BoostedTrees } from '#shared/domain/scoring.ts';
import type { TrainingPage } from './pages.ts';
import { htmlStopwords } from './stopwords.ts';
import { fitTrees, HTML_TREE_OPTIONS, type TreeOptions } from './trees.ts';

/** A token weighs only once this many training sites use it: no weight is keyed to one outlet's template. */
export const MIN_TOKEN_SITES = 3;
/** Smallest |log-odds| a token keeps. */
const MIN_TOKEN_WEIGHT = 0.1;
/** Pseudo-sites of prior in a token's content share (shrinks rare tokens toward the prior). */
const TOKEN_PRIOR_SITES = 2;

/** Per site, per token: the content share of the words under elements carrying it. */
export interface TokenCounts {
  bySite: Map<string, Map<number, number>>;
  /** Words of content over all words, over the sites counted. */
  prior: number;
}

/** Tokens of each block's owner and its ancestors, once each. */
function chainTokensOf(page: TrainingPage): Set<number>[] {
  const memo = new Map<number, Set<number>>();
  const of = (e: number): Set<number> => {
    let s = memo.get(e);
    if (s) return s;
    const p = page.parents[e] as number;
    s = new Set(p >= 0 ? of(p) : []);
    for (const t of page.tokens[e] ?? []) s.add(t);
    memo.set(e, s);
    return s;
  };
  // Parents come before children, so a left-to-right pass fills the memo without deep recursion.
  for (let e = 0; e < page.parents.length; e++) of(e);
  return page.owners.map((o) => of(o));
}

export function countTokens(pages: readonly TrainingPage[]): TokenCounts {
  const perSite = new Map<string, Map<number, [number, number]>>();
  let content = 0;
  let all = 0;
  for (const page of pages) {
    const chains = chainTokensOf(page);
    let site = perSite.get(page.site);
    if (!site) {
      site = new Map();
      perSite.set(page.site, site);
    }
    for (let b = 0; b < page.owners.length; b++) {
      const w = page.words[b] as number;
      if (w === 0) continue;
      const isContent = page.labels[b] === 0 ? w : 0;
      content += isContent;
      all += w;
      for (const t of chains[b] as Set<number>) {
        const c = site.get(t) ?? [0, 0];
        c[0] += isContent;
        c[1] += w;
        site.set(t, c);
      }
    }
  }
  const bySite = new Map<string, Map<number, number>>();
  for (const [site, counts] of perSite) bySite.set(site, new Map([...counts].map(([t, [c, n]]) => [t, c / n])));
  return { bySite, prior: all ? content / all : 0.5 };
}

const logit = (p: number) => Math.log(p / (1 - p));

/** Token weights (log-odds of content against the prior) from every counted site but `exclude`. */
export function tokenWeightsOf(counts: TokenCounts, exclude: string | null = null): Map<number, number> {
  const sum = new Map<number, number>();
  const sites = new Map<number, number>();
  for (const [site, shares] of counts.bySite) {
    if (site === exclude) continue;
    for (const [t, share] of shares) {
      sum.set(t, (sum.get(t) ?? 0) + share);
      sites.set(t, (sites.get(t) ?? 0) + 1);
    }
  }
  const p0 = Math.min(0.99, Math.max(0.01, counts.prior));
  const weights = new Map<number, number>();
  for (const [t, n] of sites) {
    if (n < MIN_TOKEN_SITES) continue;
    const p = Math.min(0.99, Math.max(0.01, ((sum.get(t) ?? 0) + TOKEN_PRIOR_SITES * p0) / (n + TOKEN_PRIOR_SITES)));
    // Two decimals, and none under a tenth: the weights ship with the model, and a token that hardly moves the odds is noise.
    const w = Math.round((logit(p) - logit(p0)) * 100) / 100;
    if (Math.abs(w) >= MIN_TOKEN_WEIGHT) weights.set(t, w);
  }
  return weights;
}

/** A page's feature rows with the token columns filled from `weights`. */
export function rowsWithTokens(page: TrainingPage, weights: ReadonlyMap<number, number>): Float64Array[] {
  const scores = tokenScoresOf(page.parents, page.tokens, page.owners, weights);
  return page.features.map((x, b) => {
    const row = Float64Array.from(x);
    row.set(scores[b] as Float64Array, TOKEN_FEATURE_START);
    return row;
  });
}

/** Each page weighs the same in total (the benchmark averages pages); within it, blocks weigh by words. */
export function blockWeightsOf(page: TrainingPage): number[] {
  const total = page.words.reduce((a, w) => a + w + 1, 0);
  return page.words.map((w, b) => ((100 * (w + 1)) / total) * (page.weights?.[b] ?? 1));
}

/** Transition rates between content and boilerplate along the pages' blocks, and the boilerplate share. */
function chainOf(pages: readonly TrainingPage[]): { transitions: HtmlModel['transitions']; prior: number } {
  let cb = 0;
  let cc = 0;
  let bb = 0;
  let bc = 0;
  let boiler = 0;
  let blocks = 0;
  for (const page of pages) {
    for (let i = 0; i < page.labels.length; i++) {
      blocks++;
      boiler += page.labels[i] as number;
      if (i === 0) continue;
      const prev = page.labels[i - 1];
      const cur = page.labels[i];
      if (prev === 0) cur === 1 ? cb++ : cc++;
      else cur === 1 ? bb++ : bc++;
    }
  }
  const r = (x: number) => Math.round(x * 1e4) / 1e4;
  return {
    transitions: { contentToBoilerplate: r((cb + 1) / (cb + cc + 2)), boilerplateToBoilerplate: r((bb + 1) / (bb + bc + 2)) },
    prior: r(boiler / Math.max(1, blocks)),
  };
}

export interface FittedParts {
  tokenWeights: Map<number, number>;
  boilerplate: BoostedTrees;
  transitions: HtmlModel['transitions'];
  prior: number;
}

/**
 * Fits tokens, trees and chain on `pages`. The trees learn from token features computed without
 * each page's own site (leave-one-site-out), as they will meet them on a site never seen.
 */
export function fitParts(pages: readonly TrainingPage[], options: TreeOptions = HTML_TREE_OPTIONS): FittedParts {
  const counts = countTokens(pages);
  const tokenWeights = tokenWeightsOf(counts);
  const perSite = new Map<string, Map<number, number>>();
  const rows: Float64Array[] = [];
  const labels: number[] = [];
  const weights: number[] = [];
  for (const page of pages) {
    let w = perSite.get(page.site);
    if (!w) {
      w = tokenWeightsOf(counts, page.site);
      perSite.set(page.site, w);
    }
    rows.push(...rowsWithTokens(page, w));
    labels.push(...page.labels);
    weights.push(...blockWeightsOf(page));
  }
  const boilerplate = fitTrees(rows, labels, weights, options);
  return { tokenWeights, boilerplate, ...chainOf(pages) };
}

/** A model from fitted parts (threshold and guard set by the caller; the card comes last, from the weights). */
export function modelOf(parts: FittedParts, threshold: number, minShareOfReadability: number): HtmlModel {
  const tokenWeights: Record<string, number> = {};
  for (const [t, w] of [...parts.tokenWeights].sort((a, b) => a[0] - b[0])) tokenWeights[String(t)] = w;
  return {
    features: [...BLOCK_FEATURES],
    stopwords: htmlStopwords().bits,
    tokenWeights,
    boilerplate: parts.boilerplate,
    transitions: parts.transitions,
    prior: parts.prior,
    threshold,
    guard: { minShareOfReadability },
  };
}

/** Smoothed P(boilerplate) per block of `page` under fitted parts. */
export function posteriorsOf(parts: FittedParts, page: TrainingPage): number[] {
  const model = modelOf(parts, 0.5, 0);
  return smoothedProbabilities(model, rawProbabilities(model, rowsWithTokens(page, parts.tokenWeights)));
}

export { TOKEN_FEATURE_COUNT };
