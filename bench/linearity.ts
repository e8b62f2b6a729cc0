/**
 * Hostile inputs against the whole pipeline at growing sizes: linear work doubles its time when the
 * input doubles (ratio ≈ 2), catastrophic backtracking or a quadratic pass shows up as ≈ 4 or worse.
 * The baseline is the same scan a linear tokenizer makes over the same inputs.
 */
import { processArticle } from '#shared/domain/pipeline.ts';
import { formatSummary, type Summary, summarize, verdict } from './stats.ts';

export interface LinearityCase {
  name: string;
  sizes: number[];
  medianMs: number[];
  /** time(2n) / time(n), for each doubling. */
  ratios: number[];
  worstRatio: number;
  /** log(time) / log(size) from the smallest to the largest input: 1 is linear, 2 quadratic. */
  exponent: number;
}

export interface LinearityResult {
  cases: LinearityCase[];
  baselineWorstRatio: number;
}

const HOSTILE: { name: string; make: (bytes: number) => string }[] = [
  { name: 'one long line of words', make: (n) => 'kata '.repeat(Math.ceil(n / 5)) },
  { name: 'repeated "Baca Juga:" lines', make: (n) => 'Baca Juga: Judul berita lain yang menarik\n'.repeat(Math.ceil(n / 42)) },
  { name: 'nested brackets', make: (n) => `${'('.repeat(n / 2)}${')'.repeat(n / 2)}` },
  { name: 'spaces and dots', make: (n) => '. '.repeat(n / 2) },
  { name: 'deeply nested HTML', make: (n) => `<html><body>${'<div>'.repeat(n / 11)}teks${'</div>'.repeat(n / 11)}</body></html>` },
];

/** Keeps the baseline's token count observable, so the scan cannot be optimised away. */
export let tokensSeen = 0;

export async function benchLinearity(options: { sizes: number[]; runs: number; log: (line: string) => void }): Promise<LinearityResult> {
  const { sizes, runs, log } = options;
  const cases: LinearityCase[] = [];
  const baselineRatios: number[] = [];
  for (const hostile of HOSTILE) {
    const medians: number[] = [];
    const baseline: number[] = [];
    for (const size of sizes) {
      const text = hostile.make(size);
      const bytes = new TextEncoder().encode(text);
      const key = hostile.name.includes('HTML') ? 'incoming/bench/hostile.html' : 'incoming/bench/hostile.txt';
      await processArticle({ bytes, key }); // warm-up
      const times: number[] = [];
      const scans: number[] = [];
      for (let run = 0; run < runs; run++) {
        const started = performance.now();
        await processArticle({ bytes, key });
        times.push(performance.now() - started);
        const scanStarted = performance.now();
        let count = 0;
        for (const _ of text.matchAll(/[\p{L}\p{N}]+/gu)) count++;
        scans.push(performance.now() - scanStarted);
        tokensSeen += count;
      }
      medians.push(summarize(times).median);
      baseline.push(summarize(scans).median);
    }
    const ratios = medians.slice(1).map((ms, i) => ms / Math.max(medians[i] as number, 0.01));
    // Growth exponent over the whole range (1 = linear, 2 = quadratic): steadier than one doubling of a few ms.
    const exponent =
      Math.log(Math.max(medians.at(-1) as number, 0.01) / Math.max(medians[0] as number, 0.01)) / Math.log((sizes.at(-1) as number) / (sizes[0] as number));
    baselineRatios.push(...baseline.slice(1).map((ms, i) => ms / Math.max(baseline[i] as number, 0.01)));
    const worstRatio = Math.max(...ratios);
    cases.push({ name: hostile.name, sizes, medianMs: medians, ratios, worstRatio, exponent });
    const sizesText = sizes.map((s, i) => `${(s / 1024).toFixed(0)} KB ${(medians[i] as number).toFixed(1)} ms`).join(', ');
    log(
      `${hostile.name.padEnd(30)} ${sizesText}; growth exponent ${exponent.toFixed(2)} (worst doubling ${worstRatio.toFixed(2)}×) ${verdict(exponent < 1.3)}`,
    );
  }
  const baselineSummary: Summary = summarize(baselineRatios);
  log(`baseline (word scan) ratio per doubling: ${formatSummary(baselineSummary, '×', 2)}; linear ≈ 2, quadratic ≈ 4; PASS means a growth exponent under 1.3`);
  return { cases, baselineWorstRatio: Math.max(...baselineRatios) };
}
