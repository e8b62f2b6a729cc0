import { parseHTML } from 'linkedom';
import { describe, expect, it } from 'vitest';
import {
  attributeTokensOf,
  blockKindOf,
  type DomElement,
  hashToken,
  markOwners,
  readabilityCharsByOwner,
  segmentBlocks,
} from '#shared/domain/parse/html/blocks.ts';
import { BLOCK_FEATURES, type BlockFeatureName, blockFeatures, tokenScoresOf } from '#shared/domain/parse/html/block-features.ts';
import { htmlStopwords } from '../../training/html/stopwords.ts';

function pageOf(body: string) {
  const { document } = parseHTML(`<!doctype html><html><head></head><body>${body}</body></html>`);
  return segmentBlocks(document.body as unknown as DomElement);
}

function featuresOf(body: string, options: { weights?: Map<number, number>; readability?: Map<number, number> | null; headline?: string | null } = {}) {
  const page = pageOf(body);
  const rows = blockFeatures(page, {
    tokenWeights: options.weights ?? new Map(),
    readability: options.readability ?? null,
    headline: options.headline ?? null,
    isStopword: htmlStopwords().isStopword,
  });
  const at = (block: number, name: BlockFeatureName) => rows[block]?.[BLOCK_FEATURES.indexOf(name)] as number;
  return { page, rows, at };
}

describe('segmentBlocks', () => {
  it('splits at block boundaries, keeps <br> as a line break and skips code and hidden text', () => {
    const { blocks } = pageOf('<p>A  <b>bold</b><br>B</p><script>x()</script><ul><li>C</li></ul><div>Intro <p>para</p> tail<span hidden>secret</span></div>');
    expect(blocks.map((b) => b.text)).toEqual(['A bold\nB', 'C', 'Intro', 'para', 'tail']);
    expect(blocks.map((b) => b.owner.tag)).toEqual(['p', 'li', 'div', 'p', 'div']);
  });

  it('reads table rows as one block each, cells separated by spaces', () => {
    const { blocks } = pageOf('<table><tr><td>Year</td><td>Sales</td></tr><tr><td>2024</td><td>12</td></tr></table>');
    expect(blocks.map((b) => b.text)).toEqual(['Year Sales', '2024 12']);
  });

  it('counts characters inside links apart', () => {
    const { blocks } = pageOf('<p>Read <a href="/x">more here</a></p>');
    expect(blocks[0]?.chars).toBe('Readmorehere'.length);
    expect(blocks[0]?.linkChars).toBe('morehere'.length);
  });

  it('names a removed block by the structure around it', () => {
    const { blocks } = pageOf(
      '<nav><a>Home</a></nav><figure><figcaption>Photo: AP</figcaption></figure><div class="share-bar">Share</div><footer>© 2025</footer><p>Prose.</p>',
    );
    expect(blocks.map(blockKindOf)).toEqual(['navigation', 'caption', 'share-widget', 'footer', 'boilerplate']);
  });
});

describe('the stop-word filter', () => {
  it('knows the function words of many languages and few others', () => {
    const { isStopword } = htmlStopwords();
    for (const word of ['the', 'that', 'yang', 'dan', 'und', 'der', 'которые', 'et', 'için', 'که', 'في']) expect(isStopword(word), word).toBe(true);
    const content = ['ceasefire', 'negotiators', 'gencatan', 'kilogram', 'photography', 'ministerium', 'orchid', 'harbour'];
    expect(content.filter((w) => isStopword(w)).length).toBeLessThanOrEqual(1);
  });
});

describe('attribute tokens', () => {
  it('splits class and id names into lower-case words, dropping digits and single letters', () => {
    expect(attributeTokensOf('post-content relatedPosts col-6 x')).toEqual(['post', 'content', 'related', 'posts', 'col']);
  });

  it('hashes deterministically (FNV-1a)', () => {
    expect(hashToken('related')).toBe(hashToken('related'));
    expect(hashToken('related')).not.toBe(hashToken('content'));
    expect(hashToken('')).toBe(0x811c9dc5);
  });

  it('scores an element by its own tokens and by the least and greatest of its ancestors', () => {
    // Elements: 0 root, 1 child of 0 ("related"), 2 child of 1 ("content").
    const weights = new Map([
      [1, -2],
      [2, 1.5],
    ]);
    const [row] = tokenScoresOf([-1, 0, 1], [[], [1], [2]], [2], weights);
    expect(Array.from(row ?? [])).toEqual([1.5, -2, 1.5, -0.5]);
  });
});

