import type { CleanedArticle, ParsedArticle, Removal } from './article.ts';
import { countWords, foldLine, isHeadlineLike, isParagraphLike, isTimestampLine, wordsOf } from './text.ts';
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
  sharedRules, idRules, enRules, arRules, faRules, ruRules, deRules, frRules, esRules, ptRules, trRules,
] as BoilerplateRules[];

/** Rule set versions, e.g. `shared@1.0.0 id@1.0.0 …`; stored with records so operators know what cleaned them. */
export const BOILERPLATE_RULES_VERSION = BOILERPLATE_RULE_FILES.map((r) => `${r.language}@${r.version}`).join(' ');

interface RuleMeta {
  id: string;
  kind: RuleKind;
}

interface CompiledPatterns {
  regex: RegExp;
  metas: RuleMeta[];
}

interface CompiledPrefix extends RuleMeta {
  words: string;
  maxWords: number;
  followHeadline: boolean;
}

interface CompiledRules {
  lines: CompiledPatterns[];
  prefixesByFirstWord: Map<string, CompiledPrefix[]>;
  widgetHeaders: Map<string, string>;
  inline: { regex: RegExp; id: string }[];
  captionSuffix: CompiledPatterns[];
  captionMarker: CompiledPatterns[];
  timestampLabels: Set<string>;
  agencyCredit: RegExp;
}

const KINDS: ReadonlySet<string> = new Set(['drop', 'byline', 'caption', 'credit', 'embed']);

function kindOf(kind: string | undefined): RuleKind {
  return kind && KINDS.has(kind) ? (kind as RuleKind) : 'drop';
}

/** Joins many patterns into one alternation per case mode, with a named group per pattern. */
function combine(rules: PatternRule[], wrap: (alternation: string) => string): CompiledPatterns[] {
  const out: CompiledPatterns[] = [];
  for (const caseSensitive of [false, true]) {
    const metas: RuleMeta[] = [];
    const parts: string[] = [];
    for (const rule of rules) {
      if (Boolean(rule.caseSensitive) !== caseSensitive) continue;
      for (const pattern of rule.patterns) {
        parts.push(`(?<r${metas.length}>${pattern})`);
        metas.push({ id: rule.id, kind: kindOf(rule.kind) });
      }
    }
    if (parts.length) out.push({ regex: new RegExp(wrap(parts.join('|')), caseSensitive ? 'u' : 'iu'), metas });
  }
  return out;
}

function firstMatch(compiled: CompiledPatterns[], text: string): RuleMeta | null {
  for (const { regex, metas } of compiled) {
    const groups = regex.exec(text)?.groups;
    if (!groups) continue;
    for (let i = 0; i < metas.length; i++) if (groups[`r${i}`] !== undefined) return metas[i] ?? null;
  }
  return null;
}

const BULLETS = /^[\s>»›•·*▶►■□◆◇→✓-]+/u;

function foldPhrase(text: string): string {
  return text.replace(BULLETS, '').toLowerCase().replace(/\s+/g, ' ').trim();
}

