import { foldText } from '../text/normalize.ts';
import { DATELINE_HEAD, isHeadlineLike, isParagraphLike } from '../text/text.ts';
import { monthOf, WEEKDAYS } from '../text/dates.ts';

/**
 * Publisher templates: the junk lines a publisher repeats from one article to the next (masthead,
 * menu, date and language switchers, its own promos, legal notice, share labels, tickers), learned
 * from that publisher's own recent articles and removed once they have been seen.
 *
 * - Lines are compared by key, never by text: a line's words folded (case, accents, Arabic letter
 *   variants), digits, month and weekday names folded, punctuation ignored; plus two looser keys,
 *   the line's shape with capitalised names folded (`oleh W diperbarui 0 M 0 W`) and its label
 *   (`baca juga: …` with any headline after it). A key is a 32-bit FNV-1a hash in hex.
 * - Learning counts in how many of the publisher's recent articles each key occurs (near-copies of
 *   one article count once), weighted towards the newest articles so a layout change is followed,
 *   and where it occurs: before, inside or after the article's own run of prose.
 * - Applying is O(lines): a line whose key the template holds is removed, except that the
 *   article's own prose survives: a sentence inside the run of prose is never removed (quotes,
 *   standard phrases), a sentence outside it only when that line was outside the prose wherever
 *   it was seen (a legal notice), a short line inside the prose only with stronger evidence.
 *   Datelines and data rows are never removed.
 *
 * Pure: no I/O. The learning step, the ingest function and the CLI all call these functions.
 */

export const TEMPLATE_FORMAT = 1;

/** The keys of one line: its folded words, its shape with names folded, its label. */
export interface LineKeys {
  line: string;
  shape: string | null;
  label: string | null;
}

/** What the learner needs to know of one non-empty line; stored per article (no text). */
export interface LineObservation {
  keys: LineKeys;
  /** Reads as running prose (isParagraphLike). */
  prose: boolean;
  /** A sentence of some length (five words or more ending in sentence punctuation): protected inside the prose run. */
  sentence: boolean;
  /** A dateline or a table row: content, however often it recurs. */
  content: boolean;
  /** Hash of the line exactly as written: tells a constant line from one whose digits or dates change. */
  raw: string;
  /** A headline of five words or more: if its numbers change from article to article, a series' title. */
  headline: boolean;
}

export interface ArticleObservation {
  lines: LineObservation[];
  /** The text of the lines, when the learner has it (CLI, local stack): kept as samples for editors. */
  texts?: string[];
}

export type EntryKind = 'line' | 'shape' | 'label';

/** Where a template line may be removed: only outside the article's own run of prose, or anywhere. */
export type EntryScope = 'outside' | 'anywhere';

export interface TemplateEntry {
  key: string;
  kind: EntryKind;
  /** Articles (near-copies counted once) in the window that hold the key. */
  articles: number;
  /** Share of the window's articles holding it, weighted towards the newest (0–1). */
  share: number;
  /** Occurrences before, inside and after the article's own run of prose. */
  head: number;
  inside: number;
  tail: number;
  /** Occurrences that read as prose. */
  prose: number;
  /** Articles since it was last seen (0: in the newest). */
  lastSeen: number;
  /** Its exact text differs between sightings (only digits or dates differ, for a line key). */
  varies: boolean;
  /** Where the template removes it when it is a short line (a label, a menu, a date); null: not enough to act on. */
  short: EntryScope | null;
  /**
   * Where it removes it when it reads as a sentence: outside the prose run only if it was outside
   * wherever it was seen (a legal notice), anywhere only on much more evidence (a promo between
   * paragraphs in most articles); null: never (a standard phrase, a quote).
   */
  sentence: EntryScope | null;
  /** An editor's decision, which learning never overrides. */
  pinned?: 'junk' | 'keep';
  /** A sample line (the console shows it); only when learned from text. */
  text?: string;
}