describe('blockFeatures', () => {
  it('gives one row per block with every feature', () => {
    const { rows } = featuresOf('<p>One.</p><p>Two.</p>');
    expect(rows).toHaveLength(2);
    expect(rows.every((r) => r.length === BLOCK_FEATURES.length)).toBe(true);
  });

  it('measures link density, stop words and sentence ends: prose against a menu', () => {
    const { at } = featuresOf(
      '<ul><li><a href="/">Sports</a></li></ul><p>The minister said that the talks would resume in the spring, and that both sides had agreed.</p>',
    );
    expect(at(0, 'linkDensity')).toBe(1);
    expect(at(1, 'linkDensity')).toBe(0);
    expect(at(1, 'stopwordRatio')).toBeGreaterThan(0.3);
    expect(at(0, 'stopwordRatio')).toBe(0);
    expect(at(1, 'sentenceEnd')).toBe(1);
    expect(at(0, 'sentenceEnd')).toBe(0);
  });

  it('marks structure: headings by level, list items, tables, and the ancestors that hold them', () => {
    const { at } = featuresOf(
      '<nav><p>Menu</p></nav><article><h2>Why it matters</h2><ul><li>Point</li></ul><table><tr><td>1</td></tr></table><details><summary>Q?</summary><p>A.</p></details></article><footer><p>©</p></footer>',
    );
    expect(at(0, 'inNav')).toBe(1);
    expect(at(1, 'headingLevel')).toBe(2);
    expect(at(1, 'inArticle')).toBe(1);
    expect(at(2, 'tagLi')).toBe(1);
    expect(at(2, 'inList')).toBe(1);
    expect(at(3, 'inTable')).toBe(1);
    expect(at(3, 'tagTableRow')).toBe(1);
    expect(at(4, 'tagDefinitionOrSummary')).toBe(1);
    expect(at(5, 'inDetails')).toBe(1);
    expect(at(6, 'inFooter')).toBe(1);
    expect(at(6, 'inArticle')).toBe(0);
  });

  it('sees repeated cards: siblings sharing a tag and class', () => {
    const cards = Array.from({ length: 4 }, (_, i) => `<div class="card"><a href="/${i}">Story ${i}</a></div>`).join('');
    const { at } = featuresOf(`<p>Lead paragraph.</p><section>${cards}</section>`);
    expect(at(1, 'repeatedCard')).toBeCloseTo(Math.log1p(4));
    expect(at(1, 'repeatedCardHasClass')).toBe(1);
    expect(at(0, 'repeatedCardHasClass')).toBe(0);
  });

  it('flags text repeated on the page and a widget word in an ancestor class', () => {
    const { at } = featuresOf('<div class="related-posts"><p>Share</p></div><p>Share</p><p>Body.</p>');
    expect(at(0, 'repeatedText')).toBe(1);
    expect(at(2, 'repeatedText')).toBe(0);
    expect(at(0, 'widgetWord')).toBe(1);
    expect(at(2, 'widgetWord')).toBe(0);
  });

  it('reads token weights for the block and its ancestors', () => {
    const weights = new Map([[hashToken('sidebar'), -2]]);
    const { at } = featuresOf('<div class="sidebar"><p>Popular</p></div><p>Body.</p>', { weights });
    expect(at(0, 'ancestorTokensMin')).toBe(-2);
    expect(at(1, 'ancestorTokensMin')).toBe(0);
  });

  it('places blocks relative to the headline and the page', () => {
    const { at } = featuresOf('<p>Menu</p><h1>Talks resume</h1><p>Body.</p>', { headline: 'Talks Resume' });
    expect(at(0, 'afterHeadline')).toBe(-1);
    expect(at(1, 'isHeadline')).toBe(1);
    expect(at(2, 'afterHeadline')).toBe(1);
    expect(at(0, 'position')).toBe(0);
    expect(at(2, 'position')).toBe(1);
  });

  it("takes Readability's verdict per owner, and how far a block sits from what it chose", () => {
    const { page, rows } = featuresOf('<p>Menu</p><div><p>Kept one.</p><p>Kept two.</p></div><p>Footer</p>');
    const { document } = parseHTML('<html><body></body></html>');
    markOwners(page);
    // Readability's output: the two kept paragraphs, carrying their marks.
    const content = document.createElement('div');
    for (const block of page.blocks.slice(1, 3)) content.appendChild((block.owner.el as unknown as { cloneNode(deep: boolean): never }).cloneNode(true));
    const verdict = readabilityCharsByOwner(content as never, { ownerOfText: new WeakMap() });
    const again = blockFeatures(page, { tokenWeights: new Map(), readability: verdict, headline: null });
    const share = BLOCK_FEATURES.indexOf('readabilityShare');
    const distance = BLOCK_FEATURES.indexOf('readabilityDistance');
    expect(again.map((r) => r[share])).toEqual([0, 1, 1, 0]);
    expect(again.map((r) => r[distance])).toEqual([Math.log1p(1), 0, 0, Math.log1p(1)]);
    expect(rows.map((r) => r[BLOCK_FEATURES.indexOf('readabilityFound')])).toEqual([0, 0, 0, 0]);
    expect(again.map((r) => r[BLOCK_FEATURES.indexOf('readabilityFound')])).toEqual([1, 1, 1, 1]);
  });
});
