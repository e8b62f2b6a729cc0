/**
 * Labelled articles for training and evaluation, from every source the models learn from:
 * the team corpus (`labels.jsonl` + `articles/NNN.txt`), the project's own fixtures
 * (`tests/fixtures/generalization/labels.json`) and reviewers' corrections exported by
 * `kabar labels export` (JSON Lines in the corpus shape, plus the article `text`).
 *
 * Every article carries an `outlet` (the URL's host, the fixture's outlet, or the export's
 * publisher), so cross-validation can keep one outlet's articles out of the fold it is tested on.
 */
import { existsSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import type * as z from 'zod/mini';
import { publisherOfKey } from '#shared/domain/publisher.ts';
import { CorpusLabelSchema, type ExportedLabel, ExportedLabelSchema } from '#shared/labels.ts';

export interface LabelledArticle {
  /** Unique across sources: `corpus/001`, `fixtures/en-01-cairo-ceasefire.txt`, `labels/<key>`. */
  id: string;
  /** Grouping key for outlet-grouped folds. */
  outlet: string;
  lang: string;
  topics: string[];
  /** Whole trimmed lines to remove; `undefined` when this source does not label cleaning. */
  boilerplate?: string[];
  bodyKeep?: string[];
  /** The headline line; `null` when the text has none; `undefined` when not labelled. */
  title?: string | null;
  text: string;
  /** The file name as `kabar process` sees it (extension decides the format). */
  fileName: string;
}

/** `https://nasional.kompas.com/read/…` → `kompas.com` (the registrable part, roughly). */
export function outletOf(url: string | undefined, fallback: string): string {
  if (!url) return fallback;
  try {
    const host = new URL(url).hostname.replace(/^www\d?\./, '');
    const parts = host.split('.');
    // Keep two labels, three for second-level country domains (co.id, com.au, org.uk …).
    const keep = parts.length > 2 && /^(?:co|com|org|net|ac|gov|or|go)$/.test(parts[parts.length - 2] ?? '') ? 3 : 2;
    return parts.slice(-keep).join('.');
  } catch {
    return fallback;
  }
}

/** The team corpus: `DIR/labels.jsonl` and `DIR/articles/<id>.txt`. Empty when the folder is absent. */
export function loadCorpus(dir: string): LabelledArticle[] {
  const labelsFile = join(dir, 'labels.jsonl');
  if (!existsSync(labelsFile)) return [];
  return readLines(labelsFile, CorpusLabelSchema).map((label) => {
    const fileName = `${label.id}.txt`;
    return {
      id: `corpus/${label.id}`,
      outlet: outletOf(label.url, `corpus/${label.id}`),
      lang: label.lang,
      topics: label.topics,
      boilerplate: label.boilerplate ?? [],
      bodyKeep: label.body_keep ?? [],
      title: label.title,
      text: readFileSync(join(dir, 'articles', fileName), 'utf8'),
      fileName,
    };
  });
}

interface FixtureLabel {
  file: string;
  lang: string;
  topics: string[];
  boilerplate?: string[];
  bodyKeep?: string[];
  title?: string | null;
  outlet?: string;
}

/** The project's fixtures: `DIR/labels.json` (an array) beside the article files. */
export function loadFixtures(dir: string): LabelledArticle[] {
  const labelsFile = join(dir, 'labels.json');
  if (!existsSync(labelsFile)) return [];
  const labels = JSON.parse(readFileSync(labelsFile, 'utf8')) as FixtureLabel[];
  return labels.map((label) => ({
    id: `fixtures/${label.file}`,
    // Fixture names read `<lang>-<nn>-<outlet or topic>-…`; without an outlet each file is its own group.
    outlet: label.outlet ?? `fixtures/${label.file}`,
    lang: label.lang,
    topics: label.topics,
    boilerplate: label.boilerplate ?? [],
    bodyKeep: label.bodyKeep ?? [],
    title: label.title,
    text: readFileSync(join(dir, label.file), 'utf8'),
    fileName: label.file,
  }));
}

/**
 * Corrections exported by `kabar labels export`: JSON Lines in the format of shared/labels.ts.
 * `check` adds what the format alone cannot say (training/extra-labels.ts: topics the taxonomy knows);
 * a line it finds a problem with fails with its number.
 */
export function loadExportedLabels(file: string, check: (label: ExportedLabel) => string | null = () => null): LabelledArticle[] {
  return readLines(file, ExportedLabelSchema, check).map(labelledArticleOfExport);
}

/** One exported label as a labelled article: its outlet is the publisher, its id the source key. */
export function labelledArticleOfExport(label: ExportedLabel): LabelledArticle {
  const key = label.sourceKey;
  return {
    id: `labels/${key}`,
    outlet: label.publisher ?? outletOf(label.url, publisherOfKey(key) ?? key),
    lang: label.lang,
    topics: label.topics,
    boilerplate: label.boilerplate,
    bodyKeep: label.body_keep,
    title: label.title,
    text: label.text,
    fileName: basename(key),
  };
}

/** Every non-empty line of a JSON Lines file, checked against `schema` (and `check`); a bad line fails with its number. */
function readLines<T>(file: string, schema: z.ZodMiniType<T>, check: (value: T) => string | null = () => null): T[] {
  return readFileSync(file, 'utf8')
    .split('\n')
    .flatMap((line, index) => {
      if (line.trim() === '') return [];
      let value: unknown;
      try {
        value = JSON.parse(line);
      } catch (error) {
        throw new Error(`${file}:${index + 1}: not JSON: ${(error as Error).message}`);
      }
      const parsed = schema.safeParse(value);
      if (!parsed.success) throw new Error(`${file}:${index + 1}: not a label in the format of shared/labels.ts: ${parsed.error.message}`);
      const problem = check(parsed.data);
      if (problem) throw new Error(`${file}:${index + 1}: ${problem}`);
      return [parsed.data];
    });
}

/**
 * K folds grouped by outlet: no outlet has articles in both a training and its test fold.
 * Deterministic: outlets are ordered by a hash of their name with `seed`, then dealt round-robin
 * by size (largest first) so folds stay balanced.
 *
 * Items `added` says are a user's additions (reviewers' corrections) never move the others: the
 * folds are dealt from the other items alone, an added item joins its outlet's fold, and an outlet of
 * added items only goes to the fold its hash names. So a retrain with a few corrections is measured on
 * the same folds as the shipped model.
 *
 * @example foldsByOutlet(articles, 5)[0] // → { train: [...], test: [...] }
 */
export function foldsByOutlet<T extends { outlet: string }>(
  items: T[],
  k: number,
  seed = 1,
  added: (item: T) => boolean = () => false,
): { train: T[]; test: T[] }[] {
  const byOutlet = new Map<string, T[]>();
  for (const item of items) if (!added(item)) byOutlet.set(item.outlet, [...(byOutlet.get(item.outlet) ?? []), item]);
  const outlets = [...byOutlet.keys()].sort((a, b) => byOutlet.get(b)!.length - byOutlet.get(a)!.length || hash(`${seed}:${a}`) - hash(`${seed}:${b}`));
  const foldOf = new Map<string, number>();
  const sizes = new Array<number>(k).fill(0);
  for (const outlet of outlets) {
    // Greedy: the next outlet goes to the smallest fold so far (ties to the lowest index).
    const fold = sizes.indexOf(Math.min(...sizes));
    foldOf.set(outlet, fold);
    sizes[fold]! += byOutlet.get(outlet)!.length;
  }
  for (const item of items) if (!foldOf.has(item.outlet)) foldOf.set(item.outlet, hash(`${seed}:${item.outlet}`) % k);
  return Array.from({ length: k }, (_, fold) => ({
    train: items.filter((item) => foldOf.get(item.outlet) !== fold),
    test: items.filter((item) => foldOf.get(item.outlet) === fold),
  }));
}

/** FNV-1a, 32 bits: a stable order that does not depend on insertion. */
function hash(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193) >>> 0;
  return h;
}
