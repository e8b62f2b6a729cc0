import { readFile } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { ConsoleApi } from './api.ts';
import type { ConsoleAuth } from './auth.ts';
import { escapeHtml, HttpError, readBody, SECURITY_HEADERS, sendJson } from './http.ts';

const ASSETS = new URL('./assets/', import.meta.url);
const STATIC: Record<string, string> = {
  '/assets/app.js': 'text/javascript; charset=utf-8',
  '/assets/style.css': 'text/css; charset=utf-8',
};
/** The pages app.js renders; each is served the one HTML shell. */
const PAGES = /^\/(?:|article\/[0-9a-f]{16}|rejected|dead-letters|upload|stats|templates)$/;
const MAX_UPLOAD_BYTES = 10 * 1024 * 1024;
const MAX_JSON_BYTES = 64 * 1024;

/**
 * The console's routes: the Host check for every request, the page shell and static assets,
 * the JSON API (GET reads, POST mutations behind the origin and token check), the raw source.
 */
export function routerOf(api: ConsoleApi, auth: ConsoleAuth, target: string): (request: IncomingMessage, response: ServerResponse) => Promise<void> {
  async function sendPage(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const { token, cookie } = auth.sessionFor(request);
    const shell = (await readFile(new URL('./index.html', ASSETS), 'utf8')).replace('{{TOKEN}}', token).replace('{{TARGET}}', escapeHtml(target));
    response.writeHead(200, {
      ...SECURITY_HEADERS,
      'content-type': 'text/html; charset=utf-8',
      'cache-control': 'no-store',
      'set-cookie': cookie,
    });
    response.end(shell);
  }

  async function routeGet(path: string, query: URLSearchParams, response: ServerResponse): Promise<void> {
    if (path === '/api/meta') return sendJson(response, 200, api.meta());
    if (path === '/api/feed') return sendJson(response, 200, await api.feed(query));
    if (path === '/api/rejected') return sendJson(response, 200, await api.rejected(query));
    if (path === '/api/stats') return sendJson(response, 200, await api.stats());
    if (path === '/api/dead-letters') return sendJson(response, 200, await api.deadLetters());
    if (path === '/api/templates') return sendJson(response, 200, await api.templates());
    if (path === '/api/template') return sendJson(response, 200, await api.template(query));
    let match = /^\/api\/articles\/([0-9a-f]{16})$/.exec(path);
    if (match) return sendJson(response, 200, await api.article(match[1] as string));
    match = /^\/api\/uploads\/([0-9a-f]{16})$/.exec(path);
    if (match) return sendJson(response, 200, await api.uploadState(match[1] as string));
    match = /^\/raw\/([0-9a-f]{16})$/.exec(path);
    if (match) {
      const bytes = await api.raw(match[1] as string);
      // Plain text in a sandbox, whatever the object claims to be: a raw HTML page must not run here.
      response.writeHead(200, { ...SECURITY_HEADERS, 'content-security-policy': "sandbox; default-src 'none'", 'content-type': 'text/plain; charset=utf-8' });
      response.end(bytes);
      return;
    }
    throw new HttpError(404, 'not found');
  }

  async function routePost(path: string, query: URLSearchParams, request: IncomingMessage, response: ServerResponse): Promise<void> {
    if (path === '/api/upload') return sendJson(response, 201, await api.upload(query, () => readBody(request, MAX_UPLOAD_BYTES)));
    if (path === '/api/template/pins') return sendJson(response, 200, await api.pinTemplate(query, await readBody(request, MAX_JSON_BYTES)));
    if (path === '/api/dead-letters/redrive') return sendJson(response, 200, await api.redrive(await readBody(request, MAX_JSON_BYTES)));
    let match = /^\/api\/articles\/([0-9a-f]{16})\/corrections$/.exec(path);
    if (match) return sendJson(response, 201, await api.correct(match[1] as string, await readBody(request, MAX_JSON_BYTES)));
    match = /^\/api\/articles\/([0-9a-f]{16})\/corrections\/undo$/.exec(path);
    if (match) return sendJson(response, 200, await api.undo(match[1] as string, await readBody(request, MAX_JSON_BYTES)));
    throw new HttpError(404, 'not found');
  }

  return async (request, response) => {
    auth.checkHost(request);
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
      auth.checkMutation(request);
      return routePost(path, url.searchParams, request, response);
    }
    throw new HttpError(405, 'method not allowed');
  };
}
