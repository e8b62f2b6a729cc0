/**
 * The summarised real pages behind the topic model (`web-train-*.txt`) and the natural-stream check kept out of
 * training (`web-stream-*.txt`): every line parses to the seven fields, names only taxonomy topics, and no site
 * (as outlet grouping sees it) is on both sides, so the stream figures are never measured on a site the model trained on.
 */
import { describe, expect, it } from 'vitest';
import { outletOf } from '../../training/labelled-articles.ts';
import { loadWebPages, OWN_EXAMPLES_DIR, topicIds } from '../../training/topics/model.ts';

const train = loadWebPages(OWN_EXAMPLES_DIR, 'web-train');
const stream = loadWebPages(OWN_EXAMPLES_DIR, 'web-stream');

describe('summarised web pages for topics', () => {
  it.each([
    ['web-train', train],
    ['web-stream', stream],
  ])('%s lines are complete, with an address and known topics', (_, pages) => {
    expect(pages.length).toBeGreaterThan(100);
    for (const page of pages) {
      expect(page.lang, page.id).toMatch(/^[a-z]{2}$/);
      expect(page.kind, page.id).not.toBe('');
      expect(() => new URL(page.url), page.id).not.toThrow();
      expect(page.title.length, page.id).toBeGreaterThan(5);
      expect(page.body.length, page.id).toBeGreaterThan(80);
      for (const topic of page.topics) expect(topicIds, page.id).toContain(topic);
    }
  });

  it('keeps every stream site out of training', () => {
    const trainSites = new Set(train.map((p) => outletOf(p.url, p.id)));
    const shared = stream.filter((p) => trainSites.has(outletOf(p.url, p.id))).map((p) => `${p.id} ${p.url}`);
    expect(shared).toEqual([]);
  });

  it('summarises each address once', () => {
    const urls = [...train, ...stream].map((p) => p.url);
    expect(urls.length - new Set(urls).size).toBe(0);
  });
});
