import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parsedArticleOf } from '#shared/domain/article.ts';
import { cleanArticle } from '#shared/domain/clean/clean.ts';
import { continuesSentence } from '#shared/domain/clean/heuristics.ts';
import { SCRAPED_WEIGHT } from '../../training/clean/fit.ts';
import { decodeScrapedSet, encodeScrapedSet } from '../../training/clean/scraped-set.ts';
import { featuredScraped, loadScrapedDocuments } from '../../training/clean/scraped.ts';

const noRules = { ruleFiles: [] };
const paragraph = (topic: string) =>
  `The foreign ministers met in the capital on Tuesday to discuss ${topic}, and both sides said the talks had been useful and would continue next month.`;

describe('real scraped articles as shipped numbers', () => {
  const dir = mkdtempSync(join(tmpdir(), 'kabar-scraped-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  mkdirSync(join(dir, 'articles'));
  const articles = [
    {
      id: '001',
      url: 'https://news.example.com/a/1',
      text: `Home | World\n\nMinisters Meet in the Capital\n\n${paragraph('trade')}\n\nShare on WhatsApp`,
      labels: 'btcb',
      kinds: 'ns',
    },
    {
      id: '002',
      url: 'https://www.other.example.org/b',
      text: `${paragraph('the border')}\n\nPhoto: Reuters\n\n${paragraph('visas')}`,
      labels: 'cbc',
      kinds: 'p',
    },
  ];
  for (const a of articles) writeFileSync(join(dir, 'articles', `${a.id}.txt`), a.text);
  writeFileSync(
    join(dir, 'labels.jsonl'),
    `${articles
      .map((a) =>
        JSON.stringify({
          id: a.id,
          url: a.url,
          lang: 'en',
          topics: [],
          title: a.id === '001' ? 'Ministers Meet in the Capital' : null,
          line_labels: a.labels,
          kinds: a.kinds,
        }),
      )
      .join('\n')}\n`,
  );
  const docs = loadScrapedDocuments(dir);

  it('reads the texts with their line labels, junk kinds and outlets (registered domains)', () => {
    expect(docs.map((d) => d.outlet)).toEqual(['example.com', 'example.org']);
    expect(docs[0]?.lines.map((l) => l.label)).toEqual(['boilerplate', 'title', 'content', 'boilerplate']);
    expect(docs[0]?.kinds).toEqual(['n', '', '', 's']);
    expect(docs[1]?.title).toBeNull();
  });

  it('ships them as numbers only, and decodes exactly what was encoded', () => {
    const featured = featuredScraped(docs);
    const bytes = encodeScrapedSet(featured, 'hash-1');
    const decoded = decodeScrapedSet(bytes);
    expect(decoded.featureHash).toBe('hash-1');
    expect(decoded.docs).toEqual(featured);
    expect(decoded.docs.every((d) => d.weight === SCRAPED_WEIGHT && d.source === 'scraped')).toBe(true);
    // No text and no url travels with the set.
    const json = JSON.stringify(decoded.docs) + bytes.toString('latin1');
    expect(json).not.toMatch(/Ministers|WhatsApp|example\.com\/a/);
  });

  it('refuses a labels file whose line count does not match the text', () => {
    writeFileSync(join(dir, 'articles', '003.txt'), 'One line\n\nTwo lines');
    writeFileSync(
      join(dir, 'labels.jsonl'),
      `${JSON.stringify({ id: '003', url: 'https://x.example/3', lang: 'en', topics: [], title: null, line_labels: 'c' })}\n`,
    );
    expect(() => loadScrapedDocuments(dir)).toThrow(/2 lines but 1 line labels/);
  });
});

describe('joining split sentences of scraped text', () => {
  it('does not run a headline into a lead that opens with a lower-case site name', () => {
    expect(continuesSentence('Indonesia Offers to Mediate Between Iran and Saudi Arabia', 'jpnn.com - JAKARTA - The president will send an envoy.')).toBe(
      false,
    );
    const cleaned = cleanArticle(
      parsedArticleOf(
        'text',
        `Indonesia Offers to Mediate Between Iran and Saudi Arabia\n\njpnn.com - JAKARTA - ${paragraph('the envoy')}\n\n${paragraph('oil')}`,
      ),
      noRules,
    );
    // The headline stays a line of its own (the title, or a line the model judges), never glued to the lead.
    expect([cleaned.title, ...cleaned.body.split('\n\n')].filter((p) => p?.includes('Saudi Arabia jpnn.com'))).toEqual([]);
  });

  it('does not take a two-word lower-case label for the rest of a sentence, but still joins a real continuation', () => {
    expect(continuesSentence('Parliament Hopes the President Raises Palestine at the UN', 'image cover')).toBe(false);
    expect(continuesSentence('The minister said the talks in Cairo would', 'resume on Monday.')).toBe(true);
    expect(continuesSentence('The minister said the talks in Cairo would', 'resume on Monday after the holiday')).toBe(true);
  });
});

describe('headlines printed again behind a prefix', () => {
  it('takes the headline without its breadcrumb, but keeps a headline whose own words end in another line', () => {
    const crumb = cleanArticle(
      parsedArticleOf(
        'text',
        `News » World » Ministers Meet in the Capital Again\n\nMinisters Meet in the Capital Again\n\n${paragraph('trade')}\n\n${paragraph('visas')}`,
      ),
      noRules,
    );
    expect(crumb.title).toBe('Ministers Meet in the Capital Again');
    const colon = cleanArticle(
      parsedArticleOf(
        'text',
        `Gaza Deal Live: Cabinet Approves the Ceasefire Plan\n\n${paragraph('the ceasefire')}\n\n${paragraph('hostages')}\n\nCabinet Approves the Ceasefire Plan\n\n${paragraph('aid')}`,
      ),
      noRules,
    );
    expect(colon.title).toBe('Gaza Deal Live: Cabinet Approves the Ceasefire Plan');
  });
});
