/**
 * How the whole cleaner (rules, structural passes, the line model, the title chooser) scores on labelled
 * texts, as the team measures unseen scraped articles:
 * - boilerplate lines removed: labelled boilerplate lines absent from the body, counted by
 *   training/scoring.ts as the team's corpus scorer counts them (a line the input holds more
 *   often than it is labelled may stay that many times);
 * - body fragments kept: `body_keep` fragments present in the body; content words kept: words of content lines;
 * - headline right: the cleaned title equals the labelled headline, over texts that have one;
 *   texts without one count right when the title is empty (reported apart);
 * Used by eval.ts on the corpus and on the real scraped set. Synthetic documents are not scored.
 */
import { parsedArticleOf } from '#shared/domain/article.ts';
import { cleanArticle } from '#shared/domain/clean/clean.ts';
import type { LineModel } from '#shared/domain/clean/line-model.ts';
import type { BoilerplateRules } from '#shared/domain/clean/rules.ts';
import { normaliseForScoring, scoreBoilerplate } from '../scoring.ts';
import type { LabelledDocument } from './dataset.ts';

export const norm = normaliseForScoring;

export interface Tally {
  boilerplate: number;
  boilerplateRemoved: number;
  keep: number;
  kept: number;
  titled: number;
  titleRight: number;
  untitled: number;
  untitledEmpty: number;
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
  contentWords: 0,
  contentWordsLost: 0,
  misses: [],
  byKind: {},
});

const parsedText = (text: string) => parsedArticleOf('text', text);

const NO_RULES: readonly BoilerplateRules[] = [];

/** Scores one document; `kinds` (per line, '' for non-junk) breaks the boilerplate figure down by kind. */
export function score(doc: LabelledDocument, model: LineModel, tally: Tally, withRules = true, kinds?: readonly string[]): void {
  if (doc.synthetic) return;
  const cleaned = cleanArticle(parsedText(doc.text), withRules ? { lineModel: model } : { lineModel: model, ruleFiles: NO_RULES });
  const paragraphs = cleaned.body.split(/\n\n/).map(norm);
  const count = new Map<string, number>();
  for (const p of paragraphs) count.set(p, (count.get(p) ?? 0) + 1);
  const body = norm(cleaned.body);
  const isKept = (text: string) => {
    const t = norm(text);
    return (count.get(t) ?? 0) > 0 || (t.length >= 40 && body.includes(t));
  };
  // Boilerplate lines are scored as the team's corpus scorer scores them (training/scoring.ts), by kind where labelled.
  const kindOf = new Map<string, string>();
  doc.lines.forEach((line, i) => {
    if (line.label === 'boilerplate' && kinds?.[i]) kindOf.set(norm(line.text), kinds[i] as string);
  });
  const boilerplate = doc.lines.filter((line) => line.label === 'boilerplate').map((line) => line.text);
  for (const { line, labelled, removed } of scoreBoilerplate(doc.text, cleaned.body, boilerplate)) {
    tally.boilerplate += labelled;
    tally.boilerplateRemoved += removed;
    const kind = kindOf.get(line);
    if (kind) {
      const [n, r] = tally.byKind[kind] ?? [0, 0];
      tally.byKind[kind] = [n + labelled, r + removed];
    }
    if (removed < labelled) tally.misses.push(`${doc.id}: kept junk "${line.slice(0, 70)}"`);
  }
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
}

export const pct = (a: number, b: number) => (b ? `${((100 * a) / b).toFixed(1)}%` : 'n/a');