export interface TemplateSettings {
  /** Newest articles the template is learned from. */
  window: number;
  /** Articles after which an article counts half as much: the older layout ages out. */
  halfLife: number;
  /** A line must occur in at least this many articles… */
  minArticles: number;
  /** …and in at least this (weighted) share of them. */
  minShare: number;
  /** A short line inside the article's prose needs at least this many articles… */
  minArticlesInside: number;
  /** …and this share. */
  minShareInside: number;
  /** A sentence outside the prose run goes only if at least this share of its sightings were outside. */
  minOutsideShare: number;
  /** A sentence inside the prose run goes only if it occurs in at least this many articles… */
  minArticlesProse: number;
  /** …and this share of them. */
  minShareProse: number;
  /** Not seen in this many of the newest articles: no longer acted on. */
  staleAfter: number;
  /** Articles sharing at least this share of their prose lines are one article (re-uploads, updates). */
  nearCopyShare: number;
  /** Most entries kept, most frequent first. */
  maxEntries: number;
}

export const DEFAULT_TEMPLATE_SETTINGS: TemplateSettings = {
  window: 200,
  halfLife: 30,
  minArticles: 2,
  minShare: 0.15,
  minArticlesInside: 3,
  minShareInside: 0.3,
  minOutsideShare: 0.8,
  minArticlesProse: 3,
  minShareProse: 0.5,
  staleAfter: 60,
  nearCopyShare: 0.5,
  maxEntries: 1000,
};

export interface PublisherTemplate {
  format: typeof TEMPLATE_FORMAT;
  publisher: string | null;
  /** 12 hex digits over what the template removes: unchanged while its decisions are. */
  version: string;
  /** Articles in the window it was learned from. */
  articles: number;
  settings: TemplateSettings;
  entries: TemplateEntry[];
  /** Where learning stopped in the publisher's stream (the learning step's bookmark: its newest batch). */
  through?: string;
}

/** An editor's pin: this line (by key) is always junk, or never. */
export interface TemplatePin {
  key: string;
  kind: EntryKind;
  pinned: 'junk' | 'keep';
  text?: string;
}

// ---------------------------------------------------------------------------------------------
// Keys

const WORD = /\p{L}[\p{L}\p{M}]*|\p{N}+/gu;
const NUMERIC = /^\p{N}+$/u;
const UPPER_START = /^\p{Lu}/u;
const LABEL = /^([^:：|]{1,40}?)\s*[:：|]\s*(\S.*)$/u;

/**
 * The keys of a line. `line` folds words, numbers (`0`), month (`M`) and weekday (`D`) names and
 * ignores punctuation; `shape` also folds capitalised words after the first into `W` (null unless
 * that leaves two plain words); `label` is the label of `Label: headline` (null otherwise).
 *
 * @example
 *   lineKeysOf('oleh Ady Anugrahadi diperbarui 23 Des 2023, 06:20 WIB').shape  // hash of 'oleh W diperbarui 0 M 0 W'
 */
export function lineKeysOf(text: string): LineKeys {
  const words = text.match(WORD) ?? [];
  if (words.length === 0) return { line: hashKey(`p|${text.trim()}`), shape: null, label: null };
  const folded: string[] = [];
  const shape: string[] = [];
  let plain = 0;
  let names = 0;
  words.forEach((word, i) => {
    const token = foldedToken(word);
    pushCollapsed(folded, token);
    if (i > 0 && token.length > 1 && UPPER_START.test(word)) {
      pushCollapsed(shape, 'W');
      names++;
    } else {
      pushCollapsed(shape, token);
      if (token.length > 1 && token !== '0') plain++;
    }
  });
  const labelMatch = LABEL.exec(text.trim());
  const label =
    labelMatch && isLabel(labelMatch[1] ?? '', labelMatch[2] ?? '') ? hashKey(`l|${(labelMatch[1] ?? '').match(WORD)?.map(foldedToken).join(' ')}`) : null;
  return {
    line: hashKey(`w|${folded.join(' ')}`),
    shape: names > 0 && plain >= 2 ? hashKey(`s|${shape.join(' ')}`) : null,
    label,
  };
}

function foldedToken(word: string): string {
  if (NUMERIC.test(word)) return '0';
  const folded = foldText(word);
  if (monthOf(folded) !== undefined) return 'M';
  if (WEEKDAYS.has(folded)) return 'D';
  return folded;
}

/** Runs of one folded token (`0 0 0` from a date, `W W` from a name) count as one. */
function pushCollapsed(tokens: string[], token: string): void {
  if ((token === '0' || token === 'W') && tokens[tokens.length - 1] === token) return;
  tokens.push(token);
}

