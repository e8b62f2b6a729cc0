import { foldLine, hasWords, wordsOf } from '../text/text.ts';
import { type Drop, foldedOf, headlineLikeOf, type Line, nextContent, nextKept, paragraphLikeOf } from './lines.ts';
import { MAX_CAPTION_LINE, startsWithDateline } from './line-rules.ts';

/**
 * Structural passes over the whole article, for what no phrase names: labels that take the next
 * headline, embedded posts, sentences split by inline links, duplicates, the lead, captions above
 * their credit, header metadata, menus above the lead, trailing widgets and unlabelled related links.
 */

export function followLabels(lines: Line[], drop: Drop): void {
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
      if (!headlineLikeOf(line) || (taken > 0 && sawBlank)) break;
      drop(line, label.removed ?? 'related-link', 'drop', true);
      taken++;
      sawBlank = false;
      if (label.follows === 'headline') break;
    }
  }
}

export function removeEmbeddedPosts(lines: Line[], drop: Drop): void {
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
export function joinSplitSentences(lines: Line[]): Set<Line> {
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

/** A line opening with a lower-case site name ("jpnn.com - JAKARTA - …") starts a story: it continues nothing. */
const SITE_NAME_START = /^\p{Ll}[\p{L}\p{N}-]*\.\p{L}{2,}(?:\.\p{L}{2,})?(?![\p{L}\p{N}])/u;

export function continuesSentence(previous: string, next: string): boolean {
  // Two lower-case words alone ("image cover") are a label, not the rest of a sentence.
  return (
    /[\p{L},]$/u.test(previous) &&
    /^\p{Ll}/u.test(next) &&
    hasWords(previous, 3) &&
    (hasWords(next, 3) || /[.!?]$/u.test(next)) &&
    hasWords(next, 2) &&
    !SITE_NAME_START.test(next)
  );
}

export function removeDuplicates(lines: Line[], drop: Drop, title: string | null): void {
  const seen = new Set<string>();
  const foldedTitle = title ? foldLine(title) : null;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i];
    if (!line?.text || line.removed) continue;
    const folded = foldedOf(line);
    // A structured title equal to a prose line (a lead used as title) leaves the line in the body.
    if (folded === foldedTitle && headlineLikeOf(line) && !paragraphLikeOf(line)) {
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
export function findLead(lines: Line[]): number {
  let fallback = -1;
  let seen = 0;
  let seenAtFallback = 0;
  // A dateline may sit a few lines below the first prose line (captions above it), not further.
  for (let i = 0; i < lines.length && seen < 25 && (fallback < 0 || seen < seenAtFallback + 4); i++) {
    const line = lines[i];
    if (!line?.text || line.removed) continue;
    seen++;
    if (paragraphLikeOf(line) && startsWithDateline(line.text)) return i;
    if (fallback < 0 && paragraphLikeOf(line)) {
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
export function removeCaptionsBeforeCredits(lines: Line[], drop: Drop, lead: number): void {
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
export function removeHeaderMetadata(lines: Line[], drop: Drop, lead: number, titleIndex: number): void {
  const end = Math.max(lead, 0);
  // A headline found below the line taken for the lead: the labels above that line only, never the story's own lines.
  const labelsEnd = lead >= 0 && titleIndex > lead ? lead : titleIndex;
  for (let i = 0; i < labelsEnd; i++) {
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
export function removeNavigationRuns(lines: Line[], drop: Drop, lead: number): void {
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
export function removeTrailingJunk(lines: Line[], drop: Drop): void {
  let lastProse = -1;
  for (let i = lines.length - 1; i >= 0; i--) {
    const line = lines[i];
    if (line?.text && !line.removed && !headlineLikeOf(line)) {
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
/** The reason of a headline-shaped line between two paragraphs removed as a related link (a guess the title chooser may overrule). */
export const UNLABELLED_LINK = 'unlabelled-related-link';

export function removeUnlabelledLinks(lines: Line[], drop: Drop, lead: number): void {
  for (let i = Math.max(0, lead + 1); i < lines.length; i++) {
    const line = lines[i];
    if (!line?.text || line.removed || !headlineLikeOf(line) || /^\p{N}/u.test(line.text)) continue;
    const words = wordsOf(line.text);
    if (words.length < 7) continue;
    const content = words.filter((w) => !SMALL_WORDS.has(w.toLowerCase()));
    const capitalised = content.filter((w) => /^[\p{Lu}\p{N}]/u.test(w)).length;
    if (capitalised / Math.max(1, content.length) < 0.9) continue;
    const before = nextKept(lines, i, -1);
    const after = nextKept(lines, i, 1);
    const prose = (j: number) => j >= 0 && lines[j] !== undefined && paragraphLikeOf(lines[j]);
    if (prose(before) && prose(after)) drop(line, UNLABELLED_LINK);
  }
}
