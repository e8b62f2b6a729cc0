import { type ArticleSummary, type DynamoDbArticleReader, summaryOf } from '../../shared/adapters/dynamodb-article-reader.ts';
import type { DynamoDbCorrectionStore } from '../../shared/adapters/dynamodb-correction-store.ts';
import type { S3Uploads } from '../../shared/adapters/s3-uploads.ts';
import { CorrectionSchema, type StoredCorrection } from '../../shared/corrections.ts';
import { evidenceSpans } from '../../shared/domain/classify/classify.ts';
import { articleIdOf } from '../../shared/ingest/article-id.ts';
import { TEMPLATE_REASON } from '../../shared/domain/clean/apply-template.ts';
import type { CandidateSource } from '../../shared/ingest/reprocess.ts';
import type { LearnOutcome, TemplateStore } from '../../shared/ingest/templates.ts';
import type { ArticleRecord } from '../../shared/record.ts';
import type { ExportedLabel } from '../../shared/labels.ts';
import { INCOMING_PREFIX } from '../../shared/table-definition.ts';
import { HttpError, parseJson } from './http.ts';
import { labelOf, publisherOf } from './labels.ts';
import { markLines, viewLines } from './line-view.ts';
import { type ConsoleSource, readSourceBytes, readSourceText } from './source.ts';
import { keepTemplateLine, listTemplates, pinTemplate, showTemplate, type TemplateSummary } from './templates-api.ts';

export interface DeadLetterSummary {
  messageId: string;
  body: string;
  receiveCount: number;
  lastError: string | null;
}

/** The local dead-letter store or the deployed DLQ, behind one shape (dead-letter-tools.ts makes both). */
export interface DeadLetterTools {
  list(): Promise<DeadLetterSummary[]>;
  /** Moves the given dead letters (all when `ids` is undefined) back to the queue; says what happened. */
  redrive(ids: string[] | undefined): Promise<string>;
}

/** What the console reads and writes through: the project's own adapters, and what it shows about them. */
export interface ConsoleDeps {
  reader: DynamoDbArticleReader;
  corrections: DynamoDbCorrectionStore;
  /** Every record, page by page (the reprocess command's source): deleted articles are in no feed index. */
  allRecords: CandidateSource;
  /** The uploaded objects, read as the ingest reads them (shared/adapters/s3-article-source.ts). */
  source: ConsoleSource;
  /** Where the upload page puts files (shared/adapters/s3-uploads.ts). */
  uploads: Pick<S3Uploads, 'put'>;
  bucketName: string;
  deadLetters: DeadLetterTools;
  /** Topic names the reviewer may pick (the taxonomy's). */
  topics: string[];
  /** 'local' or 'aws', shown in the header. */
  target: string;
  /** Publisher templates and the editors' pins (shared/adapters/s3-template-store.ts); none: the page says so. */
  templates?: TemplateStore;
}

export interface FeedItem extends ArticleSummary {
  /** The title, else the lead's first sentence (`titleSource: 'lead'`); null for records written before it existed. */
  displayTitle: string | null;
  titleSource: ArticleRecord['titleSource'] | null;
  publisher: string | null;
  errorMessage: string | null;
  flags: { spun: boolean; nearDuplicate: boolean; truncated: boolean; uncertainTopics: string[] };
}

/**
 * What the console's JSON API answers, one method per route (routes.ts maps paths to them), over
 * the project's own reader, correction store, S3 adapters and dead-letter tools.
 */
export class ConsoleApi {
  constructor(private readonly options: ConsoleDeps) {}

  meta(): unknown {
    return { topics: this.options.topics, target: this.options.target, bucket: this.options.bucketName };
  }

