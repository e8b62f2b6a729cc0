import { describe, expect, it } from 'vitest';
import { parsedArticleOf } from '#shared/domain/article.ts';
import { cleanArticle } from '#shared/domain/clean/clean.ts';
import { FEATURE_NAMES, lineFeatures } from '#shared/domain/clean/line-features.ts';
import { type BoostedTrees, bundledLineModel, checkLineModel, type LineModel, smoothSequence, treeScore } from '#shared/domain/clean/line-model.ts';
import { fitBoostedTrees, fitLogistic } from '../../training/clean/fit.ts';

const at = (name: string) => {
  const i = FEATURE_NAMES.indexOf(name);
  if (i < 0) throw new Error(`no feature ${name}`);
  return i;
};

const parsedText = (text: string, title: string | null = null) => parsedArticleOf('text', text, { title });

const PROSE = [
  'The foreign ministers met in the capital on Sunday and agreed to resume talks on the border crossing next week.',
  'Officials from both sides said the meeting had been constructive, although several questions about the schedule remained open.',
  'A joint statement released after the talks called for humanitarian aid to reach the affected towns without further delay.',
];

describe('lineFeatures', () => {
  it('gives one vector per line, in FEATURE_NAMES order', () => {
    const vectors = lineFeatures(['Home', ...PROSE]);
    expect(vectors).toHaveLength(4);
    for (const v of vectors) expect(v).toHaveLength(FEATURE_NAMES.length);
  });

  it('tells a sentence of prose from a menu item by length, stop words and sentence end', () => {
    const [menu, prose] = lineFeatures(['Politics', PROSE[0] as string]);
    expect(prose?.[at('sentenceEnd')]).toBe(1);
    expect(menu?.[at('sentenceEnd')]).toBe(0);
    expect(prose?.[at('stopwords')]).toBeGreaterThan(0.15);
    expect(menu?.[at('stopwords')]).toBe(0);
    expect(prose?.[at('words')]).toBeGreaterThan(menu?.[at('words')] ?? 1);
    expect(menu?.[at('beforeProse')]).toBe(1);
  });

  it('marks link, credit and date shapes', () => {
    const [link, credit, date] = lineFeatures(['Read it at www.example.org/news', 'Jane Doe / Reuters via Getty Images', 'Updated 12.03.2024 14:05']);
    expect(link?.[at('link')]).toBe(1);
    expect(credit?.[at('creditShape')]).toBe(1);
    expect(credit?.[at('agency')]).toBe(1);
    expect(date?.[at('dateShape')]).toBe(1);
    expect(date?.[at('timeShape')]).toBe(1);
  });

  it('counts a run of short lines and marks lines repeated in the document', () => {
    const vectors = lineFeatures(['Home', 'World', 'Sport', 'Video', PROSE[0] as string, 'Home']);
    expect(vectors[1]?.[at('shortRun')]).toBeGreaterThan(vectors[5]?.[at('shortRun')] ?? 1);
    expect(vectors[0]?.[at('repeated')]).toBe(1);
    expect(vectors[1]?.[at('repeated')]).toBe(0);
    expect(vectors[5]?.[at('afterProse')]).toBe(1);
  });

  it('marks rows of a table: as many cells as the row above or below', () => {
    const vectors = lineFeatures(['City | Morning | Evening', 'Jakarta | Rain | Cloudy', 'Bogor | Sun | Rain', 'Menu | Home']);
    expect(vectors.slice(0, 3).map((v) => v[at('tableRow')])).toEqual([1, 1, 1]);
    expect(vectors[3]?.[at('tableRow')]).toBe(0);
  });

  it('copies the neighbours’ features into prev.* and next.*, zeros at the ends', () => {
    const vectors = lineFeatures(['Politics', PROSE[0] as string]);
    expect(vectors[1]?.[at('prev.words')]).toBe(vectors[0]?.[at('words')]);
    expect(vectors[0]?.[at('next.sentenceEnd')]).toBe(1);
    expect(vectors[0]?.[at('prev.words')]).toBe(0);
  });
});

describe('smoothSequence', () => {
  const model = { ...bundledLineModel(), prior: 0.5, transitions: { contentToBoilerplate: 0.1, boilerplateToBoilerplate: 0.9 } } as LineModel;

  it('judges a lone doubtful line inside prose by its neighbours', () => {
    const smoothed = smoothSequence(model, [0.05, 0.05, 0.7, 0.05, 0.05]);
    expect(smoothed[2]).toBeLessThan(0.5);
  });

  it('keeps a run of junk lines junk and leaves clear prose alone', () => {
    const smoothed = smoothSequence(model, [0.9, 0.9, 0.6, 0.9, 0.02, 0.02, 0.02]);
    expect(smoothed[2]).toBeGreaterThan(0.5);
    expect(smoothed[5]).toBeLessThan(0.1);
  });

  it('returns probabilities, one per line', () => {
    const smoothed = smoothSequence(model, [0, 1, 0.5]);
    expect(smoothed).toHaveLength(3);
    for (const p of smoothed) {
      expect(p).toBeGreaterThanOrEqual(0);
      expect(p).toBeLessThanOrEqual(1);
    }
    expect(smoothSequence(model, [])).toEqual([]);
  });
});

