/**
 * What a new reviewer met in the first hour (#23), in Debian's Chromium against the real local
 * stack: feed entries without a headline, the feed's dates and its empty state, undated articles in
 * a topic list, the upload page's console, the line view's score bars, and the article page on a
 * 390×844 phone. One stack and one browser for the file.
 *
 * KABAR_SCREENSHOTS=DIR saves the phone screenshots there, to look at them.
 */
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PutObjectCommand } from '@aws-sdk/client-s3';
import { Logger } from '@aws-lambda-powertools/logger';
import { type Browser, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createIngestHandler } from '../../functions/ingest/ingest-handler.ts';
import { serveConsole } from '#ops/console/compose.ts';
import { localDeadLetterTools } from '#ops/console/dead-letter-tools.ts';
import type { RunningConsole } from '#ops/console/server.ts';
import { type LocalStack, startLocalStack } from '#ops/local/local-stack.ts';
import { DynamoDbArticleReader } from '#shared/adapters/dynamodb-article-reader.ts';
import { articleIdOf } from '#shared/ingest/article-id.ts';
import type { ArticleRecord } from '#shared/record.ts';
import { freePort } from '../integration/helpers/emulators.ts';

const CHROMIUM = process.env.KABAR_CHROMIUM ?? '/usr/bin/chromium';
const FIXTURE = new URL('./fixtures/harbour-talks.txt', import.meta.url);
const available = existsSync(CHROMIUM);
if (!available && process.env.CI === 'true') throw new Error(`Chromium not found at ${CHROMIUM}: .ci/run installs it (apt-get install chromium)`);

const PARAGRAPHS = [
  'Foreign ministers from six countries met in Doha on Monday to discuss a ceasefire plan and a prisoner exchange, diplomats said.',
  'The talks lasted five hours and ended with a joint statement calling for humanitarian corridors and the release of detainees.',
  'Another round of negotiations is planned for next month in Cairo, according to the statement the foreign ministry released.',
];
/** No headline line: the text opens with its lead, and names no date. */
const LEAD_FIRST = { key: 'incoming/daily/lead-first.txt', body: PARAGRAPHS.join('\n\n') };
/** Published in 2024, with a headline. */
const DATED = {
  key: 'incoming/daily/dated.json',
  body: JSON.stringify({ title: 'Ministers agree on talks in Cairo', date: '2024-05-02T08:00:00Z', body: PARAGRAPHS.join('\n\n') }),
};

