/**
 * The scoring primitives the learned models share (the line model in clean/, the block model in
 * parse/html/): boosted trees and a two-state hidden Markov model smoothing scores along a sequence.
 * Both models are trained by training/ into this shape; this file is the one home of how they score.
 */

/**
 * Gradient-boosted regression trees on the log-odds scale, each a complete binary tree in heap
 * order: node i tests `x[feature[i]] > threshold[i]` (right child 2i+2, left 2i+1; feature -1: always
 * left); `leaf` holds the 2^depth leaf values left to right.
 */
export interface BoostedTrees {
  base: number;
  depth: number;
  trees: { feature: number[]; threshold: number[]; leaf: number[] }[];
}

export function sigmoid(z: number): number {
  return z >= 0 ? 1 / (1 + Math.exp(-z)) : Math.exp(z) / (1 + Math.exp(z));
}

/** The trees packed into typed arrays, once per model: scoring runs on every line or block, often several times. */
interface PackedTrees {
  base: number;
  depth: number;
  internal: number;
  count: number;
  feature: Int32Array;
  threshold: Float64Array;
  leaf: Float64Array;
}

const packed = new WeakMap<BoostedTrees, PackedTrees>();

function pack(model: BoostedTrees): PackedTrees {
  let p = packed.get(model);
  if (p) return p;
  const internal = (1 << model.depth) - 1;
  const count = model.trees.length;
  p = {
    base: model.base,
    depth: model.depth,
    internal,
    count,
    feature: new Int32Array(count * internal).fill(-1),
    threshold: new Float64Array(count * internal),
    leaf: new Float64Array(count * (internal + 1)),
  };
  model.trees.forEach((tree, t) => {
    for (let i = 0; i < internal; i++) {
      (p as PackedTrees).feature[t * internal + i] = tree.feature[i] ?? -1;
      (p as PackedTrees).threshold[t * internal + i] = tree.threshold[i] ?? 0;
    }
    for (let i = 0; i <= internal; i++) (p as PackedTrees).leaf[t * (internal + 1) + i] = tree.leaf[i] ?? 0;
  });
  packed.set(model, p);
  return p;
}

/** Log-odds of the boosted trees for one feature vector. */
export function treeScore(model: BoostedTrees, x: ArrayLike<number>): number {
  const { base, depth, internal, count, feature, threshold, leaf } = pack(model);
  let z = base;
  for (let t = 0; t < count; t++) {
    const offset = t * internal;
    let i = 0;
    for (let d = 0; d < depth; d++) {
      const f = feature[offset + i] as number;
      i = 2 * i + (f >= 0 && (x[f] as number) > (threshold[offset + i] as number) ? 2 : 1);
    }
    z += leaf[t * (internal + 1) + i - internal] as number;
  }
  return z;
}

/** A two-state chain: P(next is boilerplate | content), P(next is boilerplate | boilerplate), and the boilerplate prior. */
export interface TwoStateChain {
  transitions: { contentToBoilerplate: number; boilerplateToBoilerplate: number };
  prior: number;
}

const clampP = (p: number) => Math.max(0.001, Math.min(p, 0.999));

/**
 * Posterior P(boilerplate) of each item given the whole sequence: forward-backward over the chain,
 * the per-item probabilities divided by the prior as emissions (scaled likelihoods).
 *
 * @example smoothSequence(chain, [0.1, 0.7, 0.1]) // → a lone doubtful block between prose stays
 */
export function smoothSequence(chain: TwoStateChain, probabilities: readonly number[]): number[] {
  const n = probabilities.length;
  if (n === 0) return [];
  const { contentToBoilerplate: cb, boilerplateToBoilerplate: bb } = chain.transitions;
  const prior = Math.min(0.99, Math.max(0.01, chain.prior));
  const eB = probabilities.map((p) => clampP(p) / prior);
  const eC = probabilities.map((p) => (1 - clampP(p)) / (1 - prior));
  const fB = new Array<number>(n);
  const fC = new Array<number>(n);
  let b = prior * (eB[0] ?? 1);
  let c = (1 - prior) * (eC[0] ?? 1);
  let s = b + c;
  fB[0] = b / s;
  fC[0] = c / s;
  for (let i = 1; i < n; i++) {
    const pb = fB[i - 1] ?? 0;
    const pc = fC[i - 1] ?? 0;
    b = (pb * bb + pc * cb) * (eB[i] ?? 1);
    c = (pb * (1 - bb) + pc * (1 - cb)) * (eC[i] ?? 1);
    s = b + c;
    fB[i] = b / s;
    fC[i] = c / s;
  }
  const out = new Array<number>(n);
  let betaB = 1;
  let betaC = 1;
  for (let i = n - 1; i >= 0; i--) {
    const postB = (fB[i] ?? 0) * betaB;
    const postC = (fC[i] ?? 0) * betaC;
    out[i] = postB / (postB + postC);
    const nb = bb * (eB[i] ?? 1) * betaB + (1 - bb) * (eC[i] ?? 1) * betaC;
    const nc = cb * (eB[i] ?? 1) * betaB + (1 - cb) * (eC[i] ?? 1) * betaC;
    const t = nb + nc;
    betaB = nb / t;
    betaC = nc / t;
  }
  return out;
}