  /**
   * One feed page with the flags a listing summary lacks; language and publisher filter the reader's pages.
   * `by` names the date the list is ordered and filtered by: `ingested` (the default) or `published`;
   * a topic list is always by publication date (undated articles by the date they were received).
   */
  async feed(query: URLSearchParams): Promise<{ items: FeedItem[]; cursor: string | null; by: 'ingested' | 'published' }> {
    const limit = Math.min(Math.max(Number(query.get('limit') ?? 20) || 20, 1), 100);
    const topic = query.get('topic') || undefined;
    const status = query.get('status') || 'ok';
    const language = query.get('language') || undefined;
    const publisher = query.get('publisher') || undefined;
    const since = query.get('since') || undefined;
    // `until` is a day: the whole day is included.
    const untilDay = query.get('until') || undefined;
    const until = untilDay && /^\d{4}-\d{2}-\d{2}$/.test(untilDay) ? nextDay(untilDay) : untilDay;
    if (status !== 'ok' && status !== 'rejected' && status !== 'deleted') throw new HttpError(400, 'status: ok, rejected or deleted');
    const requested = query.get('by') || 'ingested';
    if (requested !== 'ingested' && requested !== 'published') throw new HttpError(400, 'by: ingested or published');
    // Rejected articles have no publication date; a topic list has no other order.
    const by = status === 'rejected' || status === 'deleted' ? 'ingested' : topic ? 'published' : requested;
    let cursor = query.get('cursor') || null;
    const items: FeedItem[] = [];
    if (status === 'deleted') return { ...(await this.deletedPage(cursor, limit, { language, publisher })), by };
    // Filters on attributes the indexes lack read a few pages; bounded so a rare value cannot walk the whole table.
    for (let round = 0; round < 10 && items.length < limit; round++) {
      // Never ask for more than fits, so the reader's cursor never skips an item this page dropped.
      const list = { since, until, limit: limit - items.length, cursor };
      const { reader } = this.options;
      const page = status === 'rejected' ? await reader.listRejected(list) : topic ? await reader.listByTopic(topic, list) : await reader.listFeed(by, list);
      const full = await Promise.all(page.items.map((summary) => this.feedItemOf(summary)));
      for (const item of full) {
        if (language && item.language !== language) continue;
        if (publisher && item.publisher !== publisher) continue;
        items.push(item);
      }
      cursor = page.cursor;
      if (!cursor) break;
    }
    return { items, cursor, by };
  }

  /** The rejected articles: the feed with `status=rejected`. */
  rejected(query: URLSearchParams): Promise<{ items: FeedItem[]; cursor: string | null; by: 'ingested' | 'published' }> {
    return this.feed(new URLSearchParams({ ...Object.fromEntries(query), status: 'rejected' }));
  }

  async deadLetters(): Promise<unknown> {
    return { items: await this.options.deadLetters.list() };
  }

  async article(id: string): Promise<unknown> {
    const { reader, corrections, source, topics } = this.options;
    const record = await reader.getArticle(id);
    if (!record) throw new HttpError(404, 'no such article');
    const [versions, sameContent, correctionList, text] = await Promise.all([
      reader.listVersions(id),
      reader.findSameContent(id),
      corrections.listCorrections(id),
      readSourceText(source, record).catch(() => null),
    ]);
    const { minhash, ...shown } = record;
    const lineBased = record.format === 'text' || record.format === 'markdown';
    // The classifier's own matches, with where they stand, so every counted one is highlighted.
    const spans = record.status === 'ok' ? evidenceSpans({ title: record.title, body: record.body ?? '', language: record.language ?? 'und' }) : [];
    const marked = markLines(viewLines(text, record.body, record.removed, lineBased), record.body, record.title, spans);
    return {
      article: { ...shown, publisher: publisherOf(record), uncertainTopics: uncertainTopicsOf(record) },
      view: marked.view,
      titleMarks: marked.title,
      // What the corrections say, applied to what kabar decided: the page shows it at once.
      review: correctionList.length > 0 ? reviewOf(record, correctionList) : null,
      versions,
      sameContent,
      corrections: correctionList,
      topics,
    };
  }

  /** The uploaded object's bytes, as stored. */
  async raw(id: string): Promise<Uint8Array> {
    const record = await this.options.reader.getArticle(id);
    if (!record) throw new HttpError(404, 'no such article');
    const bytes = await readSourceBytes(this.options.source, record);
    if (bytes === null) throw new HttpError(404, `source object ${record.objectKey} is gone`);
    return bytes;
  }

