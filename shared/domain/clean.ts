import type { CleanedArticle, ParsedArticle, Removal } from './article.ts';
import { classesOf, SPACE } from './chars.ts';
import { mayContainMatch, type PatternShape, PrefilterText, shapeOf } from './regex-shape.ts';
import { FEATURE_NAMES, type LineShape, lineFeatures, lineShapeOf } from './line-features.ts';
import { boilerplateProbability, bundledLineModel, isTitleCandidate, type LineModel, smoothSequence, TITLE_WINDOW, titleScore } from './line-model.ts';
import { type TemplateIndex, templateReasonOf } from './template.ts';
import {
  COLON_DATELINE_HEAD,
  DATELINE_HEAD,
  firstWordOf,
  foldLine,
  hasOddSpacing,
  hasWords,
  isHeadlineLike,
  isParagraphLike,
  isTimestampLine,
  PhraseIndex,
  wordsOf,
} from './text.ts';
import arRules from '../data/boilerplate/ar.json' with { type: 'json' };
import deRules from '../data/boilerplate/de.json' with { type: 'json' };
import enRules from '../data/boilerplate/en.json' with { type: 'json' };
import esRules from '../data/boilerplate/es.json' with { type: 'json' };
import faRules from '../data/boilerplate/fa.json' with { type: 'json' };
import frRules from '../data/boilerplate/fr.json' with { type: 'json' };
import idRules from '../data/boilerplate/id.json' with { type: 'json' };
import ptRules from '../data/boilerplate/pt.json' with { type: 'json' };
import ruRules from '../data/boilerplate/ru.json' with { type: 'json' };
import sharedRules from '../data/boilerplate/shared.json' with { type: 'json' };
import trRules from '../data/boilerplate/tr.json' with { type: 'json' };
import gazetteer from '../data/gazetteer.json' with { type: 'json' };
import publisherRules from '../data/boilerplate-publishers.json' with { type: 'json' };

export interface CleanOptions {
  /** The line model to score lines with; the bundled one (shared/data/line-model.json) by default. */
  lineModel?: LineModel;
  /** The publisher (`incoming/<publisher>/…`): its own rules file, if it has one, applies too. */
  publisher?: string | null;
  /** Rules files to use instead of the bundled ones (evaluation without phrase rules, tests). */
  ruleFiles?: readonly BoilerplateRules[];
  /** The publisher's learned template (template.ts): its lines go first, and the article's own prose stays. */
  template?: TemplateIndex | null;
}

/**
 * What a removed line becomes: dropped, or moved into the article's metadata.
 * `credit` is a standalone photo credit ("Foto: Anadolu"): a caption, and a cue that the
 * lines just before it are the caption text.
 */
export type RuleKind = 'drop' | 'byline' | 'caption' | 'credit' | 'embed';

interface PatternRule {
  id: string;
  kind?: string;
  patterns: string[];
  caseSensitive?: boolean;
}

interface PrefixRule {
  id: string;
  kind?: string;
  phrases: string[];
  /** Longest line (in words) the rule may remove; longer lines are prose that happens to start with the phrase. */
  maxWords?: number;
  /** A label alone on its line ("Baca Juga") also takes the headline on the next line. */
  followHeadline?: boolean;
}

/**
 * One rules file (`shared/data/boilerplate/<lang>.json`). Users add a publisher's junk here,
 * without touching code. Line patterns match a whole trimmed line; bounded quantifiers only.
 */
export interface BoilerplateRules {
  version: string;
  language: string;
  lines?: PatternRule[];
  prefixes?: PrefixRule[];
  /** Headers of trailing widgets: the header and the headline list after it are removed. */
  widgets?: { id: string; headers: string[] }[];
  /** Fragments removed from inside kept lines ("(Foto: ANTARA/…)"). */
  inline?: PatternRule[];
  /** A line ending with one of these is a caption ("… Foto: Anadolu", "… (AP Photo)"). */
  captionSuffixes?: PatternRule[];
  /** A line containing one of these is a caption ("(kiri)", ", left,"). */
  captionMarkers?: PatternRule[];
  /** Words a timestamp line may carry besides the date ("Published", "Diperbarui"). */
  timestampLabels?: string[];
}

export const BOILERPLATE_RULE_FILES: readonly BoilerplateRules[] = [
  sharedRules,
  idRules,
  enRules,
  arRules,
  faRules,
  ruRules,
  deRules,
  frRules,
  esRules,
  ptRules,
  trRules,
] as BoilerplateRules[];

/** Rule set versions, e.g. `shared@1.0.0 id@1.0.0 …`; stored with records so operators know what cleaned them. */
export const BOILERPLATE_RULES_VERSION = BOILERPLATE_RULE_FILES.map((r) => `${r.language}@${r.version}`).join(' ');

interface RuleMeta {
  id: string;
  kind: RuleKind;
}

/** A cue pattern that only needs a yes or no: caption suffixes and markers. */
interface CuePattern {
  /** Global (sticky when anchored at the start), so a search can start at `lastIndex`. */
  regex: RegExp;
  shape: PatternShape;
  caseInsensitive: boolean;
  /** Anchored at the end of the text (caption suffixes). */
  atEnd: boolean;
}

interface CompiledPrefix extends RuleMeta {
  words: string;
  maxWords: number;
  followHeadline: boolean;
}

/** One whole-line pattern, run only on lines its shape allows (see regex-shape.ts). */
interface LineRule extends RuleMeta {
  regex: RegExp;
  shape: PatternShape;
  caseInsensitive: boolean;
  /** Tests a line's first character against the characters a match can start with; null: any. */
  firstCharacter: RegExp | null;
}

interface InlineRule {
  regex: RegExp;
  id: string;
  shape: PatternShape;
  caseInsensitive: boolean;
}

