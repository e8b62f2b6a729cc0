import { foldLine, wordsOf } from '../text/text.ts';
import { MODEL_REASON } from './apply-line-model.ts';
import { isTitleCandidate, type LineModel, TITLE_WINDOW, titleScore } from './line-model.ts';
import { isTemplateLine } from './apply-template.ts';
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
  const end = lead < 0 ? lines.length : lead;
  // The TITLE_WINDOW lines just above the lead (on a page's dump, below its menus), or from the top.
  let start = 0;
  for (let i = end - 1, seen = 0; lead >= 0 && i >= 0 && seen < TITLE_WINDOW; i--) {
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
