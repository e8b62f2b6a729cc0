import type { CleanedArticle, ParsedArticle, Removal } from '../article.ts';
import { classesOf, SPACE } from '../text/chars.ts';
import { plainTextOf } from '../text/markup.ts';
import { type ModelState, type ScoredSequence, settleLineModel } from './apply-line-model.ts';
import { dropTemplateLines, mayDrop, templateLinesOf } from './apply-template.ts';
import {
  continuesSentence,
  findLead,
  followLabels,
  joinSplitSentences,
  removeCaptionsBeforeCredits,
  removeDuplicates,
  removeEmbeddedPosts,
  removeHeaderMetadata,
  removeNavigationRuns,
  removeTrailingJunk,
  removeUnlabelledLinks,
} from './heuristics.ts';
import { bundledLineModel, type LineModel, modelForText } from './line-model.ts';
import type { LineShape } from './line-features.ts';
import { classifyLine, type LineVerdict, removeInlineFragments } from './line-rules.ts';
import type { Line, Looks } from './lines.ts';
import { activateRules, type BoilerplateRules, type RuleKind } from './rules.ts';
import type { TemplateIndex } from './template.ts';
import { chooseTitle } from './title.ts';

/**
 * The clean stage: an article's lines through the rules (rules.ts, line-rules.ts), the structural
 * passes (heuristics.ts) and the learned line model (apply-line-model.ts), then the title (title.ts);
 * with the publisher's template (template.ts, apply-template.ts) when it has one.
 */

export interface CleanOptions {
  /** The line model to score lines with; the bundled one (shared/data/line-model.json) by default. */
  lineModel?: LineModel;
  /** The publisher (`incoming/<publisher>/…`): its own rules file, if it has one, applies too. */
  publisher?: string | null;
  /** Rules files to use instead of the bundled ones (evaluation without phrase rules, tests). */
  ruleFiles?: readonly BoilerplateRules[];
  /** The publisher's learned template (template.ts): its lines go, and the article's own prose stays. */
  template?: TemplateIndex | null;
}

const DATE_PREFIX = /^\s?date (\d{4}(?:-\d{1,2}(?:-\d{1,2})?)?)(?:\s+|$)/;

/**
 * Removes scraping boilerplate from an article's text, line by line, and records each removal.
 * Rules come from the versioned JSON files in `shared/data/boilerplate/`; structure (position
 * before the lead, trailing runs of short lines, duplicates) catches what no phrase names.
 * Cleaning never invents text: the body is the input minus removals, with whitespace normalised.
 *
 * @example
 *   cleanArticle({ ...parsed, title: null, text: 'AS-Rusia Sepakati …\n\nRiyadh: Delegasi …\n\nCek Artikel: Menhan …\n\nMungkin Anda Menyukai' })
 *   // → { title: 'AS-Rusia Sepakati …', body: 'Riyadh: Delegasi …', removed: [{ text: 'Cek Artikel: Menhan …', reason: 'related-link' }, …] }
 */
export function cleanArticle(parsed: ParsedArticle, options: CleanOptions = {}): CleanedArticle {
  if (parsed.judged) return judgedArticle(parsed);
  activateRules(options);
  // A whole page's dump has its own model; the count is of the input's lines, so a cleaned body (far
  // shorter) coming back is judged by the article model: the page model is for whole pages only.
  const split = splitArticleLines(parsed.text);
  const model = modelForText(options.lineModel ?? bundledLineModel(), countNonEmpty(split.lines));
  const memo: PassMemo = { verdicts: new Map(), fragments: new Map(), shapes: new Map(), last: { shapes: [], features: [], posteriors: [] }, looks: new Map() };
  let cleaned = cleanOnce(parsed, split, options, model, memo);
  // A line is judged with its neighbours, and removals change them: a line kept beside junk can look
  // different once the junk is gone. Looking again at the result until nothing more goes makes
  // cleaning a cleaned body a no-op, which reprocessing relies on. Almost always the second look
  // changes nothing; a few passes bound the cost on the rare text that keeps shifting.
  for (let pass = 1; pass < MAX_PASSES && cleaned.body !== ''; pass++) {
    const again = cleanOnce({ ...parsed, text: cleaned.body, title: cleaned.title, removed: [] }, splitArticleLines(cleaned.body), options, model, memo);
    if (again.body === cleaned.body && again.title === cleaned.title) break;
    cleaned = {
      ...again,
      removed: [...cleaned.removed, ...again.removed],
      captions: [...cleaned.captions, ...again.captions],
      bylines: [...cleaned.bylines, ...again.bylines],
    };
  }
  return { ...cleaned, boilerplateRatio: boilerplateRatioOf(parsed, cleaned.removed) };
}

const MAX_PASSES = 4;