interface CompiledRules {
  /** In precedence order: case-insensitive rules, then case-sensitive ones, each in file order. */
  lines: LineRule[];
  /**
   * Line lengths (in code points) at which some line rule's length range starts or ends: between two
   * neighbouring boundaries, every rule either fits the length or does not.
   */
  lineLengthBoundaries: number[];
  /** Per first character and length class of a line: the line rules that could match it (lineRuleCandidates). */
  candidates: Map<number, LineRule[]>;
  /** Prefix phrases by first word (firstWordOf of the folded phrase), longest first. */
  prefixes: PhraseIndex<CompiledPrefix>;
  widgetHeaders: Map<string, string>;
  longestWidgetHeader: number;
  inline: InlineRule[];
  captionSuffix: CuePattern[];
  captionMarker: CuePattern[];
  timestampLabels: Set<string>;
  agencyCredit: RegExp;
  /** Last characters an agency credit can end with (an alias's, or `)`): other lines skip the regex. */
  agencyCreditEnds: Set<string>;
}

const KINDS: ReadonlySet<string> = new Set(['drop', 'byline', 'caption', 'credit', 'embed']);

function kindOf(kind: string | undefined): RuleKind {
  return kind && KINDS.has(kind) ? (kind as RuleKind) : 'drop';
}

/** Compiles cue patterns one by one, each with its shape for cheap prefilters; `atEnd` anchors them at the end. */
function compileCues(rules: PatternRule[], atEnd: boolean): CuePattern[] {
  return rules.flatMap((rule) =>
    rule.patterns.map((pattern) => {
      const shape = shapeOf(pattern, !rule.caseSensitive);
      const flags = `${shape.anchoredAtStart ? 'y' : 'g'}${rule.caseSensitive ? '' : 'i'}u`;
      return { regex: new RegExp(atEnd ? `(?:${pattern})$` : pattern, flags), shape, caseInsensitive: !rule.caseSensitive, atEnd };
    }),
  );
}

/** Line rules ordered as one alternation would try them: the first that matches wins. */
function compileLineRules(rules: PatternRule[]): LineRule[] {
  const out: LineRule[] = [];
  for (const caseSensitive of [false, true]) {
    for (const rule of rules) {
      if (Boolean(rule.caseSensitive) !== caseSensitive) continue;
      const flags = caseSensitive ? 'u' : 'iu';
      for (const pattern of rule.patterns) {
        const shape = shapeOf(pattern, !caseSensitive);
        out.push({
          id: rule.id,
          kind: kindOf(rule.kind),
          regex: new RegExp(`^(?:${pattern})$`, flags),
          shape,
          caseInsensitive: !caseSensitive,
          firstCharacter: shape.firstAtoms ? new RegExp(`^(?:${shape.firstAtoms.join('|')})`, flags) : null,
        });
      }
    }
  }
  return out;
}

function lengthClassOf(length: number, boundaries: readonly number[]): number {
  let lo = 0;
  let hi = boundaries.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if ((boundaries[mid] ?? 0) <= length) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * Per first character and length class of a line: the line rules, in order, whose match could
 * start with that character and span that length. Bounded for long-lived Lambdas.
 */
const LINE_RULE_CACHE_LIMIT = 8192;

function lineRuleCandidates(codePoint: number, length: number): LineRule[] {
  const { lines, lineLengthBoundaries, candidates: LINE_RULE_CANDIDATES } = rules();
  const lengthClass = lengthClassOf(length, lineLengthBoundaries);
  const key = codePoint * (lineLengthBoundaries.length + 1) + lengthClass;
  let candidates = LINE_RULE_CANDIDATES.get(key);
  if (candidates === undefined) {
    if (LINE_RULE_CANDIDATES.size >= LINE_RULE_CACHE_LIMIT) LINE_RULE_CANDIDATES.clear();
    const character = String.fromCodePoint(codePoint);
    candidates = lines.filter(
      ({ shape, firstCharacter }) => shape.minLength <= length && length <= shape.maxLength && (firstCharacter === null || firstCharacter.test(character)),
    );
    LINE_RULE_CANDIDATES.set(key, candidates);
  }
  return candidates;
}

const SURROGATE_PAIR = /[\ud800-\udbff][\udc00-\udfff]/;

/**
 * The first line rule matching the whole line. Rules whose length range, first character or
 * required literals rule the line out are skipped without running their regex: on prose lines
 * that is nearly all of them.
 */
function matchLineRule(view: PrefilterText): RuleMeta | null {
  const text = view.text;
  const length = SURROGATE_PAIR.test(text) ? countCodePoints(text) : text.length;
  for (const rule of lineRuleCandidates(text.codePointAt(0) ?? 0, length)) {
    if (mayContainMatch(rule.shape, rule.caseInsensitive, view) && rule.regex.test(text)) return rule;
  }
  return null;
}

function countCodePoints(text: string): number {
  let n = text.length;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code >= 0xd800 && code <= 0xdbff) {
      const next = text.charCodeAt(i + 1);
      if (next >= 0xdc00 && next <= 0xdfff) {
        n--;
        i++;
      }
    }
  }
  return n;
}

/** Whether any cue matches; a pattern whose required literals or characters are absent is not run. */
function anyCue(cues: CuePattern[], view: PrefilterText): boolean {
  const text = view.text;
  // Without surrogate pairs a code point is one code unit, so spans are exact. Looked for only
  // when an end-anchored cue gets past its prefilter, which on most lines none does.
  let unitsPerCodePoint = 0;
  for (const { regex, shape, caseInsensitive, atEnd } of cues) {
    if (!mayContainMatch(shape, caseInsensitive, view)) continue;
    if (atEnd && unitsPerCodePoint === 0) unitsPerCodePoint = SURROGATE.test(text) ? 2 : 1;
    const maxSpan = atEnd ? shape.maxLength * unitsPerCodePoint : Infinity;
    if (shape.anchoredAtStart) {
      // Anchored at both ends, a match spans the whole text; the sticky regex tries position 0 only.
      if (maxSpan < text.length) continue;
      regex.lastIndex = 0;
    } else {
      // Anchored at the end, a match starts at most maxSpan from the end; anchors and lookbehinds still see the whole text.
      let start = maxSpan < text.length ? text.length - maxSpan : 0;
      if (start > 0 && isLowSurrogate(text.charCodeAt(start))) start--;
      regex.lastIndex = start;
    }
    if (regex.test(text)) return true;
  }
  return false;
}

