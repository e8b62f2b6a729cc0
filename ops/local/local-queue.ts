/**
 * A durable local stand-in for the deployed SQS queue + dead-letter queue + Lambda event source
 * mapping, with the semantics the ingest handler relies on:
 *
 * - SQS-shaped records delivered in batches (up to `batchSize`, after a short batching window);
 * - partial batch responses: only the `batchItemFailures` are retried; a handler that throws,
 *   times out or names an unknown message fails the whole batch (as Lambda does);
 * - a received message is invisible until it is deleted or its visibility timeout passes, so a
 *   message in flight when the process dies is delivered again after a restart;
 * - after `maxReceiveCount` receives, a failing message moves to the dead-letter store;
 * - on start, messages a dead worker had received are released at once (`recover`): the worker is
 *   the only one per data directory, so nobody else can be processing them. Their cut-short
 *   receive is not counted against `maxReceiveCount` (a killed stack is not a failing message; in
 *   AWS the queue does not die with the worker), but a message interrupted `maxInterruptions`
 *   times is dead-lettered, so one that crashes the worker cannot loop forever.
 *
 * Storage: one JSON file per message under `<dataDir>/queue/messages/`, dead letters under
 * `<dataDir>/queue/dead-letters/`, each written to a temporary name and renamed (atomic on POSIX).
 * One worker per data directory; operator commands (list, redrive) may run beside it.
 */
