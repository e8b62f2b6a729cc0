/**
 * The empirical linearity guard: how the CPU time of some work grows with the size of its input.
 *
 * Load on the machine only ever adds time, so every figure is the least CPU time (`process.cpuUsage`,
 * which a busy neighbour does not inflate the way it inflates wall-clock time) of several samples,
 * each sample repeating the work until it has used at least `SAMPLE_MS` of CPU.
 *
 * 1. Creep: from a tiny input, the size grows by a quarter at a time until one run costs `floorMs`.
 *    Catastrophic backtracking (a nested quantifier such as `(?:\w+\s?)*` takes seconds on 27
 *    characters) shows as a jump far above the ×1.25 of linear work while a run still costs
 *    milliseconds: a synchronous regex cannot be interrupted, so it must be caught before it hangs.
 *    Two jumps in a row fail; one is a change of code path (an article accepted past a size).
 * 2. Growth: from that size n to 8n, in doublings. Linear work grows about 8×, quadratic 64×;
 *    `GROWTH_LIMIT` sits between them, far from both.
 *
 * Under the floor at `max`, the work is too cheap to matter: it passes.
 */

/** Linear work grows about 8× from n to 8n, quadratic 64×. */
export const GROWTH_LIMIT = 24;
/** Linear work grows about 1.25× per creep step; an exponential blow-up far more. */
export const STEP_LIMIT = 3;
const CREEP = 1.25;
const SAMPLE_MS = 1;
const WARM_UP_MS = 50;

export interface GrowthOptions {
  /** The tiny size the creep starts from. */
  start: number;
  /** The largest size n the creep may reach (the growth check then runs up to 8n). */
  max: number;
  /** CPU time of one run at which timer noise no longer matters. */
  floorMs: number;
  /** Samples per size; the least counts. */
  samples: number;
}

export interface Growth {
  ok: boolean;
  /** Where the verdict was reached: the sizes compared and their CPU time per run. */
  from: { n: number; ms: number };
  to: { n: number; ms: number };
  ratio: number;
  /** Why it failed, with figures; empty when ok. */
  reason: string;
}

function cpuMs(): number {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1000;
}

/** CPU time of a single run of synchronous `work`: a quick first look, noisy below a millisecond. */
export function cpuMsOnce(work: () => unknown): number {
  const started = cpuMs();
  work();
  return cpuMs() - started;
}

/** CPU time of one run of `work`: the least over `samples` samples, after a warm-up run. */
export async function leastCpuMs(work: () => unknown, samples: number): Promise<number> {
  await work();
  let least = Infinity;
  for (let s = 0; s < samples; s++) {
    const started = cpuMs();
    let runs = 0;
    let elapsed = 0;
    do {
      await work();
      runs++;
      elapsed = cpuMs() - started;
    } while (elapsed < SAMPLE_MS);
    least = Math.min(least, elapsed / runs);
  }
  return least;
}

/** Measures how the CPU time of `run(prepare(n))` grows with n; inputs are built outside the timed part. */
export async function growthOf<T>(prepare: (n: number) => T, run: (input: T) => unknown, options: GrowthOptions): Promise<Growth> {
  const time = (n: number) => {
    const input = prepare(n);
    return leastCpuMs(() => run(input), options.samples);
  };
  const verdict = (from: { n: number; ms: number }, to: { n: number; ms: number }, reason = ''): Growth => ({
    ok: reason === '',
    from,
    to,
    ratio: to.ms / from.ms,
    reason,
  });
  const figures = (a: { n: number; ms: number }, b: { n: number; ms: number }) =>
    `${a.ms.toFixed(3)} ms at ${a.n} → ${b.ms.toFixed(3)} ms at ${b.n} (×${(b.ms / a.ms).toFixed(1)})`;

  // 1. Creep up from a tiny size, once the code is warm (a cold first run costs many warm ones).
  const warmUp = prepare(options.start);
  for (let started = cpuMs(), runs = 0; runs < 10 || cpuMs() - started < WARM_UP_MS; runs++) await run(warmUp);
  let at = { n: options.start, ms: await time(options.start) };
  let jumped = false;
  // A jump is followed up even past the floor: the doublings below must never meet a blow-up.
  while ((at.ms < options.floorMs || jumped) && at.n < options.max) {
    const n = Math.min(options.max, Math.ceil(at.n * CREEP));
    const next = { n, ms: await time(n) };
    const jump = next.ms / at.ms >= STEP_LIMIT;
    if (jump && jumped) return verdict(at, next, `time jumped twice in a row while the input grew by a quarter: ${figures(at, next)}`);
    jumped = jump;
    at = next;
  }
  if (at.ms < options.floorMs) return verdict(at, at);

  // 2. From n to 8n, in doublings, so a quadratic pass stops as soon as it shows.
  const small = at;
  let large = small;
  for (let n = small.n * 2; n <= small.n * 8; n *= 2) {
    large = { n, ms: await time(n) };
    if (large.ms / small.ms >= GROWTH_LIMIT) break;
  }
  if (large.ms / small.ms >= GROWTH_LIMIT) {
    // Confirm once before failing: take the least of both measurements.
    const confirmedSmall = { n: small.n, ms: Math.min(small.ms, await time(small.n)) };
    const confirmedLarge = { n: large.n, ms: Math.min(large.ms, await time(large.n)) };
    if (confirmedLarge.ms / confirmedSmall.ms >= GROWTH_LIMIT)
      return verdict(confirmedSmall, confirmedLarge, `time grew super-linearly: ${figures(confirmedSmall, confirmedLarge)}`);
    return verdict(confirmedSmall, confirmedLarge);
  }
  return verdict(small, large);
}
