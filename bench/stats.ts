/** Order statistics the bench prints: medians with their spread, and latency percentiles. */

export interface Summary {
  n: number;
  median: number;
  min: number;
  max: number;
  /** 25th and 75th percentiles. */
  q1: number;
  q3: number;
  p99: number;
}

/**
 * Percentile by linear interpolation between closest ranks (the numpy default).
 *
 * @example percentile([1, 2, 3, 4], 50) // → 2.5
 */
export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = (p / 100) * (sorted.length - 1);
  const low = Math.floor(rank);
  const high = Math.ceil(rank);
  const lowValue = sorted[low] as number;
  const highValue = sorted[high] as number;
  return lowValue + (highValue - lowValue) * (rank - low);
}

/**
 * Median, min–max, IQR and p99 of a sample.
 *
 * @example summarize([3, 1, 2]) // → { n: 3, median: 2, min: 1, max: 3, q1: 1.5, q3: 2.5, p99: 2.98 }
 */
export function summarize(values: readonly number[]): Summary {
  return {
    n: values.length,
    median: percentile(values, 50),
    min: Math.min(...values),
    max: Math.max(...values),
    q1: percentile(values, 25),
    q3: percentile(values, 75),
    p99: percentile(values, 99),
  };
}

/** `47.1 ms (44.0–52.3)`: a median with its min–max, in the unit given. */
export function formatSummary(summary: Summary, unit: string, digits = 1): string {
  return `${summary.median.toFixed(digits)} ${unit} (${summary.min.toFixed(digits)}–${summary.max.toFixed(digits)})`;
}

/** `1.59 MB` / `485 KB`, decimal units as the targets are stated. */
export function formatBytes(bytes: number): string {
  return bytes >= 1_000_000 ? `${(bytes / 1_000_000).toFixed(2)} MB` : `${(bytes / 1000).toFixed(0)} KB`;
}

/** `PASS` when the condition holds, `MISS` otherwise. */
export function verdict(ok: boolean): 'PASS' | 'MISS' {
  return ok ? 'PASS' : 'MISS';
}
