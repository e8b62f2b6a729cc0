import type { Removal } from '../article.ts';
import { COLON_DATELINE_HEAD, DATELINE_HEAD, firstWordOf, hasWords } from '../text/text.ts';
import { isTimestampLine } from '../text/dates.ts';
import { type Drop, type Line, lowerOf } from './lines.ts';
import { mayContainMatch, PrefilterText } from './regex-shape.ts';
import { anyCue, type CompiledPrefix, foldLowerPhrase, matchLineRule, type RuleKind, rules } from './rules.ts';

/**
 * The rules applied to one line at a time: a widget header, a prefix label, a whole-line pattern,
 * a timestamp, a tag list or a caption removes the line; inline patterns cut fragments out of a kept one.
 */

/** Lines longer than this are prose: line rules are not tried on them (keeps a 1 MB line linear). */
const MAX_RULE_LINE = 400;
export const MAX_CAPTION_LINE = 600;
const CREDIT_TAIL = 160;

/** What the line rules say of one line text: the removal's reason and kind, and whether it labels the lines after it. */
export interface LineVerdict {
  reason: string;
  kind: RuleKind;
  follows: Line['follows'];
}

/**
 * Judges a line by the rules and removes it when one matches. The verdict depends on the text alone,
 * so `verdicts` (kept across the passes of one cleaning) answers a text judged before without the rules.
 */
export function classifyLine(line: Line, drop: Drop, verdicts?: Map<string, LineVerdict | null>): void {
  let verdict = verdicts?.get(line.text);
  if (verdict === undefined) {
    verdict = lineVerdictOf(line.text, lowerOf(line));
    verdicts?.set(line.text, verdict);
  }
  if (verdict === null) return;
  drop(line, verdict.reason, verdict.kind, true);
  if (verdict.follows) line.follows = verdict.follows;
}

function lineVerdictOf(text: string, lower: string): LineVerdict | null {
  // Shared by the line rules, the caption cues and the line features, so the line is lower-cased once.
  const view = new PrefilterText(text, lower);
  if (text.length <= MAX_RULE_LINE) {
    const folded = foldLowerPhrase(view.plainLower);
    // A header is short: longer lines skip building the key (stripping ` :` takes at most two characters).
    const { longestWidgetHeader, widgetHeaders } = rules();
    const widget = folded.length <= longestWidgetHeader + 2 ? widgetHeaders.get(folded.replace(/\s?:$/, '')) : undefined;
    if (widget) return { reason: widget, kind: 'drop', follows: 'widget' };
    const prefix = matchPrefix(text, folded);
    if (prefix) return { reason: prefix.rule.id, kind: prefix.rule.kind, follows: prefix.labelOnly && prefix.rule.followHeadline ? 'headline' : null };
    const rule = matchLineRule(view);
    if (rule) return { reason: rule.id, kind: rule.kind, follows: null };
    if (isTimestampLine(text, rules().timestampLabels)) return { reason: 'timestamp', kind: 'drop', follows: null };
    if (isTagLine(text)) return { reason: 'tag-line', kind: 'drop', follows: null };
    if (/^(\S{2,30}) \1$/u.test(text)) return { reason: 'ui-token', kind: 'drop', follows: null };
  }
  if (text.length <= MAX_CAPTION_LINE && !startsWithDateline(text) && isCaption(view)) return { reason: 'caption', kind: 'caption', follows: null };
  return null;
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

export function removeInlineFragments(text: string, removed: Removal[]): string {
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
