/**
 * The junk scraped articles carry INSIDE the text (under the title, between paragraphs), by kind:
 * photo captions (a descriptive sentence with a credit, or a bare noun phrase), credit-only lines,
 * wire-photo slugs, section labels and bylines above the headline, embedded posts quoted as text,
 * ad markers, "read also" lines, app and channel promos, legal footers. Written for this project in
 * twelve languages with made-up names and places (none copied from a real page), kept as data in
 * `data/inline-junk.json`; dataset.ts injects them into corpus articles at training time.
 *
 * Placeholders as in chrome.ts, plus `{place}` (a made-up place), `{agency}` (a made-up or generic
 * agency), `{handle}` (a made-up account), `{topic}` (a capitalised topic word).
 */
import junkData from './data/inline-junk.json' with { type: 'json' };

export interface InlineJunk {
  /** A descriptive caption sentence, without its credit. */
  captionSentence: string[];
  /** A bare noun-phrase caption. */
  captionNoun: string[];
  /** The word for "photo" in a credit ("Photo", "Foto", …). */
  photo: string[];
  /** Section labels that sit above a headline. */
  section: string[];
  /** Bylines and datelines with the outlet's name (above or under the headline). */
  byline: string[];
  /** The word an ad marker carries. */
  ad: string[];
  /** "Read also:"-like prefixes for a single related headline. */
  readAlso: string[];
  /** More promos: channels, apps, alerts. */
  promo: string[];
  /** Legal, DMCA and copyright lines. */
  legal: string[];
  /** Comment lines with a user name. */
  comment: string[];
  /** UI widgets. */
  widget: string[];
  /** Words for wire-photo slugs and section labels, capitalised. */
  topics: string[];
  /** Sign-ups, contributor and editor's notes, published/updated stamps, appeals, back-to-top, video promos. */
  extra: string[];
  /** Awards and badges a masthead carries. */
  badge: string[];
}

/** Per language (data/inline-junk.json, written for this project). */
export const INLINE_JUNK: Record<string, InlineJunk> = junkData.languages;

/** Made-up places and agencies; generic social networks (names every language writes the same). */
const PLACES: readonly string[] = junkData.places;
const AGENCIES: readonly string[] = junkData.agencies;
const NETWORKS: readonly string[] = junkData.networks;
const HANDLE_PARTS: readonly string[] = junkData.handleParts;

type Random = () => number;
const pickOf = <T>(random: Random, items: readonly T[]): T => items[Math.floor(random() * items.length)] as T;

export function madeUpPlace(random: Random): string {
  return pickOf(random, PLACES);
}

export function madeUpAgency(random: Random): string {
  return pickOf(random, AGENCIES);
}

export function madeUpHandle(random: Random, outlet: string): string {
  return `@${outlet.replace(/\s+/g, '').toLowerCase()}${random() < 0.5 ? pickOf(random, HANDLE_PARTS) : ''}`;
}

/** A share row: network names run together, spaced, piped or bulleted. */
export function shareRow(random: Random): string[] {
  const n = 2 + Math.floor(random() * 5);
  const names = [...NETWORKS].sort(() => random() - 0.5).slice(0, n);
  const style = random();
  if (style < 0.3) return [names.join('')];
  if (style < 0.5) return [names.join(' ')];
  if (style < 0.65) return [names.join(' | ')];
  // Bullet + network name, one per line.
  return names.map((name) => `${random() < 0.5 ? '•' : '-'} ${name}`);
}

/** An ad marker, bare, bracketed or dashed. */
export function adMarker(random: Random, word: string): string {
  const style = random();
  if (style < 0.25) return word;
  if (style < 0.45) return `[${word}]`;
  if (style < 0.6) return `(${word})`;
  if (style < 0.8) return `- ${word} -`;
  if (style < 0.9) return `— ${word} —`;
  return `--- ${word} ---`;
}

/** A photo credit alone: "Photo: Name / Agency", "Name / Agency via Getty Images", "(AFP)", "FILE – …". */
export function creditLine(random: Random, photo: string, user: string, agency: string, caption: string): string {
  const style = random();
  if (style < 0.2) return `${photo}: ${user}/${agency}`;
  if (style < 0.35) return `${user} / ${agency} via Getty Images`;
  if (style < 0.45) return `(${photo}: ${agency})`;
  if (style < 0.55) return `${photo.toUpperCase()}: ${agency.toUpperCase()}/${user.toUpperCase()}`;
  if (style < 0.7) return `FILE – ${caption}`;
  if (style < 0.8) return `${agency}/${user}`;
  if (style < 0.9) return `© ${agency}`;
  return `${photo}: ${agency}`;
}

/** A caption: a descriptive sentence or a bare noun phrase, with or without its credit. */
export function captionLine(random: Random, sentence: string, photo: string, user: string, agency: string): string {
  const style = random();
  const end = /[.!?]$/.test(sentence) ? sentence : `${sentence}.`;
  if (style < 0.3) return `${end} ${photo}: ${user}/${agency}`;
  if (style < 0.5) return `${end} (${photo}: ${agency})`;
  if (style < 0.65) return `${sentence} | ${photo}: ${agency}`;
  if (style < 0.8) return `${end} ${user}/${agency}`;
  if (style < 0.9) return `${sentence} (${agency})`;
  return `${end} © ${agency}`;
}

/** A wire-photo slug in capitals: "TOPIC-PLACE/", "PLACE-TOPIC/TOPIC". */
export function wireSlug(random: Random, topics: readonly string[], place: string): string {
  const a = pickOf(random, topics);
  const b = pickOf(random, topics);
  const p = place.toUpperCase().replace(/\s+/g, '-');
  const style = random();
  if (style < 0.4) return `${p}-${a}/`;
  if (style < 0.7) return `${a}-${p}/${b}`;
  return `${a}/${p}`;
}

/** An embedded post quoted as text: the post, then its signature line. */
export function embeddedPost(random: Random, user: string, handle: string, date: string, sentence: string): string[] {
  const lines = [`${sentence}${random() < 0.5 ? ` pic.twitter.com/${Math.floor(random() * 1e9).toString(36)}` : ''}`];
  lines.push(`— ${user} (${handle}) ${date}`);
  if (random() < 0.4) lines.push(`${handle}`);
  return lines;
}

/** Separators, bare links and editors' initials: junk with no words. */
export function bareJunk(random: Random, outlet: string, topics: readonly string[]): string {
  const style = random();
  if (style < 0.3) return pickOf(random, ['___', '***', '* * *', '—', '###']);
  if (style < 0.65)
    return `https://www.${outlet.replace(/\s+/g, '').toLowerCase()}.com/${pickOf(random, topics).toLowerCase()}/20${20 + Math.floor(random() * 6)}/${Math.floor(random() * 1e6)}/${pickOf(random, PLACES).toLowerCase().replace(/\s+/g, '-')}`;
  const initials = () => Array.from({ length: 2 + Math.floor(random() * 2) }, () => String.fromCharCode(97 + Math.floor(random() * 26))).join('');
  return `(${initials()}/${initials()})`;
}