/** Compiles rules files once; the module does it at load for the bundled files. */
export function compileRules(files: readonly BoilerplateRules[]): CompiledRules {
  const lines: PatternRule[] = [];
  const inline: { regex: RegExp; id: string }[] = [];
  const suffixes: PatternRule[] = [];
  const markers: PatternRule[] = [];
  const prefixesByFirstWord = new Map<string, CompiledPrefix[]>();
  const widgetHeaders = new Map<string, string>();
  const timestampLabels = new Set<string>();
  for (const file of files) {
    lines.push(...(file.lines ?? []));
    suffixes.push(...(file.captionSuffixes ?? []));
    markers.push(...(file.captionMarkers ?? []));
    for (const rule of file.inline ?? []) {
      for (const p of rule.patterns) inline.push({ regex: new RegExp(p, rule.caseSensitive ? 'gu' : 'giu'), id: rule.id });
    }
    for (const rule of file.prefixes ?? []) {
      for (const phrase of rule.phrases) {
        const words = foldPhrase(phrase);
        const first = words.split(' ')[0] ?? '';
        const list = prefixesByFirstWord.get(first) ?? [];
        list.push({
          id: rule.id, kind: kindOf(rule.kind), words, maxWords: rule.maxWords ?? 40, followHeadline: Boolean(rule.followHeadline),
        });
        // Longest phrase first, so "Baca juga" wins over "Baca".
        list.sort((a, b) => b.words.length - a.words.length);
        prefixesByFirstWord.set(first, list);
      }
    }
    for (const widget of file.widgets ?? []) for (const h of widget.headers) widgetHeaders.set(foldPhrase(h), widget.id);
    for (const label of file.timestampLabels ?? []) timestampLabels.add(label.toLowerCase());
  }
  const agencies = gazetteer.agencies.flatMap((a) => a.aliases).filter((a) => /^[\p{L}\s.-]+$/u.test(a));
  const agencyAlternation = agencies.map((a) => a.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|');
  return {
    lines: combine(lines, (alt) => `^(?:${alt})$`),
    prefixesByFirstWord,
    widgetHeaders,
    inline,
    captionSuffix: combine(suffixes, (alt) => `(?:${alt})$`),
    captionMarker: combine(markers, (alt) => `(?:${alt})`),
    timestampLabels,
    // "… Kevin Lamarque/Reuters", "… - Antara", "(ANTARA/Anadolu)", "(Dursun Aydemir/Anadolu via Getty Images)"
    agencyCredit: new RegExp(
      `(?:(?:\\p{Lu}[\\p{L}'’-]{0,20}\\s){0,3}\\p{Lu}[\\p{L}'’-]{0,20}\\s?/\\s?(?:${agencyAlternation})|\\s[-–—]\\s?(?:${agencyAlternation})|\\((?:[^()]{0,60}[\\s/])?(?:${agencyAlternation})(?:\\s(?:Photo|Foto|FOTO))?(?:[\\s/][^()]{0,60})?\\))$`,
      'u',
    ),
  };
}

const RULES = compileRules(BOILERPLATE_RULE_FILES);

/** Lines longer than this are prose: line rules are not tried on them (keeps a 1 MB line linear). */
const MAX_RULE_LINE = 400;
const MAX_CAPTION_LINE = 600;
const CREDIT_TAIL = 160;
const DATE_PREFIX = /^\s?date (\d{4}(?:-\d{1,2}(?:-\d{1,2})?)?)(?:\s+|$)/;

interface Line {
  text: string;
  removed: string | null;
  kind: RuleKind;
  /** A junk line found by a rule (not by structure): anchors the structural passes. */
  byRule: boolean;
  /** Prefix label alone on its line: takes the next headline. */
  follows: 'headline' | 'widget' | null;
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
export function cleanArticle(parsed: ParsedArticle): CleanedArticle {
  const removed: Removal[] = [];
  const captions: string[] = [];
  const bylines: string[] = [];
  const input = parsed.text;
  const rawLines = input.split(/\r\n|\r|\n/);

  const first = rawLines.findIndex((l) => l.trim() !== '');
  if (first >= 0) {
    const raw = rawLines[first] ?? '';
    const m = DATE_PREFIX.exec(raw);
    if (m) {
      removed.push({ text: `date ${m[1] ?? ''}`.trim(), reason: 'extractor-date-prefix' });
      rawLines[first] = raw.slice(m[0].length);
    }
  }

  const lines: Line[] = rawLines.map((raw) => ({
    text: raw.replace(/[\t\u00a0\u2000-\u200b\u3000]+/g, ' ').replace(/ {2,}/g, ' ').trim(),
    removed: null, kind: 'drop', byRule: false, follows: null,
  }));
  const drop = (line: Line, reason: string, kind: RuleKind = 'drop', byRule = false) => {
    if (line.removed) return;
    line.removed = reason;
    line.kind = kind;
    line.byRule = byRule;
  };

  for (const line of lines) if (line.text) classifyLine(line, drop);
  followLabels(lines, drop);
  removeEmbeddedPosts(lines, drop);
  // A re-joined line is judged again as a whole, as it will be when the cleaned text comes back.
  for (const line of joinSplitSentences(lines)) classifyLine(line, drop);
  // Inline fragments go before the structural passes, so those judge the text the reader will get.
  for (const line of lines) if (line.text && !line.removed) line.text = removeInlineFragments(line.text, removed);
  removeDuplicates(lines, drop, parsed.title);
  const lead = findLead(lines);
  removeCaptionsBeforeCredits(lines, drop, lead);
  removeNavigationRuns(lines, drop, lead);
  const title = chooseTitle(lines, drop, parsed.title, lead);
  removeHeaderMetadata(lines, drop, lead, title.index);
  removeTrailingJunk(lines, drop);
  removeUnlabelledLinks(lines, drop, lead);

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
  const inputChars = input.replace(/\s+/g, '').length;
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

type Drop = (line: Line, reason: string, kind?: RuleKind, byRule?: boolean) => void;

function classifyLine(line: Line, drop: Drop): void {
  const text = line.text;
  if (text.length <= MAX_RULE_LINE) {
    const widget = RULES.widgetHeaders.get(foldPhrase(text).replace(/\s?:$/, ''));
    if (widget) {
      drop(line, widget, 'drop', true);
      line.follows = 'widget';
      return;
    }
    const prefix = matchPrefix(text);
    if (prefix) {
      drop(line, prefix.rule.id, prefix.rule.kind, true);
      if (prefix.labelOnly && prefix.rule.followHeadline) line.follows = 'headline';
      return;
    }
    const rule = firstMatch(RULES.lines, text);
    if (rule) return drop(line, rule.id, rule.kind, true);
    if (isTimestampLine(text, RULES.timestampLabels)) return drop(line, 'timestamp', 'drop', true);
    if (isTagLine(text)) return drop(line, 'tag-line', 'drop', true);
    if (/^(\S{2,30}) \1$/u.test(text)) return drop(line, 'ui-token', 'drop', true);
  }
  if (text.length <= MAX_CAPTION_LINE && !startsWithDateline(text) && isCaption(text)) drop(line, 'caption', 'caption', true);
}

function isCaption(text: string): boolean {
  // Credits are end-anchored and short: test only the tail, so each line costs a bounded scan.
  const tail = text.length > CREDIT_TAIL ? text.slice(-CREDIT_TAIL) : text;
  if (firstMatch(RULES.captionSuffix, tail) || RULES.agencyCredit.test(tail)) return true;
  if (firstMatch(RULES.captionMarker, text)) return true;
  // "Israeli cyber-security firm, Wiz [Wiz]": a short line ending with a bracketed credit.
  return countWords(text) <= 15 && /\[[^[\]]{2,30}\]$/u.test(text) && !/^\[/.test(text);
}

function matchPrefix(text: string): { rule: CompiledPrefix; labelOnly: boolean } | null {
  const folded = foldPhrase(text);
  const firstWord = /^[\p{L}\p{M}'’]+/u.exec(folded)?.[0];
  if (!firstWord) return null;
  for (const rule of RULES.prefixesByFirstWord.get(firstWord) ?? []) {
    if (!folded.startsWith(rule.words)) continue;
    const rest = folded.slice(rule.words.length);
    // The phrase must stand alone or be followed by a separator: "Baca juga: …", "LIRE AUSSI - …".
    if (rest !== '' && !/^\s?(?:[:：\-–—|>».]|\s[-–—|])/u.test(rest)) continue;
    if (countWords(text) > rule.maxWords) continue;
    const labelOnly = /^[\s:：\-–—|>».]*$/u.test(rest);
    return { rule, labelOnly };
  }
  return null;
}

/** "News Feed, global peace summit, Switzerland, Ukraine, Peace Plan, War": tags, not prose. */
function isTagLine(text: string): boolean {
  if (/[.!?:;]$/.test(text) || text.length > 160) return false;
  const items = text.split(/\s?,\s?/);
  if (items.length < 4) return false;
  if (/\s(?:dan|and|und|et|y|e|ve|и|و)\s/u.test(text)) return false;
  return items.every((item) => {
    const n = countWords(item);
    return n >= 1 && n <= 3;
  });
}

const DATELINE =
  /^(?:[\p{Lu}\p{N}][\p{L}\p{N}.]{0,30}(?:\s[\p{Lu}\p{N}][\p{L}\p{N}.]{0,30}){0,3})(?:\s?,\s?[\p{L}\p{N}.]{2,30}(?:\s[\p{L}\p{N}.]{2,30}){0,2}){0,2}(?:\s?\([\p{L}\s]{2,20}\))?(?:\s?[-–—]{1,2}(?=\s|\p{Lu})|\s\|)/u;
const COLON_DATELINE = /^\p{Lu}[\p{L}]{2,20}(?:\s\p{Lu}[\p{L}]{2,20})?:\s\p{Lu}/u;

/** "JAKARTA, KOMPAS.com - …", "KYIV (Reuters) - …", "Riyadh: Delegasi …". */
export function startsWithDateline(text: string): boolean {
  return DATELINE.test(text) || COLON_DATELINE.test(text);
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
  return /[\p{L},]$/u.test(previous) && countWords(previous) >= 3 && /^\p{Ll}/u.test(next) && countWords(next) >= 2;
}

function removeDuplicates(lines: Line[], drop: Drop, title: string | null): void {
  const seen = new Set<string>();
  const foldedTitle = title ? foldLine(title) : null;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i];
    if (!line?.text || line.removed) continue;
    const folded = foldLine(line.text);
    // A structured title equal to a prose line (a lead used as title) leaves the line in the body.
    if (folded === foldedTitle && isHeadlineLike(line.text) && !isParagraphLike(line.text)) {
      drop(line, 'title-repeat');
      continue;
    }
    const j = nextContent(lines, i, 1);
    const next = j >= 0 ? lines[j] : undefined;
    if (next && (!next.removed || next.kind === 'caption')) {
      const nextFolded = foldLine(next.text);
      // "NewsZelenskyy compares …" above "Zelenskyy compares …": a label glued to a repeated headline.
      const glued = folded.length - nextFolded.length;
      if (!next.removed && glued > 0 && glued <= 20 && folded.endsWith(nextFolded) && /^\p{L}+$/u.test(folded.slice(0, glued)) && countWords(next.text) >= 3) {
        drop(line, 'duplicate');
        continue;
      }
      // "Caption." then "Caption. Kevin Lamarque/Reuters": a caption printed twice, once with its credit.
      const extra = nextFolded.length - folded.length;
      if (extra >= 2 && extra <= 60 && nextFolded.startsWith(folded) && isCaptionLike(line.text) && countWords(nextFolded.slice(folded.length)) <= 6) {
        drop(line, 'caption', 'caption');
        drop(next, 'caption', 'caption');
        continue;
      }
    }
    if (countWords(line.text) < 4) continue;
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
  return text.length <= MAX_CAPTION_LINE && countWords(text) >= 6 && /[.!?)"”]$/u.test(text) && !startsWithDateline(text);
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
  return countWords(text) >= 2 && text.length >= 8;
}

function stems(text: string): string[] {
  return wordsOf(text.toLowerCase()).map((w) => w.replace(/['’]s$/u, '').slice(0, 5));
}

/**
 * Title from structure when the format had one; else the first headline above the lead.
 * A headline-like line separated from a later one by navigation is a promo banner; an
 * image label repeating most of the headline's words is dropped.
 */
function chooseTitle(lines: Line[], drop: Drop, structured: string | null, lead: number): { text: string | null; index: number } {
  if (structured !== null && structured.trim() !== '') {
    const folded = foldLine(structured);
    return { text: structured.trim(), index: lines.findIndex((l) => l.removed === 'title-repeat' && foldLine(l.text) === folded) };
  }
  const end = lead < 0 ? Math.min(lines.length, 40) : lead;
  const candidates: number[] = [];
  for (let i = 0; i < end; i++) {
    const line = lines[i];
    if (line?.text && !line.removed && isSubstantial(line.text) && isHeadlineLike(line.text) && countWords(line.text) <= 30) candidates.push(i);
  }
  let chosen = candidates[0];
  const second = candidates[1];
  if (chosen !== undefined && second !== undefined) {
    const between = lines.slice(chosen + 1, second).filter((l) => l.text);
    const a = lines[chosen]?.text ?? '';
    const b = lines[second]?.text ?? '';
    // Bylines and timestamps follow a page's title; a banner is separated from it by navigation only.
    const navigationOnly = between.every((l) => l.removed && l.kind === 'drop' && !META_REASONS.has(l.removed));
    if (between.length === 0) {
      const shorter = a.length <= b.length ? a : b;
      const longer = shorter === a ? b : a;
      const longerStems = new Set(stems(longer));
      const shared = stems(shorter).filter((s) => longerStems.has(s)).length;
      if (shared / Math.max(1, stems(shorter).length) >= 0.75 && shorter !== longer) {
        const dropIndex = shorter === a ? chosen : second;
        const line = lines[dropIndex];
        if (line) drop(line, 'duplicate-headline');
        chosen = shorter === a ? second : chosen;
      }
    } else if (navigationOnly) {
      const line = lines[chosen];
      if (line) drop(line, 'header-promo');
      chosen = second;
    }
  }
  if (chosen === undefined) {
    // No headline above the lead: the first substantial line names the article but stays in the body.
    const firstLine = lines.find((l) => l.text && !l.removed && isSubstantial(l.text));
    const text = firstLine && firstLine.text.length <= 200 ? firstLine.text : null;
    return { text, index: firstLine ? lines.indexOf(firstLine) : -1 };
  }
  const line = lines[chosen];
  if (!line) return { text: null, index: -1 };
  drop(line, 'title');
  return { text: line.text, index: chosen };
}

function isNameLike(text: string): boolean {
  const t = text.replace(/,$/, '');
  if (/\d/.test(t) || t.length > 50) return false;
  const parts = t.split(/\s+/);
  return parts.length >= 2 && parts.length <= 4 && parts.every((p) => /^\p{Lu}[\p{L}'’.-]*$/u.test(p));
}

function isShortLabel(text: string): boolean {
  return text.length <= 40 && countWords(text) <= 4 && !/[.!?:,;]$/.test(text) && !text.includes('|');
}

const META_REASONS: ReadonlySet<string> = new Set(['timestamp', 'byline', 'reading-time', 'editor-initials', 'bylined-name']);

/** Above the lead: short labels before the title (section names, image labels) and author names next to bylines or timestamps. */
function removeHeaderMetadata(lines: Line[], drop: Drop, lead: number, titleIndex: number): void {
  const end = lead < 0 ? 0 : lead;
  for (let i = 0; i < titleIndex; i++) {
    const line = lines[i];
    if (line?.text && !line.removed && !isSubstantial(line.text)) drop(line, 'header-label');
  }
  let changed = true;
  for (let round = 0; changed && round < 6; round++) {
    changed = false;
    for (let i = 0; i < end; i++) {
      const line = lines[i];
      if (!line?.text || line.removed || i === titleIndex || !isNameLike(line.text)) continue;
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
  return items.length >= 2 && text.length <= 100 && !/[.!?:;]$/.test(text) && items.every((item) => /^\p{Lu}/u.test(item) && item.length >= 3 && countWords(item) <= 3);
}

const SMALL_WORDS = new Set(
  'di ke dari dan yang untuk dengan pada dalam atau of the a an and or to in on at for with by from as is are vs de la le les des du et en y el los las da do dos e em und der die das von zu im'.split(' '),
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
  for (const { regex, id } of RULES.inline) {
    regex.lastIndex = 0;
    if (!regex.test(out)) continue;
    regex.lastIndex = 0;
    out = out.replace(regex, (fragment) => {
      if (fragment.trim()) removed.push({ text: fragment.trim(), reason: id });
      return '';
    });
  }
  return out.trim();
}