/** A short label (at most four words, with letters) before a headline-like rest. */
function isLabel(label: string, rest: string): boolean {
  const words = label.match(WORD) ?? [];
  return words.length >= 1 && words.length <= 4 && /\p{L}/u.test(label) && isHeadlineLike(rest);
}

/** FNV-1a, 32 bits, as 8 hex digits: collisions among a publisher's few hundred template keys are negligible. */
export function hashKey(text: string): string {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return (hash >>> 0).toString(16).padStart(8, '0');
}

/** One line as the learner and the applier see it, on its own (a table row needs its neighbours: see observeLines). */
export function observeLine(text: string): LineObservation {
  const t = text.trim();
  return {
    keys: lineKeysOf(t),
    prose: isParagraphLike(t),
    sentence: isSentence(t),
    content: isDateline(t),
    raw: hashKey(t),
    headline: isHeadlineLike(t) && (t.match(LETTER_WORD)?.length ?? 0) >= 5,
  };
}

const LETTER_WORD = /\p{L}[\p{L}\p{M}]+/gu;

/**
 * An article's lines observed (null for empty lines), with table rows marked as content: a line of
 * cells next to another with about as many cells is a table, however often its rows recur; a lone
 * line of cells (`Senin, 3 Februari | English | Bahasa`) is a switcher or a menu.
 */
export function observeLines(lines: readonly string[]): (LineObservation | null)[] {
  const observed = lines.map((l) => (l.trim() === '' ? null : observeLine(l)));
  const cells = lines.map(cellCount);
  const present = observed.flatMap((o, i) => (o ? [i] : []));
  present.forEach((i, k) => {
    const o = observed[i];
    const c = cells[i] ?? 0;
    if (!o || c < 2) return;
    const near = [present[k - 1], present[k + 1]].some((j) => j !== undefined && Math.abs((cells[j] ?? 0) - c) <= 1 && (cells[j] ?? 0) >= 2);
    if (near) o.content = true;
  });
  return observed;
}

const SENTENCE_END = /[.!?…。؟۔]["”'’»)\]]*$/u;

/** Five words or more, ending as a sentence ends. */
function isSentence(text: string): boolean {
  const t = text.trim();
  return SENTENCE_END.test(t) && (t.match(WORD)?.length ?? 0) >= 5;
}

/** The non-empty lines of an article, observed. `lines` as the cleaner splits them (trimmed). */
export function observeArticle(lines: readonly string[], withTexts = false): ArticleObservation {
  const observed = observeLines(lines);
  const kept = observed.filter((o): o is LineObservation => o !== null);
  return withTexts ? { lines: kept, texts: lines.filter((l) => l.trim() !== '') } : { lines: kept };
}

/** Separators of a line of cells: bars or tabs. */
function cellCount(text: string): number {
  let n = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x7c || c === 0x09) n++;
  }
  return n;
}

