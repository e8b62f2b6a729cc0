/**
 * The cost of publisher templates per million articles, for `npm run cost` (bin/cost.ts): what the
 * ingest function adds (observation writes, template reads) and what the hourly learning step costs,
 * at a stated monthly volume (the learning step's cost is per month and per publisher, so its share of
 * a million articles shrinks as volume grows). Every figure here is an assumption with its reason; the
 * learning step's own work was measured with `tests/unit/template.test.ts`'s linear-time guard.
 */
export const TEMPLATE_ASSUMPTIONS = {
  /** Publishers the articles come from: each has its own template and its own learning runs. */
  publishers: 100,
  /** Publishers among the articles of one ingest batch: publishers upload in runs, so a batch of 10 spans few. */
  publishersPerBatch: 3,
  /** Warm ingest containers at steady traffic, each seeing every publisher (more containers: more observation writes). */
  containers: 5,
  /** The learning step's schedule (infra/settings.ts `templates.learnEveryMinutes`). */
  learnRunsPerHour: 1,
  /** Learning function: 256 MB, about half a second a publisher (a handful of S3 reads and the learning itself). */
  learnSecondsPerPublisherRun: 0.5,
  learnMemoryMb: 256,
  /** A container reads a publisher's template once per cache period (infra/settings.ts `templates.cacheSeconds`). */
  templateCacheSeconds: 300,
} as const;

export const HOURS_PER_MONTH = 730;
export const SECONDS_PER_MONTH = HOURS_PER_MONTH * 3600;

export interface TemplatePrices {
  lambda: { arm64PerGbSecond: number; perMillionRequests: number };
  s3: { standardPutPerThousand: number; standardGetPerThousand: number };
}

export interface CostLine {
  service: string;
  item: string;
  quantity: string;
  /** USD per million articles. */
  usd: number;
}

/** How the ingest containers write observations: one PUT per publisher and batch, or buffered (infra/settings.ts). */
export type ObservationWrites = { kind: 'per-batch' } | { kind: 'buffered'; maxObservations: number; maxAgeMinutes: number; idleGapSeconds: number };

/**
 * Observation PUTs a month. Per batch: one per publisher in the batch. Buffered: each container writes a
 * publisher's observations once `maxObservations` wait or the oldest is `maxAgeMinutes` old, whichever
 * comes first; but when a container's batches come further apart than the idle gap it writes every batch.
 *
 * @example observationPutsPerMonth(10_000_000, 10, { kind: 'per-batch' }) // → 3,000,000
 */
export function observationPutsPerMonth(articlesPerMonth: number, batchSize: number, writes: ObservationWrites): number {
  const a = TEMPLATE_ASSUMPTIONS;
  const perBatch = (articlesPerMonth / batchSize) * Math.min(batchSize, a.publishersPerBatch);
  if (writes.kind === 'per-batch') return perBatch;
  const batchGapSeconds = (a.containers * batchSize * SECONDS_PER_MONTH) / articlesPerMonth;
  if (batchGapSeconds > writes.idleGapSeconds) return perBatch;
  const pairs = a.containers * a.publishers;
  const articlesPerPairSecond = articlesPerMonth / SECONDS_PER_MONTH / pairs;
  const interval = Math.min(writes.maxObservations / articlesPerPairSecond, writes.maxAgeMinutes * 60);
  return Math.min(perBatch, (pairs * SECONDS_PER_MONTH) / interval);
}

/**
 * @example templateCostLines(prices, { articlesPerMonth: 10_000_000, batchSize: 10, observations: { kind: 'per-batch' } })
 *   // → [{ service: 'S3', item: 'template observations: …', usd: 1.5 }, …] (USD per million articles)
 */
export function templateCostLines(
  prices: TemplatePrices,
  volume: { articlesPerMonth: number; batchSize: number; observations: ObservationWrites },
): CostLine[] {
  const a = TEMPLATE_ASSUMPTIONS;
  const { articlesPerMonth, batchSize, observations } = volume;
  const millions = articlesPerMonth / 1e6;
  const observationPuts = observationPutsPerMonth(articlesPerMonth, batchSize, observations);
  // A container reads a publisher's template at most once per cache period, and never more than once an article.
  const templateGets = Math.min(articlesPerMonth, (a.containers * a.publishers * SECONDS_PER_MONTH) / a.templateCacheSeconds);
  // A run per publisher and hour, while the publisher uploads (these volumes keep them all active).
  const runs = a.publishers * a.learnRunsPerHour * HOURS_PER_MONTH;
  // New batches a run reads: the month's observation batches spread over the runs (the window keeps the rest).
  const newBatchesPerRun = Math.max(1, observationPuts / runs);
  // Per run: list new batches, read the window, the template, the pins and the new batches; write the window
  // (and the template when it changed, rarely).
  const learnGets = runs * (3 + newBatchesPerRun);
  const learnPutClass = runs * 2;
  const gbSeconds = runs * a.learnSecondsPerPublisherRun * (a.learnMemoryMb / 1024);
  const n = (x: number) => Math.round(x / millions).toLocaleString('en-US');
  const how =
    observations.kind === 'per-batch'
      ? `a PUT per publisher and batch (~${a.publishersPerBatch} a batch)`
      : `buffered per container: a PUT per publisher and ${observations.maxObservations} articles or ${observations.maxAgeMinutes} min`;
  return [
    {
      service: 'S3',
      item: 'template observations',
      quantity: `${n(observationPuts)} PUT (${how})`,
      usd: (observationPuts / 1000 / millions) * prices.s3.standardPutPerThousand,
    },
    {
      service: 'S3',
      item: `template reads by the ingest function (a container reads each publisher's once per ${a.templateCacheSeconds / 60} min)`,
      quantity: `${n(templateGets)} GET`,
      usd: (templateGets / 1000 / millions) * prices.s3.standardGetPerThousand,
    },
    {
      service: 'S3',
      item: `template learning: hourly, ${a.publishers} publishers; a run lists and reads its new batches (~${newBatchesPerRun.toFixed(0)}) and writes its window`,
      quantity: `${n(learnPutClass)} LIST/PUT + ${n(learnGets)} GET`,
      usd: ((learnPutClass / 1000) * prices.s3.standardPutPerThousand + (learnGets / 1000) * prices.s3.standardGetPerThousand) / millions,
    },
    {
      service: 'Lambda',
      item: `template learning: ${a.learnMemoryMb} MB, ~${a.learnSecondsPerPublisherRun} s a publisher run`,
      quantity: `${n(runs / a.publishers)} invocations, ${n(gbSeconds)} GB-s`,
      usd: ((runs / a.publishers / 1e6) * prices.lambda.perMillionRequests + gbSeconds * prices.lambda.arm64PerGbSecond) / millions,
    },
  ];
}
