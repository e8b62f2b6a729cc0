import { foldLine, wordsOf } from '../text/text.ts';
import { MODEL_REASON } from './apply-line-model.ts';
import { isTemplateLine } from './apply-template.ts';
import { UNLABELLED_LINK } from './heuristics.ts';
import { isTitleCandidate, type LineModel, PAGE_MIN_LINES, TITLE_WINDOW, titleScore } from './line-model.ts';
import { type Drop, type Line, nextContent } from './lines.ts';

function stems(text: string): string[] {
  return wordsOf(text.toLowerCase()).map((w) => w.replace(/['’]s$/u, '').slice(0, 5));
}

/**
 * Title from structure when the format had one; else the line model's best-scoring headline
 * candidate above the lead, or none when no candidate scores high enough (a text that opens with
 * its lead has no headline line: better no title than a menu item). An image label repeating most
 * of the chosen headline's words, right next to it, is dropped.
 */
export function chooseTitle(lines: Line[], drop: Drop, structured: string | null, lead: number, model: LineModel): { text: string | null; index: number } {
  if (structured !== null && structured.trim() !== '') {
    const folded = foldLine(structured);
    return { text: structured.trim(), index: lines.findIndex((l) => l.removed === 'title-repeat' && foldLine(l.text) === folded) };
  }
  // An article's headline may sit below a line taken for its lead (a caption, a teaser, a meta
  // description): its candidates are its first TITLE_WINDOW lines, as the scorer was trained. A page's
  // dump has menus above the lead: its candidates are the TITLE_WINDOW lines just above the lead.
  const page = countText(lines) >= PAGE_MIN_LINES;
  const end = page && lead >= 0 ? lead : lines.length;
  let start = 0;
  for (let i = end - 1, seen = 0; page && lead >= 0 && i >= 0 && seen < TITLE_WINDOW; i--) {
    // Template lines are the publisher's furniture: they take no place in the title window.
    if (!lines[i]?.text || isTemplateLine(lines[i] as Line)) continue;
    start = i;
    seen++;
  }
  let chosen = -1;
  let best = -1;
  let rank = 0;
  for (let i = start, seen = 0; i < end && seen < TITLE_WINDOW; i++) {
    const line = lines[i];
    if (!line?.text || isTemplateLine(line)) continue;
    seen++;
    // The model may have dropped the headline as a short line near the menus, the related-link guess
    // a headline between two paragraphs: it is a candidate still.
    if ((line.removed && !line.removed.startsWith(MODEL_REASON) && line.removed !== UNLABELLED_LINK) || !line.features || !isTitleCandidate(line.text))
      continue;
    const score = titleScore(model, line.features, rank++, line.boilerplate);
    if (score > best) {
      best = score;
      chosen = i;
    }
  }
  if (chosen < 0 || best < model.titleThreshold) return { text: null, index: -1 };
  chosen = withoutPrefix(lines, chosen, start, end);
  for (const step of [-1, 1] as const) {
    const j = nextContent(lines, chosen, step);
    const other = j >= 0 ? lines[j] : undefined;
    const line = lines[chosen];
    if (!other || !line || other.removed || !isTitleCandidate(other.text)) continue;
    const [shorter, longer] = other.text.length <= line.text.length ? [other, line] : [line, other];
    const longerStems = new Set(stems(longer.text));
    const shared = stems(shorter.text).filter((s) => longerStems.has(s)).length;
    if (shorter.text !== longer.text && shared / Math.max(1, stems(shorter.text).length) >= 0.75) {
      // The longer one is the headline, unless it is the shorter behind a prefix (a breadcrumb ending in it).
      const [copy, headline] = foldLine(longer.text).endsWith(foldLine(shorter.text)) ? [longer, shorter] : [shorter, longer];
      drop(copy, 'duplicate-headline');
      chosen = lines.indexOf(headline);
    }
  }
  const line = lines[chosen];
  if (!line) return { text: null, index: -1 };
  line.removed = null;
  drop(line, 'title');
  return { text: line.text, index: chosen };
}

/** How a folded breadcrumb or site-name prefix ends: a separator (» and « fold to ", dashes to -), then spaces. */
const PREFIX_END = /["›|/•·>-]\s*$/u;

/**
 * The headline printed again behind a prefix (a breadcrumb ending in it, a bullet, a site name, a
 * slash) is the headline: when another candidate line of the window is the chosen line's tail, that
 * line is chosen instead.
 *
 * @example withoutPrefix(['JPNN.com » Internasional » Demo di Iran', 'Demo di Iran', …], 0, …) // → 1
 */
function withoutPrefix(lines: readonly Line[], chosen: number, start: number, end: number): number {
  const text = foldLine(lines[chosen]?.text ?? '');
  for (let i = start; i < end; i++) {
    const line = lines[i];
    if (
      i === chosen ||
      !line?.text ||
      isTemplateLine(line) ||
      (line.removed && !line.removed.startsWith(MODEL_REASON) && line.removed !== UNLABELLED_LINK) ||
      !isTitleCandidate(line.text)
    )
      continue;
    const tail = foldLine(line.text);
    // Only behind a separator: "Gaza-Deal im Newsticker: …" is a headline of its own, not a prefixed copy.
    if (tail.length < text.length && text.endsWith(tail) && wordsOf(tail).length >= 3 && PREFIX_END.test(text.slice(0, text.length - tail.length))) return i;
  }
  return chosen;
}

function countText(lines: readonly Line[]): number {
  let n = 0;
  for (const line of lines) if (line.text) n++;
  return n;
}
