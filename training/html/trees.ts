/**
 * Gradient-boosted regression trees for the logistic loss, fast enough for ~10^5 blocks: features
 * binned once into per-feature quantile bins (column-major bytes), histograms per node level,
 * second-order leaf values. Deterministic (no sampling). The trees come out in the line model's
 * packed format (line-model.ts's BoostedTrees: complete binary trees in heap order), so scoring
 * is `treeScore`.
 */
import { type BoostedTrees, treeScore } from '#shared/domain/scoring.ts';

export interface TreeOptions {
  trees: number;
  depth: number;
  rate: number;
  /** Least hessian weight a leaf may hold. */
  minLeaf: number;
  /** L2 penalty on leaf values. */
  lambda: number;
  /** Most bins per feature (≤ 255). */
  bins: number;
  /** Share of rows each tree learns from (stochastic boosting; a fixed-seed generator keeps it deterministic). */
  subsample: number;
}

export const HTML_TREE_OPTIONS: TreeOptions = { trees: 200, depth: 5, rate: 0.1, minLeaf: 4, lambda: 1, bins: 48, subsample: 0.5 };

const round = (x: number, digits = 5) => Math.round(x * 10 ** digits) / 10 ** digits;

/** Quantile cut points of one feature column (midpoints between distinct neighbouring values). */
function cutsOf(column: Float64Array, bins: number): number[] {
  const sorted = Float64Array.from(column).sort();
  const distinct: number[] = [];
  for (let i = 0; i < sorted.length; i++) if (i === 0 || sorted[i] !== sorted[i - 1]) distinct.push(sorted[i] as number);
  if (distinct.length <= 1) return [];
  if (distinct.length <= bins) return distinct.slice(1).map((v, i) => round(((distinct[i] as number) + v) / 2, 4));
  const cuts = new Set<number>();
  for (let b = 1; b < bins; b++) {
    const at = sorted[Math.floor((b * sorted.length) / bins)] as number;
    // The cut sits just below `at`: between it and the distinct value before it.
    let lo = 0;
    let hi = distinct.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if ((distinct[mid] as number) < at) lo = mid + 1;
      else hi = mid;
    }
    if (lo > 0) cuts.add(round(((distinct[lo - 1] as number) + (distinct[lo] as number)) / 2, 4));
  }
  return [...cuts].sort((a, b) => a - b);
}

/**
 * Fits `options.trees` trees; with `start`, continues that ensemble instead (every row starts from
 * its score, its base and trees are kept and the new trees appended, of its depth): how a retrain
 * adds reviewers' corrections to the shipped model without refitting it.
 */
