/**
 * The cost of publisher templates per million articles, for `npm run cost` (bin/cost.ts): what the
 * ingest function adds (observation writes, template reads) and what the hourly learning step costs.
 * Every figure here is an assumption with its reason; the learning step's own work was measured
 * with `tests/unit/template.test.ts`'s linear-time guard (learning 200 articles takes milliseconds).
 */
export const TEMPLATE_ASSUMPTIONS = {
  /** Publishers a million articles come from: each has its own template and its own learning runs. */
  publishers: 100,
  /** Publishers among the articles of one ingest batch: publishers upload in runs, so a batch of 10 spans few. */
  publishersPerBatch: 3,
  /** The learning step's schedule (infra/settings.ts `templates.learnEveryMinutes`). */
  learnRunsPerHour: 1,
  /** Hours a month. */
  hoursPerMonth: 720,
  /** Learning function: 256 MB, about half a second a publisher (a handful of S3 reads and the learning itself). */
  learnSecondsPerPublisherRun: 0.5,
  learnMemoryMb: 256,
} as const;

export interface TemplatePrices {
  lambda: { arm64PerGbSecond: number; perMillionRequests: number };
  s3: { standardPutPerThousand: number; standardGetPerThousand: number };
}

export interface CostLine {
  service: string;
  item: string;
  quantity: string;
  usd: number;
}

/**
 * @example templateCostLines(prices, 1_000_000, 10) // → [{ service: 'S3', item: 'template observations: …', usd: 1.5 }, …]
 */
export function templateCostLines(prices: TemplatePrices, articles: number, batchSize: number): CostLine[] {
  const a = TEMPLATE_ASSUMPTIONS;
  const batches = articles / batchSize;
  const observationPuts = batches * Math.min(batchSize, a.publishersPerBatch);
  // A container reads a publisher's template at most once per cache period; bounded by one read per article.
  const templateGets = articles;
  // A run per publisher and hour, while the publisher uploads (a million articles a month keeps them all active).
  const runs = a.publishers * a.learnRunsPerHour * a.hoursPerMonth;
  // New batches a run reads: the month's observation batches spread over the runs (the window keeps the rest).
  const newBatchesPerRun = Math.max(1, observationPuts / runs);
  // Per run: list new batches, read the window, the template, the pins and the new batches; write the window
  // (and the template when it changed, rarely).
  const learnGets = runs * (3 + newBatchesPerRun);
  const learnPutClass = runs * 2;
  const gbSeconds = runs * a.learnSecondsPerPublisherRun * (a.learnMemoryMb / 1024);
  const n = (x: number) => Math.round(x).toLocaleString('en-US');
  return [
    {
      service: 'S3',
      item: `template observations: a PUT per publisher and batch (~${a.publishersPerBatch} a batch), a few hundred bytes an article`,
      quantity: `${n(observationPuts)} PUT`,
      usd: (observationPuts / 1000) * prices.s3.standardPutPerThousand,
    },
    {
      service: 'S3',
      item: 'template reads by the ingest function (once per container, publisher and 5 minutes; at most one an article)',
      quantity: `≤ ${n(templateGets)} GET`,
      usd: (templateGets / 1000) * prices.s3.standardGetPerThousand,
    },
    {
      service: 'S3',
      item: `template learning: hourly, ${a.publishers} publishers; a run lists and reads its new batches (~${newBatchesPerRun.toFixed(0)}) and writes its window`,
      quantity: `${n(learnPutClass)} LIST/PUT + ${n(learnGets)} GET`,
      usd: (learnPutClass / 1000) * prices.s3.standardPutPerThousand + (learnGets / 1000) * prices.s3.standardGetPerThousand,
    },
    {
      service: 'Lambda',
      item: `template learning: ${a.learnMemoryMb} MB, ~${a.learnSecondsPerPublisherRun} s a publisher run`,
      quantity: `${n(runs / a.publishers)} invocations, ${n(gbSeconds)} GB-s`,
      usd: (runs / a.publishers / 1e6) * prices.lambda.perMillionRequests + gbSeconds * prices.lambda.arm64PerGbSecond,
    },
  ];
}