/** A dateline on its own line (`JAKARTA, KOMPAS.com -`): content, however often it recurs. */
function isDateline(text: string): boolean {
  const t = text.trim();
  // The dateline pattern wants the lead after the dash; alone on its line, nothing follows.
  const dateline = DATELINE_HEAD.exec(`${t} `);
  const place = dateline?.[1] ?? '';
  // A date before the bar (`Senin, 3 Februari 2025 |`) makes a switcher, not a place.
  if (dateline === null || /\p{N}/u.test(place)) return false;
  return t.length + 1 - dateline[0].length < 3 || /[,(]/.test(place);
}

/**
 * A line observation as stored per article: `[line, shape, label, raw, flags]`, and the line's text
 * last when it is kept (a short line, or one the template already took: the publisher's furniture,
 * never the article's prose). About 40 bytes a line without text.
 */
export type PackedLine = [string, string, string, string, number] | [string, string, string, string, number, string];

const FLAGS = ['prose', 'sentence', 'content', 'headline'] as const;

export function packLine(line: LineObservation, text?: string): PackedLine {
  const flags = FLAGS.reduce((n, f, i) => (line[f] ? n | (1 << i) : n), 0);
  const packed: PackedLine = [line.keys.line, line.keys.shape ?? '', line.keys.label ?? '', line.raw, flags];
  return text === undefined ? packed : [...packed, text];
}

export function unpackLine(packed: readonly unknown[]): { observation: LineObservation; text?: string } {
  const [line, shape, label, raw, flags, text] = packed as [string, string, string, string, number, string | undefined];
  const has = (f: (typeof FLAGS)[number]) => (flags & (1 << FLAGS.indexOf(f))) !== 0;
  const observation: LineObservation = {
    keys: { line, shape: shape || null, label: label || null },
    prose: has('prose'),
    sentence: has('sentence'),
    content: has('content'),
    headline: has('headline'),
    raw,
  };
  return text === undefined ? { observation } : { observation, text };
}

/** An article's observation as stored: its non-empty texts kept (the producer decides which lines keep theirs). */
export function packObservation(observation: ArticleObservation): PackedLine[] {
  return observation.lines.map((line, i) => packLine(line, observation.texts?.[i] || undefined));
}

export function unpackObservation(lines: readonly (readonly unknown[])[]): ArticleObservation {
  const unpacked = lines.map(unpackLine);
  const texts = unpacked.map((u) => u.text ?? '');
  return { lines: unpacked.map((u) => u.observation), ...(unpacked.some((u) => u.text !== undefined) ? { texts } : {}) };
}

// ---------------------------------------------------------------------------------------------
// Learning

type Zone = 'head' | 'inside' | 'tail';

interface Tally {
  kind: EntryKind;
  key: string;
  clusters: Set<number>;
  weight: number;
  head: number;
  inside: number;
  tail: number;
  prose: number;
  newest: number;
  /** For a shape or label: the line key it was first seen with (a shape that never generalises is that line again). */
  firstLine?: string;
  firstRaw?: string;
  varies: boolean;
  text?: string;
}

/**
 * Learns a publisher's template from its articles, oldest first. Pins (an editor's decisions)
 * are kept as they are. Deterministic: the same articles and pins give the same template.
 *
 * @example
 *   learnTemplate(articles.map((text) => observeArticle(text.split('\n'), true)), { publisher: 'antara' })
 *   // → { version: '3f9a…', entries: [{ kind: 'line', text: 'Baca juga', short: 'anywhere', sentence: null, … }, …] }
 */
export function learnTemplate(
  articles: readonly ArticleObservation[],
  options: { publisher?: string | null; pins?: readonly TemplatePin[]; settings?: Partial<TemplateSettings> } = {},
): PublisherTemplate {
  const settings = { ...DEFAULT_TEMPLATE_SETTINGS, ...options.settings };
  const window = articles.slice(-settings.window);
  const n = window.length;
  const cluster = nearCopyClusters(window, settings.nearCopyShare);
  const weightOf = (i: number) => 0.5 ** ((n - 1 - i) / settings.halfLife);
  // A cluster weighs as its newest member; the total is over clusters, as the counts are.
  const clusterWeight = new Map<number, number>();
  window.forEach((_, i) => {
    clusterWeight.set(cluster[i] ?? i, weightOf(i));
  });
  const totalWeight = [...clusterWeight.values()].reduce((a, b) => a + b, 0);

  // Pass 1: in how many articles (clusters) each key occurs.
  const tallies = new Map<string, Tally>();
  const tally = (kind: EntryKind, key: string): Tally => {
    const id = `${kind}:${key}`;
    let t = tallies.get(id);
    if (!t) {
      t = { kind, key, clusters: new Set(), weight: 0, head: 0, inside: 0, tail: 0, prose: 0, newest: -1, varies: false };
      tallies.set(id, t);
    }
    return t;
  };
  window.forEach((article, i) => {
    const c = cluster[i] ?? i;
    for (const line of article.lines) {
      for (const [kind, key] of keyList(line.keys)) {
        const t = tally(kind, key);
        if (kind !== 'line') t.firstLine ??= line.keys.line;
        t.firstRaw ??= line.raw;
        if (t.firstRaw !== line.raw) t.varies = true;
        if (!t.clusters.has(c)) {
          t.clusters.add(c);
          t.weight += clusterWeight.get(c) ?? 0;
        }
        t.newest = i;
      }
    }
  });
  const recurring = (kind: EntryKind, key: string) => (tallies.get(`${kind}:${key}`)?.clusters.size ?? 0) >= settings.minArticles;

  // Pass 2: where the recurring lines sit, relative to each article's own prose (its non-recurring sentences).
  for (const article of window) {
    const candidate = article.lines.map((l) => keyList(l.keys).some(([kind, key]) => recurring(kind, key)));
    const zones = zonesOf(article.lines.map((l, j) => ownOf(l, candidate[j] === true)));
    article.lines.forEach((line, j) => {
      if (!candidate[j]) return;
      for (const [kind, key] of keyList(line.keys)) {
        if (!recurring(kind, key)) continue;
        const t = tally(kind, key);
        t[zones[j] ?? 'head']++;
        if (line.prose) t.prose++;
        const text = article.texts?.[j];
        if (t.text === undefined && text) t.text = text;
      }
    });
  }

  const pins = new Map((options.pins ?? []).map((p) => [`${p.kind}:${p.key}`, p]));
  const entries: TemplateEntry[] = [];
  for (const t of tallies.values()) {
    const pin = pins.get(`${t.kind}:${t.key}`);
    if (t.clusters.size < settings.minArticles && !pin) continue;
    // A shape or label seen exactly where its first line was adds nothing to that line's entry.
    if (t.firstLine !== undefined && !pin && (tallies.get(`line:${t.firstLine}`)?.clusters.size ?? 0) >= t.clusters.size) continue;
    const share = totalWeight > 0 ? t.weight / totalWeight : 0;
    const lastSeen = t.newest < 0 ? n : n - 1 - t.newest;
    const seen = t.head + t.inside + t.tail;
    const active = t.clusters.size >= settings.minArticles && share >= settings.minShare && lastSeen < settings.staleAfter;
    const anywhere = active && t.clusters.size >= settings.minArticlesInside && share >= settings.minShareInside;
    const proseAnywhere = active && t.clusters.size >= settings.minArticlesProse && share >= settings.minShareProse;
    const proseOutside = seen > 0 && (t.head + t.tail) / seen >= settings.minOutsideShare;
    // A shape or label takes short lines only: one seen mostly on sentences (a templated sentence) acts on nothing.
    const fuzzyOfProse = t.kind !== 'line' && t.prose * 2 >= seen;
    const entry: TemplateEntry = {
      key: t.key,
      kind: t.kind,
      articles: t.clusters.size,
      share: round3(share),
      head: t.head,
      inside: t.inside,
      tail: t.tail,
      prose: t.prose,
      lastSeen,
      varies: t.varies,
      short: fuzzyOfProse ? null : anywhere ? 'anywhere' : active ? 'outside' : null,
      sentence: t.kind !== 'line' ? null : proseAnywhere ? 'anywhere' : active && proseOutside ? 'outside' : null,
    };
    if (pin) {
      entry.pinned = pin.pinned;
      pins.delete(`${t.kind}:${t.key}`);
    }
    const text = t.text ?? pin?.text;
    if (text !== undefined) entry.text = text;
    entries.push(entry);
  }
  // Pins for lines not seen in the window still hold.
  for (const pin of pins.values()) {
    entries.push({
      key: pin.key,
      kind: pin.kind,
      articles: 0,
      share: 0,
      head: 0,
      inside: 0,
      tail: 0,
      prose: 0,
      lastSeen: n,
      varies: false,
      short: null,
      sentence: null,
      pinned: pin.pinned,
      ...(pin.text === undefined ? {} : { text: pin.text }),
    });
  }
  entries.sort((a, b) => b.articles - a.articles || b.share - a.share || compareText(a.kind, b.kind) || compareText(a.key, b.key));
  const kept = entries.filter((e, i) => i < settings.maxEntries || e.pinned !== undefined);
  return {
    format: TEMPLATE_FORMAT,
    publisher: options.publisher ?? null,
    version: templateVersionOf(kept, settings),
    articles: n,
    settings,
    entries: kept,
  };
}

function keyList(keys: LineKeys): [EntryKind, string][] {
  const list: [EntryKind, string][] = [['line', keys.line]];
  if (keys.shape) list.push(['shape', keys.shape]);
  if (keys.label) list.push(['label', keys.label]);
  return list;
}

/** Other lines between two of the article's own prose lines that still keep them in one run (a caption, a link, an ad marker). */
const MAX_RUN_GAP = 4;

/** What zoning needs of a line: whether it is own prose (not in the template), or an own sentence. */
type Own = 'prose' | 'sentence' | null;

function ownOf(line: LineObservation | null | undefined, matched: boolean): Own {
  if (!line || matched) return null;
  return line.prose ? 'prose' : line.sentence ? 'sentence' : null;
}

/**
 * Zone of each line relative to the article's main run of own prose: the longest stretch of its
 * own prose lines (by count) with at most MAX_RUN_GAP other lines between neighbours, widened by
 * own sentences right next to it (a short closing sentence). An author's bio or a promo sentence
 * above the masthead is own prose too, but stands apart from the run.
 * Without own prose, the first half counts as head and the rest as tail.
 */
function zonesOf(own: readonly Own[]): Zone[] {
  const count = own.length;
  let best: [number, number, number] | null = null; // first, last, size
  let start = -1;
  let last = -1;
  let size = 0;
  for (let j = 0; j <= count; j++) {
    if (j < count && own[j] !== 'prose') continue;
    if (j < count && start >= 0 && j - last - 1 <= MAX_RUN_GAP) {
      last = j;
      size++;
      continue;
    }
    if (start >= 0 && (best === null || size > best[2])) best = [start, last, size];
    if (j < count) {
      start = j;
      last = j;
      size = 1;
    }
  }
  if (best === null) return Array.from({ length: count }, (_, j) => (j < count / 2 ? 'head' : 'tail'));
  let [first, end] = best;
  while (first > 0 && own[first - 1] === 'sentence') first--;
  while (end < count - 1 && own[end + 1] === 'sentence') end++;
  return Array.from({ length: count }, (_, j) => (j < first ? 'head' : j > end ? 'tail' : 'inside'));
}

/**
 * Groups near-copies (an article uploaded again, updated, or syndicated twice): articles that
 * share at least `minShare` of the smaller one's story lines, word for word (not by key: stories
 * written to a formula differ only in their numbers). A story line is a prose line found in only
 * a few articles: the publisher's own sentences (a notice, a promo) are in most, and say nothing
 * about which articles are copies. Each article gets the index of the first article of its group.
 * Linear: each story line remembers the first article that had it.
 */
function nearCopyClusters(articles: readonly ArticleObservation[], minShare: number): number[] {
  const proseOf = articles.map((a) => new Set(a.lines.filter((l) => l.prose).map((l) => l.raw)));
  const seenIn = new Map<string, number>();
  for (const lines of proseOf) for (const raw of lines) seenIn.set(raw, (seenIn.get(raw) ?? 0) + 1);
  const fewArticles = Math.max(3, 0.2 * articles.length);
  const storyOf = proseOf.map((lines) => [...lines].filter((raw) => (seenIn.get(raw) ?? 0) < fewArticles));
  const firstWith = new Map<string, number>();
  const cluster: number[] = [];
  storyOf.forEach((story, i) => {
    const shared = new Map<number, number>();
    for (const raw of story) {
      const j = firstWith.get(raw);
      if (j === undefined) firstWith.set(raw, i);
      else shared.set(j, (shared.get(j) ?? 0) + 1);
    }
    let best = i;
    for (const [j, count] of shared) {
      const smaller = Math.min(story.length, storyOf[j]?.length ?? 0);
      if (count >= 2 && smaller > 0 && count / smaller >= minShare) {
        best = cluster[j] ?? j;
        break;
      }
    }
    cluster.push(best);
  });
  return cluster;
}

/** 12 hex digits over what the template acts on (active entries and pins) and how: counts alone do not change it. */
export function templateVersionOf(entries: readonly TemplateEntry[], settings: TemplateSettings): string {
  const acting = entries
    .filter((e) => e.short !== null || e.sentence !== null || e.pinned !== undefined)
    .map((e) => `${e.kind}:${e.key}:${e.pinned ?? `${e.short}/${e.sentence}`}:${e.varies ? 'v' : ''}`)
    .sort();
  const basis = [`format ${TEMPLATE_FORMAT}`, `inside ${settings.minArticlesInside}`, ...acting].join('\n');
  // Two independent 32-bit hashes make the 12 digits: versions of one publisher never collide in practice.
  return (hashKey(basis) + hashKey(`${basis}\n#`)).slice(0, 12);
}

function round3(x: number): number {
  return Math.round(x * 1000) / 1000;
}

function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

// ---------------------------------------------------------------------------------------------
// Applying

/** The template's verdict on one line of an article. */
export interface TemplateDecision {
  /** Removed as template junk: the entry that matched. */
  remove: TemplateEntry | null;
  /** Matched by its shape or label, not as the line itself: never the article's title (the cleaner checks). */
  fuzzy: boolean;
  /** One of the article's own prose lines (not in the template, inside its prose run). */
  own: boolean;
}

/** The reason a removal carries: `publisher-template:<version>`. */
export function templateReasonOf(template: PublisherTemplate): string {
  return `publisher-template:${template.version}`;
}

/**
 * Indexes a template's entries by kind and key, once per template: applying it is then O(lines).
 */
export class TemplateIndex {
  readonly template: PublisherTemplate;
  readonly #entries = new Map<string, TemplateEntry>();

  constructor(template: PublisherTemplate) {
    this.template = template;
    for (const e of template.entries) this.#entries.set(`${e.kind}:${e.key}`, e);
  }

  /** The entry acting on a line: its own key first, then its shape, then its label; pinned keeps stop the search. */
  match(keys: LineKeys): TemplateEntry | null {
    for (const [kind, key] of keyList(keys)) {
      const entry = this.#entries.get(`${kind}:${key}`);
      if (!entry) continue;
      if (entry.pinned === 'keep') return null;
      if (entry.pinned === 'junk' || entry.short !== null || entry.sentence !== null) return entry;
    }
    return null;
  }

  /**
   * The verdict on each line (as the cleaner splits them; empty lines get none).
   *
   * @example
   *   index.decide(['Baca berita tanpa iklan', 'Judul', 'JAKARTA - Isi berita …'])
   *   // → [{ remove: entry, own: false }, { remove: null, own: false }, { remove: null, own: true }]
   */
  decide(lines: readonly string[]): (TemplateDecision | null)[] {
    return this.decideObserved(observeLines(lines));
  }

  /** As `decide`, on lines already observed (null for empty lines). */
  decideObserved(observed: readonly (LineObservation | null)[]): (TemplateDecision | null)[] {
    const matches = observed.map((o) => (o ? this.match(o.keys) : null));
    // Zones count non-empty lines only, as learning does.
    const present = observed.flatMap((o, i) => (o ? [i] : []));
    const compact = zonesOf(present.map((i) => ownOf(observed[i], matches[i] !== null)));
    const zones: Zone[] = [];
    present.forEach((i, k) => {
      zones[i] = compact[k] ?? 'head';
    });
    return observed.map((o, i) => {
      if (!o) return null;
      const entry = matches[i] ?? null;
      const zone = zones[i] ?? 'head';
      const own = entry === null && zone === 'inside' && (o.prose || o.sentence);
      if (!entry) return { remove: null, fuzzy: false, own };
      const fuzzy = entry.kind !== 'line';
      if (entry.pinned === 'junk') return { remove: entry, fuzzy, own: false };
      return { remove: removes(entry, o, zone) ? entry : null, fuzzy, own: false };
    });
  }
}

/** Whether a matched line goes: the article's own text survives (see the module comment). */
function removes(entry: TemplateEntry, line: LineObservation, zone: Zone): boolean {
  if (line.content) return false;
  // A shape or a label stands for many lines: it takes short ones only, never a sentence.
  if (entry.kind !== 'line' && (line.prose || line.sentence)) return false;
  // Text whose numbers change from one article to the next is written to a formula, not pasted:
  // a series' title (`Cuaca Jakarta, Senin 3 Februari`), a market report's sentence. Its own text.
  if (entry.kind === 'line' && entry.varies && (line.headline || line.prose || line.sentence)) return false;
  const scope = line.prose || line.sentence ? entry.sentence : entry.short;
  return scope === 'anywhere' || (scope === 'outside' && zone !== 'inside');
}