export function fitTrees(
  rows: readonly ArrayLike<number>[],
  labels: ArrayLike<number>,
  weights: ArrayLike<number>,
  options: TreeOptions = HTML_TREE_OPTIONS,
  start?: BoostedTrees,
): BoostedTrees {
  if (start && start.depth !== options.depth) throw new Error(`continuing trees of depth ${start.depth} with depth ${options.depth}`);
  const n = rows.length;
  const d = rows[0]?.length ?? 0;
  const cuts: number[][] = [];
  const binned = new Uint8Array(n * d);
  const column = new Float64Array(n);
  for (let f = 0; f < d; f++) {
    for (let r = 0; r < n; r++) column[r] = (rows[r] as ArrayLike<number>)[f] ?? 0;
    const c = cutsOf(column, options.bins);
    cuts.push(c);
    for (let r = 0; r < n; r++) {
      const x = column[r] as number;
      let lo = 0;
      let hi = c.length;
      while (lo < hi) {
        const mid = (lo + hi) >> 1;
        if (x > (c[mid] as number)) lo = mid + 1;
        else hi = mid;
      }
      binned[f * n + r] = lo;
    }
  }
  let total = 0;
  let positive = 0;
  for (let r = 0; r < n; r++) {
    total += weights[r] as number;
    positive += (labels[r] as number) * (weights[r] as number);
  }
  const base = start ? start.base : round(Math.log(Math.max(positive, 1e-9) / Math.max(total - positive, 1e-9)));
  const score = new Float64Array(n).fill(base);
  if (start) for (let r = 0; r < n; r++) score[r] = treeScore(start, rows[r] as readonly number[]);
  const g = new Float64Array(n);
  const h = new Float64Array(n);
  const node = new Int32Array(n);
  const internal = (1 << options.depth) - 1;
  const maxBins = options.bins + 1;
  const trees: BoostedTrees['trees'] = start ? [...start.trees] : [];
  let seed = 0x2545f491;
  const random = () => {
    // xorshift32: the same rows for the same options, every run.
    seed ^= seed << 13;
    seed ^= seed >>> 17;
    seed ^= seed << 5;
    return (seed >>> 0) / 0x100000000;
  };
  const sample = new Int32Array(n);
  for (let t = 0; t < options.trees; t++) {
    let m = 0;
    for (let r = 0; r < n; r++) if (options.subsample >= 1 || random() < options.subsample) sample[m++] = r;
    for (let i = 0; i < m; i++) {
      const r = sample[i] as number;
      const p = 1 / (1 + Math.exp(-(score[r] as number)));
      const w = weights[r] as number;
      g[r] = w * (p - (labels[r] as number));
      h[r] = w * Math.max(p * (1 - p), 1e-6);
      node[r] = 0;
    }
    const feature = new Array<number>(internal).fill(-1);
    const threshold = new Array<number>(internal).fill(0);
    const splitBin = new Int32Array(internal);
    for (let depth = 0; depth < options.depth; depth++) {
      const first = (1 << depth) - 1;
      const width = 1 << depth;
      const G = new Float64Array(width);
      const H = new Float64Array(width);
      for (let i = 0; i < m; i++) {
        const r = sample[i] as number;
        const k = (node[r] as number) - first;
        G[k] = (G[k] as number) + (g[r] as number);
        H[k] = (H[k] as number) + (h[r] as number);
      }
      const best = Array.from({ length: width }, () => ({ gain: 1e-6, feature: -1, bin: 0 }));
      const gh = new Float64Array(width * maxBins);
      const hh = new Float64Array(width * maxBins);
      for (let f = 0; f < d; f++) {
        const c = cuts[f] as number[];
        if (c.length === 0) continue;
        gh.fill(0);
        hh.fill(0);
        const offset = f * n;
        for (let i = 0; i < m; i++) {
          const r = sample[i] as number;
          const at = ((node[r] as number) - first) * maxBins + (binned[offset + r] as number);
          gh[at] = (gh[at] as number) + (g[r] as number);
          hh[at] = (hh[at] as number) + (h[r] as number);
        }
        for (let k = 0; k < width; k++) {
          const Gk = G[k] as number;
          const Hk = H[k] as number;
          if (Hk < 2 * options.minLeaf) continue;
          const parent = (Gk * Gk) / (Hk + options.lambda);
          let GL = 0;
          let HL = 0;
          for (let b = 0; b < c.length; b++) {
            GL += gh[k * maxBins + b] as number;
            HL += hh[k * maxBins + b] as number;
            const GR = Gk - GL;
            const HR = Hk - HL;
            if (HL < options.minLeaf || HR < options.minLeaf) continue;
            const gain = (GL * GL) / (HL + options.lambda) + (GR * GR) / (HR + options.lambda) - parent;
            const current = best[k] as { gain: number; feature: number; bin: number };
            if (gain > current.gain) {
              current.gain = gain;
              current.feature = f;
              current.bin = b;
            }
          }
        }
      }
      for (let k = 0; k < width; k++) {
        const split = best[k] as { feature: number; bin: number };
        if (split.feature >= 0) {
          feature[first + k] = split.feature;
          threshold[first + k] = (cuts[split.feature] as number[])[split.bin] as number;
          splitBin[first + k] = split.bin;
        }
      }
      for (let i = 0; i < m; i++) {
        const r = sample[i] as number;
        const at = node[r] as number;
        const f = feature[at] as number;
        node[r] = 2 * at + (f >= 0 && (binned[f * n + r] as number) > (splitBin[at] as number) ? 2 : 1);
      }
    }
    const leaves = internal + 1;
    const G = new Float64Array(leaves);
    const H = new Float64Array(leaves);
    for (let i = 0; i < m; i++) {
      const r = sample[i] as number;
      const k = (node[r] as number) - internal;
      G[k] = (G[k] as number) + (g[r] as number);
      H[k] = (H[k] as number) + (h[r] as number);
    }
    const leaf = Array.from({ length: leaves }, (_, k) => round((-(G[k] as number) / ((H[k] as number) + options.lambda)) * options.rate, 4));
    // Every row, sampled or not, moves by the leaf it falls in.
    for (let r = 0; r < n; r++) {
      let at = 0;
      for (let depth = 0; depth < options.depth; depth++) {
        const f = feature[at] as number;
        at = 2 * at + (f >= 0 && (binned[f * n + r] as number) > (splitBin[at] as number) ? 2 : 1);
      }
      score[r] = (score[r] as number) + (leaf[at - internal] as number);
    }
    trees.push({ feature, threshold, leaf });
  }
  return { base, depth: options.depth, trees };
}
