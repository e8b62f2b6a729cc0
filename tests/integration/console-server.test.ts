/**
 * The review console's HTTP boundary against the emulators, without a browser (so it runs wherever
 * the integration tests run): who may mutate, what an upload may name, how raw objects are served.
 */
import { request } from 'node:http';
import { GetObjectCommand } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DynamoDbCorrectionStore } from '#shared/adapters/dynamodb-correction-store.ts';
import { serveConsole } from '#ops/console/compose.ts';
import type { DeadLetterTools } from '#ops/console/api.ts';
import type { RunningConsole } from '#ops/console/server.ts';
import { ensureTable } from '#ops/local/create-table.ts';
import { ensureBucket } from '#ops/local/s3-endpoint.ts';
import { S3TemplateStore } from '#shared/adapters/s3-template-store.ts';
import { splitArticleLines } from '#shared/domain/clean/clean.ts';
import { lineKeysOf, observeArticle } from '#shared/domain/clean/template.ts';
import { learnTemplates, ObservationBuffer } from '#shared/ingest/templates.ts';
import { ARTICLES_TABLE } from '#shared/table-definition.ts';
import { uniqueName } from './helpers/emulators.ts';
import { type ConnectedEmulators, useEmulators } from './helpers/use-emulators.ts';

let emulators: ConnectedEmulators;
let reviewConsole: RunningConsole;
let bucketName: string;
let tableName: string;
const redriven: (string[] | undefined)[] = [];
const deadLetters: DeadLetterTools = {
  list: async () => [],
  redrive: async (ids) => {
    redriven.push(ids);
    return 'moved';
  },
};

beforeAll(async () => {
  emulators = await useEmulators();
  bucketName = uniqueName('console');
  tableName = uniqueName('console');
  await Promise.all([ensureBucket(emulators.s3, bucketName), ensureTable(emulators.dynamodb, tableName, ARTICLES_TABLE)]);
  reviewConsole = await serveConsole({ kind: 'local', s3: emulators.s3, dynamodb: emulators.dynamodb, bucketName, tableName }, deadLetters, { port: 0 });
});

afterAll(async () => {
  await reviewConsole?.close();
  await emulators?.release();
});

/** A page load: the session cookie and the token the page embeds. */
async function session(): Promise<{ cookie: string; token: string }> {
  const page = await fetch(reviewConsole.url);
  const cookie = (page.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
  const token = /name="kabar-token" content="([^"]+)"/.exec(await page.text())?.[1] ?? '';
  return { cookie, token };
}

function post(path: string, body: string, headers: Record<string, string>): Promise<Response> {
  return fetch(`${reviewConsole.url}${path}`, { method: 'POST', body, headers });
}

