import type { ProcessedArticle } from '#shared/domain/article.ts';
import { type LineObservation, packLine, unpackLine } from '#shared/domain/clean/template.ts';

/**
 * What the cleaner did to each line of an article, read off its output: the removals come in line
 * order with their reasons, so each non-empty line is matched to the next removal of the same text.
 * (Inline fragments removed from kept lines never equal a whole line and are passed over.)
 */
export type LineOutcome = 'kept' | 'title' | 'rule' | 'guess' | 'template' | 'other';

/** Removals that guess from looks or neighbours (the template may overrule them on the article's own prose). */
const GUESS = /^(?:model:|trailing-junk|navigation|unlabelled-related-link|header-label)/;
/** Removals a rule or a structure proves (a phrase rule, a caption, a duplicate): the template never overrules them. */
const OTHER = /^(?:title-repeat|duplicate|caption|social-embed|byline|extractor-date-prefix)/;

export function outcomesOf(lines: readonly string[], article: ProcessedArticle): LineOutcome[] {
  const pending = new Map<string, string[]>();
  if (article.status === 'ok') {
    for (const r of article.removed) pending.set(r.text.trim(), [...(pending.get(r.text.trim()) ?? []), r.reason]);
  }
  return lines.map((line) => {
    const reasons = pending.get(line);
    const reason = reasons?.shift();
    if (reason === undefined) return 'kept';
    if (reason === 'title') return 'title';
    if (reason.startsWith('publisher-template:')) return 'template';
    if (GUESS.test(reason)) return 'guess';
    if (OTHER.test(reason)) return 'other';
    return 'rule';
  });
}

/** A line's label in the evaluation set. `dup` (a line the page printed twice: a headline, a caption) is scored as neither. */
export type LineLabel = 'junk' | 'body' | 'title' | 'dup';

/**
 * One labelled line as the repo keeps it: no text, only what the template learner and the
 * evaluation need. Compact on disk as an array (see `EXPORT_FIELDS`).
 */
export interface ExportedLine {
  observation: LineObservation;
  label: LineLabel;
  /** A junk line whose exact text is junk in another article of the same outlet. */
  recurring: boolean;
  /** What the cleaner did to it without a template. */
  base: LineOutcome;
}

export interface ExportedArticle {
  outlet: string;
  url: string;
  source: 'search:pages' | 'corpus';
  language: string;
  /** sha256 (16 hex digits) of the article's text: the end-to-end mode checks it has the same texts. */
  textHash: string;
  lines: ExportedLine[];
}

/** On disk, one line is the stored observation (`PackedLine`, see template.ts) then `label, recurring, base`. */
export function packExportedLine(line: ExportedLine): unknown[] {
  return [...packLine(line.observation), line.label, line.recurring ? 1 : 0, line.base];
}

export function unpackExportedLine(packed: unknown[]): ExportedLine {
  const [label, recurring, base] = packed.slice(5) as [LineLabel, number, LineOutcome];
  return { observation: unpackLine(packed.slice(0, 5)).observation, label, recurring: recurring === 1, base };
}