  async stats(): Promise<unknown> {
    const { reader } = this.options;
    const since = new Date(Date.now() - 30 * 86_400_000).toISOString().slice(0, 10);
    const ok = await collect((cursor) => reader.listFeed('ingested', { since, limit: 100, cursor }));
    const rejected = await collect((cursor) => reader.listRejected({ since, limit: 100, cursor }));
    const perTopicPerDay: Record<string, Record<string, number>> = {};
    const languages: Record<string, number> = {};
    const rejectionCodes: Record<string, number> = {};
    for (const item of ok) {
      const day = item.ingestedAt.slice(0, 10);
      for (const topic of item.topics.length > 0 ? item.topics : ['(none)']) {
        const days = perTopicPerDay[topic] ?? {};
        days[day] = (days[day] ?? 0) + 1;
        perTopicPerDay[topic] = days;
      }
      const language = item.language ?? '(unknown)';
      languages[language] = (languages[language] ?? 0) + 1;
    }
    for (const item of rejected) {
      const code = item.errorCode ?? '(none)';
      rejectionCodes[code] = (rejectionCodes[code] ?? 0) + 1;
    }
    return { since, articles: ok.length, rejected: rejected.length, perTopicPerDay, languages, rejectionCodes };
  }

  /** Puts an uploaded file under `incoming/<publisher>/<name>`, where ingestion picks it up. */
  async upload(query: URLSearchParams, readBody: () => Promise<Buffer>): Promise<unknown> {
    const publisher = query.get('publisher') ?? '';
    const name = query.get('name') ?? '';
    if (!/^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/.test(publisher)) throw new HttpError(400, 'publisher: letters, digits, dot, dash or underscore (up to 64)');
    if (!/^[^/\\\u0000-\u001f]{1,200}$/.test(name) || name === '.' || name === '..') throw new HttpError(400, 'file name: up to 200 characters, no slashes');
    // The body is read only once the names are valid.
    const body = await readBody();
    const key = `${INCOMING_PREFIX}${publisher}/${name}`;
    await this.options.uploads.put(this.options.bucketName, key, body);
    return { key, id: articleIdOf(this.options.bucketName, key), bytes: body.length };
  }

  /**
   * Whether an upload's record is there yet: 200 either way, so the page waiting for it logs no
   * error for each try (a 404 is logged by the browser whatever the script does with it).
   */
  async uploadState(id: string): Promise<{ processed: false } | { processed: true; status: string; title: string | null }> {
    const record = await this.options.reader.getArticle(id);
    if (!record) return { processed: false };
    return { processed: true, status: record.status, title: record.title ?? record.displayTitle ?? null };
  }

  async redrive(body: Buffer): Promise<unknown> {
    const input = parseJson(body, {}) as { ids?: unknown } | null;
    if (input === null || typeof input !== 'object') throw new HttpError(400, 'expected {"ids": [...]} or {}');
    const ids = Array.isArray(input.ids) ? input.ids.filter((id): id is string => typeof id === 'string') : undefined;
    return { message: await this.options.deadLetters.redrive(ids) };
  }

  async correct(id: string, body: Buffer): Promise<unknown> {
    const parsed = CorrectionSchema.safeParse(parseJson(body, null));
    if (!parsed.success) throw new HttpError(400, 'not a correction');
    const correction = parsed.data;
    // A label for a topic the taxonomy lacks would train a class no model has: refused here, as training refuses it.
    if ((correction.kind === 'topic-wrong' || correction.kind === 'topic-missing') && !this.options.topics.includes(correction.topic))
      throw new HttpError(400, `unknown topic "${correction.topic}" (the taxonomy has ${this.options.topics.join(', ')})`);
    const record = await this.options.reader.getArticle(id);
    if (!record) throw new HttpError(404, 'no such article');
    const stored = await this.options.corrections.addCorrection(id, correction);
    // A line the publisher's template took, marked as content, feeds the template: it is never removed again.
    const publisher = publisherOf(record);
    if (correction.kind !== 'removed-is-content' || !publisher || !this.options.templates) return stored;
    const byTemplate = record.removed.some((r) => r.text.trim() === correction.line.trim() && r.reason.startsWith(TEMPLATE_REASON));
    if (!byTemplate) return stored;
    const template = await keepTemplateLine(this.options.templates, publisher, correction.line);
    return { ...(stored as object), template };
  }