describe('review console server', () => {
  it('binds to 127.0.0.1', () => {
    expect(new URL(reviewConsole.url).hostname).toBe('127.0.0.1');
  });

  it('accepts a mutation only with the session token, from the same origin', async () => {
    const { cookie, token } = await session();
    const other = await session();
    const same = { cookie, 'x-kabar-token': token, origin: reviewConsole.url };

    const statuses = [
      (await post('/api/dead-letters/redrive', '{}', { cookie })).status,
      (await post('/api/dead-letters/redrive', '{}', { cookie, 'x-kabar-token': other.token })).status,
      (await post('/api/dead-letters/redrive', '{}', { ...same, origin: 'http://evil.example' })).status,
      (await post('/api/dead-letters/redrive', '{}', { ...same, 'sec-fetch-site': 'cross-site' })).status,
      (await post('/api/dead-letters/redrive', '{"ids":["m1"]}', same)).status,
    ];

    expect(statuses).toEqual([403, 403, 403, 403, 200]);
    expect(redriven).toEqual([['m1']]);
  });

  it('answers no request that names another host (DNS rebinding)', async () => {
    const status = await new Promise<number>((resolve, reject) => {
      request(`${reviewConsole.url}/api/meta`, { headers: { host: 'evil.example' } }, (response) => {
        response.resume();
        resolve(response.statusCode ?? 0);
      })
        .on('error', reject)
        .end();
    });

    expect(status).toBe(421);
  });

  it('puts an upload under incoming/<publisher>/ and refuses names that would leave it', async () => {
    const { cookie, token } = await session();
    const headers = { cookie, 'x-kabar-token': token };

    const bad = await Promise.all(
      ['publisher=../x&name=a.txt', 'publisher=acme&name=../a.txt', 'publisher=acme&name=a/b.txt', 'publisher=&name=a.txt'].map(
        async (query) => (await post(`/api/upload?${query}`, 'x', headers)).status,
      ),
    );
    const good = await post('/api/upload?publisher=acme&name=a%20b.txt', 'Body text.', headers);
    const stored = await emulators.s3.send(new GetObjectCommand({ Bucket: bucketName, Key: 'incoming/acme/a b.txt' }));

    expect(bad).toEqual([400, 400, 400, 400]);
    expect(good.status).toBe(201);
    expect(await stored.Body?.transformToString()).toBe('Body text.');
  });

  it('refuses a correction that is not one, and one for an article that does not exist', async () => {
    const { cookie, token } = await session();
    const headers = { cookie, 'x-kabar-token': token, 'content-type': 'application/json' };

    const notACorrection = await post('/api/articles/0123456789abcdef/corrections', '{"kind":"delete-everything"}', headers);
    const noArticle = await post('/api/articles/0123456789abcdef/corrections', '{"kind":"topic-wrong","topic":"ukraine"}', headers);

    expect([notACorrection.status, noArticle.status]).toEqual([400, 404]);
  });

  it('answers a body that is not JSON with a 400 and a message, not a 500', async () => {
    const { cookie, token } = await session();
    const headers = { cookie, 'x-kabar-token': token, 'content-type': 'application/json' };
    const errors = console.error;
    const logged: unknown[] = [];
    console.error = (...args: unknown[]) => void logged.push(args);
    try {
      const redrive = await post('/api/dead-letters/redrive', '{ids: all', headers);
      const correction = await post('/api/articles/0123456789abcdef/corrections', 'not json', headers);
      expect([redrive.status, correction.status]).toEqual([400, 400]);
      expect(await redrive.json()).toEqual({ error: 'the request body is not JSON' });
    } finally {
      console.error = errors;
    }
    // Nothing for the operator's terminal: the client sent a bad request, the server did not fail.
    expect(logged).toEqual([]);
  });

  it('refuses a topic the taxonomy does not know, as training would', async () => {
    const { cookie, token } = await session();
    const response = await post('/api/articles/0123456789abcdef/corrections', '{"kind":"topic-missing","topic":"climate"}', {
      cookie,
      'x-kabar-token': token,
    });
    expect(response.status).toBe(400);
    expect(((await response.json()) as { error: string }).error).toMatch(/unknown topic "climate"/);
  });

  it('undoes a correction: it leaves the article, and an undo of one that is gone is a 404', async () => {
    const corrections = new DynamoDbCorrectionStore(emulators.dynamodb, tableName);
    const stored = await corrections.addCorrection('00000000000000aa', { kind: 'topic-wrong', topic: 'ukraine' });
    const { cookie, token } = await session();
    const headers = { cookie, 'x-kabar-token': token };
    const undo = () => post('/api/articles/00000000000000aa/corrections/undo', JSON.stringify({ key: stored.key }), headers);

    expect((await undo()).status).toBe(200);
    expect(await corrections.listCorrections('00000000000000aa')).toEqual([]);
    expect((await undo()).status).toBe(404);
  });

  it('serves pages and data with a script policy that allows only its own scripts', async () => {
    const page = await fetch(reviewConsole.url);
    const policy = page.headers.get('content-security-policy') ?? '';

    expect(policy).toContain("script-src 'self'");
    expect(policy).toContain("default-src 'none'");
    expect(page.headers.get('set-cookie')).toMatch(/HttpOnly; SameSite=Strict/);
  });

  it('refuses an unknown feed status with a message', async () => {
    const response = await fetch(`${reviewConsole.url}/api/feed?status=bogus`);

    expect(response.status).toBe(400);
    expect(await response.json()).toEqual({ error: 'status: ok, rejected or deleted' });
  });

  it('shows a publisher’s template line by line and takes an editor’s pin, which the template follows at once', async () => {
    const store = new S3TemplateStore(emulators.s3, bucketName);
    const masthead = 'WARTA UJI | Beranda | Indeks';
    const story = (i: number) =>
      [
        masthead,
        `Nelayan desa ${i} menambal perahu menjelang musim barat`,
        '',
        `Nelayan di desa pesisir itu menambal ${i + 3} perahu sebelum angin barat datang.`,
      ].join('\n');
    const buffer = new ObservationBuffer();
    for (let i = 0; i < 4; i++) buffer.add('warta', `a${i}`, observeArticle(splitArticleLines(story(i)).lines, true));
    await buffer.flush(store);
    await learnTemplates(store);
    const learned = await store.template('warta');

    const list = (await (await fetch(`${reviewConsole.url}/api/templates`)).json()) as { items: { publisher: string; version: string; acting: number }[] };
    expect(list.items).toContainEqual(
      expect.objectContaining({ publisher: 'warta', version: learned?.version, articles: 4, pins: 0, through: expect.stringMatching(/\.json$/) }),
    );
    const shown = (await (await fetch(`${reviewConsole.url}/api/template?publisher=warta`)).json()) as {
      lines: { key: string; kind: string; text: string | null; articles: number; action: string }[];
    };
    const line = shown.lines.find((l) => l.text === masthead);
    expect(line).toMatchObject({ kind: 'line', key: lineKeysOf(masthead).line, articles: 4, action: 'removed anywhere' });

    const { cookie, token } = await session();
    const same = { cookie, 'x-kabar-token': token, origin: reviewConsole.url, 'content-type': 'application/json' };
    const pin = (body: unknown, headers = same) => post('/api/template/pins?publisher=warta', JSON.stringify(body), headers);
    expect((await pin({ key: line?.key, kind: 'line', pinned: 'keep' }, { ...same, 'x-kabar-token': 'forged' })).status).toBe(403);
    expect((await pin({ key: line?.key, kind: 'line', pinned: 'maybe' })).status).toBe(400);
    expect((await pin({ key: '00000000', kind: 'line', pinned: 'keep' })).status).toBe(404);
    expect((await store.template('warta'))?.version).toBe(learned?.version);

    const kept = await pin({ key: line?.key, kind: 'line', pinned: 'keep' });
    expect(kept.status).toBe(200);
    expect(await kept.json()).toMatchObject({ action: 'learned', previous: learned?.version });
    const pinned = await store.template('warta');
    expect(pinned?.entries.find((e) => e.key === line?.key)).toMatchObject({ pinned: 'keep', text: masthead });
    expect(await store.pins('warta')).toEqual([{ key: line?.key, kind: 'line', pinned: 'keep', text: masthead }]);

    // Unpinned, learning decides again: the template is the one learned before the pin.
    expect((await pin({ key: line?.key, kind: 'line', pinned: null })).status).toBe(200);
    expect((await store.template('warta'))?.version).toBe(learned?.version);
    expect((await fetch(`${reviewConsole.url}/api/template?publisher=nobody`)).status).toBe(404);
  });
});
