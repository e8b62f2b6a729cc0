/**
 * The article view's body: the source text line by line, each line kept or struck through with
 * the reason cleaning gave. Pure; the console server builds it from the raw object and the record.
 */

export interface ViewLine {
  text: string;
  /** Why cleaning removed the line; absent for kept lines. */
  removed?: string;
}

export interface LineView {
  lines: ViewLine[];
  /** Removals that are not a whole line of the text (a stripped prefix, HTML blocks): shown apart. */
  unplaced: { text: string; reason: string }[];
}

/**
 * Puts every removal back where it was. Removals are recorded in text order, so one pass over the
 * source lines matches them in order; a removal that matches no remaining line is `unplaced`.
 * Without a line-based source (HTML, JSON), the cleaned body's lines are shown and every removal is unplaced.
 *
 * @example
 *   viewLines('Title\nBaca juga: x\nBody.', 'Body.', [{ text: 'Baca juga: x', reason: 'related-link' }], true)
 *   // → { lines: [{ text: 'Title' }, { text: 'Baca juga: x', removed: 'related-link' }, { text: 'Body.' }], unplaced: [] }
 */
export function viewLines(source: string | null, body: string | null, removed: readonly { text: string; reason: string }[], lineBased: boolean): LineView {
  if (!lineBased || source === null) {
    return { lines: splitLines(body ?? '').map((text) => ({ text })), unplaced: [...removed] };
  }
  const sourceLines = splitLines(source);
  const placed = new Map<number, string>();
  const unplaced: { text: string; reason: string }[] = [];
  let from = 0;
  for (const removal of removed) {
    // Cleaning folds runs of spaces in the lines it reports; compare folded.
    const wanted = folded(removal.text);
    let at = -1;
    for (let i = from; i < sourceLines.length; i++) {
      if (!placed.has(i) && folded(sourceLines[i] as string) === wanted) {
        at = i;
        break;
      }
    }
    if (at < 0) unplaced.push(removal);
    else {
      placed.set(at, removal.reason);
      from = at + 1;
    }
  }
  return { lines: sourceLines.map((text, i) => (placed.has(i) ? { text, removed: placed.get(i) } : { text })), unplaced };
}

/** Non-empty trimmed lines, as the corpus labels count them. */
function splitLines(text: string): string[] {
  return text
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter((line) => line !== '');
}

function folded(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}