describe.skipIf(!available)('review console: feed, upload and phone layout', () => {
  let dataDir: string;
  let stack: LocalStack;
  let reviewConsole: RunningConsole;
  let reader: DynamoDbArticleReader;
  let browser: Browser;
  let page: Page;
  const consoleErrors: string[] = [];

  async function waitForRecord(id: string): Promise<ArticleRecord> {
    for (let i = 0; i < 600; i++) {
      const record = await reader.getArticle(id);
      if (record) return record;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    throw new Error(`no record ${id}`);
  }

  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'kabar-console-feed-'));
    stack = await startLocalStack({
      s3Port: 0,
      dynamodbPort: await freePort(),
      dataDir,
      createHandler: (deps) => createIngestHandler({ ...deps, logger: new Logger({ serviceName: 'kabar-ingest', logLevel: 'SILENT' }) }),
    });
    reviewConsole = await serveConsole({ kind: 'local', ...stack }, localDeadLetterTools(dataDir), { port: 0 });
    reader = new DynamoDbArticleReader(stack.dynamodb, stack.tableName, stack.s3);
    for (const { key, body } of [LEAD_FIRST, DATED]) await stack.s3.send(new PutObjectCommand({ Bucket: stack.bucketName, Key: key, Body: body }));
    for (const { key } of [LEAD_FIRST, DATED]) await waitForRecord(articleIdOf(stack.bucketName, key));
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox', '--disable-background-networking', '--disable-dev-shm-usage'] });
    page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    page.on('console', (message) => {
      if (message.type() === 'error') consoleErrors.push(message.text());
    });
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    await reviewConsole?.close();
    await stack?.stop();
    if (dataDir) await rm(dataDir, { recursive: true, force: true });
  });

  const entry = (key: string) => page.locator(`.entry[data-id="${articleIdOf(stack.bucketName, key)}"]`);

  it("shows an article without a headline by its lead's first sentence, marked as derived, never by its object key", async () => {
    await page.goto(reviewConsole.url);
    const title = entry(LEAD_FIRST.key).locator('.title');
    await title.waitFor();
    await expect(title.getAttribute('class')).resolves.toContain('derived');
    const text = (await title.textContent()) ?? '';
    expect(text).toContain('Foreign ministers from six countries met in Doha on Monday');
    expect(text).toContain('(no headline: from the lead)');
    expect(text).not.toContain('incoming/');
    // A headline is shown as it is.
    await expect(entry(DATED.key).locator('.title').textContent()).resolves.toBe('Ministers agree on talks in Cairo');
    await expect(entry(DATED.key).locator('.title').getAttribute('class')).resolves.not.toContain('derived');
  });

  it('names the date each list is ordered and filtered by, and says so when nothing matches', async () => {
    // The default feed is by ingestion: every entry says "ingested", and the From/To fields say so too.
    await page.goto(reviewConsole.url);
    await entry(DATED.key).waitFor();
    await expect(entry(DATED.key).locator('.meta').textContent()).resolves.toMatch(/ingested \d{4}-\d\d-\d\d/);
    await expect(page.getByLabel('Ingested from').count()).resolves.toBe(1);

    // 2024 by ingestion: nothing (everything was ingested today), and the page says so and how to ask by publication date.
    await page.goto(`${reviewConsole.url}/?since=2024-01-01&until=2024-12-31`);
    const empty = page.locator('ol.feed li.empty');
    await empty.waitFor();
    await expect(empty.textContent()).resolves.toBe(
      'No articles match: none ingested from 2024-01-01 to 2024-12-31 (to filter by publication date, pick Dates: published).',
    );

    // The same range by publication date: the article published in 2024, labelled so.
    await page.goto(`${reviewConsole.url}/?by=published&since=2024-01-01&until=2024-12-31`);
    await entry(DATED.key).waitFor();
    await expect(entry(DATED.key).locator('.meta').textContent()).resolves.toContain('published 2024-05-02');
    await expect(entry(LEAD_FIRST.key).count()).resolves.toBe(0);
    await expect(page.getByLabel('Published from').count()).resolves.toBe(1);
  });

  it('marks undated articles in a topic list, and says why they come first', async () => {
    await page.goto(`${reviewConsole.url}/?topic=diplomacy`);
    await entry(LEAD_FIRST.key).waitFor();
    await expect(entry(LEAD_FIRST.key).locator('.meta').textContent()).resolves.toMatch(/undated ingested \d{4}-\d\d-\d\d/);
    await expect(entry(DATED.key).locator('.meta').textContent()).resolves.toContain('published 2024-05-02');
    await expect(page.locator('.order').textContent()).resolves.toContain('undated articles by the date they were ingested');
  });

  it('waits for an upload without logging errors in the browser console', async () => {
    consoleErrors.length = 0;
    await page.goto(`${reviewConsole.url}/upload`);
    await page.getByLabel('Publisher').fill('acme');
    await page.getByLabel('Files').setInputFiles({ name: 'harbour-talks.txt', mimeType: 'text/plain', buffer: await readFile(FIXTURE) });
    await page.getByRole('button', { name: 'Upload' }).click();
    await page.locator('.uploads a', { hasText: 'ok: Foreign ministers open harbour talks' }).waitFor({ timeout: 60_000 });
    expect(consoleErrors).toEqual([]);
  });

  it('lines up the score bars of every topic row', async () => {
    await page.goto(`${reviewConsole.url}/article/${articleIdOf(stack.bucketName, 'incoming/acme/harbour-talks.txt')}`);
    await page.locator('.topic-row').first().waitFor();
    const bars = await page.locator('.topic-row .bar').evaluateAll((elements) =>
      elements.map((element) => {
        const box = element.getBoundingClientRect();
        return { left: Math.round(box.left), width: Math.round(box.width) };
      }),
    );
    expect(bars.length).toBeGreaterThanOrEqual(3);
    expect(new Set(bars.map((bar) => `${bar.left}/${bar.width}`)).size).toBe(1);
  });

  it('fits a 390×844 phone: whole words in the versions table, 44 px buttons, the metadata folded', async () => {
    const phone = await browser.newPage({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, deviceScaleFactor: 1 });
    try {
      await phone.goto(`${reviewConsole.url}/article/${articleIdOf(stack.bucketName, 'incoming/acme/harbour-talks.txt')}`);
      await phone.locator('ol.lines > li').first().waitFor();
      const shots = process.env.KABAR_SCREENSHOTS;
      if (shots) {
        await mkdir(shots, { recursive: true });
        await phone.screenshot({ path: join(shots, 'article-390x844.png') });
        await phone.locator('ol.lines').screenshot({ path: join(shots, 'article-390-lines.png') });
        await phone.locator('section[aria-labelledby="h-versions"]').screenshot({ path: join(shots, 'article-390-versions.png') });
      }
      // A string, evaluated in the page: this file is type-checked without the DOM library.
      const found = (await phone.evaluate(`(() => {
        // Words split across lines show as one client rect per line piece.
        const splitWords = [];
        for (const cell of document.querySelectorAll('table.versions th, table.versions td:not(.mono)')) {
          const walker = document.createTreeWalker(cell, NodeFilter.SHOW_TEXT);
          for (let node = walker.nextNode(); node; node = walker.nextNode()) {
            for (const match of node.data.matchAll(/[^\\s,]+/g)) {
              const range = document.createRange();
              range.setStart(node, match.index);
              range.setEnd(node, match.index + match[0].length);
              const tops = new Set([...range.getClientRects()].map((r) => Math.round(r.top)));
              if (tops.size > 1) splitWords.push(match[0]);
            }
          }
        }
        const buttons = [...document.querySelectorAll('ol.lines button')].map((b) => b.getBoundingClientRect());
        const facts = document.querySelector('details.facts-fold');
        return {
          splitWords,
          versionRows: document.querySelectorAll('table.versions tbody tr').length,
          buttons: buttons.length,
          smallest: Math.min(...buttons.map((b) => Math.min(b.height, b.width))),
          factsOpen: facts ? facts.open : null,
          summary: facts?.querySelector('summary')?.textContent ?? '',
          pageWidth: document.documentElement.scrollWidth,
        };
      })()`)) as {
        splitWords: string[];
        versionRows: number;
        buttons: number;
        smallest: number;
        factsOpen: boolean | null;
        summary: string;
        pageWidth: number;
      };
      expect(found.versionRows).toBeGreaterThan(0);
      expect(found.splitWords).toEqual([]);
      expect(found.buttons).toBeGreaterThan(0);
      expect(found.smallest).toBeGreaterThanOrEqual(44);
      expect(found.factsOpen).toBe(false);
      expect(found.summary).toContain('acme');
      // Nothing wider than the phone but the table's own scroller.
      expect(found.pageWidth).toBeLessThanOrEqual(390);

      await phone.goto(reviewConsole.url);
      await phone.locator('.entry').first().waitFor();
      await expect(phone.evaluate('document.documentElement.scrollWidth')).resolves.toBeLessThanOrEqual(390);
      if (shots) await phone.screenshot({ path: join(shots, 'feed-390x844.png') });
    } finally {
      await phone.close();
    }
  });

  it('keeps the metadata open on a desktop screen', async () => {
    await page.goto(`${reviewConsole.url}/article/${articleIdOf(stack.bucketName, 'incoming/acme/harbour-talks.txt')}`);
    await page.locator('details.facts-fold').waitFor();
    await expect(page.locator('details.facts-fold').evaluate((element) => (element as unknown as { open: boolean }).open)).resolves.toBe(true);
    const shots = process.env.KABAR_SCREENSHOTS;
    if (shots) {
      await page.goto(reviewConsole.url);
      await page.locator('.entry').first().waitFor();
      await page.screenshot({ path: join(shots, 'feed-1280.png') });
    }
  });
});
