/**
 * The review console in a real browser (Debian's Chromium driven by playwright-core) against the
 * real local stack: s3rver, DynamoDB Local, the local queue and the ingest handler, exactly as
 * `npm start` runs them, plus the console `npm start` serves. One stack and one browser for the file.
 *
 * Without Chromium the file is skipped, except under CI=true where a missing browser fails the run.
 */
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { DeleteObjectCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import { Logger } from '@aws-lambda-powertools/logger';
import { type Browser, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createIngestHandler } from '../../functions/ingest/ingest-handler.ts';
import { DynamoDbArticleReader } from '#shared/adapters/dynamodb-article-reader.ts';
import { serveConsole } from '#ops/console/compose.ts';
import { localDeadLetterTools } from '#ops/console/dead-letter-tools.ts';
import type { RunningConsole } from '#ops/console/server.ts';
import { articleIdOf } from '#shared/ingest/article-id.ts';
import { S3TemplateStore } from '#shared/adapters/s3-template-store.ts';
import { splitArticleLines } from '#shared/domain/clean/clean.ts';
import { observeArticle } from '#shared/domain/clean/template.ts';
import { learnTemplates, ObservationBuffer } from '#shared/ingest/templates.ts';
import { listDeadLetters, queueDirectories } from '#ops/local/local-queue.ts';
import { type LocalStack, startLocalStack } from '#ops/local/local-stack.ts';
import type { ArticleRecord } from '#shared/record.ts';
import { freePort } from '../integration/helpers/emulators.ts';
import { loadExportedLabels } from '../../training/labelled-articles.ts';

const CHROMIUM = process.env.KABAR_CHROMIUM ?? '/usr/bin/chromium';
const FIXTURE = new URL('./fixtures/harbour-talks.txt', import.meta.url);
const HARBOUR = join(import.meta.dirname, '..', 'fixtures', 'loop', 'harbour.html');
const SAMPLE = new URL('../../samples/000_8692206af46fdf20.txt', import.meta.url);
const available = existsSync(CHROMIUM);
if (!available && process.env.CI === 'true') throw new Error(`Chromium not found at ${CHROMIUM}: .ci/run installs it (apt-get install chromium)`);

// A JSON upload keeps its title verbatim; its body is HTML-cleaned, so markup there arrives as escaped text.
const HOSTILE_TITLE = '<script>window.__pwned = "title script"</script> Hostile headline <img src=x onerror="window.__pwned = \'title img\'">';
const HOSTILE = JSON.stringify({
  title: HOSTILE_TITLE,
  url: "javascript:window.__pwned = 'url'",
  body: [
    'The delegations met in Geneva for talks on a prisoner exchange, diplomats said, and the foreign ministers agreed to meet again next week.',
    '&lt;img src=x onerror="window.__pwned = \'body img\'"&gt; &lt;a href="javascript:window.__pwned = \'link\'"&gt;click here&lt;/a&gt; and &lt;script&gt;window.__pwned = "body script"&lt;/script&gt; more on the talks.',
  ].join('\n\n'),
});

describe.skipIf(!available)('review console in the browser', () => {
  let dataDir: string;
  let stack: LocalStack;
  let reviewConsole: RunningConsole;
  let browser: Browser;
  let page: Page;
  let reader: DynamoDbArticleReader;
  const dialogs: string[] = [];
  let acceptConfirm = false;

  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'kabar-console-'));
    stack = await startLocalStack({
      s3Port: 0,
      dynamodbPort: await freePort(),
      dataDir,
      createHandler: (deps) => createIngestHandler({ ...deps, logger: new Logger({ serviceName: 'kabar-ingest', logLevel: 'SILENT' }) }),
    });
    reviewConsole = await serveConsole({ kind: 'local', ...stack }, localDeadLetterTools(dataDir), { port: 0 });
    reader = new DynamoDbArticleReader(stack.dynamodb, stack.tableName, stack.s3);
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox', '--disable-background-networking', '--disable-dev-shm-usage'] });
    page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    page.on('dialog', (dialog) => {
      dialogs.push(dialog.message());
      void (acceptConfirm && dialog.type() === 'confirm' ? dialog.accept() : dialog.dismiss());
    });
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await reviewConsole?.close();
    await stack?.stop();
    if (dataDir) await rm(dataDir, { recursive: true, force: true });
  });

  const articleId = () => articleIdOf(stack.bucketName, 'incoming/acme/harbour-talks.txt');

  it('uploads a file through the page and shows its record in the feed', async () => {
    await page.goto(`${reviewConsole.url}/upload`);
    await page.getByLabel('Publisher').fill('acme');
    await page.getByLabel('Files').setInputFiles({ name: 'harbour-talks.txt', mimeType: 'text/plain', buffer: await readFile(FIXTURE) });
    await page.getByRole('button', { name: 'Upload' }).click();
    await page.locator('.uploads a', { hasText: 'ok: Foreign ministers open harbour talks' }).waitFor({ timeout: 60_000 });

    await page.goto(reviewConsole.url);
    const entry = page.locator(`.entry[data-id="${articleId()}"]`);
    await expect(entry.locator('.title').textContent()).resolves.toBe('Foreign ministers open harbour talks on prisoner exchange');
    await expect(entry.locator('.meta').textContent()).resolves.toContain('acme');
    await expect(entry.locator('.topic').first().textContent()).resolves.toMatch(/^diplomacy [01]\.\d\d$/);
  });

  it('opens the article with each removed line struck through in place, with its reason', async () => {
    await page.locator(`.entry[data-id="${articleId()}"] .title`).click();
    await page.waitForURL(`**/article/${articleId()}`);
    const lines = page.locator('ol.lines > li');
    await lines.first().waitFor();
    const texts = await lines.evaluateAll((items) =>
      items.map((li) => ({ struck: li.querySelector('del')?.textContent ?? null, reason: li.querySelector('.reason')?.textContent ?? null })),
    );
    // Line 2 of the fixture is the related link, line 6 the ad marker: removed where they stood.
    expect(texts[1]).toEqual({ struck: 'Read more: Storm closes northern ferry routes for a second day', reason: 'related-link' });
    expect(texts[5]).toEqual({ struck: 'ADVERTISEMENT', reason: 'ad-marker' });
    expect(texts[2]?.struck).toBeNull();
  });

  it('stores a topic correction and a junk line as their own items, listed on the article, leaving the record as it was', async () => {
    const before = await reader.getArticle(articleId());
    // From the keyboard: every control is a native button.
    await page.getByRole('button', { name: 'Is ukraine' }).focus();
    await page.keyboard.press('Enter');
    await page.locator('#corrections li', { hasText: 'Topic ukraine is missing' }).waitFor();
    const junk = page.locator('ol.lines > li.kept', { hasText: 'Tell us what you think about this story in the comments below.' });
    await junk.getByRole('button', { name: /is junk$/ }).click();
    await page.locator('#corrections li', { hasText: 'Kept line is junk' }).waitFor();

    const after = await reader.getArticle(articleId());
    expect(after).toEqual(before);
  });

  it('exports the corrections as labels that the training loader reads', async () => {
    const out = join(dataDir, 'labels.jsonl');
    await promisify(execFile)(process.execPath, ['--import', 'tsx', 'bin/kabar.ts', 'labels', 'export', '--out', out], {
      env: {
        ...process.env,
        KABAR_S3_PORT: new URL(stack.s3Endpoint).port,
        KABAR_DYNAMODB_PORT: new URL(stack.dynamodbEndpoint).port,
        KABAR_DATA_DIR: dataDir,
      },
    });
    const [line] = (await readFile(out, 'utf8')).trim().split('\n');
    expect(JSON.parse(line as string)).toMatchObject({
      id: articleId(),
      sourceKey: 'incoming/acme/harbour-talks.txt',
      publisher: 'acme',
      topics: ['diplomacy', 'ukraine'],
    });

    const [label] = loadExportedLabels(out);
    expect(label).toMatchObject({
      outlet: 'acme',
      lang: 'en',
      topics: ['diplomacy', 'ukraine'],
      boilerplate: [
        'Read more: Storm closes northern ferry routes for a second day',
        'ADVERTISEMENT',
        'Tell us what you think about this story in the comments below.',
      ],
      fileName: 'harbour-talks.txt',
      text: await readFile(FIXTURE, 'utf8'),
    });
  });

  it('shows a correction on the page at once, and undoes it', async () => {
    await page.goto(`${reviewConsole.url}/article/${articleId()}`);
    // The earlier test said "Is ukraine": the row says so, kabar's score beside it.
    const ukraine = page.locator('.topic-row', { hasText: 'ukraine' });
    await expect(ukraine.locator('.flag').textContent()).resolves.toBe('reviewer: is');
    await expect(ukraine.getAttribute('class')).resolves.toContain('corrected');
    const before = (await reader.getArticle(articleId()))?.topics;

    await ukraine.getByRole('button', { name: 'Undo the ukraine correction' }).click();
    await page.locator('.topic-row', { hasText: 'ukraine' }).getByRole('button', { name: 'Is ukraine' }).waitFor();
    await expect(page.locator('#corrections li', { hasText: 'Topic ukraine is missing' }).count()).resolves.toBe(0);

    await page.getByRole('button', { name: 'Not diplomacy' }).click();
    await page.locator('.topic-row', { hasText: 'diplomacy' }).locator('.flag', { hasText: 'reviewer: not' }).waitFor();
    expect((await reader.getArticle(articleId()))?.topics).toEqual(before);
  });

  it('takes "this text has no title", shows it at once, and undoes it', async () => {
    const title = page.locator('h1.article-title');
    await expect(title.textContent()).resolves.toBe('Foreign ministers open harbour talks on prisoner exchange');
    await page.getByRole('button', { name: 'This text has no title' }).click();
    await page.locator('h1.article-title', { hasText: '(no title)' }).waitFor();
    await page.locator('#corrections li', { hasText: 'The text has no title line' }).waitFor();
    await page.getByRole('button', { name: 'Undo the title correction' }).click();
    await page.locator('h1.article-title', { hasText: 'Foreign ministers open harbour talks' }).waitFor();
  });

  it('lets a reviewer say a block the HTML model removed is content, shown at once, undone', async () => {
    const key = 'incoming/coastal/harbour.html';
    await stack.s3.send(new PutObjectCommand({ Bucket: stack.bucketName, Key: key, Body: await readFile(HARBOUR) }));
    const record = await waitForRecord(reader, articleIdOf(stack.bucketName, key));
    await page.goto(`${reviewConsole.url}/article/${record.id}`);
    const byline = page.locator('li', { hasText: 'By Mara Quint, 3 March 2026' });
    await byline.getByRole('button', { name: /^Removed text \d+ is content$/ }).click();
    await page.locator('li.reviewed', { hasText: 'By Mara Quint, 3 March 2026' }).locator('.reason', { hasText: 'marked content' }).waitFor();
    await page
      .locator('li.reviewed', { hasText: 'By Mara Quint' })
      .getByRole('button', { name: /^Undo: removed text \d+ is content$/ })
      .click();
    await byline.getByRole('button', { name: /^Removed text \d+ is content$/ }).waitFor();
    expect((await reader.getArticle(record.id))?.removed).toContainEqual(expect.objectContaining({ text: 'By Mara Quint, 3 March 2026' }));
  });

  it('highlights every match the classifier counted, "Rusia" for Russia too', async () => {
    const key = 'incoming/samples/000.txt';
    await stack.s3.send(new PutObjectCommand({ Bucket: stack.bucketName, Key: key, Body: await readFile(SAMPLE) }));
    const record = await waitForRecord(reader, articleIdOf(stack.bucketName, key));
    await page.goto(`${reviewConsole.url}/article/${record.id}`);
    await page.locator('ol.lines > li').first().waitFor();
    const marks = await page.locator('ol.lines mark').allTextContents();
    const counted = Object.values(record.evidence)
      .flat()
      .reduce((sum, e) => sum + e.count, 0);
    expect(marks).toContain('Rusia');
    expect(marks).toHaveLength(counted);
  });

  it('renders a hostile article as text without running any of it', async () => {
    const key = 'incoming/hostile/attack.json';
    await stack.s3.send(new PutObjectCommand({ Bucket: stack.bucketName, Key: key, Body: HOSTILE }));
    const id = articleIdOf(stack.bucketName, key);
    await waitForRecord(reader, id);

    await page.goto(reviewConsole.url);
    const feedTitle = await page.locator(`.entry[data-id="${id}"] .title`).textContent();
    await page.goto(`${reviewConsole.url}/article/${id}`);
    await page.locator('ol.lines > li').first().waitFor();

    // A string, evaluated in the page: this file is type-checked without the DOM library.
    const found = (await page.evaluate(`({
      pwned: window.__pwned ?? null,
      title: document.querySelector('h1.article-title')?.textContent ?? '',
      body: document.querySelector('ol.lines')?.textContent ?? '',
      facts: document.querySelector('dl.facts')?.textContent ?? '',
      images: document.querySelectorAll('main img').length,
      scripts: document.querySelectorAll('main script').length,
      javascriptLinks: [...document.querySelectorAll('a')].filter((a) => /^\\s*javascript:/i.test(a.getAttribute('href') ?? '')).length,
    })`)) as { pwned: string | null; title: string; body: string; facts: string; images: number; scripts: number; javascriptLinks: number };
    expect(found).toMatchObject({ pwned: null, images: 0, scripts: 0, javascriptLinks: 0 });
    // Titles are plain text in the record (#23): the markup is gone before any reader sees it.
    expect([feedTitle, found.title]).toEqual(['Hostile headline', 'Hostile headline']);
    expect(found.body).toContain('&lt;script&gt;window.__pwned');
    expect(found.facts).toContain("javascript:window.__pwned = 'url'");
    expect(dialogs).toEqual([]);
  });

  it('lists a deleted article under the deleted status, out of the ok feed', async () => {
    const key = 'incoming/hostile/attack.json';
    const id = articleIdOf(stack.bucketName, key);
    await stack.s3.send(new DeleteObjectCommand({ Bucket: stack.bucketName, Key: key }));
    await waitForRecord(reader, id, (record) => record.status === 'deleted');

    await page.goto(`${reviewConsole.url}/?status=deleted`);
    await page.locator(`.entry[data-id="${id}"]`).waitFor();
    await page.goto(reviewConsole.url);
    await page.locator('.entry').first().waitFor();
    await expect(page.locator(`.entry[data-id="${id}"]`).count()).resolves.toBe(0);
  });

  it('redrives a dead letter only after the reviewer confirms', async () => {
    const deadLetter = {
      messageId: 'dead-1',
      body: '{"Records":[]}',
      sentAt: 1,
      sequence: 0,
      receiveCount: 3,
      visibleAt: 0,
      lastError: 'handler threw: boom',
      deadLetteredAt: 2,
    };
    await mkdir(queueDirectories(dataDir).deadLetters, { recursive: true });
    await writeFile(join(queueDirectories(dataDir).deadLetters, 'dead-1.json'), JSON.stringify(deadLetter));
    await page.goto(`${reviewConsole.url}/dead-letters`);
    const letter = page.locator('.entry', { hasText: 'dead-1' });
    await expect(letter.locator('.meta').textContent()).resolves.toBe('received 3× · handler threw: boom');

    dialogs.length = 0;
    await letter.getByRole('button', { name: 'Redrive' }).click();
    await expect.poll(() => dialogs.length).toBe(1);
    expect(await listDeadLetters(dataDir)).toHaveLength(1);

    acceptConfirm = true;
    await letter.getByRole('button', { name: 'Redrive' }).click();
    await page.locator('.notice', { hasText: 'moved 1 message(s)' }).waitFor();
    expect(dialogs).toEqual(['Move dead letter dead-1 back to the ingest queue?', 'Move dead letter dead-1 back to the ingest queue?']);
    expect(await listDeadLetters(dataDir)).toEqual([]);
  });

  it('shows each publisher’s template and lets an editor pin a line, rendering its text as text', async () => {
    const store = new S3TemplateStore(stack.s3, stack.bucketName);
    const masthead = 'HARIAN <b>UJI</b> | Beranda <img src=x onerror="window.__pwned = \'template\'">';
    const buffer = new ObservationBuffer();
    for (let i = 0; i < 4; i++) {
      const text = [
        masthead,
        `Petani desa ${i} memanen padi lebih awal`,
        '',
        `Petani memanen ${i + 2} hektare sawah sebelum hujan deras tiba, kata ketua kelompok tani.`,
      ];
      buffer.add('harian', `h${i}`, observeArticle(splitArticleLines(text.join('\n')).lines, true));
    }
    await buffer.flush(store);
    await learnTemplates(store);

    await page.goto(`${reviewConsole.url}/templates`);
    await page.getByRole('link', { name: 'harian', exact: true }).click();
    await page.waitForURL('**/templates?publisher=harian');
    const row = page.locator('table.template-lines tr', { hasText: 'HARIAN <b>UJI</b>' });
    await expect(row.locator('td').first().textContent()).resolves.toBe(masthead);
    await expect(row.locator('td').nth(2).textContent()).resolves.toBe('4 (100%)');
    await expect(row.locator('td').nth(4).textContent()).resolves.toBe('removed anywhere');

    await row.getByRole('button', { name: 'Never remove' }).click();
    await page.locator('.notice', { hasText: 'Pinned as never removed' }).waitFor();
    await expect(page.locator('table.template-lines tr.pinned.keep td').nth(4).textContent()).resolves.toBe('never removed (pinned)');
    expect(await store.pins('harian')).toMatchObject([{ kind: 'line', pinned: 'keep', text: masthead }]);

    await page.locator('table.template-lines tr.pinned.keep').getByRole('button', { name: 'Unpin' }).click();
    await page.locator('.notice', { hasText: 'Unpinned' }).waitFor();
    expect(await store.pins('harian')).toEqual([]);
    // A string, evaluated in the page: this file is type-checked without the DOM library.
    expect(await page.evaluate('window.__pwned ?? null')).toBeNull();

    // The next article loses the masthead to the template; a reviewer marks it as content, and the template keeps it.
    const key = 'incoming/harian/panen.txt';
    const text = [masthead, 'Petani desa 9 memanen padi lebih awal', '', 'Petani memanen 11 hektare sawah sebelum hujan deras tiba, kata ketua kelompok tani.'];
    await stack.s3.send(new PutObjectCommand({ Bucket: stack.bucketName, Key: key, Body: text.join('\n') }));
    const id = articleIdOf(stack.bucketName, key);
    const record = await waitForRecord(reader, id);
    expect(record.removed).toContainEqual({ text: masthead, reason: expect.stringMatching(/^publisher-template:/) });
    await page.goto(`${reviewConsole.url}/article/${id}`);
    await page
      .locator('ol.lines > li.removed', { hasText: 'HARIAN <b>UJI</b>' })
      .getByRole('button', { name: /is content$/ })
      .click();
    await page.locator('#corrections li', { hasText: 'Removed line is content' }).waitFor();
    await expect.poll(() => store.pins('harian')).toMatchObject([{ kind: 'line', pinned: 'keep', text: masthead }]);
    expect((await store.template('harian'))?.entries.find((e) => e.text === masthead)?.pinned).toBe('keep');
  });
});

async function waitForRecord(reader: DynamoDbArticleReader, id: string, ready: (record: ArticleRecord) => boolean = () => true): Promise<ArticleRecord> {
  for (let attempt = 0; attempt < 120; attempt++) {
    const record = await reader.getArticle(id);
    if (record && ready(record)) return record;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`no record for ${id} after 30 s`);
}
