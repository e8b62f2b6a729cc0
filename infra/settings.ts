import { RetentionDays } from 'aws-cdk-lib/aws-logs';

/**
 * Every tunable number of the deployed stack, in one typed object, each with the reason for its value.
 * Derived values (the queue's visibility timeout, for one) are computed from these where they are used,
 * so the relation cannot drift when a number here changes.
 */
export interface StageSettings {
  ingest: {
    /** Messages per invocation; each message is one S3 event (one object). */
    batchSize: number;
    /** How long the poller waits to fill a batch. */
    maxBatchingWindowSeconds: number;
    /** Upper bound on concurrent invocations the SQS poller may start. */
    maxConcurrency: number;
    /** Function timeout. */
    timeoutSeconds: number;
    /** Function memory; Lambda allocates CPU in proportion. */
    memoryMb: number;
    /** Receives before a message moves to the dead-letter queue. */
    maxReceiveCount: number;
    /** How long a message may wait in the ingest queue. */
    queueRetentionDays: number;
    /** How long a dead-lettered message is kept for inspection and redrive. */
    deadLetterRetentionDays: number;
    /** Objects larger than this are rejected from their size alone (handler env `MAX_ARTICLE_BYTES`). */
    maxArticleBytes: number;
  };
  reprocess: {
    /** Function timeout; the function returns a cursor before it runs out. */
    timeoutSeconds: number;
    /** Function memory. */
    memoryMb: number;
  };
  templates: {
    /** How often the learning step runs. */
    learnEveryMinutes: number;
    /** Learning function timeout. */
    timeoutSeconds: number;
    /** Learning function memory. */
    memoryMb: number;
    /** How long the ingest function keeps a publisher's template before reading it again (env `TEMPLATE_CACHE_SECONDS`). */
    cacheSeconds: number;
    /** Days an observation batch is kept: the learning window is the newest 200 articles, far younger for an active publisher. */
    observationDays: number;
  };
  logs: {
    /** CloudWatch Logs retention of the function's log group. */
    retention: RetentionDays;
  };
  accessLogs: {
    /** Days S3 server access logs are kept before expiring. */
    expirationDays: number;
  };
  alarms: {
    /** Dead-lettered messages that raise the alarm. */
    deadLetterMessages: number;
    /** Function errors (crashes, timeouts) per period that raise the alarm. */
    functionErrors: number;
    /** Age of the oldest ingest message, in seconds, that raises the alarm. */
    oldestMessageAgeSeconds: number;
    /** Alarm period in minutes. */
    periodMinutes: number;
  };
}

export const STAGE_SETTINGS: StageSettings = {
  ingest: {
    // 10 articles finish well inside the timeout, and bound the work redone when an invocation crashes
    // (a crash returns the whole batch to the queue; ordinary failures are reported per record).
    batchSize: 10,
    // Publishers upload in bursts; waiting up to 5 s fills batches during a burst and adds at most 5 s of
    // latency to a lone upload.
    maxBatchingWindowSeconds: 5,
    // 10 concurrent invocations × 10 articles, each a handful of writes, stays far below the 4,000 write
    // units per second a new on-demand table absorbs before adapting: a flood queues up instead of throttling.
    maxConcurrency: 10,
    // One article takes well under a second to clean and classify; 60 s covers a full batch of 10 large
    // articles plus retries of the SDK, while a hung invocation still gives its messages back within minutes.
    timeoutSeconds: 60,
    // The pipeline is CPU-bound (HTML parsing, classification); 1,024 MB buys a faster share of a vCPU and
    // room for a few 5 MiB documents parsed into DOMs.
    memoryMb: 1024,
    // 5 receives ride out a throttling spike or a brief outage; a message failing 5 times is a bug or a poison
    // article, which the dead-letter alarm surfaces.
    maxReceiveCount: 5,
    // SQS maximum: a long outage of the function must not silently drop uploads.
    queueRetentionDays: 14,
    // SQS maximum: operators get two weeks to inspect and redrive dead-lettered events.
    deadLetterRetentionDays: 14,
    // Matches the pipeline's default limit: a news article is tens to hundreds of kilobytes; anything above
    // 5 MiB is not an article and would cost memory to parse.
    maxArticleBytes: 5 * 1024 * 1024,
  },
  reprocess: {
    // Lambda's maximum: paging and enqueueing ~100 records a request covers about a million records a run;
    // larger tables resume from the returned cursor.
    timeoutSeconds: 900,
    // I/O-bound paging needs little memory; 256 MB keeps the per-second price low.
    memoryMb: 256,
  },
  templates: {
    // Hourly: a new layout is followed within the hour and some articles; a run with nothing new reads
    // one small object per publisher, so running more often would cost list requests for nothing.
    learnEveryMinutes: 60,
    // Reading 200 articles' observations (about 20 objects) and learning take about a second per
    // publisher; 5 minutes covers a few hundred publishers, and the next run picks up the rest.
    timeoutSeconds: 300,
    // Learning holds a publisher's window (200 articles' line keys, about a megabyte) at a time.
    memoryMb: 256,
    // Five minutes: a new template reaches every container soon, and a container reads each of its
    // publishers' templates at most 12 times an hour (a GET each).
    cacheSeconds: 300,
    // The window is the newest 200 articles; a month keeps it even for a publisher of a few articles a week.
    observationDays: 30,
  },
  logs: {
    // A month covers incident investigation and the monthly review; older questions go to the table's history.
    retention: RetentionDays.ONE_MONTH,
  },
  accessLogs: {
    // A quarter of request history for audits of who read or uploaded what.
    expirationDays: 90,
  },
  alarms: {
    // Any dead-lettered message is an article that was not ingested: a human must look.
    deadLetterMessages: 1,
    // Record-level failures are reported as partial batch failures, not errors: an error is a crash or timeout.
    functionErrors: 1,
    // A retried message lives up to maxReceiveCount × visibility timeout (about 5 × 6 min) before it is
    // dead-lettered; 45 minutes means the queue as a whole is stuck or backlogged, not one bad message.
    oldestMessageAgeSeconds: 45 * 60,
    // Five-minute periods smooth a single slow batch without delaying the page by much.
    periodMinutes: 5,
  },
};
