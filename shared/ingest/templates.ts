import {
  type ArticleObservation,
  learnTemplate,
  type PackedLine,
  type PublisherTemplate,
  packObservation,
  type TemplatePin,
  type TemplateSettings,
  TemplateIndex,
  unpackObservation,
} from '../domain/clean/template.ts';

/**
 * Publisher templates in the running system (shared/domain/clean/template.ts has the learning itself):
 * the ingest function records each article's line keys per publisher (cheap: one object per
 * publisher and many articles, see ObservationFlushPolicy), a learning step turns a publisher's recent observations into its template,
 * and the ingest function reads the template once per container and publisher, for a short while.
 */

/** One article's lines as stored for its publisher's next template. */
export interface StoredObservation {
  id: string;
  lines: PackedLine[];
}

/** A publisher's newest observations, as the last learning run left them: the next run reads only newer batches. */
export interface LearningWindow {
  through: string;
  observations: StoredObservation[];
}

/** Where templates, editors' pins and observations live. Implemented over S3 (shared/adapters/s3-template-store.ts). */
export interface TemplateStore {
  /** The publisher's current template, or null when it has none yet. */
  template(publisher: string): Promise<PublisherTemplate | null>;
  saveTemplate(publisher: string, template: PublisherTemplate): Promise<void>;
  /** The editor's pins of a publisher (none by default). */
  pins(publisher: string): Promise<TemplatePin[]>;
  savePins(publisher: string, pins: readonly TemplatePin[]): Promise<void>;
  /** Stores a batch of observations; batches are named so that they sort oldest first. */
  addObservations(publisher: string, observations: readonly StoredObservation[]): Promise<void>;
  /** Names of the publisher's stored batches, oldest first; only those after `after` when given. */
  observationBatches(publisher: string, after?: string): Promise<string[]>;
  readObservations(publisher: string, batch: string): Promise<StoredObservation[]>;
  /** The learning window: the newest observations learned from, and the last batch read into it. */
  window(publisher: string): Promise<LearningWindow | null>;
  saveWindow(publisher: string, window: LearningWindow): Promise<void>;
  /** Publishers with stored observations. */
  publishers(): Promise<string[]>;
}

/** What the ingest use case needs: the template of a publisher, when it has one. */
export interface TemplateProvider {
  indexFor(publisher: string): Promise<TemplateIndex | null>;
}

/**
 * Templates read once per container and publisher, for `ttlMs` (a new template reaches the
 * ingest function within that time); a publisher without one is remembered as such too, so
 * most articles cost no read at all. A read that fails leaves the article without a template
 * (cleaned as any other; its record says so, and `reprocess --outdated` re-cleans it).
 */
export class TemplateCache implements TemplateProvider {
  readonly #entries = new Map<string, { index: TemplateIndex | null; until: number }>();

  constructor(
    private readonly store: Pick<TemplateStore, 'template'>,
    private readonly ttlMs = 300_000,
    private readonly now: () => number = Date.now,
    private readonly onError: (publisher: string, error: unknown) => void = () => {},
  ) {}

  async indexFor(publisher: string): Promise<TemplateIndex | null> {
    const cached = this.#entries.get(publisher);
    if (cached && cached.until > this.now()) return cached.index;
    let index: TemplateIndex | null = null;
    try {
      const template = await this.store.template(publisher);
      index = template ? new TemplateIndex(template) : null;
    } catch (error) {
      this.onError(publisher, error);
      // Try again soon, not on every article of the batch.
    }
    this.#entries.set(publisher, { index, until: this.now() + this.ttlMs });
    return index;
  }
}

/**
 * When a container writes the observations it holds: a publisher's as soon as `maxObservations` of
 * them wait or the oldest is `maxAgeMs` old, and everyone's when batches come rarely (the previous one
 * ended more than `idleGapMs` before): a container invoked rarely is the one Lambda reclaims. What a
 * reclaimed container still held is lost, and that is all: observations are learning signal, the
 * articles they came from are stored; the next ones of the publisher make up for them.
 */
export interface ObservationFlushPolicy {
  maxObservations: number;
  maxAgeMs: number;
  idleGapMs: number;
}

/** Every batch writes what it observed, one object per publisher (the local stack, tests). */
export const FLUSH_EVERY_BATCH: ObservationFlushPolicy = { maxObservations: 1, maxAgeMs: 0, idleGapMs: 0 };

/**
 * Observations of the articles a container ingests, grouped by publisher and written one object per
 * publisher when the policy says (see ObservationFlushPolicy); with FLUSH_EVERY_BATCH, at the end of
 * every batch.
 */
export class ObservationBuffer {
  readonly #byPublisher = new Map<string, { since: number; observations: StoredObservation[] }>();
  #lastBatchEnd: number | undefined;

  constructor(
    private readonly policy: ObservationFlushPolicy = FLUSH_EVERY_BATCH,
    private readonly now: () => number = Date.now,
  ) {}

  add(publisher: string, id: string, observation: ArticleObservation): void {
    const entry = this.#byPublisher.get(publisher) ?? { since: this.now(), observations: [] };
    entry.observations.push({ id, lines: packObservation(observation) });
    this.#byPublisher.set(publisher, entry);
  }