const SURROGATE = /[\ud800-\udfff]/;

function isLowSurrogate(code: number): boolean {
  return code >= 0xdc00 && code <= 0xdfff;
}

const BULLETS = /^[\s>»›•·*▶►■□◆◇→✓-]+/u;

function foldPhrase(text: string): string {
  return foldLowerPhrase(text.toLowerCase());
}

/** foldPhrase of text already in lower case: bullets and spacing are caseless, so stripping them after lower-casing gives the same. */
function foldLowerPhrase(lower: string): string {
  const code = lower.charCodeAt(0);
  // Most lines start with a letter: no bullet to strip, no regex run.
  const stripped = (code >= 0x61 && code <= 0x7a) || (code >= 0x30 && code <= 0x39) ? lower : lower.replace(BULLETS, '');
  return hasOddSpacing(stripped) ? stripped.replace(/\s+/g, ' ').trim() : stripped;
}

function lengthBoundariesOf(lines: readonly LineRule[]): number[] {
  const bounds = new Set<number>();
  for (const { shape } of lines) {
    bounds.add(shape.minLength);
    if (shape.maxLength !== Infinity) bounds.add(shape.maxLength + 1);
  }
  return [...bounds].sort((a, b) => a - b);
}

/** Compiles rules files once; the module does it on first use for the bundled files. */
export function compileRules(files: readonly BoilerplateRules[]): CompiledRules {
  const lines: PatternRule[] = [];
  const inline: InlineRule[] = [];
  const suffixes: PatternRule[] = [];
  const markers: PatternRule[] = [];
  const prefixList: CompiledPrefix[] = [];
  const widgetHeaders = new Map<string, string>();
  const timestampLabels = new Set<string>();
  for (const file of files) {
    lines.push(...(file.lines ?? []));
    suffixes.push(...(file.captionSuffixes ?? []));
    markers.push(...(file.captionMarkers ?? []));
    for (const rule of file.inline ?? []) {
      for (const p of rule.patterns) {
        const shape = shapeOf(p, !rule.caseSensitive);
        inline.push({ regex: new RegExp(p, rule.caseSensitive ? 'gu' : 'giu'), id: rule.id, shape, caseInsensitive: !rule.caseSensitive });
      }
    }
    for (const rule of file.prefixes ?? []) {
      for (const phrase of rule.phrases) {
        prefixList.push({
          id: rule.id,
          kind: kindOf(rule.kind),
          words: foldPhrase(phrase),
          maxWords: rule.maxWords ?? 40,
          followHeadline: Boolean(rule.followHeadline),
        });
      }
    }
    for (const widget of file.widgets ?? []) for (const h of widget.headers) widgetHeaders.set(foldPhrase(h), widget.id);
    for (const label of file.timestampLabels ?? []) timestampLabels.add(label.toLowerCase());
  }
  const agencies = gazetteer.agencies.flatMap((a) => a.aliases).filter((a) => /^[\p{L}\s.-]+$/u.test(a));
  const agencyAlternation = agencies.map((a) => a.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|');
  const compiledLines = compileLineRules(lines);
  // Longest phrase first, so "Baca juga" wins over "Baca": the index orders by word count, and
  // adding by length (a stable sort) breaks its ties the same way.
  const prefixes = new PhraseIndex<CompiledPrefix>();
  for (const prefix of prefixList.sort((a, b) => b.words.length - a.words.length)) prefixes.add(wordsOf(prefix.words), prefix);
  return {
    lines: compiledLines,
    lineLengthBoundaries: lengthBoundariesOf(compiledLines),
    candidates: new Map(),
    prefixes,
    widgetHeaders,
    longestWidgetHeader: Math.max(0, ...[...widgetHeaders.keys()].map((h) => h.length)),
    inline,
    captionSuffix: compileCues(suffixes, true),
    captionMarker: compileCues(markers, false),
    timestampLabels,
    // "… Kevin Lamarque/Reuters", "… - Antara", "(ANTARA/Anadolu)", "(Dursun Aydemir/Anadolu via Getty Images)"
    agencyCreditEnds: new Set([')', ...agencies.map((a) => a.slice(-1))]),
    agencyCredit: new RegExp(
      `(?:(?:\\p{Lu}[\\p{L}'’-]{0,20}\\s){0,3}\\p{Lu}[\\p{L}'’-]{0,20}\\s?/\\s?(?:${agencyAlternation})|\\s[-–—]\\s?(?:${agencyAlternation})|\\((?:[^()]{0,60}[\\s/])?(?:${agencyAlternation})(?:\\s(?:Photo|Foto|FOTO))?(?:[\\s/][^()]{0,60})?\\))$`,
      'u',
    ),
  };
}

/** Rules for one publisher's articles only (`shared/data/boilerplate-publishers.json`), keyed by publisher. */
export const PUBLISHER_RULE_FILES: Readonly<Record<string, BoilerplateRules>> = (publisherRules as { publishers: Record<string, BoilerplateRules> }).publishers;

/** Compiled rule sets: the bundled files alone, and with each publisher's file that has been met. */
const compiledByPublisher = new Map<string, CompiledRules>();
const compiledByFiles = new WeakMap<readonly BoilerplateRules[], CompiledRules>();
/** The rule set of the article being cleaned (cleaning is synchronous: one article at a time). */
let activeRules: CompiledRules | undefined;

/**
 * The rule set for an article, compiled on first use rather than at import (about 250 regexes and
 * their shapes): a cold start that has not cleaned an article yet does not wait for them.
 */
function rulesFor(options: CleanOptions): CompiledRules {
  if (options.ruleFiles) {
    let compiled = compiledByFiles.get(options.ruleFiles);
    if (!compiled) {
      compiled = compileRules(options.ruleFiles);
      compiledByFiles.set(options.ruleFiles, compiled);
    }
    return compiled;
  }
  const publisher = options.publisher && Object.hasOwn(PUBLISHER_RULE_FILES, options.publisher) ? options.publisher : '';
  let compiled = compiledByPublisher.get(publisher);
  if (!compiled) {
    const own = PUBLISHER_RULE_FILES[publisher];
    compiled = compileRules(own ? [...BOILERPLATE_RULE_FILES, own] : BOILERPLATE_RULE_FILES);
    compiledByPublisher.set(publisher, compiled);
  }
  return compiled;
}

function rules(): CompiledRules {
  activeRules ??= rulesFor({});
  return activeRules;
}

/** Lines longer than this are prose: line rules are not tried on them (keeps a 1 MB line linear). */
const MAX_RULE_LINE = 400;
const MAX_CAPTION_LINE = 600;
const CREDIT_TAIL = 160;
const DATE_PREFIX = /^\s?date (\d{4}(?:-\d{1,2}(?:-\d{1,2})?)?)(?:\s+|$)/;

interface Line {
  text: string;
  /** One of the article's own prose lines, as the publisher's template sees it. */
  own?: boolean;
  removed: string | null;
  kind: RuleKind;
  /** A junk line found by a rule (not by structure): anchors the structural passes. */
  byRule: boolean;
  /** Prefix label alone on its line: takes the next headline. */
  follows: 'headline' | 'widget' | null;
  /** Line-model features and smoothed boilerplate probability, once the model has scored the line. */
  features?: number[];
  shape?: LineShape;
  boilerplate: number;
  /** `text` lower-cased and folded (foldLine), kept with the text they were made from: shared by rules, duplicates and features. */
  lower?: Derived;
  folded?: Derived;
}

interface Derived {
  of: string;
  value: string;
}

function lowerOf(line: Line): string {
  if (line.lower?.of !== line.text) line.lower = { of: line.text, value: line.text.toLowerCase() };
  return line.lower.value;
}

function foldedOf(line: Line): string {
  if (line.folded?.of !== line.text) line.folded = { of: line.text, value: foldLine(line.text) };
  return line.folded.value;
}

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
  const model = options.lineModel ?? bundledLineModel();
  activeRules = rulesFor(options);
  const removed: Removal[] = [];
  const captions: string[] = [];
  const bylines: string[] = [];
  const input = parsed.text;
  const split = splitArticleLines(input);
  if (split.datePrefix !== null) removed.push({ text: split.datePrefix, reason: 'extractor-date-prefix' });

  const lines: Line[] = split.lines.map((text) => ({
    text,
    removed: null,
    kind: 'drop',
    byRule: false,
    follows: null,
    boilerplate: 0,
  }));
  const drop = (line: Line, reason: string, kind: RuleKind = 'drop', byRule = false) => {
    if (line.removed) return;
    // The template vouches for the article's own prose: only a rule (or the title) takes such a line.
    if (line.own && !byRule && GUESSES.test(reason)) return;
    line.removed = reason;
    line.kind = kind;
    line.byRule = byRule;
  };

  const templated = options.template ? templateLinesOf(lines, options.template) : null;
  const modelState: ModelState = { lastScored: [] };
  for (const line of lines) if (line.text) classifyLine(line, drop);
  followLabels(lines, drop);
  removeEmbeddedPosts(lines, drop);
  // A re-joined line is judged again as a whole, as it will be when the cleaned text comes back.
  for (const line of joinSplitSentences(lines)) classifyLine(line, drop);
  // Inline fragments go before the structural passes, so those judge the text the reader will get.
  for (const line of lines) if (line.text && !line.removed) line.text = removeInlineFragments(line.text, removed);
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
  if (templated && options.template) dropTemplateLines(templated.exact, options.template, drop, -1, lines);
  const title = chooseTitle(lines, drop, parsed.title, lead, model);
  if (templated && options.template) dropTemplateLines(templated.fuzzy, options.template, drop, title.index, lines);
  removeHeaderMetadata(lines, drop, lead, title.index);
  settleLineModel(lines, drop, model, title.index >= 0 ? (lines[title.index] ?? null) : null, modelState);

  // Assemble: removed lines recorded in order; kept lines become paragraphs.
  const paragraphs: string[] = [];
  for (const line of lines) {
    if (!line.text) continue;
    if (line.removed) {
      removed.push({ text: line.text, reason: line.removed });
      if (line.kind === 'byline') bylines.push(line.text);
      else if (line.kind === 'caption' || line.kind === 'credit') captions.push(line.text);
      continue;
    }
    const text = line.text;
    const previous = paragraphs[paragraphs.length - 1];
    // Structural removals may have brought split pieces together: join them as joinSplitSentences does.
    if (previous !== undefined && continuesSentence(previous, text)) paragraphs[paragraphs.length - 1] = `${previous} ${text}`;
    else paragraphs.push(text);
  }
  const body = paragraphs.join('\n\n');
  // The title moved into metadata is not boilerplate.
  const removedChars = removed.reduce((n, r) => (r.reason === 'title' ? n : n + r.text.length), 0);
  const inputChars = countNonSpace(input);
  const last = paragraphs[paragraphs.length - 1] ?? '';
  return {
    title: title.text === null ? null : removeInlineFragments(title.text, removed) || title.text,
    body,
    removed,
    captions,
    bylines,
    boilerplateRatio: inputChars ? Math.min(1, removedChars / inputChars) : 0,
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

type Drop = (line: Line, reason: string, kind?: RuleKind, byRule?: boolean) => void;

/** Removals that guess from a line's looks or its neighbours, which the template's knowledge of the article overrules. */
const GUESSES = /^(?:model:|trailing-junk|navigation|unlabelled-related-link|header-label)/;

/**
 * The template's verdicts: the article's own prose (as the template sees it) is marked now, so no
 * guess takes it; the template's lines are returned, to be removed once the first passes have
 * judged the rest of the article in its full context, as they would without a template. Lines
 * matched by shape or label come separately: they go after the title is chosen, and never the title.
 * Only an article the template recognises (some of its lines matched) has its prose vouched for.
 */
function templateLinesOf(lines: Line[], template: TemplateIndex): { exact: Line[]; fuzzy: Line[] } {
  const decisions = template.decide(lines.map((l) => l.text));
  const exact: Line[] = [];
  const fuzzy: Line[] = [];
  decisions.forEach((decision, i) => {
    const line = lines[i];
    if (decision?.remove && line) (decision.fuzzy ? fuzzy : exact).push(line);
  });
  if (exact.length + fuzzy.length > 0) {
    decisions.forEach((decision, i) => {
      const line = lines[i];
      if (decision?.own && line) line.own = true;
    });
  }
  return { exact, fuzzy };
}

/** Removes template lines under the template's name, even those a pass took already: the template would have. */
function dropTemplateLines(templateLines: Line[], template: TemplateIndex, drop: Drop, keep: number, lines: Line[]): void {
  const reason = templateReasonOf(template.template);
  for (const line of templateLines) {
    if (keep >= 0 && line === lines[keep]) continue;
    const kind = line.removed ? line.kind : 'drop';
    line.removed = null;
    drop(line, reason, kind, true);
  }
}

function classifyLine(line: Line, drop: Drop): void {
  const text = line.text;
  // Shared by the line rules, the caption cues and the line features, so the line is lower-cased once.
  const view = new PrefilterText(text, lowerOf(line));
  if (text.length <= MAX_RULE_LINE) {
    const folded = foldLowerPhrase(view.plainLower);
    // A header is short: longer lines skip building the key (stripping ` :` takes at most two characters).
    const { longestWidgetHeader, widgetHeaders } = rules();
    const widget = folded.length <= longestWidgetHeader + 2 ? widgetHeaders.get(folded.replace(/\s?:$/, '')) : undefined;
    if (widget) {
      drop(line, widget, 'drop', true);
      line.follows = 'widget';
      return;
    }
    const prefix = matchPrefix(text, folded);
    if (prefix) {
      drop(line, prefix.rule.id, prefix.rule.kind, true);
      if (prefix.labelOnly && prefix.rule.followHeadline) line.follows = 'headline';
      return;
    }
    const rule = matchLineRule(view);
    if (rule) {
      drop(line, rule.id, rule.kind, true);
      return;
    }
    if (isTimestampLine(text, rules().timestampLabels)) {
      drop(line, 'timestamp', 'drop', true);
      return;
    }
    if (isTagLine(text)) {
      drop(line, 'tag-line', 'drop', true);
      return;
    }
    if (/^(\S{2,30}) \1$/u.test(text)) {
      drop(line, 'ui-token', 'drop', true);
      return;
    }
  }
  if (text.length <= MAX_CAPTION_LINE && !startsWithDateline(text) && isCaption(view)) drop(line, 'caption', 'caption', true);
}

function isCaption(view: PrefilterText): boolean {
  const text = view.text;
  // Credits are end-anchored and short: test only the tail, so each line costs a bounded scan.
  const tail = text.length > CREDIT_TAIL ? new PrefilterText(text.slice(-CREDIT_TAIL)) : view;
  const { captionSuffix, agencyCreditEnds, agencyCredit, captionMarker } = rules();
  if (anyCue(captionSuffix, tail)) return true;
  if (agencyCreditEnds.has(tail.text.slice(-1)) && agencyCredit.test(tail.text)) return true;
  if (anyCue(captionMarker, view)) return true;
  // "Israeli cyber-security firm, Wiz [Wiz]": a short line ending with a bracketed credit.
  return text.endsWith(']') && /\[[^[\]]{2,30}\]$/u.test(text) && !/^\[/.test(text) && !hasWords(text, 16);
}

function matchPrefix(text: string, folded: string): { rule: CompiledPrefix; labelOnly: boolean } | null {
  const firstWord = firstWordOf(folded);
  if (firstWord === null) return null;
  for (const { value: rule } of rules().prefixes.startingWith(firstWord)) {
    if (!folded.startsWith(rule.words)) continue;
    const rest = folded.slice(rule.words.length);
    // The phrase must stand alone or be followed by a separator: "Baca juga: …", "LIRE AUSSI - …".
    if (rest !== '' && !/^\s?(?:[:：\-–—|>».]|\s[-–—|])/u.test(rest)) continue;
    if (hasWords(text, rule.maxWords + 1)) continue;
    const labelOnly = /^[\s:：\-–—|>».]*$/u.test(rest);
    return { rule, labelOnly };
  }
  return null;
}

/** "News Feed, global peace summit, Switzerland, Ukraine, Peace Plan, War": tags, not prose. */
function isTagLine(text: string): boolean {
  if (/[.!?:;]$/.test(text) || text.length > 160) return false;
  // Braces, brackets or quoted keys make a data row (a JSON record, a table line), which is content.
  if (/[{}[\]]|":/.test(text)) return false;
  const items = text.split(/\s?,\s?/);
  if (items.length < 4) return false;
  if (/\s(?:dan|and|und|et|y|e|ve|и|و)\s/u.test(text)) return false;
  return items.every((item) => {
    return hasWords(item, 1) && !hasWords(item, 4);
  });
}

/** "JAKARTA, KOMPAS.com - …", "KYIV (Reuters) - …", "Riyadh: Delegasi …". */
export function startsWithDateline(text: string): boolean {
  return DATELINE_HEAD.test(text) || COLON_DATELINE_HEAD.test(text);
}

function nextContent(lines: Line[], from: number, step: 1 | -1): number {
  for (let i = from + step; i >= 0 && i < lines.length; i += step) if (lines[i]?.text) return i;
  return -1;
}

function nextKept(lines: Line[], from: number, step: 1 | -1): number {
  for (let i = from + step; i >= 0 && i < lines.length; i += step) if (lines[i]?.text && !lines[i]?.removed) return i;
  return -1;
}

function followLabels(lines: Line[], drop: Drop): void {
  for (let i = 0; i < lines.length; i++) {
    const label = lines[i];
    if (!label?.follows) continue;
    let taken = 0;
    let sawBlank = false;
    for (let j = i + 1; j < lines.length; j++) {
      const line = lines[j];
      if (!line) break;
      if (!line.text) {
        sawBlank = true;
        continue;
      }
      if (line.removed) {
        if (label.follows === 'headline') break;
        continue;
      }
      // A widget's list ends at the first prose line, or at a blank line once it has items.
      if (!isHeadlineLike(line.text) || (taken > 0 && sawBlank)) break;
      drop(line, label.removed ?? 'related-link', 'drop', true);
      taken++;
      sawBlank = false;
      if (label.follows === 'headline') break;
    }
  }
}

function removeEmbeddedPosts(lines: Line[], drop: Drop): void {
  for (let i = 0; i < lines.length; i++) {
    const anchor = lines[i];
    if (anchor?.kind !== 'embed' || !anchor.removed) continue;
    // A post is at most ~280 characters: take the lines just before the anchor within that budget.
    let budget = 300 - anchor.text.replace(/\S*pic\.twitter\.com\/\S*|[—–-]\s?[^()]{1,80}\(@\w{1,30}\).*$/u, '').length;
    for (let j = nextContent(lines, i, -1); j >= 0; j = nextContent(lines, j, -1)) {
      const line = lines[j];
      if (!line || line.removed) break;
      const cost = line.text.replace(/\S*pic\.twitter\.com\/\S*/u, '').length;
      if (cost > budget) break;
      budget -= cost;
      drop(line, 'social-embed', 'embed');
    }
  }
}

/**
 * An inline link split a sentence across lines ("He is also" / "due to attend …" / "in Hiroshima …"):
 * re-join the pieces into one line. Whitespace normalisation only; removed lines in between are skipped.
 */
function joinSplitSentences(lines: Line[]): Set<Line> {
  const joined = new Set<Line>();
  let previous: Line | undefined;
  for (const line of lines) {
    if (!line.text || line.removed) continue;
    if (previous && continuesSentence(previous.text, line.text)) {
      previous.text = `${previous.text} ${line.text}`;
      line.text = '';
      joined.add(previous);
      continue;
    }
    previous = line;
  }
  return joined;
}

function continuesSentence(previous: string, next: string): boolean {
  return /[\p{L},]$/u.test(previous) && /^\p{Ll}/u.test(next) && hasWords(previous, 3) && hasWords(next, 2);
}

function removeDuplicates(lines: Line[], drop: Drop, title: string | null): void {
  const seen = new Set<string>();
  const foldedTitle = title ? foldLine(title) : null;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i];
    if (!line?.text || line.removed) continue;
    const folded = foldedOf(line);
    // A structured title equal to a prose line (a lead used as title) leaves the line in the body.
    if (folded === foldedTitle && isHeadlineLike(line.text) && !isParagraphLike(line.text)) {
      drop(line, 'title-repeat');
      continue;
    }
    const j = nextContent(lines, i, 1);
    const next = j >= 0 ? lines[j] : undefined;
    if (next && (!next.removed || next.kind === 'caption')) {
      const nextFolded = foldedOf(next);
      // "NewsZelenskyy compares …" above "Zelenskyy compares …": a label glued to a repeated headline.
      const glued = folded.length - nextFolded.length;
      if (!next.removed && glued > 0 && glued <= 20 && folded.endsWith(nextFolded) && /^\p{L}+$/u.test(folded.slice(0, glued)) && hasWords(next.text, 3)) {
        drop(line, 'duplicate');
        continue;
      }
      // "Caption." then "Caption. Kevin Lamarque/Reuters": a caption printed twice, once with its credit.
      const extra = nextFolded.length - folded.length;
      if (extra >= 2 && extra <= 60 && nextFolded.startsWith(folded) && isCaptionLike(line.text) && !hasWords(nextFolded.slice(folded.length), 7)) {
        drop(line, 'caption', 'caption');
        drop(next, 'caption', 'caption');
        continue;
      }
    }
    if (!hasWords(line.text, 4)) continue;
    if (seen.has(folded)) drop(line, 'duplicate');
    else seen.add(folded);
  }
}

/** The lead paragraph: the first kept line opening with a dateline, else the first prose line not followed by a credit. */
function findLead(lines: Line[]): number {
  let fallback = -1;
  let seen = 0;
  let seenAtFallback = 0;
  // A dateline may sit a few lines below the first prose line (captions above it), not further.
  for (let i = 0; i < lines.length && seen < 25 && (fallback < 0 || seen < seenAtFallback + 4); i++) {
    const line = lines[i];
    if (!line?.text || line.removed) continue;
    seen++;
    if (isParagraphLike(line.text) && startsWithDateline(line.text)) return i;
    if (fallback < 0 && isParagraphLike(line.text)) {
      const next = nextContent(lines, i, 1);
      if (!(next >= 0 && lines[next]?.kind === 'credit' && lines[next]?.removed)) {
        fallback = i;
        seenAtFallback = seen;
      }
    }
  }
  return fallback;
}

function isCaptionLike(text: string): boolean {
  return text.length <= MAX_CAPTION_LINE && /[.!?)"”]$/u.test(text) && hasWords(text, 6) && !startsWithDateline(text);
}

/** Above the lead, a standalone credit ("Foto: Dok ASEAN", "PHOTO: REUTERS") follows its caption lines. */
function removeCaptionsBeforeCredits(lines: Line[], drop: Drop, lead: number): void {
  const end = lead < 0 ? lines.length : lead;
  for (let i = 0; i < end; i++) {
    const credit = lines[i];
    if (credit?.kind !== 'credit' || !credit.removed) continue;
    const taken: string[] = [];
    for (let j = nextContent(lines, i, -1), n = 0; j >= 0 && n < 2; j = nextContent(lines, j, -1), n++) {
      const line = lines[j];
      if (!line || line.removed || !isCaptionLike(line.text)) break;
      drop(line, 'caption', 'caption');
      taken.push(foldLine(line.text));
    }
    const after = nextContent(lines, i, 1);
    const next = after >= 0 ? lines[after] : undefined;
    if (next && !next.removed && taken.includes(foldLine(next.text))) drop(next, 'caption', 'caption');
  }
}

function isSubstantial(text: string): boolean {
  return text.length >= 8 && hasWords(text, 2);
}

function stems(text: string): string[] {
  return wordsOf(text.toLowerCase()).map((w) => w.replace(/['’]s$/u, '').slice(0, 5));
}

/**
 * Title from structure when the format had one; else the line model's best-scoring headline
 * candidate above the lead, or none when no candidate scores high enough (a text that opens with
 * its lead has no headline line: better no title than a menu item). An image label repeating most
 * of the chosen headline's words, right next to it, is dropped.
 */
const TEMPLATE_REASON = 'publisher-template:';

function chooseTitle(lines: Line[], drop: Drop, structured: string | null, lead: number, model: LineModel): { text: string | null; index: number } {
  if (structured !== null && structured.trim() !== '') {
    const folded = foldLine(structured);
    return { text: structured.trim(), index: lines.findIndex((l) => l.removed === 'title-repeat' && foldLine(l.text) === folded) };
  }
  const end = lead < 0 ? lines.length : lead;
  let chosen = -1;
  let best = -1;
  let rank = 0;
  for (let i = 0, seen = 0; i < end && seen < TITLE_WINDOW; i++) {
    const line = lines[i];
    // Template lines are the publisher's furniture: they take no place in the title window.
    if (!line?.text || line.removed?.startsWith(TEMPLATE_REASON)) continue;
    seen++;
    // The model may have dropped the headline as a short line near the menus: it is a candidate still.
    if ((line.removed && !line.removed.startsWith(MODEL_REASON)) || !line.features || !isTitleCandidate(line.text)) continue;
    const score = titleScore(model, line.features, rank++, line.boilerplate);
    if (score > best) {
      best = score;
      chosen = i;
    }
  }
  if (chosen < 0 || best < model.titleThreshold) return { text: null, index: -1 };
  for (const step of [-1, 1] as const) {
    const j = nextContent(lines, chosen, step);
    const other = j >= 0 ? lines[j] : undefined;
    const line = lines[chosen];
    if (!other || !line || other.removed || !isTitleCandidate(other.text)) continue;
    const [shorter, longer] = other.text.length <= line.text.length ? [other, line] : [line, other];
    const longerStems = new Set(stems(longer.text));
    const shared = stems(shorter.text).filter((s) => longerStems.has(s)).length;
    if (shorter.text !== longer.text && shared / Math.max(1, stems(shorter.text).length) >= 0.75) {
      drop(shorter, 'duplicate-headline');
      chosen = lines.indexOf(longer);
    }
  }
  const line = lines[chosen];
  if (!line) return { text: null, index: -1 };
  line.removed = null;
  drop(line, 'title');
  return { text: line.text, index: chosen };
}

const MODEL_REASON = 'model:';
const TABLE_ROW = FEATURE_NAMES.indexOf('tableRow');

/**
 * Runs the line model until it removes nothing more (at most a few rounds): each removal changes
 * its neighbours' context, and the kept lines must be a fixed point, as they are judged again when
 * the cleaned body is cleaned once more.
 */
function settleLineModel(lines: Line[], drop: Drop, model: LineModel, keep: Line | null, state: ModelState): void {
  for (let round = 0; round < 4 && applyLineModel(lines, drop, model, keep, state) > 0; round++);
}

/** The lines the model last scored: scoring the same sequence again would change nothing. */
interface ModelState {
  lastScored: Line[];
}

function sameLines(a: readonly Line[], b: readonly Line[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/**
 * Scores every line still kept with the line model and removes those whose smoothed boilerplate
 * probability reaches the model's threshold (reason `model:boilerplate 0.93`). `keep` (the title)
 * is left out of the sequence, as it is when a cleaned body comes back with its title.
 * Returns how many lines it removed.
 */
function applyLineModel(lines: Line[], drop: Drop, model: LineModel, keep: Line | null, state: ModelState): number {
  // Only the lines still kept make the context: they are what a second cleaning of the body would see.
  const scored = lines.filter((l) => l.text && l !== keep && !l.removed);
  if (scored.length === 0 || sameLines(scored, state.lastScored)) return 0;
  state.lastScored = scored;
  // A line's own features do not depend on its context: computed once per line text.
  const shapes = scored.map((l) => {
    if (l.shape?.text !== l.text) l.shape = lineShapeOf(l.text, lowerOf(l), foldedOf(l));
    return l.shape;
  });
  const features = lineFeatures(
    scored.map((l) => l.text),
    shapes,
  );
  const posteriors = smoothSequence(
    model,
    features.map((f) => boilerplateProbability(model, f)),
  );
  // Data tables are content (a corpus convention) however list-like their rows look.
  const junk = features.map((f, i) => (posteriors[i] ?? 0) >= model.threshold && f[TABLE_ROW] !== 1);
  // The model takes lines out of an article, never the whole article: text it cannot read (a
  // script without spaces, a language it has no stop words for) can look like junk line by line.
  const wouldEmpty = junk.every(Boolean);
  let removed = 0;
  scored.forEach((line, i) => {
    const p = posteriors[i] ?? 0;
    line.features = features[i];
    line.boilerplate = p;
    if (junk[i] && !wouldEmpty) {
      drop(line, `${MODEL_REASON}boilerplate ${p.toFixed(2)}`);
      removed++;
    }
  });
  return removed;
}

function isNameLike(text: string): boolean {
  const t = text.replace(/,$/, '');
  if (/\d/.test(t) || t.length > 50) return false;
  const parts = t.split(/\s+/);
  return parts.length >= 2 && parts.length <= 4 && parts.every((p) => /^\p{Lu}[\p{L}'’.-]*$/u.test(p));
}

function isShortLabel(text: string): boolean {
  return text.length <= 40 && !/[.!?:,;]$/.test(text) && !text.includes('|') && !hasWords(text, 5);
}

const META_REASONS: ReadonlySet<string> = new Set(['timestamp', 'byline', 'reading-time', 'editor-initials', 'bylined-name']);

/** Above the lead: short labels before the title (section names, image labels) and author names next to bylines or timestamps. */
function removeHeaderMetadata(lines: Line[], drop: Drop, lead: number, titleIndex: number): void {
  const end = Math.max(lead, 0);
  for (let i = 0; i < titleIndex; i++) {
    const line = lines[i];
    // Above the headline, a short label is a section name or breadcrumb ("Timur Tengah"), never the story.
    if (line?.text && !line.removed && (!isSubstantial(line.text) || isShortLabel(line.text))) drop(line, 'header-label');
  }
  let changed = true;
  for (let round = 0; changed && round < 6; round++) {
    changed = false;
    for (let i = 0; i < end; i++) {
      const line = lines[i];
      // A name, or one capitalised word (the outlet or desk credited: "Okezone"), next to a byline or timestamp.
      if (!line?.text || line.removed || i === titleIndex || !(isNameLike(line.text) || /^\p{Lu}[\p{L}\p{N}.'’-]{1,30}$/u.test(line.text))) continue;
      const neighbours = [nextContent(lines, i, -1), nextContent(lines, i, 1)].map((j) => (j >= 0 ? lines[j] : undefined));
      if (neighbours.some((n) => n?.removed && (n.kind === 'byline' || META_REASONS.has(n.removed)))) {
        drop(line, 'byline', 'byline');
        changed = true;
      }
    }
  }
}

/** Above the lead, three or more short items in a row (removed lines between them aside) are a menu. */
function removeNavigationRuns(lines: Line[], drop: Drop, lead: number): void {
  let run: Line[] = [];
  const flush = () => {
    if (run.length >= 3) for (const l of run) drop(l, 'navigation');
    run = [];
  };
  for (let i = 0; i < Math.max(0, lead); i++) {
    const line = lines[i];
    if (!line?.text || line.removed) continue;
    if (isShortLabel(line.text)) run.push(line);
    else flush();
  }
  flush();
}

/** After the last prose line, once any junk line appears, the short lines there are a widget or credits. */
function removeTrailingJunk(lines: Line[], drop: Drop): void {
  let lastProse = -1;
  for (let i = lines.length - 1; i >= 0; i--) {
    const line = lines[i];
    if (line?.text && !line.removed && !isHeadlineLike(line.text)) {
      lastProse = i;
      break;
    }
  }
  const tail = lines.slice(lastProse + 1).filter((l) => l.text);
  if (tail.length === 0) return;
  for (let last = tail.findLast((l) => !l.removed); last && isTrailingTags(last.text); last = tail.findLast((l) => !l.removed)) {
    drop(last, 'tag-line');
  }
  if (!tail.some((l) => l.removed && l.byRule)) return;
  for (const line of tail) drop(line, 'trailing-junk');
}

/** "War in Ukraine, Israel" as the last line: the page's topic tags. */
function isTrailingTags(text: string): boolean {
  const items = text.split(/\s?,\s?/);
  return (
    items.length >= 2 && text.length <= 100 && !/[.!?:;]$/.test(text) && items.every((item) => /^\p{Lu}/u.test(item) && item.length >= 3 && !hasWords(item, 4))
  );
}

const SMALL_WORDS = new Set(
  'di ke dari dan yang untuk dengan pada dalam atau of the a an and or to in on at for with by from as is are vs de la le les des du et en y el los las da do dos e em und der die das von zu im'.split(
    ' ',
  ),
);

/**
 * Between two prose paragraphs, a long Title-Case line with no sentence punctuation is a related
 * link whose label was lost ("Konflik Israel-Palestina Meluas, Kelompok Houthi Tingkatkan Kesiapan Perang").
 * Short subheadings ("AS Tembak Jatuh Drone Iran") are kept.
 */
function removeUnlabelledLinks(lines: Line[], drop: Drop, lead: number): void {
  for (let i = Math.max(0, lead + 1); i < lines.length; i++) {
    const line = lines[i];
    if (!line?.text || line.removed || !isHeadlineLike(line.text) || /^\p{N}/u.test(line.text)) continue;
    const words = wordsOf(line.text);
    if (words.length < 7) continue;
    const content = words.filter((w) => !SMALL_WORDS.has(w.toLowerCase()));
    const capitalised = content.filter((w) => /^[\p{Lu}\p{N}]/u.test(w)).length;
    if (capitalised / Math.max(1, content.length) < 0.9) continue;
    const before = nextKept(lines, i, -1);
    const after = nextKept(lines, i, 1);
    const prose = (j: number) => j >= 0 && isParagraphLike(lines[j]?.text ?? '');
    if (prose(before) && prose(after)) drop(line, 'unlabelled-related-link');
  }
}

function removeInlineFragments(text: string, removed: Removal[]): string {
  let out = text;
  let view = new PrefilterText(out);
  for (const { regex, id, shape, caseInsensitive } of rules().inline) {
    if (!mayContainMatch(shape, caseInsensitive, view)) continue;
    regex.lastIndex = 0;
    if (!regex.test(out)) continue;
    regex.lastIndex = 0;
    out = out.replace(regex, (fragment) => {
      if (fragment.trim()) removed.push({ text: fragment.trim(), reason: id });
      return '';
    });
    view = new PrefilterText(out);
  }
  return out.trim();
}
