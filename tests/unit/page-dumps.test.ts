import { describe, expect, it } from 'vitest';
import { bundledLineModel, modelForText, PAGE_MIN_LINES } from '#shared/domain/clean/line-model.ts';
import { cleanArticle } from '#shared/domain/clean/clean.ts';
import { parsedArticleOf } from '#shared/domain/article.ts';
import { alignWords, matchedShares } from '../../training/clean/align.ts';
import { scoreDump, wordF1 } from '../../training/clean/dump-score.ts';
import { pageFitDocOf } from '../../training/clean/fit-pages.ts';
import { labelDump, type PageTruth, titleLineOf } from '../../training/clean/page-dumps.ts';
import { decodePageSet, encodePageSet } from '../../training/clean/page-set.ts';

const truth = (mainContent: string, title: string | null = null): PageTruth => ({
  id: '0001',
  url: 'https://example.org/a',
  site: 'example.org',
  title,
  mainContent,
  with: [],
  without: [],
});

describe('aligning a page dump with its main content', () => {
  it('matches words in order, not as a bag: a menu word outside the aligned run stays unmatched', () => {
    const match = alignWords(['talks', 'home', 'the', 'talks', 'ended'], ['the', 'talks', 'ended']);
    expect([...match]).toEqual([-1, -1, 0, 1, 2]);
  });

  it('labels the first copy of an article printed twice, as the cleaner keeps the first of two repeated lines', () => {
    const article = 'Ministers met in Cairo on Sunday to discuss the truce.';
    const shares = matchedShares(['Menu', article, 'Footer', article], article);
    expect(shares[0]).toBe(0);
    expect(shares[1]).toBe(1);
    expect(shares[3]).toBe(0);
  });

  it('labels lines content, boilerplate and the headline nearest above the article', () => {
    const text = [
      'Home',
      'Talks resume in Cairo',
      'Menu',
      'Talks resume in Cairo',
      'Ministers met in Cairo on Sunday to discuss the truce.',
      'Share this',
    ].join('\n\n');
    const lines = labelDump(text, truth('Ministers met in Cairo on Sunday to discuss the truce.', 'Talks Resume in Cairo'));
    expect(lines.map((l) => l.label)).toEqual(['boilerplate', 'boilerplate', 'boilerplate', 'title', 'content', 'boilerplate']);
  });

  it('finds a headline printed with a site suffix when no line equals the title', () => {
    expect(titleLineOf(['Menu', 'Best Movers in NYC 2025 | Top 19 Companies', 'Lead.'], 'Best Movers in NYC 2025', 2)).toBe(-1);
    expect(titleLineOf(['Menu', 'Best Movers in NYC 2025 | Top Companies', 'Lead.'], 'Best Movers in NYC 2025', 2)).toBe(1);
  });
});

describe('scoring a cleaned dump', () => {
  it('uses the benchmark word F1 (lower-cased words, multiset overlap)', () => {
    const [p, r, f] = wordF1('the talks the', 'The talks ended');
    expect(p).toBeCloseTo(2 / 3);
    expect(r).toBeCloseTo(2 / 3);
    expect(f).toBeCloseTo(2 / 3);
  });

  it('counts with snippets kept, without snippets leaked and the title', () => {
    const s = scoreDump(
      { title: 'Talks resume', body: 'Ministers met in Cairo. Subscribe to our newsletter' },
      { ...truth('Ministers met in Cairo.', 'Talks Resume'), with: ['met in Cairo'], without: ['subscribe to our newsletter'] },
      'Talks resume',
    );
    expect([s.withKept, s.withoutLeaked, s.titleExact, s.titleLine]).toEqual([1, 1, true, true]);
  });
});

describe('the shipped page set', () => {
  it('round-trips numbers and labels without text, neighbour features rebuilt from the own columns', () => {
    const text = ['Home', 'Talks resume in Cairo', 'Ministers met in Cairo on Sunday to discuss the truce and the next round.', 'Share this'].join('\n');
    const doc = pageFitDocOf(
      {
        id: 'pages/0001',
        outlet: 'example.org',
        synthetic: false,
        text,
        lines: labelDump(text, truth('Ministers met in Cairo on Sunday to discuss the truce and the next round.', 'Talks resume in Cairo')),
        title: 'Talks resume in Cairo',
        bodyKeep: [],
      },
      0.1,
    );
    const bytes = encodePageSet([doc], 'hash');
    expect(bytes.includes(Buffer.from('Ministers'))).toBe(false);
    const { docs, featureHash } = decodePageSet(bytes);
    expect(featureHash).toBe('hash');
    const back = docs[0];
    expect(back?.lines).toEqual(doc.lines);
    expect(back?.weight).toBe(0.1);
    let worst = 0;
    back?.features.forEach((row, i) => {
      row.forEach((x, j) => {
        worst = Math.max(worst, Math.abs(x - (doc.features[i]?.[j] ?? 0)));
      });
    });
    expect(worst).toBeLessThanOrEqual(0.5 / 255 + 1e-12);
    // Decoding the re-encoded set gives the same numbers: a fit from the pages and from the file agree.
    expect(decodePageSet(encodePageSet(docs, 'hash')).docs).toEqual(docs);
  });
});

describe('the page model inside the line model', () => {
  it('judges whole-page dumps, and articles keep the article model', () => {
    const model = bundledLineModel();
    expect(model.page).toBeDefined();
    expect(modelForText(model, PAGE_MIN_LINES)).toBe(model.page);
    expect(modelForText(model, PAGE_MIN_LINES - 1)).toBe(model);
  });

  it('finds the headline of a page dump below a long menu, and drops the menu', () => {
    const menu = Array.from({ length: 90 }, (_, i) => `Section ${i + 1}`);
    const lead = 'Ministers from four countries met in Cairo on Sunday to discuss the truce, officials said after the meeting ended late at night.';
    const body = Array.from({ length: 6 }, (_, i) => `${lead.replace('Sunday', `day ${i + 1}`)} They agreed to meet again next week in Amman.`);
    const text = [...menu, 'Talks on the truce resume in Cairo', 'By Jane Doe', lead, ...body, 'Privacy policy', 'Terms of use'].join('\n\n');
    const cleaned = cleanArticle(parsedArticleOf('text', text));
    expect(cleaned.title).toBe('Talks on the truce resume in Cairo');
    expect(cleaned.body).toContain(lead);
    expect(cleaned.body).not.toContain('Section 40');
  });
});
