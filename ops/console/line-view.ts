/**
 * The article view's body: the source text line by line, each line kept or struck through with
 * the reason cleaning gave. Pure; the console server builds it from the raw object and the record.
 */

export interface ViewLine {
  text: string;
  /** Why cleaning removed the line; absent for kept lines. */
  removed?: string;
  /** Topic evidence the classifier counted in this line: character ranges of `text`. */
  marks?: Mark[];
}

export interface Mark {
  start: number;
  end: number;
  topic: string;
  term: string;
}

/** A counted evidence match in the title or body the classifier read (classify's `evidenceSpans`). */
export interface EvidenceSpanLike extends Mark {
  field: 'title' | 'body';
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

/**
 * Puts the classifier's own matches on the lines shown, so every counted match is highlighted
 * (an inflected or translated form too: "Rusia" counted for Russia). Body matches are in the body's
 * coordinates; each kept line is the next non-empty body line, from which cleaning may have taken
 * an inline fragment or folded spaces, so a match is looked up by its matched text from where the
 * previous one ended. Title matches go on the line cleaning took as the title; `title` gets them too.
 * Kept lines are matched to body lines in order, by text (a line and the body line it became).
 *
 * @example
 *   markLines(view, 'Delegasi Rusia tiba.', 'AS-Rusia', [{ field: 'body', start: 9, end: 14, topic: 'ukraine', term: 'Russia' }])
 *   // → { lines: [{ text: 'Delegasi Rusia tiba.', marks: [{ start: 9, end: 14, … }] }, …], title: [] }
 */
export function markLines(view: LineView, body: string | null, title: string | null, spans: readonly EvidenceSpanLike[]): { view: LineView; title: Mark[] } {
  const bodyLines: { start: number; text: string }[] = [];
  let at = 0;
  for (const text of (body ?? '').split('\n')) {
    if (text.trim() !== '') bodyLines.push({ start: at, text });
    at += text.length + 1;
  }
  const titleMarks = spans.filter((s) => s.field === 'title').map(({ field: _f, ...mark }) => mark);
  let next = 0;
  const lines = view.lines.map((line) => {
    if (line.removed === 'title' && title !== null && folded(line.text) === folded(title)) return { ...line, marks: placed(line.text, title, titleMarks, 0) };
    if (line.removed) return line;
    // The body line this source line became: the same text, less an inline fragment, or part of a re-joined sentence.
    const wanted = folded(line.text);
    let k = next;
    while (k < bodyLines.length && !sameLine(wanted, folded(bodyLines[k]?.text ?? ''))) k++;
    const source = bodyLines[k];
    if (!source) return line;
    next = k;
    const inLine = spans.filter((s) => s.field === 'body' && s.start >= source.start && s.end <= source.start + source.text.length);
    return { ...line, marks: placed(line.text, body ?? '', inLine, 0) };
  });
  return { view: { ...view, lines }, title: titleMarks };
}

/** Each match found in `text` by the text it matched in `from`, in order. */
function placed(text: string, from: string, marks: readonly Mark[], start: number): Mark[] {
  const out: Mark[] = [];
  let cursor = start;
  for (const mark of [...marks].sort((a, b) => a.start - b.start)) {
    const matched = from.slice(mark.start, mark.end);
    const found = text.indexOf(matched, cursor);
    if (found < 0) continue;
    out.push({ start: found, end: found + matched.length, topic: mark.topic, term: mark.term });
    cursor = found + matched.length;
  }
  return out;
}

/** Non-empty trimmed lines, as the corpus labels count them. */
function splitLines(text: string): string[] {
  return text
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter((line) => line !== '');
}

/** A source line and the body line it became: equal, one inside the other, or the body line's words in order in the line. */
function sameLine(line: string, bodyLine: string): boolean {
  if (line === bodyLine) return true;
  if (bodyLine === '') return false;
  if (line.includes(bodyLine) || bodyLine.includes(line)) return true;
  let from = 0;
  for (const word of bodyLine.split(' ')) {
    const at = line.indexOf(word, from);
    if (at < 0) return false;
    from = at + word.length;
  }
  return true;
}

function folded(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}