/**
 * What depends on a line's text alone, kept across the passes of one cleaning: a kept line comes
 * back with the same text, and judging it again would give the same answer.
 */
interface PassMemo {
  verdicts: Map<string, LineVerdict | null>;
  /** removeInlineFragments per line text: what is left, and the fragments taken. */
  fragments: Map<string, { text: string; removed: Removal[] }>;
  shapes: Map<string, LineShape>;
  last: ScoredSequence;
  looks: Map<string, Looks>;
}

/** One look at the article's lines: rules, structure, the line model, the title. */
function cleanOnce(
  parsed: ParsedArticle,
  split: { lines: string[]; datePrefix: string | null },
  options: CleanOptions,
  model: LineModel,
  memo: PassMemo,
): Omit<CleanedArticle, 'boilerplateRatio'> {
  const removed: Removal[] = [];
  const captions: string[] = [];
  const bylines: string[] = [];
  if (split.datePrefix !== null) removed.push({ text: split.datePrefix, reason: 'extractor-date-prefix' });

  const lines: Line[] = split.lines.map((text) => {
    const line: Line = { text, removed: null, kind: 'drop', byRule: false, follows: null, boilerplate: 0 };
    // A text an earlier look judged comes with what it learned of it.
    const shape = memo.shapes.get(text);
    if (shape) {
      line.shape = shape;
      line.folded = { of: text, value: shape.folded };
    }
    const looks = memo.looks.get(text);
    if (looks) line.looks = looks;
    return line;
  });
  const drop = (line: Line, reason: string, kind: RuleKind = 'drop', byRule = false) => {
    if (line.removed || !mayDrop(line, reason, byRule)) return;
    line.removed = reason;
    line.kind = kind;
    line.byRule = byRule;
  };

  const template = options.template ?? null;
  const templated = template ? templateLinesOf(lines, template) : null;
  const modelState: ModelState = { lastScored: [], shapes: memo.shapes, last: memo.last };
  for (const line of lines) if (line.text) classifyLine(line, drop, memo.verdicts);
  followLabels(lines, drop);
  removeEmbeddedPosts(lines, drop);
  // A re-joined line is judged again as a whole, as it will be when the cleaned text comes back.
  for (const line of joinSplitSentences(lines)) classifyLine(line, drop, memo.verdicts);
  // Inline fragments go before the structural passes, so those judge the text the reader will get.
  for (const line of lines) if (line.text && !line.removed) line.text = inlineFragmentsRemoved(line.text, removed, memo);
  removeDuplicates(lines, drop, parsed.title);
  settleLineModel(lines, drop, model, null, modelState);
  const lead = findLead(lines);
  removeCaptionsBeforeCredits(lines, drop, lead);
  removeNavigationRuns(lines, drop, lead);
  removeTrailingJunk(lines, drop);
  removeUnlabelledLinks(lines, drop, lead);
  // Every removal but the title's own comes before the title is chosen, so a cleaned body sent back
  // (with its title, or without when none was found) meets the same lines and makes the same choice.
  settleLineModel(lines, drop, model, null, modelState);
  if (template && templated) dropTemplateLines(templated.exact, template, drop, null);
  const title = chooseTitle(lines, drop, parsed.title, lead, model);
  if (template && templated) dropTemplateLines(templated.fuzzy, template, drop, title.index >= 0 ? (lines[title.index] ?? null) : null);
  removeHeaderMetadata(lines, drop, lead, title.index);
  settleLineModel(lines, drop, model, title.index >= 0 ? (lines[title.index] ?? null) : null, modelState);
  memo.last = modelState.last;
  for (const line of lines) if (line.looks?.of === line.text) memo.looks.set(line.text, line.looks);

  // Assemble: removed lines recorded in order; kept lines become paragraphs.
  const paragraphs: string[] = [];
  for (const line of lines) {
    if (!line.text) continue;
    if (line.removed) {
      removed.push({ text: line.text, reason: line.removed });
      if (line.kind === 'byline') bylines.push(line.text);
      else if (line.kind === 'caption' || line.kind === 'credit') captions.push(plainTextOf(line.text));
      continue;
    }
    const text = line.text;
    const previous = paragraphs[paragraphs.length - 1];
    // Structural removals may have brought split pieces together: join them as joinSplitSentences does.
    if (previous !== undefined && continuesSentence(previous, text)) paragraphs[paragraphs.length - 1] = `${previous} ${text}`;
    else paragraphs.push(text);
  }
  const body = paragraphs.join('\n\n');
  const last = paragraphs[paragraphs.length - 1] ?? '';
  return {
    // Titles and captions are plain text in the record: a text line can carry markup the body keeps verbatim.
    title: title.text === null ? null : plainTextOf(removeInlineFragments(title.text, removed) || title.text) || null,
    body,
    removed,
    captions,
    bylines,
    truncated: last !== '' && (/(?:\.\.\.|…)$/u.test(last) || !/[.!?"”'’)\]»؟。*]$/u.test(last)),
  };
}

function inlineFragmentsRemoved(text: string, removed: Removal[], memo: PassMemo): string {
  let known = memo.fragments.get(text);
  if (!known) {
    const taken: Removal[] = [];
    known = { text: removeInlineFragments(text, taken), removed: taken };
    memo.fragments.set(text, known);
  }
  removed.push(...known.removed);
  return known.text;
}

/**
 * The share of the upload's text that went. The title moved into metadata is not boilerplate; what
 * parsing already took out (an HTML body's captions and widgets) is, so the ratio is of everything
 * the upload's text held.
 */
function boilerplateRatioOf(parsed: ParsedArticle, removed: readonly Removal[]): number {
  const parsedChars = parsed.removed.reduce((n, r) => n + countNonSpace(r.text), 0);
  const removedChars = parsedChars + removed.reduce((n, r) => (r.reason === 'title' ? n : n + countNonSpace(r.text)), 0);
  const inputChars = parsedChars + countNonSpace(parsed.text);
  return inputChars ? Math.min(1, removedChars / inputChars) : 0;
}

function countNonEmpty(lines: readonly string[]): number {
  let n = 0;
  for (const line of lines) if (line !== '') n++;
  return n;
}

/**
 * Text an extractor already judged block by block (HTML through the block model): kept as it is,
 * spacing normalised, with the title the extractor found. Cleaning it again changes nothing.
 */
function judgedArticle(parsed: ParsedArticle): CleanedArticle {
  const paragraphs = parsed.text
    .split(/\n[ \t\f\r\u00a0]*\n/)
    .map((p) =>
      p
        .split('\n')
        .map((line) => normaliseSpacing(line))
        .filter(Boolean)
        .join('\n'),
    )
    .filter(Boolean);
  const last = paragraphs[paragraphs.length - 1] ?? '';
  const body = paragraphs.join('\n\n');
  const removedChars = parsed.removed.reduce((n, r) => n + countNonSpace(r.text), 0);
  const keptChars = countNonSpace(body);
  return {
    title: parsed.title?.trim() || null,
    body,
    removed: [],
    captions: parsed.removed.filter((r) => r.reason === 'caption').map((r) => plainTextOf(r.text)),
    bylines: [],
    boilerplateRatio: removedChars + keptChars ? removedChars / (removedChars + keptChars) : 0,
    truncated: last !== '' && (/(?:\.\.\.|…)$/u.test(last) || !/[.!?"”'’)\]»؟。*]$/u.test(last)),
  };
}

/**
 * An article's lines as the cleaner sees them: spacing normalised, the extractor's leading
 * ` date YYYY-MM-DD` prefix cut from the first line. Training labels lines the same way.
 *
 * @example splitArticleLines(' date 2024-05-01 Headline\n\nLead.') // → { lines: ['Headline', '', 'Lead.'], datePrefix: 'date 2024-05-01' }
 */
export function splitArticleLines(input: string): { lines: string[]; datePrefix: string | null } {
  const rawLines = input.split(/\r\n|\r|\n/);
  let datePrefix: string | null = null;
  const first = rawLines.findIndex((l) => l.trim() !== '');
  if (first >= 0) {
    const raw = rawLines[first] ?? '';
    const m = DATE_PREFIX.exec(raw);
    if (m) {
      datePrefix = `date ${m[1] ?? ''}`.trim();
      rawLines[first] = raw.slice(m[0].length);
    }
  }
  return { lines: rawLines.map(normaliseSpacing), datePrefix };
}

/** Tabs, odd spaces and runs of spaces become one space; the line is trimmed. Most lines have none of them. */
function normaliseSpacing(raw: string): string {
  return ODD_LINE_SPACING.test(raw)
    ? raw
        .replace(/[\t\u00a0\u2000-\u200b\u3000]+/g, ' ')
        .replace(/ {2,}/g, ' ')
        .trim()
    : raw.trim();
}
const ODD_LINE_SPACING = /[\t\u00a0\u2000-\u200b\u3000]| {2}/;

/** `input.replace(/\s+/g, '').length` without building the string: `\s` characters are all single code units. */
function countNonSpace(input: string): number {
  let spaces = 0;
  for (let i = 0; i < input.length; i++) {
    const code = input.charCodeAt(i);
    if (code < 0x80 ? code === 0x20 || (code >= 0x09 && code <= 0x0d) : (classesOf(code) & SPACE) !== 0) spaces++;
  }
  return input.length - spaces;
}
