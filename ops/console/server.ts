/**
 * The review console's server: a small node:http router over the project's own reader, the
 * correction store, the S3 client and the dead-letter tools (no second data path). Serves the
 * static pages under ./assets and a JSON API the pages call. Binds 127.0.0.1 unless told otherwise.
 *
 * Security: every response carries a strict Content-Security-Policy (scripts from this origin only);
 * the pages render article text with textContent, never as HTML. Requests must name this server in
 * their Host header (no DNS rebinding). Mutations (upload, redrive, corrections) are POSTs that must
 * come from this origin and carry the per-session token the page got with its session cookie.
 */
import { randomBytes, timingSafeEqual } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { GetObjectCommand, PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import type { ArticleSummary, DynamoDbArticleReader } from '../../shared/adapters/dynamodb-article-reader.ts';
import type { DynamoDbCorrectionStore } from '../../shared/adapters/dynamodb-correction-store.ts';
import type { CandidateSource } from '../../shared/ingest/reprocess.ts';
import { CorrectionSchema } from '../../shared/corrections.ts';
import { articleIdOf } from '../../shared/ingest/article-id.ts';
import type { ArticleRecord } from '../../shared/record.ts';
import { INCOMING_PREFIX, SUMMARY_ATTRIBUTES } from '../../shared/table-definition.ts';
import { publisherOf } from './labels.ts';
import { viewLines } from './line-view.ts';
import { readSourceText } from './source.ts';

export interface DeadLetterSummary {
  messageId: string;
  body: string;
  receiveCount: number;
  lastError: string | null;
}

/** The local dead-letter store or the deployed DLQ, behind one shape (bin/console.ts composes them). */
export interface DeadLetterTools {
  list(): Promise<DeadLetterSummary[]>;
  /** Moves the given dead letters (all when `ids` is undefined) back to the queue; says what happened. */
  redrive(ids: string[] | undefined): Promise<string>;
}

export interface ConsoleOptions {
  reader: DynamoDbArticleReader;
  corrections: DynamoDbCorrectionStore;
  /** Every record, page by page (the reprocess command's source): deleted articles are in no feed index. */
  allRecords: CandidateSource;
  s3: S3Client;
  bucketName: string;
  deadLetters: DeadLetterTools;
  /** Topic names the reviewer may pick (the taxonomy's). */
  topics: string[];
  /** 'local' or 'aws', shown in the header. */
  target: string;
  port: number;
  host?: string;
}

export interface RunningConsole {
  url: string;
  close(): Promise<void>;
}

const ASSETS = new URL('./assets/', import.meta.url);
const STATIC: Record<string, string> = {
  '/assets/app.js': 'text/javascript; charset=utf-8',
  '/assets/style.css': 'text/css; charset=utf-8',
};
const PAGES = /^\/(?:|article\/[0-9a-f]{16}|rejected|dead-letters|upload|stats)$/;
const MAX_UPLOAD_BYTES = 10 * 1024 * 1024;
const SESSION_COOKIE = 'kabar_console_session';
const SECURITY_HEADERS = {
  'content-security-policy':
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'",
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
  'cross-origin-opener-policy': 'same-origin',
  'cross-origin-resource-policy': 'same-origin',
};

class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

/**
 * Starts the console; `port: 0` picks a free port.
 *
 * @example const console = await startConsole({ ...deps, port: 4570 }); console.url // → 'http://127.0.0.1:4570'
 */
export async function startConsole(options: ConsoleOptions): Promise<RunningConsole> {
  const host = options.host ?? '127.0.0.1';
  const sessions = new Map<string, string>();
  let allowedHosts = new Set<string>();
  const server: Server = createServer((request, response) => {
    handle(request, response).catch((error: unknown) => {
      const status = error instanceof HttpError ? error.status : 500;
      if (status === 500) console.error('console:', error);
      if (!response.headersSent) sendJson(response, status, { error: error instanceof Error ? error.message : String(error) });
      else response.end();
    });
  });

  async function handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    if (!allowedHosts.has(request.headers.host ?? '')) throw new HttpError(421, 'unknown host');
    const url = new URL(request.url ?? '/', `http://${request.headers.host}`);
    const path = url.pathname;
    if (request.method === 'GET' && PAGES.test(path)) return sendPage(request, response);
    if (request.method === 'GET' && STATIC[path]) {
      const body = await readFile(new URL(`.${path.slice('/assets'.length)}`, ASSETS));
      response.writeHead(200, { ...SECURITY_HEADERS, 'content-type': STATIC[path], 'cache-control': 'no-cache' });
      response.end(body);
      return;
    }
    if (request.method === 'GET') return routeGet(path, url.searchParams, response);
    if (request.method === 'POST') {
      checkMutation(request);
      return routePost(path, url.searchParams, request, response);
    }
    throw new HttpError(405, 'method not allowed');
  }

  async function sendPage(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const existing = cookieOf(request, SESSION_COOKIE);
    const session = existing && sessions.has(existing) ? existing : randomBytes(24).toString('base64url');
    if (!sessions.has(session)) sessions.set(session, randomBytes(24).toString('base64url'));
    const token = sessions.get(session) as string;
    const shell = (await readFile(new URL('./index.html', ASSETS), 'utf8')).replace('{{TOKEN}}', token).replace('{{TARGET}}', escapeHtml(options.target));
    response.writeHead(200, {
      ...SECURITY_HEADERS,
      'content-type': 'text/html; charset=utf-8',
      'cache-control': 'no-store',
      'set-cookie': `${SESSION_COOKIE}=${session}; HttpOnly; SameSite=Strict; Path=/`,
    });
    response.end(shell);
  }

  /** Same origin (Origin / Sec-Fetch-Site when the browser sends them) and the session's token. */
  function checkMutation(request: IncomingMessage): void {
    const origin = request.headers.origin;
    if (origin !== undefined && origin !== `http://${request.headers.host}`) throw new HttpError(403, 'cross-origin request refused');
    const site = request.headers['sec-fetch-site'];
    if (site !== undefined && site !== 'same-origin') throw new HttpError(403, 'cross-site request refused');
    const session = cookieOf(request, SESSION_COOKIE);
    const expected = session ? sessions.get(session) : undefined;
    const given = request.headers['x-kabar-token'];
    if (!expected || typeof given !== 'string' || !sameSecret(given, expected)) throw new HttpError(403, 'missing or wrong session token; reload the page');
  }

  async function routeGet(path: string, query: URLSearchParams, response: ServerResponse): Promise<void> {
    if (path === '/api/meta') return sendJson(response, 200, { topics: options.topics, target: options.target, bucket: options.bucketName });
    if (path === '/api/feed') return sendJson(response, 200, await feed(query));
    if (path === '/api/rejected') return sendJson(response, 200, await feed(new URLSearchParams({ ...Object.fromEntries(query), status: 'rejected' })));
    if (path === '/api/stats') return sendJson(response, 200, await stats());
    if (path === '/api/dead-letters') return sendJson(response, 200, { items: await options.deadLetters.list() });
    let match = /^\/api\/articles\/([0-9a-f]{16})$/.exec(path);
    if (match) return sendJson(response, 200, await articleView(match[1] as string));
    match = /^\/raw\/([0-9a-f]{16})$/.exec(path);
    if (match) return sendRaw(match[1] as string, response);
    throw new HttpError(404, 'not found');
  }

  async function routePost(path: string, query: URLSearchParams, request: IncomingMessage, response: ServerResponse): Promise<void> {
    if (path === '/api/upload') {
      const publisher = query.get('publisher') ?? '';
      const name = query.get('name') ?? '';
      if (!/^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/.test(publisher)) throw new HttpError(400, 'publisher: letters, digits, dot, dash or underscore (up to 64)');
      if (!/^[^/\\\u0000-\u001f]{1,200}$/.test(name) || name === '.' || name === '..') throw new HttpError(400, 'file name: up to 200 characters, no slashes');
      const body = await readBody(request, MAX_UPLOAD_BYTES);
      const key = `${INCOMING_PREFIX}${publisher}/${name}`;
      await options.s3.send(new PutObjectCommand({ Bucket: options.bucketName, Key: key, Body: body }));
      return sendJson(response, 201, { key, id: articleIdOf(options.bucketName, key), bytes: body.length });
    }
    if (path === '/api/dead-letters/redrive') {
      const input = JSON.parse((await readBody(request, 64 * 1024)).toString('utf8') || '{}') as { ids?: unknown };
      const ids = Array.isArray(input.ids) ? input.ids.filter((id): id is string => typeof id === 'string') : undefined;
      return sendJson(response, 200, { message: await options.deadLetters.redrive(ids) });
    }
    const match = /^\/api\/articles\/([0-9a-f]{16})\/corrections$/.exec(path);
    if (match) {
      const id = match[1] as string;
      const parsed = CorrectionSchema.safeParse(JSON.parse((await readBody(request, 64 * 1024)).toString('utf8') || 'null'));
      if (!parsed.success) throw new HttpError(400, 'not a correction');
      if (!(await options.reader.getArticle(id))) throw new HttpError(404, 'no such article');
      return sendJson(response, 201, await options.corrections.addCorrection(id, parsed.data));
    }
    throw new HttpError(404, 'not found');
  }

  /** One feed page with the flags a listing summary lacks; language and publisher filter the reader's pages. */
  async function feed(query: URLSearchParams): Promise<{ items: FeedItem[]; cursor: string | null }> {
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
    let cursor = query.get('cursor') || null;
    const items: FeedItem[] = [];
    if (status === 'deleted') return deletedPage(cursor, limit, { language, publisher });
    // Filters on attributes the indexes lack read a few pages; bounded so a rare value cannot walk the whole table.
    for (let round = 0; round < 10 && items.length < limit; round++) {
      // Never ask for more than fits, so the reader's cursor never skips an item this page dropped.
      const list = { since, until, limit: limit - items.length, cursor };
      const { reader } = options;
      const page =
        status === 'rejected' ? await reader.listRejected(list) : topic ? await reader.listByTopic(topic, list) : await reader.listFeed('ingested', list);
      const full = await Promise.all(page.items.map((summary) => feedItemOf(summary)));
      for (const item of full) {
        if (language && item.language !== language) continue;
        if (publisher && item.publisher !== publisher) continue;
        items.push(item);
      }
      cursor = page.cursor;
      if (!cursor) break;
    }
    return { items, cursor };
  }

  /** Deleted articles leave every feed index; the operator's paged Scan finds them (unordered, slower on big tables). */
  async function deletedPage(
    start: string | null,
    limit: number,
    filters: { language?: string; publisher?: string },
  ): Promise<{ items: FeedItem[]; cursor: string | null }> {
    const items: FeedItem[] = [];
    let cursor = start;
    for (let round = 0; round < 10 && items.length < limit; round++) {
      const page = await options.allRecords.page(cursor);
      for (const candidate of page.candidates.filter((c) => c.status === 'deleted')) {
        const record = await options.reader.getArticle(candidate.id);
        if (!record) continue;
        const item = await feedItemOf(summaryOfRecord(record));
        if (filters.language && item.language !== filters.language) continue;
        if (filters.publisher && item.publisher !== filters.publisher) continue;
        items.push(item);
      }
      cursor = page.cursor;
      if (!cursor) break;
    }
    return { items, cursor };
  }

  async function feedItemOf(summary: ArticleSummary): Promise<FeedItem> {
    const record = await options.reader.getArticle(summary.id);
    return {
      ...summary,
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

  async function articleView(id: string): Promise<unknown> {
    const record = await options.reader.getArticle(id);
    if (!record) throw new HttpError(404, 'no such article');
    const [versions, sameContent, corrections, source] = await Promise.all([
      options.reader.listVersions(id),
      options.reader.findSameContent(id),
      options.corrections.listCorrections(id),
      readSourceText(options.s3, record).catch(() => null),
    ]);
    const { minhash, ...shown } = record;
    const lineBased = record.format === 'text' || record.format === 'markdown';
    return {
      article: { ...shown, publisher: publisherOf(record), uncertainTopics: uncertainTopicsOf(record) },
      view: viewLines(source, record.body, record.removed, lineBased),
      versions,
      sameContent,
      corrections,
      topics: options.topics,
    };
  }

  async function sendRaw(id: string, response: ServerResponse): Promise<void> {
    const record = await options.reader.getArticle(id);
    if (!record) throw new HttpError(404, 'no such article');
    const object = await options.s3.send(new GetObjectCommand({ Bucket: record.bucket, Key: record.objectKey }));
    const bytes = Buffer.from((await object.Body?.transformToByteArray()) ?? []);
    // Plain text in a sandbox, whatever the object claims to be: a raw HTML page must not run here.
    response.writeHead(200, { ...SECURITY_HEADERS, 'content-security-policy': "sandbox; default-src 'none'", 'content-type': 'text/plain; charset=utf-8' });
    response.end(bytes);
  }

  async function stats(): Promise<unknown> {
    const since = new Date(Date.now() - 30 * 86_400_000).toISOString().slice(0, 10);
    const ok = await collect((cursor) => options.reader.listFeed('ingested', { since, limit: 100, cursor }));
    const rejected = await collect((cursor) => options.reader.listRejected({ since, limit: 100, cursor }));
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

  const listening = await new Promise<AddressInfo>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, host, () => resolve(server.address() as AddressInfo));
  });
  const names = host === '127.0.0.1' || host === 'localhost' ? ['127.0.0.1', 'localhost'] : [host];
  allowedHosts = new Set(names.map((name) => `${name}:${listening.port}`));
  return {
    url: `http://${host}:${listening.port}`,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}

export interface FeedItem extends ArticleSummary {
  publisher: string | null;
  errorMessage: string | null;
  flags: { spun: boolean; nearDuplicate: boolean; truncated: boolean; uncertainTopics: string[] };
}

function summaryOfRecord(record: ArticleRecord): ArticleSummary {
  return Object.fromEntries(SUMMARY_ATTRIBUTES.map((name) => [name, record[name]])) as ArticleSummary;
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

function nextDay(day: string): string {
  return new Date(Date.parse(`${day}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);
}

function readBody(request: IncomingMessage, max: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    request.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > max) {
        reject(new HttpError(413, `larger than ${max} bytes`));
        request.destroy();
      } else chunks.push(chunk);
    });
    request.on('end', () => resolve(Buffer.concat(chunks)));
    request.on('error', reject);
  });
}

function sendJson(response: ServerResponse, status: number, value: unknown): void {
  response.writeHead(status, { ...SECURITY_HEADERS, 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' });
  response.end(JSON.stringify(value));
}

function cookieOf(request: IncomingMessage, name: string): string | undefined {
  for (const part of (request.headers.cookie ?? '').split(';')) {
    const [key, ...value] = part.trim().split('=');
    if (key === name) return value.join('=');
  }
  return undefined;
}

function sameSecret(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}
