/**
 * Real scraped articles as training and evaluation data for the article model: news pages from many
 * outlets and languages, as a text extractor returned their opening (headline, bylines, captions,
 * "read also" links, share prompts, ad markers, related widgets, comments, footers), every line
 * labelled `title`, `content` or junk of a kind, by the corpus convention (../shared/corpus/README.md).
 *
 * The texts are third-party pages and never enter the repo. They live in a folder outside it in the
 * corpus shape (`labels.jsonl` + `articles/NNN.txt`; `KABAR_SCRAPED_DIR`, by default
 * `../scratch/scraped/set` beside the checkout), each label with its page's `url` (provenance),
 * `line_labels` (one of `t`/`c`/`b` per non-empty line, in order) and `kinds` (one letter per junk
 * line: n navigation, r related, p caption, a ad, s share/subscribe, y byline/date/source, e embed,
 * f footer/paywall/other chrome, m comments, g tags). What ships is their derived numbers
 * (`training/sets/line-scraped.json.gz`, scraped-set.ts): a clean clone retrains from those.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { splitArticleLines } from '#shared/domain/clean/clean.ts';
import { ScrapedLabelSchema } from '#shared/labels.ts';
import { outletOf } from '../labelled-articles.ts';
import { lineFeatureHash } from './card.ts';
import type { LabelledDocument, LabelledLine, LineLabel } from './dataset.ts';
import { featuredDocs, SCRAPED_WEIGHT } from './fit.ts';
import { decodeScrapedSet, readScrapedSet, SCRAPED_SET_FILE, type ScrapedFeaturedDoc, writeScrapedSet } from './scraped-set.ts';

const ROOT = resolve(import.meta.dirname, '..', '..');
export const SCRAPED_DIR = process.env.KABAR_SCRAPED_DIR ?? resolve(ROOT, '..', 'scratch', 'scraped', 'set');

const LABEL_OF: Readonly<Record<string, LineLabel>> = { t: 'title', c: 'content', b: 'boilerplate' };

/** Junk kinds by their letter in `kinds` (what the set's figures are broken down by). */
export const JUNK_KINDS: Readonly<Record<string, string>> = {
  n: 'navigation',
  r: 'related',
  p: 'caption',
  a: 'ad',
  s: 'share',
  y: 'byline',
  e: 'embed',
  f: 'chrome',
  m: 'comments',
  g: 'tags',
};

/** A real scraped article: a labelled document with its language and the kind of each junk line. */
export interface ScrapedDocument extends LabelledDocument {
  lang: string;
  url: string;
  /** Per line: the junk kind's letter, or '' for title and content lines. */
  kinds: string[];
}

/** The set's documents (ids `scraped/NNN`, outlet from the url); empty when the folder is absent. */
export function loadScrapedDocuments(dir = SCRAPED_DIR): ScrapedDocument[] {
  const labelsFile = join(dir, 'labels.jsonl');
  if (!existsSync(labelsFile)) return [];
  return readFileSync(labelsFile, 'utf8')
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line, index) => {
      const parsed = ScrapedLabelSchema.safeParse(JSON.parse(line));
      if (!parsed.success) throw new Error(`${labelsFile}, label ${index + 1}: not a scraped-article label (shared/labels.ts): ${parsed.error.message}`);
      const label = parsed.data;
      const text = readFileSync(join(dir, 'articles', `${label.id}.txt`), 'utf8');
      const texts = splitArticleLines(text).lines.filter((l) => l !== '');
      if (texts.length !== label.line_labels.length) throw new Error(`scraped/${label.id}: ${texts.length} lines but ${label.line_labels.length} line labels`);
      const kinds = [...(label.kinds ?? '')];
      let junk = 0;
      const lines: LabelledLine[] = texts.map((t, i) => ({ text: t, label: LABEL_OF[label.line_labels[i] as string] as LineLabel }));
      return {
        id: `scraped/${label.id}`,
        outlet: outletOf(label.url, `scraped/${label.id}`),
        synthetic: false,
        text,
        lines,
        title: label.title ?? null,
        bodyKeep: label.body_keep ?? [],
        lang: label.lang,
        url: label.url ?? '',
        kinds: lines.map((l) => (l.label === 'boilerplate' ? (kinds[junk++] ?? '') : '')),
      };
    });
}

/** The set's documents reduced to numbers (fit.ts FeaturedDoc), with their language and junk kinds. */
export function featuredScraped(docs: readonly ScrapedDocument[]): ScrapedFeaturedDoc[] {
  return featuredDocs(docs, () => SCRAPED_WEIGHT).map((featured, i) => ({ ...featured, lang: docs[i]?.lang ?? '', kinds: docs[i]?.kinds ?? [] }));
}

export interface ScrapedTrainingSet {
  docs: ScrapedFeaturedDoc[];
  bytes: Buffer;
  origin: string;
}

/**
 * The real scraped set for training: from the texts (SCRAPED_DIR) when they are there, written to the
 * shipped set first; else the shipped set. Either way the fitter gets the set as decoded from its
 * bytes, so both give one model. Null when neither is there.
 */
export function scrapedTrainingSet({ fromSet = false, dir = SCRAPED_DIR } = {}): ScrapedTrainingSet | null {
  const hash = lineFeatureHash();
  const texts = fromSet ? [] : loadScrapedDocuments(dir);
  if (texts.length > 0) {
    const bytes = writeScrapedSet(featuredScraped(texts), hash);
    return { docs: decodeScrapedSet(bytes).docs, bytes, origin: `${texts.length} texts in ${dir}, set written to ${SCRAPED_SET_FILE}` };
  }
  const shipped = readScrapedSet();
  if (!shipped) return null;
  if (shipped.featureHash !== hash)
    throw new Error(
      `${SCRAPED_SET_FILE} was made with other line features: regenerate it from the scraped texts (KABAR_SCRAPED_DIR, npm run train:clean), or drop it from training`,
    );
  return { docs: shipped.docs, bytes: shipped.bytes, origin: `the shipped set ${SCRAPED_SET_FILE}` };
}