  get size(): number {
    let n = 0;
    for (const entry of this.#byPublisher.values()) n += entry.observations.length;
    return n;
  }

  /**
   * Call at the end of every batch: writes what the policy says is due (one write per publisher),
   * keeps the rest for later batches. What is taken out is gone from the buffer whatever happens.
   * Returns the publishers written.
   */
  async flushDue(store: Pick<TemplateStore, 'addObservations'>): Promise<string[]> {
    const now = this.now();
    const rare = this.#lastBatchEnd === undefined || now - this.#lastBatchEnd > this.policy.idleGapMs;
    this.#lastBatchEnd = now;
    const due = [...this.#byPublisher].filter(
      ([, entry]) => rare || entry.observations.length >= this.policy.maxObservations || now - entry.since >= this.policy.maxAgeMs,
    );
    return this.#write(store, due);
  }

  /** Writes everything held, one write per publisher; the buffer is empty afterwards, whatever happened. */
  async flush(store: Pick<TemplateStore, 'addObservations'>): Promise<void> {
    await this.#write(store, [...this.#byPublisher]);
  }

  async #write(store: Pick<TemplateStore, 'addObservations'>, entries: [string, { observations: StoredObservation[] }][]): Promise<string[]> {
    for (const [publisher] of entries) this.#byPublisher.delete(publisher);
    await Promise.all(entries.map(([publisher, entry]) => store.addObservations(publisher, entry.observations)));
    return entries.map(([publisher]) => publisher);
  }
}

export type LearnOutcome =
  | { publisher: string; action: 'learned'; version: string; previous: string | null; articles: number }
  | { publisher: string; action: 'unchanged'; version: string; articles: number }
  | { publisher: string; action: 'up-to-date' };

/**
 * Learns a publisher's template from its newest observations (the template's window) and the
 * editor's pins, and saves it when anything changed. Reads only the batches stored since the last
 * run (the window keeps the rest); does nothing when there are none and the pins are those the
 * template was learned with.
 */
export async function learnPublisherTemplate(store: TemplateStore, publisher: string, settings: Partial<TemplateSettings> = {}): Promise<LearnOutcome> {
  const [current, pins, saved] = await Promise.all([store.template(publisher), store.pins(publisher), store.window(publisher)]);
  const fresh = await store.observationBatches(publisher, saved?.through);
  if (current && fresh.length === 0 && samePins(current, pins)) return { publisher, action: 'up-to-date' };
  const size = settings.window ?? current?.settings.window ?? learnTemplate([]).settings.window;
  // Newest batches first, until the window is full; then oldest first, as learning wants them.
  const added: StoredObservation[] = [];
  for (let i = fresh.length - 1; i >= 0 && added.length < size; i--) added.unshift(...(await store.readObservations(publisher, fresh[i] as string)));
  const observations = [...(saved?.observations ?? []), ...added].slice(-size);
  const through = fresh[fresh.length - 1] ?? saved?.through;
  if (through !== undefined && fresh.length > 0) await store.saveWindow(publisher, { through, observations });
  const template = learnTemplate(
    observations.map((o) => unpackObservation(o.lines)),
    { publisher, pins, settings },
  );
  if (through !== undefined) template.through = through;
  if (current && current.version === template.version && samePins(current, pins) && fresh.length === 0) {
    return { publisher, action: 'unchanged', version: template.version, articles: template.articles };
  }
  await store.saveTemplate(publisher, template);
  return current?.version === template.version
    ? { publisher, action: 'unchanged', version: template.version, articles: template.articles }
    : { publisher, action: 'learned', version: template.version, previous: current?.version ?? null, articles: template.articles };
}

/** Learns every publisher with observations, one after another. */
export async function learnTemplates(store: TemplateStore, settings: Partial<TemplateSettings> = {}): Promise<LearnOutcome[]> {
  const outcomes: LearnOutcome[] = [];
  for (const publisher of await store.publishers()) outcomes.push(await learnPublisherTemplate(store, publisher, settings));
  return outcomes;
}

/** Pins an editor set (or cleared) since the template was learned change nothing until it is learned again. */
function samePins(template: PublisherTemplate, pins: readonly TemplatePin[]): boolean {
  const pinned = new Set(template.entries.filter((e) => e.pinned).map((e) => `${e.kind}:${e.key}:${e.pinned}`));
  return pinned.size === pins.length && pins.every((p) => pinned.has(`${p.kind}:${p.key}:${p.pinned}`));
}

/**
 * Pins a template line (an editor's correction): `junk` removes it wherever it appears, `keep`
 * never lets the template take it, `null` clears the pin. The template is learned again at once.
 */
export async function pinTemplateLine(
  store: TemplateStore,
  publisher: string,
  line: { key: string; kind: TemplatePin['kind']; text?: string },
  pinned: TemplatePin['pinned'] | null,
): Promise<LearnOutcome> {
  const pins = (await store.pins(publisher)).filter((p) => !(p.key === line.key && p.kind === line.kind));
  if (pinned) pins.push({ key: line.key, kind: line.kind, pinned, ...(line.text === undefined ? {} : { text: line.text }) });
  await store.savePins(publisher, pins);
  return learnPublisherTemplate(store, publisher);
}

/**
 * Learns every publisher's template now and then, for as long as it runs (the local stack's
 * learning step; on AWS a schedule invokes the learning function). One round at a time.
 */
export function learnTemplatesEvery(
  store: TemplateStore,
  intervalMs: number,
  onOutcome: (outcome: LearnOutcome) => void,
  onError: (error: unknown) => void,
): { stop(): Promise<void> } {
  let running: Promise<void> = Promise.resolve();
  let stopped = false;
  const round = () => {
    running = learnTemplates(store).then((outcomes) => {
      for (const outcome of outcomes) onOutcome(outcome);
    }, onError);
  };
  const timer = setInterval(() => {
    if (!stopped) void running.then(round);
  }, intervalMs);
  return {
    async stop() {
      stopped = true;
      clearInterval(timer);
      await running;
    },
  };
}
