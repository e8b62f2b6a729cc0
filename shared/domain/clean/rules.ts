import { hasOddSpacing, PhraseIndex, wordsOf } from '../text/text.ts';
import { mayContainMatch, type PatternShape, type PrefilterText, shapeOf } from './regex-shape.ts';
import arRules from '../../data/boilerplate/ar.json' with { type: 'json' };
import deRules from '../../data/boilerplate/de.json' with { type: 'json' };
import enRules from '../../data/boilerplate/en.json' with { type: 'json' };
import esRules from '../../data/boilerplate/es.json' with { type: 'json' };
import faRules from '../../data/boilerplate/fa.json' with { type: 'json' };
import frRules from '../../data/boilerplate/fr.json' with { type: 'json' };
import idRules from '../../data/boilerplate/id.json' with { type: 'json' };
import ptRules from '../../data/boilerplate/pt.json' with { type: 'json' };
import ruRules from '../../data/boilerplate/ru.json' with { type: 'json' };
import sharedRules from '../../data/boilerplate/shared.json' with { type: 'json' };
import trRules from '../../data/boilerplate/tr.json' with { type: 'json' };
import gazetteer from '../../data/gazetteer.json' with { type: 'json' };
import publisherRules from '../../data/boilerplate-publishers.json' with { type: 'json' };

/**
 * The phrase and pattern rules of the cleaner: the versioned rules files (per language, per
 * publisher), compiled once into line rules, prefixes, widget headers, inline fragments and caption
 * cues, and matched with prefilters (regex-shape.ts) so most lines never run most patterns.
 */

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

export interface RuleMeta {
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

export interface CompiledPrefix extends RuleMeta {
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
export function matchLineRule(view: PrefilterText): RuleMeta | null {
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
export function anyCue(cues: CuePattern[], view: PrefilterText): boolean {
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
export function foldLowerPhrase(lower: string): string {
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

/** Which rules clean an article: the bundled files plus the publisher's own, or the files given instead. */
export interface RuleChoice {
  publisher?: string | null;
  ruleFiles?: readonly BoilerplateRules[];
}

/** Compiled rule sets: the bundled files alone, and with each publisher's file that has been met. */
const compiledByPublisher = new Map<string, CompiledRules>();
const compiledByFiles = new WeakMap<readonly BoilerplateRules[], CompiledRules>();
/** The rule set of the article being cleaned (cleaning is synchronous: one article at a time). */
let activeRules: CompiledRules | undefined;

/**
 * The rule set for an article, compiled on first use rather than at import (about 250 regexes and
 * their shapes): a cold start that has not cleaned an article yet does not wait for them.
 */
function rulesFor(options: RuleChoice): CompiledRules {
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

export function rules(): CompiledRules {
  activeRules ??= rulesFor({});
  return activeRules;
}

/** Makes the rule set for this article the one `rules()` answers with until the next article. */
export function activateRules(choice: RuleChoice): void {
  activeRules = rulesFor(choice);
}
