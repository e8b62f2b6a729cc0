import { RetentionDays } from 'aws-cdk-lib/aws-logs';

/** How the articles table pays for reads and writes (context `tableCapacity`, ADR 0011). */
export type TableCapacity = 'provisioned' | 'on-demand';
export const TABLE_CAPACITIES: readonly TableCapacity[] = ['provisioned', 'on-demand'];

/** The bounds auto scaling moves one capacity (reads or writes of the table or of one index) between. */
export interface CapacityRange {
  min: number;
  max: number;
}

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
    /** Upper bound on concurrent invocations the SQS poller may start with the table on demand (provisioned: `table.provisionedMaxConcurrency`). */
    maxConcurrency: number;
    /** Attempts of each S3 or DynamoDB request (the SDK's adaptive retry mode) before the message fails back to the queue. */
    sdkMaxAttempts: number;
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
  table: {
    /**
     * `provisioned` (default): capacity units per second, scaled by DynamoDB auto scaling to keep
     * `targetUtilizationPercent` of them in use; about 2.4× cheaper per write at steady traffic. The
     * table and each index have their own capacity. `on-demand`: billed per request, nothing to size.
     */
    capacity: TableCapacity;
    /** Share of provisioned capacity auto scaling aims to keep in use; the rest absorbs the rise before it scales. */
    targetUtilizationPercent: number;
    /**
     * Concurrent ingest invocations when provisioned: the cap on the write rate the table sees, and on the
     * messages in flight while a burst waits for auto scaling (each may fail a receive when throttled).
     */
    provisionedMaxConcurrency: number;
    /** Write units per second of the table itself (the article items, ~3 units each, and history entries). */
    tableWrites: CapacityRange;
    /** Read units per second of the table (the ingest state read, readers by id). */
    tableReads: CapacityRange;
    /** Write units per second of each index (one unit per article it lists). */
    indexWrites: CapacityRange;
    /** Read units per second of each index (duplicate look-ups, feeds, topic lists). */
    indexReads: CapacityRange;
  };
  reprocess: {
    /** Function timeout; the function returns a cursor before it runs out. */
    timeoutSeconds: number;
    /** Function memory. */
    memoryMb: number;
    /** Attempts of each AWS request (adaptive retry mode): a Scan throttled by a provisioned table waits rather than fails. */
    sdkMaxAttempts: number;
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
    /** A container writes a publisher's observations once this many wait (env `OBSERVATION_BUFFER_ARTICLES`)… */
    observationBufferArticles: number;
    /** …or once the oldest is this old, in minutes (env `OBSERVATION_BUFFER_MINUTES`); all of them when its batches come a minute or more apart. */
    observationBufferMinutes: number;
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
    /** Throttled table requests per period that count towards the throttling alarm. */
    throttledRequests: number;
    /** Consecutive periods of throttling that raise it. */
    throttledPeriods: number;
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
    // On demand, the cap on the rate the table sees: 10 concurrent invocations × 10 articles, each ~11 write
    // units, stays below the 4,000 write units per second a new on-demand table absorbs before adapting: a
    // flood queues up instead of throttling. (Provisioned: `table.provisionedMaxConcurrency`.)
    maxConcurrency: 10,
    // Attempts of each AWS request in adaptive retry mode (env AWS_MAX_ATTEMPTS / AWS_RETRY_MODE): a throttled
    // write backs off (0.5 s doubling, full jitter: 5 retries wait ~15 s on average, 31 s at most) and the client
    // slows its own rate; a write still throttled after that fails its message back to the queue, inside the timeout.
    sdkMaxAttempts: 6,
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
  table: {
    // Provisioned: at steady traffic a write unit costs $0.00065 an hour, $0.18 per million writes fully used
    // ($0.26 at 70%), against $0.625 per million on demand (bench/aws-prices.json, `npm run cost` both modes).
    // Bursts beyond the capacity are safe: the queue holds them, maxConcurrency bounds the rate, a throttled
    // write is retried by the SDK and, past that, its message returns to the queue (README "Capacity").
    capacity: 'provisioned',
    // Auto scaling's usual target: 30% headroom covers the two minutes or more it takes to notice a rise.
    targetUtilizationPercent: 70,
    // Minimums are the fixed monthly cost (11 capacities: the table and 10 indexes); ~$7 a month at these,
    // in exchange for one article a second without any scaling (plus five minutes of DynamoDB's burst credit).
    // Maximums bound the bill when a backlog drains; what the capped writers below produce fits within them.
    // 4 invocations × 10 articles at a time, ~60 articles a second each in AWS (estimated: ~150 ms a batch):
    // ~250 articles a second (650 M a month), while a burst that meets the minimum capacity keeps only 40
    // messages in flight, few enough for the SDK's paced retries to get most through in each receive as the
    // capacity steps up, rather than 100 burning their five receives towards the dead-letter queue.
    provisionedMaxConcurrency: 4,
    tableWrites: { min: 3, max: 3000 },
    tableReads: { min: 1, max: 1000 },
    indexWrites: { min: 1, max: 1000 },
    indexReads: { min: 1, max: 1000 },
  },
  reprocess: {
    // Lambda's maximum: paging and enqueueing ~100 records a request covers about a million records a run;
    // larger tables resume from the returned cursor.
    timeoutSeconds: 900,
    // I/O-bound paging needs little memory; 256 MB keeps the per-second price low.
    memoryMb: 256,
    // Ten attempts back off for up to ~2 minutes in all: long enough for a step of auto scaling, short
    // against the 15-minute run, which returns its cursor before it runs out.
    sdkMaxAttempts: 10,
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
    // One observation write per publisher and container every 30 minutes at most at busy times, instead of one
    // per publisher and batch (~0.3 a batch: $1.50 per million articles). Learning runs hourly, so a template
    // follows at most half an hour later; a container reclaimed while busy loses at most that much learning
    // signal, never an article. 100 articles' line keys are a few tens of KB, written in one PUT.
    observationBufferArticles: 100,
    observationBufferMinutes: 30,
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
    // A throttled write is retried and its message returns to the queue: throttling is expected at the start
    // of a burst, until auto scaling catches up (minutes). Fifteen minutes of it means capacity sits at its
    // maximum or cannot follow: raise `table` maximums (or switch to on-demand) before messages dead-letter.
    throttledRequests: 10,
    throttledPeriods: 3,
    // Five-minute periods smooth a single slow batch without delaying the page by much.
    periodMinutes: 5,
  },
};