describe('treeScore', () => {
  it('walks each tree from the root to a leaf and sums the leaves with the base', () => {
    // One depth-2 tree: root tests x[0] > 0.5; its children test x[1] > 0.5.
    const trees: BoostedTrees = { base: 0.1, depth: 2, trees: [{ feature: [0, 1, 1], threshold: [0.5, 0.5, 0.5], leaf: [1, 2, 3, 4] }] };
    expect(treeScore(trees, [0, 0])).toBeCloseTo(1.1);
    expect(treeScore(trees, [0, 1])).toBeCloseTo(2.1);
    expect(treeScore(trees, [1, 0])).toBeCloseTo(3.1);
    expect(treeScore(trees, [1, 1])).toBeCloseTo(4.1);
  });
});

describe('checkLineModel', () => {
  it('rejects a model trained on other features', () => {
    expect(() => checkLineModel({ ...bundledLineModel(), features: ['words'] })).toThrow(/other features/);
  });
});

describe('fitters', () => {
  // x[0] separates the classes; x[1] is noise.
  const rows = Array.from({ length: 200 }, (_, i) => [i % 2, ((i * 7919) % 13) / 13]);
  const labels = rows.map((r) => r[0] as number);

  it('fit boosted trees deterministically, and the trees separate the classes', () => {
    const a = fitBoostedTrees(
      rows,
      labels,
      rows.map(() => 1),
      { trees: 5, depth: 2, rate: 0.3, minLeaf: 1, lambda: 1, bins: 8 },
    );
    const b = fitBoostedTrees(
      rows,
      labels,
      rows.map(() => 1),
      { trees: 5, depth: 2, rate: 0.3, minLeaf: 1, lambda: 1, bins: 8 },
    );
    expect(a).toEqual(b);
    expect(treeScore(a, [1, 0.5])).toBeGreaterThan(0);
    expect(treeScore(a, [0, 0.5])).toBeLessThan(0);
  });

  it('fit a logistic regression whose weight follows the informative feature', () => {
    const w = fitLogistic(rows, labels);
    expect(w.weights[0]).toBeGreaterThan(1);
    expect(Math.abs(w.weights[1] ?? 0)).toBeLessThan(w.weights[0] ?? 0);
  });
});

describe('cleanArticle with the line model', () => {
  // A whole-page dump written for this test: menus, a cookie banner, share and footer lines around an article.
  const page = [
    'Skip to content',
    'Home',
    'World',
    'Business',
    'Opinion',
    'Sign in',
    'This site uses cookies to give you a better experience. Accept all',
    'Ministers agree to reopen border crossing for aid',
    ...PROSE,
    'Facebook Twitter WhatsApp Email',
    '© 2024 Example Media Group. All rights reserved.',
    'Privacy policy',
    'Terms of use',
    'Contact us',
  ].join('\n\n');

  it('keeps the article and its headline, and drops the page chrome around it', () => {
    const cleaned = cleanArticle(parsedText(page));
    expect(cleaned.title).toBe('Ministers agree to reopen border crossing for aid');
    expect(cleaned.body.split('\n\n')).toEqual(PROSE);
  });

  it('records a model removal as model:boilerplate with its score', () => {
    const dump = ['Beranda', 'Nasional', 'Dunia', ...PROSE, 'Kebijakan Privasi', 'Pedoman Media Siber', 'Kontak Kami'].join('\n\n');
    const cleaned = cleanArticle(parsedText(dump));
    expect(cleaned.body.split('\n\n')).toEqual(PROSE);
    expect(cleaned.removed.some((r) => /^model:boilerplate (?:0\.\d\d|1\.00)$/.test(r.reason))).toBe(true);
  });

  it('leaves the title empty when the text opens with its lead', () => {
    const cleaned = cleanArticle(parsedText(PROSE.join('\n\n')));
    expect(cleaned.title).toBeNull();
    expect(cleaned.body.split('\n\n')).toEqual(PROSE);
  });

  it('keeps prose in scripts written without spaces, and takes no sentence for a headline', () => {
    const japanese = [
      '東京 - 政府は火曜日、新しい支援策を発表した。対象は地方の中小企業である。',
      '関係者によると、予算は来月の国会で審議される見通しだ。',
      '首相は記者会見で、早期の実施を目指すと述べた。',
    ];
    const thai = ['กรุงเทพฯ - รัฐบาลประกาศมาตรการช่วยเหลือเกษตรกรรายย่อยในวันอังคาร', 'เจ้าหน้าที่กล่าวว่ามาตรการนี้จะเริ่มในเดือนหน้าและครอบคลุมทุกจังหวัด'];
    for (const paragraphs of [japanese, thai]) {
      const cleaned = cleanArticle(parsedText(paragraphs.join('\n\n')));
      expect(cleaned.body.split('\n\n')).toEqual(paragraphs);
    }
    expect(cleanArticle(parsedText(japanese.join('\n\n'))).title).toBeNull();
  });

  it('never removes a whole article, even with a model that calls every line junk', () => {
    const everythingJunk: LineModel = { ...bundledLineModel(), threshold: 0 };
    const cleaned = cleanArticle(parsedText(PROSE.join('\n\n')), { lineModel: everythingJunk });
    expect(cleaned.body.split('\n\n')).toEqual(PROSE);
    expect(cleaned.removed.filter((r) => r.reason.startsWith('model:'))).toEqual([]);
  });

  it('applies a publisher’s own rules only to that publisher’s articles', () => {
    const text = ['Example Daily', ...PROSE].join('\n\n');
    expect(cleanArticle(parsedText(text), { publisher: 'example-daily' }).removed).toContainEqual({ text: 'Example Daily', reason: 'publisher-masthead' });
    expect(cleanArticle(parsedText(text), { publisher: 'another-outlet' }).removed.map((r) => r.reason)).not.toContain('publisher-masthead');
  });
});