import { createHash, randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { SQSBatchResponse, SQSEvent, SQSRecord } from 'aws-lambda';
import { isTemporaryFile, unlinkIfPresent, writeFileAtomically } from './atomic-file.ts';
import { LOCAL_REGION } from './s3-event.ts';

/** The Lambda context subset a queue handler gets. */
export interface LocalInvocationContext {
  getRemainingTimeInMillis(): number;
  awsRequestId: string;
}

/** A Lambda-compatible SQS handler; `undefined` means every message succeeded. */
export type QueueHandler = (event: SQSEvent, context: LocalInvocationContext) => Promise<SQSBatchResponse | undefined>;

/** A message as stored on disk. */
export interface StoredMessage {
  messageId: string;
  body: string;
  /** Epoch ms. */
  sentAt: number;
  /** Breaks ties between messages sent in the same millisecond, keeping FIFO-ish order. */
  sequence: number;
  receiveCount: number;
  firstReceivedAt?: number;
  /** Epoch ms before which the message is not delivered (in flight or waiting to retry). */
  visibleAt: number;
  receiptHandle?: string;
  /** Why the last delivery failed. */
  lastError?: string;
  /** Deliveries cut short by the worker's death (released by `recover` on the next start). */
  interruptions?: number;
}

export interface DeadLetter extends StoredMessage {
  deadLetteredAt: number;
}

/** What `LocalQueue.recover` found left by a previous worker. */
export interface QueueRecovery {
  /** Messages that were in flight (received, not deleted) and are visible again. */
  released: number;
  /** Temporary files of writes that never finished (renamed into place only when complete). */
  removedTemporary: number;
}

/** What happened to one message after a delivery; for logs and tests. */
export type MessageOutcome =
  | { kind: 'succeeded'; message: StoredMessage }
  | { kind: 'will-retry'; message: StoredMessage; error: string }
  | { kind: 'dead-lettered'; message: StoredMessage; error: string };

export interface LocalQueueOptions {
  /** The local stack's data directory (`KABAR_DATA_DIR`); the queue uses `<dataDir>/queue/`. */
  dataDir: string;
  handler: QueueHandler;
  /** Lambda event source mapping batch size. */
  batchSize?: number;
  /** How long to wait for a batch to fill once a message is visible. */
  batchWindowMs?: number;
  /** How long a delivered message stays invisible without being deleted (crash recovery). */
  visibilityTimeoutMs?: number;
  /** First retry delay of a failed message; doubles on each further receive. */
  retryDelayMs?: number;
  /** Receives after which a failing message moves to the dead-letter store (SQS redrive policy). */
  maxReceiveCount?: number;
  /** Deliveries cut short by the worker dying (kill -9, crash) after which a message is dead-lettered. */
  maxInterruptions?: number;
  /** The handler's time budget (Lambda timeout); exceeding it fails the batch. */
  handlerTimeoutMs?: number;
  /** How often to look for messages written by other processes (e.g. a redrive). */
  pollIntervalMs?: number;
  /** Batches handled at once, like concurrent Lambda invocations (the deployed stack's maxConcurrency). */
  concurrency?: number;
  queueName?: string;
  onOutcome?: (outcome: MessageOutcome) => void;
  /** Where worker errors go (a failed file write, say); defaults to console.error. */
  onError?: (error: unknown) => void;
}

const DEFAULTS = {
  batchSize: 10,
  batchWindowMs: 100,
  visibilityTimeoutMs: 30_000,
  retryDelayMs: 1000,
  maxReceiveCount: 3,
  maxInterruptions: 5,
  handlerTimeoutMs: 60_000,
  pollIntervalMs: 250,
  concurrency: 1,
  queueName: 'kabar-ingest',
};

/** `<dataDir>/queue/messages` and `<dataDir>/queue/dead-letters`. */
export function queueDirectories(dataDir: string): { messages: string; deadLetters: string } {
  return { messages: join(dataDir, 'queue', 'messages'), deadLetters: join(dataDir, 'queue', 'dead-letters') };
}

/**
 * The local ingest queue. Construct, `start()`, `send()` bodies; `stop()` finishes the current batch.
 *
 * @example
 * const queue = new LocalQueue({ dataDir: '.kabar', handler: async (event) => ({ batchItemFailures: [] }) });
 * queue.start();
 * await queue.send(JSON.stringify(s3Event)); // → the handler receives { Records: [{ messageId, body, attributes: { ApproximateReceiveCount: '1', … }, … }] }
 */
export class LocalQueue {
  private readonly options: Required<Omit<LocalQueueOptions, 'onOutcome' | 'onError'>> & Pick<LocalQueueOptions, 'onOutcome' | 'onError'>;
  private readonly dirs: { messages: string; deadLetters: string };
  private readonly known = new Map<string, StoredMessage>();
  private sequence = 0;
  private running: Promise<void> | undefined;
  private stopping = false;
  private wake: (() => void) | undefined;
  private ready: Promise<void> | undefined;
  private recovery: Promise<QueueRecovery> | undefined;
  private readonly inFlight = new Set<Promise<void>>();

  constructor(options: LocalQueueOptions) {
    this.options = { ...DEFAULTS, ...stripUndefined(options) } as LocalQueue['options'];
    this.dirs = queueDirectories(options.dataDir);
  }

  /** Adds a message; it is on disk when the promise resolves. Returns its messageId. */
  async send(body: string): Promise<string> {
    await this.prepare();
    const now = Date.now();
    const message: StoredMessage = { messageId: randomUUID(), body, sentAt: now, sequence: this.sequence++, receiveCount: 0, visibleAt: 0 };
    await writeJsonAtomically(this.dirs.messages, message.messageId, message);
    this.known.set(message.messageId, message);
    this.wake?.();
    return message.messageId;
  }

  /** Starts delivering to the handler in the background. */
  start(): void {
    if (this.running) return;
    this.stopping = false;
    this.running = this.run();
  }

  /** Stops after the batch in flight (if any) is settled. */
  async stop(): Promise<void> {
    this.stopping = true;
    this.wake?.();
    await this.running;
    await Promise.all(this.inFlight);
    this.running = undefined;
  }

  /** Copies of the messages not yet deleted, as on disk. */
  async pendingMessages(): Promise<StoredMessage[]> {
    await this.prepare();
    await this.refresh();
    return [...this.known.values()].map((m) => ({ ...m }));
  }

  /** Messages not yet deleted (visible, in flight or waiting to retry). */
  async pendingCount(): Promise<number> {
    await this.prepare();
    await this.refresh();
    return this.known.size;
  }

  /**
   * Resolves once no message is pending: all succeeded or were dead-lettered.
   * Rejects after `timeoutMs` with the number still pending.
   */
  async waitUntilEmpty(timeoutMs = 30_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const pending = await this.pendingCount();
      if (pending === 0) return;
      if (Date.now() > deadline) throw new Error(`local queue still holds ${pending} message(s) after ${timeoutMs} ms`);
      await sleep(50);
    }
  }

  /**
   * Undoes what a worker killed mid-batch left behind; runs once, before the first delivery
   * (`start` calls it; call it first to get the report). Not for a second worker beside a running one.
   *
   * @example await queue.recover() // → { released: 10, removedTemporary: 1 } after a kill -9 mid-batch
   */
  recover(): Promise<QueueRecovery> {
    this.recovery ??= (async () => {
      await this.prepare();
      let removedTemporary = 0;
      for (const directory of [this.dirs.messages, this.dirs.deadLetters]) {
        for (const name of await readdir(directory)) {
          if (!isTemporaryFile(name)) continue;
          await unlinkIfPresent(join(directory, name));
          removedTemporary++;
        }
      }
      let released = 0;
      for (const name of await readdir(this.dirs.messages)) {
        if (!name.endsWith('.json')) continue;
        const message = await readJson<StoredMessage>(join(this.dirs.messages, name));
        if (message?.receiptHandle === undefined) continue; // waiting to retry keeps its back-off
        const visible: StoredMessage = {
          ...message,
          visibleAt: 0,
          receiveCount: Math.max(0, message.receiveCount - 1),
          interruptions: (message.interruptions ?? 0) + 1,
        };
        delete visible.receiptHandle;
        await writeJsonAtomically(this.dirs.messages, visible.messageId, visible);
        this.known.set(visible.messageId, visible);
        released++;
      }
      return { released, removedTemporary };
    })();
    return this.recovery;
  }

  private prepare(): Promise<void> {
    this.ready ??= (async () => {
      await mkdir(this.dirs.messages, { recursive: true });
      await mkdir(this.dirs.deadLetters, { recursive: true });
    })();
    return this.ready;
  }

  private async run(): Promise<void> {
    await this.recover().catch((error: unknown) => (this.options.onError ?? console.error)(error));
    let windowOpenedAt: number | undefined;
    while (!this.stopping) {
      try {
        await this.refresh();
        const visible = this.visibleMessages(Date.now());
        if (visible.length === 0) {
          windowOpenedAt = undefined;
          await this.idle(this.nextWakeDelay());
          continue;
        }
        windowOpenedAt ??= Date.now();
        const windowLeft = windowOpenedAt + this.options.batchWindowMs - Date.now();
        if (visible.length < this.options.batchSize && windowLeft > 0) {
          await this.idle(windowLeft);
          continue;
        }
        windowOpenedAt = undefined;
        const batch = visible.slice(0, this.options.batchSize);
        // Claimed in memory before any await, so the next loop turn cannot hand the same messages out again.
        const claimedUntil = Date.now() + this.options.visibilityTimeoutMs;
        for (const message of batch) this.known.set(message.messageId, { ...message, visibleAt: claimedUntil });
        const delivery: Promise<void> = this.deliver(batch)
          .catch((error: unknown) => (this.options.onError ?? console.error)(error))
          .finally(() => {
            this.inFlight.delete(delivery);
            this.wake?.();
          });
        this.inFlight.add(delivery);
        if (this.inFlight.size >= this.options.concurrency) await Promise.race(this.inFlight);
      } catch (error) {
        (this.options.onError ?? console.error)(error);
        await this.idle(this.options.pollIntervalMs);
      }
    }
  }

  /** Picks up messages other processes wrote (redrive) and forgets deleted ones. */
  private async refresh(): Promise<void> {
    const names = new Set((await readdir(this.dirs.messages)).filter((n) => n.endsWith('.json')).map((n) => n.slice(0, -5)));
    for (const id of this.known.keys()) if (!names.has(id)) this.known.delete(id);
    for (const id of names) {
      if (this.known.has(id)) continue;
      const path = join(this.dirs.messages, `${id}.json`);
      const message = await readJson<StoredMessage>(path);
      // A batch in flight may have finished (and deleted the file) while this read was pending:
      // only a file that still exists is a pending message, or a finished one would come back.
      if (message !== undefined && !this.known.has(id) && existsSync(path)) this.known.set(id, message);
    }
  }

  private visibleMessages(now: number): StoredMessage[] {
    return [...this.known.values()].filter((m) => m.visibleAt <= now).sort((a, b) => a.sentAt - b.sentAt || a.sequence - b.sequence);
  }

  private nextWakeDelay(): number {
    let soonest = Number.POSITIVE_INFINITY;
    for (const m of this.known.values()) soonest = Math.min(soonest, m.visibleAt - Date.now());
    return Math.max(10, Math.min(this.options.pollIntervalMs, soonest));
  }

  private idle(ms: number): Promise<void> {
    return new Promise((done) => {
      const timer = setTimeout(finish, ms);
      function finish(): void {
        clearTimeout(timer);
        done();
      }
      this.wake = () => {
        this.wake = undefined;
        finish();
      };
    });
  }

  private async deliver(candidates: StoredMessage[]): Promise<void> {
    const now = Date.now();
    const batch: StoredMessage[] = [];
    for (const message of candidates) {
      if ((message.interruptions ?? 0) >= this.options.maxInterruptions) {
        await this.deadLetter(message, `the worker died while processing it ${message.interruptions} times (does it crash the worker?)`);
        continue;
      }
      // SQS moves a message to the DLQ when it would be received more than maxReceiveCount times.
      if (message.receiveCount >= this.options.maxReceiveCount) {
        await this.deadLetter(message, message.lastError ?? 'visibility timeout expired (worker stopped mid-batch)');
        continue;
      }
      const received: StoredMessage = {
        ...message,
        receiveCount: message.receiveCount + 1,
        firstReceivedAt: message.firstReceivedAt ?? now,
        visibleAt: now + this.options.visibilityTimeoutMs,
        receiptHandle: randomUUID(),
      };
      // On disk before delivery: if the process dies now, the message reappears after the timeout.
      await writeJsonAtomically(this.dirs.messages, received.messageId, received);
      this.known.set(received.messageId, received);
      batch.push(received);
    }
    if (batch.length === 0) return;

    const failures = await this.invoke(batch);
    for (const message of batch) {
      const error = failures.get(message.messageId);
      if (error === undefined) {
        await unlinkIfPresent(join(this.dirs.messages, `${message.messageId}.json`));
        this.known.delete(message.messageId);
        this.options.onOutcome?.({ kind: 'succeeded', message });
      } else if (message.receiveCount >= this.options.maxReceiveCount) {
        await this.deadLetter(message, error);
      } else {
        const delay = this.options.retryDelayMs * 2 ** (message.receiveCount - 1);
        const retrying: StoredMessage = { ...message, visibleAt: Date.now() + delay, lastError: error };
        delete retrying.receiptHandle;
        await writeJsonAtomically(this.dirs.messages, retrying.messageId, retrying);
        this.known.set(retrying.messageId, retrying);
        this.options.onOutcome?.({ kind: 'will-retry', message: retrying, error });
      }
    }
  }

  /** Runs the handler; returns the failed messageIds with the reason. */
  private async invoke(batch: StoredMessage[]): Promise<Map<string, string>> {
    const all = (reason: string) => new Map(batch.map((m) => [m.messageId, reason]));
    const deadline = Date.now() + this.options.handlerTimeoutMs;
    const event: SQSEvent = { Records: batch.map((m) => this.toRecord(m)) };
    const context: LocalInvocationContext = { getRemainingTimeInMillis: () => Math.max(0, deadline - Date.now()), awsRequestId: randomUUID() };
    let timer: NodeJS.Timeout | undefined;
    try {
      const timeout = new Promise<'timeout'>((done) => {
        timer = setTimeout(() => done('timeout'), this.options.handlerTimeoutMs);
      });
      const response = await Promise.race([this.options.handler(event, context), timeout]);
      if (response === 'timeout') return all(`handler timed out after ${this.options.handlerTimeoutMs} ms`);
      const failed = new Map<string, string>();
      const ids = new Set(batch.map((m) => m.messageId));
      for (const item of response?.batchItemFailures ?? []) {
        // Lambda treats an empty or unknown identifier as a failure of the whole batch.
        if (!ids.has(item.itemIdentifier)) return all(`handler reported unknown itemIdentifier "${item.itemIdentifier}"`);
        failed.set(item.itemIdentifier, 'reported in batchItemFailures');
      }
      return failed;
    } catch (error) {
      return all(`handler threw: ${error instanceof Error ? error.message : String(error)}`);
    } finally {
      clearTimeout(timer);
    }
  }

  private toRecord(message: StoredMessage): SQSRecord {
    return {
      messageId: message.messageId,
      receiptHandle: message.receiptHandle ?? '',
      body: message.body,
      attributes: {
        ApproximateReceiveCount: String(message.receiveCount),
        SentTimestamp: String(message.sentAt),
        SenderId: 'LOCAL',
        ApproximateFirstReceiveTimestamp: String(message.firstReceivedAt ?? message.sentAt),
      },
      messageAttributes: {},
      md5OfBody: createHash('md5').update(message.body).digest('hex'),
      eventSource: 'aws:sqs',
      eventSourceARN: `arn:aws:sqs:${LOCAL_REGION}:000000000000:${this.options.queueName}`,
      awsRegion: LOCAL_REGION,
    };
  }

  private async deadLetter(message: StoredMessage, error: string): Promise<void> {
    const dead: DeadLetter = { ...message, lastError: error, deadLetteredAt: Date.now() };
    delete dead.receiptHandle;
    // Written before the original is removed: a crash in between duplicates, never loses.
    await writeJsonAtomically(this.dirs.deadLetters, dead.messageId, dead);
    await unlinkIfPresent(join(this.dirs.messages, `${message.messageId}.json`));
    this.known.delete(message.messageId);
    this.options.onOutcome?.({ kind: 'dead-lettered', message: dead, error });
  }
}

