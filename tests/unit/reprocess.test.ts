import { describe, expect, it } from 'vitest';
import { PIPELINE_VERSION, TAXONOMY_VERSION } from '#shared/domain/pipeline.ts';
import { type CandidateSource, type ReprocessCandidate, reprocessArticles, reprocessMessageOf } from '#shared/ingest/reprocess.ts';
import { objectEventsOf } from '#shared/ingest/s3-event.ts';

function candidate(id: string, overrides: Partial<ReprocessCandidate> = {}): ReprocessCandidate {
  return {
    id,
    bucket: 'kabar-articles',
    objectKey: `incoming/${id} file.txt`,
    versionId: null,
    sequencer: '0055AED6DCD90281E500000000000000',
    status: 'ok',
    pipelineVersion: PIPELINE_VERSION,
    taxonomyVersion: TAXONOMY_VERSION,
    topics: [],
    ...overrides,
  };
}

/** Pages of two, the cursor being the next page's index. */
function sourceOf(candidates: ReprocessCandidate[]): CandidateSource & { pagesRead: number } {
  return {
    pagesRead: 0,
    async page(cursor) {
      this.pagesRead++;
      const start = Number(cursor ?? 0);
      const next = start + 2 < candidates.length ? String(start + 2) : null;
      return { candidates: candidates.slice(start, start + 2), cursor: next };
    },
  };
}

function queue() {
  const sent: string[] = [];
  return {
    sent,
    async send(bodies: string[]) {
      sent.push(...bodies);
    },
  };
}

const records = [
  candidate('a'),
  candidate('b', { pipelineVersion: '0' }),
  candidate('c', { taxonomyVersion: 'old' }),
  candidate('d', { status: 'deleted', pipelineVersion: '0' }),
  candidate('e', { status: 'rejected', taxonomyVersion: null }),
];

describe('reprocessArticles', () => {
  it('enqueues only outdated, live records by default', async () => {
    const work = queue();
    const progress = await reprocessArticles({ mode: 'outdated' }, sourceOf(records), work, { cursor: null });
    expect(progress).toEqual({ scanned: 5, enqueued: 2, cursor: null, done: true });
    expect(work.sent.map((body) => objectEventsOf(body)[0]?.key)).toEqual(['incoming/b file.txt', 'incoming/c file.txt']);
  });

  it('after a retrain, enqueues exactly the records made by the older models', async () => {
    const retrained = '2+line-000000000000+topics-000000000000';
    const made = [
      candidate('old-1'),
      candidate('new-1', { pipelineVersion: retrained }),
      candidate('old-2'),
      candidate('new-2', { pipelineVersion: retrained }),
    ];
    const work = queue();
    const progress = await reprocessArticles({ mode: 'outdated', pipelineVersion: retrained }, sourceOf(made), work, { cursor: null });
    expect(progress).toMatchObject({ scanned: 4, enqueued: 2, done: true });
    expect(work.sent.map((body) => objectEventsOf(body)[0]?.key)).toEqual(['incoming/old-1 file.txt', 'incoming/old-2 file.txt']);
  });

  it('after a publisher’s template changed, enqueues that publisher’s records made with another template, with --publisher only those', async () => {
    const made = [
      candidate('x', { objectKey: 'incoming/kompas/1.txt', pipelineVersion: `${PIPELINE_VERSION}+template-aaaaaaaaaaaa` }),
      candidate('y', { objectKey: 'incoming/kompas/2.txt', pipelineVersion: `${PIPELINE_VERSION}+template-bbbbbbbbbbbb` }),
      candidate('z', { objectKey: 'incoming/kompas/3.txt' }),
      candidate('w', { objectKey: 'incoming/tempo/1.txt' }),
      candidate('v', { objectKey: 'incoming/tempo/2.txt', pipelineVersion: '0' }),
    ];
    const templates = { versionOf: async (publisher: string) => (publisher === 'kompas' ? 'bbbbbbbbbbbb' : null) };
    const all = queue();
    await reprocessArticles({ mode: 'outdated' }, sourceOf(made), all, { cursor: null, templates });
    expect(all.sent.map((body) => objectEventsOf(body)[0]?.key)).toEqual(['incoming/kompas/1.txt', 'incoming/kompas/3.txt', 'incoming/tempo/2.txt']);
    const one = queue();
    await reprocessArticles({ mode: 'outdated', publisher: 'kompas' }, sourceOf(made), one, { cursor: null, templates });
    expect(one.sent.map((body) => objectEventsOf(body)[0]?.key)).toEqual(['incoming/kompas/1.txt', 'incoming/kompas/3.txt']);
  });

  it('enqueues every live record with --all, never a tombstone', async () => {
    const work = queue();
    await reprocessArticles({ mode: 'all' }, sourceOf(records), work, { cursor: null });
    expect(work.sent).toHaveLength(4);
  });

  it('selects by pipeline version, comparing numbers as numbers', async () => {
    const work = queue();
    const versions = [candidate('x', { pipelineVersion: '9' }), candidate('y', { pipelineVersion: '10' })];
    await reprocessArticles({ mode: 'before-version', version: '10' }, sourceOf(versions), work, { cursor: null });
    expect(work.sent.map((body) => objectEventsOf(body)[0]?.key)).toEqual(['incoming/x file.txt']);
  });

  it('stops when told and resumes from the returned cursor without repeating work', async () => {
    const work = queue();
    const source = sourceOf(records.map((r) => ({ ...r, status: 'ok' as const, pipelineVersion: '0' })));
    const first = await reprocessArticles({ mode: 'outdated' }, source, work, { cursor: null, shouldStop: () => true });
    expect(first).toMatchObject({ scanned: 2, done: false });
    const rest = await reprocessArticles({ mode: 'outdated' }, source, work, { cursor: first.cursor });
    expect(rest.done).toBe(true);
    expect(work.sent).toHaveLength(5);
    expect(new Set(work.sent.map((body) => objectEventsOf(body)[0]?.key)).size).toBe(5);
  });
});

describe('reprocessMessageOf', () => {
  it('produces an event the ingest handler reads as a creation of the stored version', () => {
    const [event] = objectEventsOf(reprocessMessageOf(candidate('a', { versionId: 'v1' })));
    expect(event).toMatchObject({ kind: 'created', key: 'incoming/a file.txt', versionId: 'v1', sequencer: '0055AED6DCD90281E500000000000000' });
  });
});
