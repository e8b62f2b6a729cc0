/**
 * How the whole cleaner (rules, structural passes, the line model, the title chooser) scores on labelled
 * texts, as the team measures unseen scraped articles:
 * - boilerplate lines removed: labelled boilerplate lines absent from the body;
 * - body fragments kept: `body_keep` fragments present in the body; content words kept: words of content lines;
 * - headline right: the cleaned title equals the labelled headline, over texts that have one;
 *   texts without one count right when the title is empty (reported apart);
 * - page dumps snippet F1: over the lines of synthetic whole-page dumps, F1 of "kept" against
 *   "is article" (content or title), next to the raw dump's F1 (everything kept).
 * Used by eval.ts (the corpus) and eval-scraped.ts (the real scraped set).
 */
import { parsedArticleOf } from '#shared/domain/article.ts';
import { cleanArticle } from '#shared/domain/clean/clean.ts';
import type { LineModel } from '#shared/domain/clean/line-model.ts';
import type { BoilerplateRules } from '#shared/domain/clean/rules.ts';
import type { LabelledDocument } from './dataset.ts';

export const norm = (s: string) =>
  s
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[\u2018\u2019\u201a\u201b\u2032]/g, "'")
    .replace(/[\u201c\u201d\u201e\u201f\u2033\u00ab\u00bb]/g, '"')
    .replace(/[\u2010-\u2015\u2212]/g, '-')
    .replace(/\s+/g, ' ')
    .trim();

export interface Tally {
  boilerplate: number;
  boilerplateRemoved: number;
  keep: number;
  kept: number;
  titled: number;
  titleRight: number;
  untitled: number;
  untitledEmpty: number;
  /** Page dumps, over lines: article lines kept, junk kept, article lines lost; and the raw dump's. */
  tp: number;
  fp: number;
  fn: number;
  rawTp: number;
  rawFp: number;
  /** Words of content lines (real articles, not the title), and those the body lost. */
  contentWords: number;
  contentWordsLost: number;
  misses: string[];
  /** Boilerplate lines by kind (documents that carry kinds): [labelled, removed]. */
  byKind: Record<string, [number, number]>;
}

export const emptyTally = (): Tally => ({
  boilerplate: 0,
  boilerplateRemoved: 0,
  keep: 0,
  kept: 0,
  titled: 0,
  titleRight: 0,
  untitled: 0,
  untitledEmpty: 0,
  tp: 0,
  fp: 0,
  fn: 0,
  rawTp: 0,
  rawFp: 0,
  contentWords: 0,
  contentWordsLost: 0,
  misses: [],
  byKind: {},
});

const parsedText = (text: string) => parsedArticleOf('text', text);

const NO_RULES: readonly BoilerplateRules[] = [];

/** Scores one document; `kinds` (per line, '' for non-junk) breaks the boilerplate figure down by kind. */
export function score(doc: LabelledDocument, model: LineModel, tally: Tally, withRules = true, kinds?: readonly string[]): void {
  const cleaned = cleanArticle(parsedText(doc.text), withRules ? { lineModel: model } : { lineModel: model, ruleFiles: NO_RULES });
  const paragraphs = cleaned.body.split(/\n\n/).map(norm);
  const count = new Map<string, number>();
  for (const p of paragraphs) count.set(p, (count.get(p) ?? 0) + 1);
  const body = norm(cleaned.body);
  const contentCopies = new Map<string, number>();
  for (const line of doc.lines) if (line.label !== 'boilerplate') contentCopies.set(norm(line.text), (contentCopies.get(norm(line.text)) ?? 0) + 1);
  const isKept = (text: string) => {
    const t = norm(text);
    return (count.get(t) ?? 0) > 0 || (t.length >= 40 && body.includes(t));
  };
  if (!doc.synthetic) {
    doc.lines.forEach((line, i) => {
      if (line.label !== 'boilerplate') return;
      tally.boilerplate++;
      const kind = kinds?.[i] ? (tally.byKind[kinds[i] as string] ??= [0, 0]) : null;
      if (kind) kind[0]++;
      const t = norm(line.text);
      // A boilerplate line that also occurs as content (a caption equal to the lead) may stay once per content copy.
      if ((count.get(t) ?? 0) <= (contentCopies.get(t) ?? 0) && !(t.length >= 40 && (contentCopies.get(t) ?? 0) === 0 && body.includes(t))) {
        tally.boilerplateRemoved++;
        if (kind) kind[1]++;
      } else tally.misses.push(`${doc.id}: kept junk "${line.text.slice(0, 70)}"`);
    });
    for (const line of doc.lines) {
      if (line.label !== 'content') continue;
      const words = line.text.split(/\s+/).length;
      tally.contentWords += words;
      if (!isKept(line.text) && !body.includes(norm(line.text)) && norm(line.text) !== norm(cleaned.title ?? '')) {
        tally.contentWordsLost += words;
        tally.misses.push(`${doc.id}: lost line "${line.text.slice(0, 70)}"`);
      }
    }
    for (const fragment of doc.bodyKeep) {
      tally.keep++;
      if (body.includes(norm(fragment))) tally.kept++;
      else tally.misses.push(`${doc.id}: lost "${fragment.slice(0, 70)}"`);
    }
    if (doc.title) {
      tally.titled++;
      if (cleaned.title !== null && norm(cleaned.title) === norm(doc.title)) tally.titleRight++;
      else tally.misses.push(`${doc.id}: title ${JSON.stringify(cleaned.title?.slice(0, 60) ?? null)}`);
    } else if (doc.title === null) {
      tally.untitled++;
      if (cleaned.title === null) tally.untitledEmpty++;
    }
    return;
  }
  const title = cleaned.title === null ? null : norm(cleaned.title);
  for (const line of doc.lines) {
    const article = line.label !== 'boilerplate';
    const kept = isKept(line.text) || (title !== null && norm(line.text) === title);
    if (article) {
      tally.rawTp++;
      if (kept) tally.tp++;
      else tally.fn++;
    } else {
      tally.rawFp++;
      if (kept) tally.fp++;
    }
  }
}

export const pct = (a: number, b: number) => (b ? `${((100 * a) / b).toFixed(1)}%` : 'n/a');
const f1 = (tp: number, fp: number, fn: number) => (tp ? (2 * tp) / (2 * tp + fp + fn) : 0);

export function report(label: string, t: Tally): string[] {
  return [
    `${label}`,
    `  boilerplate lines removed  ${pct(t.boilerplateRemoved, t.boilerplate)} (${t.boilerplateRemoved}/${t.boilerplate})`,
    `  body fragments kept        ${pct(t.kept, t.keep)} (${t.kept}/${t.keep}); content words kept ${pct(t.contentWords - t.contentWordsLost, t.contentWords)}`,
    `  headline right             ${pct(t.titleRight, t.titled)} (${t.titleRight}/${t.titled}); no headline → empty title ${t.untitledEmpty}/${t.untitled}`,
    `  synthetic page dumps, line F1 ${f1(t.tp, t.fp, t.fn).toFixed(3)} (raw dump ${f1(t.rawTp, t.rawFp, 0).toFixed(3)})`,
  ];
}
