import { randomBytes, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { HttpError } from './http.ts';

const SESSION_COOKIE = 'kabar_console_session';

/**
 * Who may talk to the console: requests must name this server in their Host header (no DNS
 * rebinding), and mutations must come from this origin and carry the per-session token the page
 * got with its session cookie.
 */
export class ConsoleAuth {
  private readonly sessions = new Map<string, string>();
  private allowedHosts = new Set<string>();

  /** The Host headers this server answers to, once it knows its port. */
  allowHosts(hosts: readonly string[]): void {
    this.allowedHosts = new Set(hosts);
  }

  checkHost(request: IncomingMessage): void {
    if (!this.allowedHosts.has(request.headers.host ?? '')) throw new HttpError(421, 'unknown host');
  }

  /** The page's session (the request's, or a new one) with its token, and the cookie that keeps it. */
  sessionFor(request: IncomingMessage): { token: string; cookie: string } {
    const existing = cookieOf(request, SESSION_COOKIE);
    const session = existing && this.sessions.has(existing) ? existing : randomBytes(24).toString('base64url');
    if (!this.sessions.has(session)) this.sessions.set(session, randomBytes(24).toString('base64url'));
    return { token: this.sessions.get(session) as string, cookie: `${SESSION_COOKIE}=${session}; HttpOnly; SameSite=Strict; Path=/` };
  }

  /** Same origin (Origin / Sec-Fetch-Site when the browser sends them) and the session's token. */
  checkMutation(request: IncomingMessage): void {
    const origin = request.headers.origin;
    if (origin !== undefined && origin !== `http://${request.headers.host}`) throw new HttpError(403, 'cross-origin request refused');
    const site = request.headers['sec-fetch-site'];
    if (site !== undefined && site !== 'same-origin') throw new HttpError(403, 'cross-site request refused');
    const session = cookieOf(request, SESSION_COOKIE);
    const expected = session ? this.sessions.get(session) : undefined;
    const given = request.headers['x-kabar-token'];
    if (!expected || typeof given !== 'string' || !sameSecret(given, expected)) throw new HttpError(403, 'missing or wrong session token; reload the page');
  }
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
