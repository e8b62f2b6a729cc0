/**
 * The scoring primitives of the block model: boosted trees in the packed heap layout the line model
 * uses (clean/line-model.ts's BoostedTrees), and a two-state hidden Markov model smoothing scores
 * along a sequence. The same algorithms as the line model's: a stage may not import another stage,
 * and both models are trained by training/ into this shape.
 */

/** Complete binary trees in heap order: node i tests `x[feature[i]] > threshold[i]` (right 2i+2, left 2i+1; feature -1: left). */
export interface BoostedTrees {
  base: number;
  depth: number;
  trees: { feature: number[]; threshold: number[]; leaf: number[] }[];
}

export function sigmoid(z: number): number {
  return z >= 0 ? 1 / (1 + Math.exp(-z)) : Math.exp(z) / (1 + Math.exp(z));
}

/** Log-odds of the boosted trees for one feature vector. */
export function treeScore(model: BoostedTrees, x: ArrayLike<number>): number {
  let z = model.base;
  const internal = (1 << model.depth) - 1;
  for (const tree of model.trees) {
    let i = 0;
    for (let d = 0; d < model.depth; d++) {
      const f = tree.feature[i] ?? -1;
      i = 2 * i + (f >= 0 && (x[f] as number) > (tree.threshold[i] ?? 0) ? 2 : 1);
    }
    z += tree.leaf[i - internal] ?? 0;
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