  /** Takes a correction back (the reviewer's Undo): its item goes, and the export no longer applies it. */
  async undo(id: string, body: Buffer): Promise<unknown> {
    const input = parseJson(body, null) as { key?: unknown } | null;
    if (typeof input?.key !== 'string' || input.key === '') throw new HttpError(400, 'expected {"key": "<the correction\'s key>"}');
    if (!(await this.options.corrections.removeCorrection(id, input.key))) throw new HttpError(404, 'no such correction');
    return { undone: input.key };
  }

  /** Publishers with their templates' summaries (templates-api.ts). */
  async templates(): Promise<{ items: TemplateSummary[] }> {
    return this.options.templates ? listTemplates(this.options.templates) : { items: [] };
  }

  async template(query: URLSearchParams): Promise<unknown> {
    return showTemplate(this.#templateStore(), publisherParam(query));
  }

  /** An editor's pin on a template line; the template is learned again at once. */
  async pinTemplate(query: URLSearchParams, body: Buffer): Promise<LearnOutcome> {
    return pinTemplate(this.#templateStore(), publisherParam(query), body);
  }

  #templateStore(): TemplateStore {
    if (!this.options.templates) throw new HttpError(404, 'no template store on this console');
    return this.options.templates;
  }

  /** Deleted articles leave every feed index; the operator's paged Scan finds them (unordered, slower on big tables). */
  private async deletedPage(
    start: string | null,
    limit: number,
    filters: { language?: string; publisher?: string },
  ): Promise<{ items: FeedItem[]; cursor: string | null }> {
    const items: FeedItem[] = [];
    let cursor = start;
    for (let round = 0; round < 10 && items.length < limit; round++) {
      const page = await this.options.allRecords.page(cursor);
      for (const candidate of page.candidates.filter((c) => c.status === 'deleted')) {
        const record = await this.options.reader.getArticle(candidate.id);
        if (!record) continue;
        const item = await this.feedItemOf(summaryOf(record));
        if (filters.language && item.language !== filters.language) continue;
        if (filters.publisher && item.publisher !== filters.publisher) continue;
        items.push(item);
      }
      cursor = page.cursor;
      if (!cursor) break;
    }
    return { items, cursor };
  }

  private async feedItemOf(summary: ArticleSummary): Promise<FeedItem> {
    const record = await this.options.reader.getArticle(summary.id);
    return {
      ...summary,
      displayTitle: record?.displayTitle ?? summary.title,
      titleSource: record?.titleSource ?? null,
      publisher: record ? publisherOf(record) : null,
      errorMessage: record?.errorMessage ?? null,
      flags: {
        spun: (record?.spinScore ?? 0) >= 0.5,
        nearDuplicate: Boolean(record?.duplicateOf) || (record?.nearDuplicates.length ?? 0) > 0,
        truncated: record?.truncated === true,
        uncertainTopics: uncertainTopicsOf(record),
      },
    };
  }
}

/** Topics near the threshold; records written before schemaVersion 2 have none. */
function uncertainTopicsOf(record: ArticleRecord | null): string[] {
  return record?.uncertainTopics ?? [];
}

async function collect(page: (cursor: string | null) => Promise<{ items: ArticleSummary[]; cursor: string | null }>, max = 1000): Promise<ArticleSummary[]> {
  const items: ArticleSummary[] = [];
  let cursor: string | null = null;
  do {
    const result = await page(cursor);
    items.push(...result.items);
    cursor = result.cursor;
  } while (cursor && items.length < max);
  return items;
}

function publisherParam(query: URLSearchParams): string {
  const publisher = query.get('publisher') ?? '';
  if (publisher === '' || publisher.length > 200) throw new HttpError(400, 'publisher: the folder under incoming/ (up to 200 characters)');
  return publisher;
}

function nextDay(day: string): string {
  return new Date(Date.parse(`${day}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);
}

/** The corrections applied to kabar's decisions (the label `kabar labels export` would write, without the text). */
function reviewOf(record: ArticleRecord, corrections: readonly StoredCorrection[]): Omit<ExportedLabel, 'text'> {
  const { text: _text, ...review } = labelOf(
    record,
    corrections.map((c) => c.correction),
    '',
  );
  return review;
}
