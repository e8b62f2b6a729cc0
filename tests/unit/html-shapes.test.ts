import { readdirSync, readFileSync } from 'node:fs';
import { Readability } from '@mozilla/readability';
import { parseHTML } from 'linkedom';
import { describe, expect, it } from 'vitest';
import { processArticle } from '#shared/domain/pipeline.ts';
import { scoreTokens } from './html-gold.ts';

/**
 * Real-shaped pages written for this test (invented text): key takeaways and lists, a data table,
 * an FAQ in <details>, numbered headings, repeated cards, cookie banners, related grids, a page of
 * bare <div>s where Readability cannot tell the article from its sidebar. Each `.txt` is the main
 * content a reader would keep. The block model must never do worse than Readability alone.
 */
const DIR = new URL('../fixtures/html-shapes/', import.meta.url);
const PAGES = readdirSync(DIR)
  .filter((name) => name.endsWith('.html'))
  .map((name) => name.slice(0, -'.html'.length))
  .sort();
const read = (name: string) => readFileSync(new URL(name, DIR), 'utf8');

async function kabarOf(name: string) {
  const result = await processArticle({ bytes: new TextEncoder().encode(read(`${name}.html`)), key: `incoming/shapes/${name}.html`, contentType: 'text/html' });
  if (result.status !== 'ok') throw new Error(`${name}: ${result.error.code}`);
  return result;
}

function readabilityOf(name: string): string {
  const { document } = parseHTML(read(`${name}.html`));
  return new Readability(document as never).parse()?.textContent ?? '';
}

describe('HTML block model on real-shaped pages', () => {
  it('has pages of every shape', () => {
    expect(PAGES.length).toBeGreaterThanOrEqual(5);
  });

  it.each(PAGES)('%s: never worse than Readability alone, and keeps what a reader keeps', async (name) => {
    const truth = read(`${name}.txt`);
    const kabar = scoreTokens((await kabarOf(name)).body, truth);
    const readability = scoreTokens(readabilityOf(name), truth);
    expect(kabar.f1).toBeGreaterThanOrEqual(readability.f1 - 0.005);
    expect(kabar.recall).toBeGreaterThanOrEqual(0.95);
    expect(kabar.f1).toBeGreaterThanOrEqual(0.85);
  });

  it('keeps lists, headings, tables and FAQ answers inside the article', async () => {
    const takeaways = (await kabarOf('key-takeaways')).body;
    expect(takeaways).toContain('Shared crane schedules mattered more than new equipment.');
    expect(takeaways).toContain('Why schedules beat new cranes');
    const faq = (await kabarOf('faq-table')).body;
    expect(faq).toContain('New-build flat 2021 3,100 £280');
    expect(faq).toContain('Should I replace my radiators?');
    expect(faq).toContain('Most installations take two to four days');
  });

  it('removes the banners, menus, cards and footers, each with the model’s reason and probability', async () => {
    const result = await kabarOf('key-takeaways');
    for (const junk of ['We use cookies', 'Related stories', 'Dredging plan approved', 'Get the weekly briefing', 'All rights reserved']) {
      expect(result.body).not.toContain(junk);
    }
    const reasons = result.removed.map((r) => r.reason);
    expect(reasons.length).toBeGreaterThan(0);
    for (const reason of reasons) expect(reason).toMatch(/^(caption|html-model:[a-z-]+ (0\.\d\d|1\.00))$/);
    expect(result.removed.some((r) => r.text.includes('Dredging plan approved'))).toBe(true);
  });
});