/**
 * The dead letters of a data directory, oldest first.
 *
 * @example await listDeadLetters('.kabar') // → [{ messageId: '5f…', body: '{"Records":[…]}', receiveCount: 3, lastError: 'handler threw: …', deadLetteredAt: 1732… }]
 */
export async function listDeadLetters(dataDir: string): Promise<DeadLetter[]> {
  const { deadLetters } = queueDirectories(dataDir);
  let names: string[];
  try {
    names = (await readdir(deadLetters)).filter((n) => n.endsWith('.json'));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw error;
  }
  const letters = await Promise.all(names.map((n) => readJson<DeadLetter>(join(deadLetters, n))));
  return letters.filter((l): l is DeadLetter => l !== undefined).sort((a, b) => a.deadLetteredAt - b.deadLetteredAt);
}

/**
 * Moves dead letters back to the queue (all, or those with the given messageIds) with a fresh
 * receive count, like an SQS DLQ redrive. A running worker picks them up within its poll interval.
 * Returns the messageIds moved; unknown ids are ignored.
 *
 * @example await redriveDeadLetters('.kabar', ['5f…']) // → ['5f…']
 */
export async function redriveDeadLetters(dataDir: string, ids?: readonly string[]): Promise<string[]> {
  const dirs = queueDirectories(dataDir);
  await mkdir(dirs.messages, { recursive: true });
  const wanted = ids === undefined ? undefined : new Set(ids);
  const moved: string[] = [];
  for (const letter of await listDeadLetters(dataDir)) {
    if (wanted !== undefined && !wanted.has(letter.messageId)) continue;
    const message: StoredMessage = {
      messageId: letter.messageId,
      body: letter.body,
      sentAt: letter.sentAt,
      sequence: letter.sequence,
      receiveCount: 0,
      visibleAt: 0,
    };
    await writeJsonAtomically(dirs.messages, message.messageId, message);
    await unlinkIfPresent(join(dirs.deadLetters, `${letter.messageId}.json`));
    moved.push(letter.messageId);
  }
  return moved;
}

function writeJsonAtomically(directory: string, id: string, value: unknown): Promise<void> {
  return writeFileAtomically(join(directory, `${id}.json`), JSON.stringify(value));
}

async function readJson<T>(path: string): Promise<T | undefined> {
  try {
    return JSON.parse(await readFile(path, 'utf8')) as T;
  } catch (error) {
    // Deleted between readdir and read (delivered, or redriven by another process).
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise((done) => setTimeout(done, ms));
}

function stripUndefined<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}
