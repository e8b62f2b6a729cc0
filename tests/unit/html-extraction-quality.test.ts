import { readdirSync, readFileSync } from 'node:fs';
import { Readability } from '@mozilla/readability';
import { parseHTML } from 'linkedom';
import { describe, expect, it } from 'vitest';
import { processArticle } from '#shared/domain/pipeline.ts';
import { scoreTokens } from './html-gold.ts';

/**
 * Hand-annotated news pages (invented text in real sites' page shapes) with the
 * body paragraphs an annotator keeps: no title, byline, captions, teasers,
 * share prompts or appeals. Readability alone is the baseline kabar must beat.
 */
const GOLD_DIR = new URL('../fixtures/html-gold/', import.meta.url);
const PAGES = readdirSync(GOLD_DIR)
  .filter((name) => name.endsWith('.html'))
  .map((name) => name.slice(0, -'.html'.length))
  .sort();

const read = (name: string) => readFileSync(new URL(name, GOLD_DIR), 'utf8');

async function kabarBodyOf(name: string): Promise<string> {
  const result = await processArticle({ bytes: new TextEncoder().encode(read(`${name}.html`)), key: `incoming/gold/${name}.html`, contentType: 'text/html' });
  return result.status === 'ok' ? result.body : '';
}

function readabilityTextOf(name: string): string {
  const { document } = parseHTML(read(`${name}.html`));
  return new Readability(document as never).parse()?.textContent ?? '';
}

const mean = (values: number[]) => values.reduce((sum, value) => sum + value, 0) / values.length;

describe('HTML extraction quality against hand-made ground truth', () => {
  it('has a dozen or more annotated pages', () => {
    expect(PAGES.length).toBeGreaterThanOrEqual(12);
  });

  it('keeps every page above 0.85 token F1, beats Readability alone on the mean, and reaches 0.95', async () => {
    const kabar: number[] = [];
    const readability: number[] = [];
    const lowPages: string[] = [];
    for (const name of PAGES) {
      const truth = read(`${name}.txt`);
      const { f1 } = scoreTokens(await kabarBodyOf(name), truth);
      kabar.push(f1);
      readability.push(scoreTokens(readabilityTextOf(name), truth).f1);
      if (f1 < 0.85) lowPages.push(`${name}: ${f1.toFixed(3)}`);
    }

    expect(lowPages).toEqual([]);
    expect(mean(kabar)).toBeGreaterThanOrEqual(mean(readability));
    expect(mean(kabar)).toBeGreaterThanOrEqual(0.95);
  });

  it('loses no body text on any page (recall ≥ 0.98)', async () => {
    const lossyPages: string[] = [];
    for (const name of PAGES) {
      const { recall } = scoreTokens(await kabarBodyOf(name), read(`${name}.txt`));
      if (recall < 0.98) lossyPages.push(`${name}: ${recall.toFixed(3)}`);
    }
    expect(lossyPages).toEqual([]);
  });
});

describe('scoreTokens', () => {
  it('counts repeated words as a multiset, ignoring case and punctuation', () => {
    expect(scoreTokens('The the cat.', 'the cat sat')).toEqual({ precision: 2 / 3, recall: 2 / 3, f1: 2 / 3 });
  });

  it('scores an empty extraction as zero', () => {
    expect(scoreTokens('', 'some text').f1).toBe(0);
  });
});
