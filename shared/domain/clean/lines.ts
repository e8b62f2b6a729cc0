import type { LineShape } from './line-features.ts';
import type { RuleKind } from './rules.ts';
import { foldLine, isHeadlineLike, isParagraphLike } from '../text/text.ts';

/** The cleaner's working model of one line: its text, whether and why it was removed, what the passes learned about it. */

export interface Line {
  text: string;
  /** One of the article's own prose lines, as the publisher's template sees it (apply-template.ts). */
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
  /** isHeadlineLike and isParagraphLike of `text`, each computed on first use (the structural passes ask again and again). */
  looks?: Looks;
}

export interface Looks {
  of: string;
  headline?: boolean;
  paragraph?: boolean;
}

function looksOf(line: Line): Looks {
  if (line.looks?.of !== line.text) line.looks = { of: line.text };
  return line.looks;
}

/** `isHeadlineLike(line.text)`, once per text. */
export function headlineLikeOf(line: Line): boolean {
  const looks = looksOf(line);
  looks.headline ??= isHeadlineLike(line.text);
  return looks.headline;
}

/** `isParagraphLike(line.text)`, once per text. */
export function paragraphLikeOf(line: Line): boolean {
  const looks = looksOf(line);
  looks.paragraph ??= isParagraphLike(line.text);
  return looks.paragraph;
}

export interface Derived {
  of: string;
  value: string;
}

export function lowerOf(line: Line): string {
  if (line.lower?.of !== line.text) line.lower = { of: line.text, value: line.text.toLowerCase() };
  return line.lower.value;
}

export function foldedOf(line: Line): string {
  if (line.folded?.of !== line.text) line.folded = { of: line.text, value: foldLine(line.text) };
  return line.folded.value;
}

export type Drop = (line: Line, reason: string, kind?: RuleKind, byRule?: boolean) => void;

export function nextContent(lines: Line[], from: number, step: 1 | -1): number {
  for (let i = from + step; i >= 0 && i < lines.length; i += step) if (lines[i]?.text) return i;
  return -1;
}

export function nextKept(lines: Line[], from: number, step: 1 | -1): number {
  for (let i = from + step; i >= 0 && i < lines.length; i += step) if (lines[i]?.text && !lines[i]?.removed) return i;
  return -1;
}
