/**
 * The review console's server: a small node:http server over the project's own reader, the
 * correction store, the S3 adapters and the dead-letter tools (no second data path). Serves the
 * static pages under ./assets and a JSON API the pages call. Binds 127.0.0.1 unless told otherwise.
 *
 * Security: every response carries a strict Content-Security-Policy (scripts from this origin only,
 * http.ts); the pages render article text with textContent, never as HTML. Requests must name this
 * server in their Host header (no DNS rebinding). Mutations (upload, redrive, corrections) are POSTs
 * that must come from this origin and carry the per-session token the page got with its session
 * cookie (auth.ts). Routes in routes.ts, the API's answers in api.ts.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ConsoleApi, type ConsoleDeps } from './api.ts';
import { ConsoleAuth } from './auth.ts';
import { HttpError, sendJson } from './http.ts';
import { routerOf } from './routes.ts';

export interface ConsoleOptions extends ConsoleDeps {
  port: number;
  host?: string;
}

export interface RunningConsole {
  url: string;
  close(): Promise<void>;
}

/**
 * Starts the console; `port: 0` picks a free port.
 *
 * @example const console = await startConsole({ ...deps, port: 4570 }); console.url // → 'http://127.0.0.1:4570'
 */
export async function startConsole(options: ConsoleOptions): Promise<RunningConsole> {
  const host = options.host ?? '127.0.0.1';
  const auth = new ConsoleAuth();
  const handle = routerOf(new ConsoleApi(options), auth, options.target);
  const server: Server = createServer((request, response) => {
    handle(request, response).catch((error: unknown) => {
      const status = error instanceof HttpError ? error.status : 500;
      if (status === 500) console.error('console:', error);
      if (!response.headersSent) sendJson(response, status, { error: error instanceof Error ? error.message : String(error) });
      else response.end();
    });
  });
  const listening = await new Promise<AddressInfo>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, host, () => resolve(server.address() as AddressInfo));
  });
  const names = host === '127.0.0.1' || host === 'localhost' ? ['127.0.0.1', 'localhost'] : [host];
  auth.allowHosts(names.map((name) => `${name}:${listening.port}`));
  return {
    url: `http://${host}:${listening.port}`,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}
