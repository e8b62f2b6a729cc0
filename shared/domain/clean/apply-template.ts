import type { Drop, Line } from './lines.ts';
import { type TemplateIndex, templateReasonOf } from './template.ts';

/** The prefix of every removal a publisher template makes: `publisher-template:<version>`. */
export const TEMPLATE_REASON = 'publisher-template:';

/** Removals that guess from a line's looks or its neighbours, which the template's knowledge of the article overrules. */
const GUESSES = /^(?:model:|trailing-junk|navigation|unlabelled-related-link|header-label)/;

/** Whether a removal may take a line: a line of the article's own prose (as its template sees it) only goes by a rule. */
export function mayDrop(line: Line, reason: string, byRule: boolean): boolean {
  return !line.own || byRule || !GUESSES.test(reason);
}

/**
 * The template's verdicts: the article's own prose (as the template sees it) is marked now, so no
 * guess takes it; the template's lines are returned, to be removed once the first passes have
 * judged the rest of the article in its full context, as they would without a template. Lines
 * matched by shape or label come separately: they go after the title is chosen, and never the title.
 * Only an article the template recognises (some of its lines matched) has its prose vouched for.
 */
export function templateLinesOf(lines: Line[], template: TemplateIndex): { exact: Line[]; fuzzy: Line[] } {
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
export function dropTemplateLines(templateLines: readonly Line[], template: TemplateIndex, drop: Drop, keep: Line | null): void {
  const reason = templateReasonOf(template.template);
  for (const line of templateLines) {
    if (line === keep) continue;
    const kind = line.removed ? line.kind : 'drop';
    line.removed = null;
    drop(line, reason, kind, true);
  }
}

/** A line a publisher template removed: the publisher's furniture, no candidate for anything. */
export function isTemplateLine(line: Line): boolean {
  return line.removed?.startsWith(TEMPLATE_REASON) === true;
}
