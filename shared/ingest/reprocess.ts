import { PIPELINE_VERSION, pipelineVersionWithTemplate, publisherInfoOf, TAXONOMY_VERSION } from '../domain/pipeline.ts';
import { encodeS3EventKey } from './s3-event.ts';

/** A stored record as the reprocess job sees it. */
export interface ReprocessCandidate {
  id: string;
  bucket: string;
  objectKey: string;
  versionId: string | null;
  sequencer: string;
  status: 'ok' | 'rejected' | 'deleted';
  pipelineVersion: string;
  taxonomyVersion: string | null;
  topics: string[];
}

/** Pages through stored records (a table scan, or a topic's entries). */
export interface CandidateSource {
  page(cursor: string | null): Promise<{ candidates: ReprocessCandidate[]; cursor: string | null }>;
}

/** Where reprocess work goes: the ingest queue, so it takes the same path and limits as live uploads. */
export interface WorkQueue {
  send(messageBodies: string[]): Promise<void>;
}

export type ReprocessSelection =
  /** Every live record, even up to date ones (the ingest step then skips those: a no-op). */
  (
    | { mode: 'all' }
    /**
     * Records made by another pipeline (an older code revision or older models: see models.ts) or
     * taxonomy than the one that will re-run them: the shipped one unless `pipelineVersion` names
     * another (a local stack running a retrained set).
     */
    | { mode: 'outdated'; pipelineVersion?: string }
    /** Records whose pipeline version sorts before V. */
    | { mode: 'before-version'; version: string }
  ) & {
    /** Only this publisher's records (`incoming/<publisher>/…`): after its template changed, its back catalogue. */
    publisher?: string;
  };

/** The current template version of a publisher, or null when it has none: part of its records' pipeline version. */
export interface TemplateVersions {
  versionOf(publisher: string): Promise<string | null>;
}

export interface ReprocessProgress {
  scanned: number;
  enqueued: number;
  cursor: string | null;
  done: boolean;
}

/**
 * Enqueues an ObjectCreated event for each selected record, for the version the record
 * reflects (same sequencer). Safe during live ingestion: if a newer version arrives first,
 * the re-run event is stale and the ingest step skips it. Resumable: pass the returned
 * cursor back in. Stops early when `shouldStop` says so (e.g. the Lambda's time is running out).
 *
 * @example
 *   await reprocessArticles({ mode: 'outdated' }, source, queue, { cursor: null })
 *   // → { scanned: 1200, enqueued: 1180, cursor: null, done: true }
 */
export async function reprocessArticles(
  selection: ReprocessSelection,
  source: CandidateSource,
  queue: WorkQueue,
  options: {
    cursor: string | null;
    shouldStop?: () => boolean;
    onProgress?: (progress: ReprocessProgress) => void;
    /** Publishers' template versions: without it, records cleaned with a template count as outdated. */
    templates?: TemplateVersions;
  },
): Promise<ReprocessProgress> {
  const progress: ReprocessProgress = { scanned: 0, enqueued: 0, cursor: options.cursor, done: false };
  const versions = new Map<string, string | null>();
  do {
    const page = await source.page(progress.cursor);
    const publishers = new Set(page.candidates.map((c) => publisherOf(c)).filter((p): p is string => p !== null));
    for (const publisher of publishers) if (!versions.has(publisher)) versions.set(publisher, (await options.templates?.versionOf(publisher)) ?? null);
    const selected = page.candidates.filter((candidate) => isSelected(candidate, selection, versions));
    if (selected.length > 0) await queue.send(selected.map(reprocessMessageOf));
    progress.scanned += page.candidates.length;
    progress.enqueued += selected.length;
    progress.cursor = page.cursor;
    progress.done = page.cursor === null;
    options.onProgress?.({ ...progress });
  } while (!progress.done && !options.shouldStop?.());
  return progress;
}

function isSelected(candidate: ReprocessCandidate, selection: ReprocessSelection, templates: ReadonlyMap<string, string | null>): boolean {
  if (candidate.status === 'deleted') return false;
  const publisher = publisherOf(candidate);
  if (selection.publisher !== undefined && publisher !== selection.publisher) return false;
  switch (selection.mode) {
    case 'all':
      return true;
    case 'outdated': {
      // Its publisher's template is one of the models that make a record (pipelineVersionWith).
      const template = publisher ? (templates.get(publisher) ?? null) : null;
      const current = pipelineVersionWithTemplate(selection.pipelineVersion ?? PIPELINE_VERSION, template);
      return candidate.pipelineVersion !== current || (candidate.status === 'ok' && candidate.taxonomyVersion !== TAXONOMY_VERSION);
    }
    case 'before-version':
      return compareVersions(candidate.pipelineVersion, selection.version) < 0;
  }
}

function publisherOf(candidate: ReprocessCandidate): string | null {
  return publisherInfoOf({ key: candidate.objectKey }).publisher;
}

/** Numeric-aware: '9' < '10', '1.2' < '1.10'. */
function compareVersions(a: string, b: string): number {
  return a.localeCompare(b, 'en', { numeric: true });
}

/**
 * An S3-shaped notification for the stored version, so re-runs take exactly the live path.
 *
 * @example reprocessMessageOf({ bucket: 'b', objectKey: 'incoming/a b.txt', sequencer: '0055…', … })
 *   // → '{"Records":[{"eventName":"ObjectCreated:Reprocess","s3":{"object":{"key":"incoming/a+b.txt",…}}}]}'
 */
export function reprocessMessageOf(candidate: ReprocessCandidate): string {
  return JSON.stringify({
    Records: [
      {
        eventVersion: '2.1',
        eventSource: 'kabar:reprocess',
        eventTime: new Date().toISOString(),
        eventName: 'ObjectCreated:Reprocess',
        s3: {
          s3SchemaVersion: '1.0',
          bucket: { name: candidate.bucket },
          object: {
            key: encodeS3EventKey(candidate.objectKey),
            versionId: candidate.versionId,
            sequencer: candidate.sequencer,
          },
        },
      },
    ],
  });
}
