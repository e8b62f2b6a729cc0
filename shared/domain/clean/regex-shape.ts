/**
 * Static facts about a data-file regex pattern, so callers can skip patterns that cannot match
 * a line before running them: the length range of what it matches (in code points), the
 * characters it can start with, and a literal it must contain. The analysis is conservative:
 * syntax it does not understand (backreferences, unusual escapes) yields "unknown", which
 * never prunes, so a pattern is only skipped when it provably cannot match.
 */

/** What a pattern can match, as far as the analysis can tell. */
export interface PatternShape {
  /** Fewest code points a match spans. */
  minLength: number;
  /** Most code points a match spans; Infinity when unbounded or unknown. */
  maxLength: number;
  /**
   * Sources of the atoms a match can begin with (`'b'`, `'\\d'`, `'[\\p{L}\' ]'`), or null when a
   * match may begin with anything (or be empty).
   */
  firstAtoms: string[] | null;
  /** An ASCII literal (lower case when `caseInsensitive`) that every match contains, or null. */
  requiredLiteral: string | null;
  /** Further literals every match contains (the longest is also `requiredLiteral`). */
  requiredLiterals: string[];
  /** Sets of caseless characters (`'>»›'`): every match contains at least one character of each set. */
  requiredCharacterSets: string[];
  /**
   * Sets of ASCII literals (lower case when `caseInsensitive`), one per alternative of a required
   * group (`(?:we use cookies|çerez kullan)` → `['we use cookies', ' kullan']`): every match contains
   * at least one literal of each set.
   */
  requiredLiteralSets: string[][];
  /** Every alternative starts with `^`: a match can only start at the beginning of the text. */
  anchoredAtStart: boolean;
}

interface Item {
  kind: 'atom' | 'group' | 'assertion';
  /** For atoms: the source of one character matcher (`a`, `\\.`, `[^()]`, `.`). */
  source: string;
  /** For atoms: the literal character it matches, when it is one plain character. */
  literal: string | null;
  alternatives: Item[][];
  min: number;
  max: number;
}

class UnsupportedSyntax extends Error {}

const UNKNOWN: PatternShape = {
  minLength: 0,
  maxLength: Infinity,
  firstAtoms: null,
  requiredLiteral: null,
  requiredLiterals: [],
  requiredCharacterSets: [],
  requiredLiteralSets: [],
  anchoredAtStart: false,
};

/**
 * Shape of one pattern (written for the `u` flag).
 *
 * @example
 *   shapeOf('sign up(?: now)?[:!]?.{0,120}', true)
 *   // → { minLength: 7, maxLength: 132, firstAtoms: ['s'], requiredLiteral: 'sign up' }
 */
export function shapeOf(pattern: string, caseInsensitive: boolean): PatternShape {
  try {
    const parser = new Parser(pattern);
    const alternatives = parser.parseAlternatives();
    if (parser.pos !== pattern.length) return UNKNOWN;
    const { min, max } = lengthOfAlternatives(alternatives);
    const first = firstAtomsOf(alternatives);
    const literals: string[] = [];
    const sets: string[] = [];
    const literalSets: string[][] = [];
    if (alternatives.length === 1) collectRequired(alternatives[0] ?? [], literals, sets, literalSets);
    else pushLiteralSet(alternatives, literalSets);
    const fold = (l: string) => (caseInsensitive ? l.toLowerCase() : l);
    const folded = literals.map(fold);
    const longest = folded.reduce<string | null>((best, l) => (best === null || l.length > best.length ? l : best), null);
    return {
      minLength: min,
      maxLength: max,
      firstAtoms: first.canBeEmpty ? null : first.atoms,
      requiredLiteral: longest,
      requiredLiterals: folded,
      requiredCharacterSets: sets,
      requiredLiteralSets: literalSets.map((set) => set.map(fold)),
      anchoredAtStart: alternatives.every((sequence) => sequence[0]?.kind === 'assertion' && sequence[0].source === '^'),
    };
  } catch (error) {
    if (error instanceof UnsupportedSyntax) return UNKNOWN;
    throw error;
  }
}

class Parser {
  pos = 0;
  constructor(private readonly src: string) {}

  parseAlternatives(): Item[][] {
    const alternatives: Item[][] = [this.parseSequence()];
    while (this.src[this.pos] === '|') {
      this.pos++;
      alternatives.push(this.parseSequence());
    }
    return alternatives;
  }

  private parseSequence(): Item[] {
    const items: Item[] = [];
    while (this.pos < this.src.length && this.src[this.pos] !== '|' && this.src[this.pos] !== ')') {
      const item = this.parseTerm();
      this.parseQuantifier(item);
      items.push(item);
    }
    return items;
  }

  private parseTerm(): Item {
    const src = this.src;
    const ch = src[this.pos] ?? '';
    const start = this.pos;
    if (ch === '(') {
      this.pos++;
      let assertion = false;
      if (src.startsWith('?:', this.pos)) this.pos += 2;
      else if (src.startsWith('?=', this.pos) || src.startsWith('?!', this.pos)) {
        this.pos += 2;
        assertion = true;
      } else if (src.startsWith('?<=', this.pos) || src.startsWith('?<!', this.pos)) {
        this.pos += 3;
        assertion = true;
      } else if (src.startsWith('?<', this.pos)) {
        const end = src.indexOf('>', this.pos);
        if (end < 0) throw new UnsupportedSyntax();
        this.pos = end + 1;
      } else if (src[this.pos] === '?') throw new UnsupportedSyntax();
      const alternatives = this.parseAlternatives();
      if (src[this.pos] !== ')') throw new UnsupportedSyntax();
      this.pos++;
      return assertion ? assertionItem() : { kind: 'group', source: '', literal: null, alternatives, min: 1, max: 1 };
    }
    if (ch === '^' || ch === '$') {
      this.pos++;
      return { ...assertionItem(), source: ch };
    }
    if (ch === '[') {
      this.pos++;
      if (src[this.pos] === '^') this.pos++;
      if (src[this.pos] === ']') this.pos++;
      while (this.pos < src.length && src[this.pos] !== ']') {
        if (src[this.pos] === '\\') this.skipEscape();
        else if (src[this.pos] === '[') throw new UnsupportedSyntax();
        else this.pos++;
      }
      if (src[this.pos] !== ']') throw new UnsupportedSyntax();
      this.pos++;
      return atom(src.slice(start, this.pos), null);
    }
    if (ch === '\\') {
      const next = src[this.pos + 1] ?? '';
      if (next === 'b' || next === 'B') {
        this.pos += 2;
        return assertionItem();
      }
      this.skipEscape();
      const escaped = src.slice(start, this.pos);
      return atom(escaped, escaped.length === 2 && /^[\p{P}\p{S}]$/u.test(next) ? next : null);
    }
    if (ch === '*' || ch === '+' || ch === '?' || ch === '{' || ch === ')' || ch === ']' || ch === '}') throw new UnsupportedSyntax();
    const codePoint = src.codePointAt(this.pos) ?? 0;
    this.pos += codePoint > 0xffff ? 2 : 1;
    const text = src.slice(start, this.pos);
    return atom(text, ch === '.' ? null : text);
  }

  /** Moves past one escape that matches a single character; anything else is unsupported. */
  private skipEscape(): void {
    const src = this.src;
    const next = src[this.pos + 1] ?? '';
    if (next === 'p' || next === 'P') {
      const end = src.indexOf('}', this.pos);
      if (src[this.pos + 2] !== '{' || end < 0) throw new UnsupportedSyntax();
      this.pos = end + 1;
    } else if (next === 'u') {
      const braced = /^\\u\{[0-9a-fA-F]{1,6}\}|^\\u[0-9a-fA-F]{4}/.exec(src.slice(this.pos, this.pos + 10));
      if (!braced) throw new UnsupportedSyntax();
      this.pos += braced[0].length;
    } else if (next === 'x') {
      if (!/^[0-9a-fA-F]{2}$/.test(src.slice(this.pos + 2, this.pos + 4))) throw new UnsupportedSyntax();
      this.pos += 4;
    } else if ('dDwWsStnrfv0'.includes(next) || /^[\p{P}\p{S}]$/u.test(next)) {
      this.pos += 2;
    } else throw new UnsupportedSyntax();
  }

  private parseQuantifier(item: Item): void {
    const src = this.src;
    const ch = src[this.pos];
    let min = 1;
    let max = 1;
    if (ch === '*') [min, max] = [0, Infinity];
    else if (ch === '+') [min, max] = [1, Infinity];
    else if (ch === '?') [min, max] = [0, 1];
    else if (ch === '{') {
      const m = /^\{(\d+)(,(\d*))?\}/.exec(src.slice(this.pos, this.pos + 20));
      if (!m) throw new UnsupportedSyntax();
      min = Number(m[1]);
      max = m[2] === undefined ? min : m[3] ? Number(m[3]) : Infinity;
      this.pos += m[0].length - 1;
    } else return;
    this.pos++;
    if (src[this.pos] === '?') this.pos++;
    if (item.kind === 'assertion') return;
    item.min = min;
    item.max = max;
  }
}

/**
 * A text as pattern prefilters see it, with its lower case (as a case-insensitive `u` regex sees
 * ASCII letters: toLowerCase, plus ſ folded with s) computed at most once.
 */
export class PrefilterText {
  private folded: string | null = null;
  private lowerCased: string | null;
  /** `lower`, when given, is `text.toLowerCase()` the caller already has. */
  constructor(
    readonly text: string,
    lower: string | null = null,
  ) {
    this.lowerCased = lower;
  }

  /** `text.toLowerCase()`, computed once: other line checks can share it. */
  get plainLower(): string {
    this.lowerCased ??= this.text.toLowerCase();
    return this.lowerCased;
  }

  get lower(): string {
    if (this.folded === null) {
      const lower = this.plainLower;
      this.folded = lower.includes('ſ') ? lower.replaceAll('ſ', 's') : lower;
    }
    return this.folded;
  }
}

/**
 * Whether a text passes a shape's literal and character-set requirements; false means the
 * pattern cannot match anywhere in it.
 * `mayContainMatch(shapeOf('\\.com/', true), true, new PrefilterText('a.COM/b'))` → true.
 */
export function mayContainMatch(shape: PatternShape, caseInsensitive: boolean, view: PrefilterText): boolean {
  const literals = shape.requiredLiterals;
  if (literals.length > 0) {
    const haystack = caseInsensitive ? view.lower : view.text;
    for (let i = 0; i < literals.length; i++) if (!haystack.includes(literals[i] ?? '')) return false;
  }
  const sets = shape.requiredCharacterSets;
  for (let i = 0; i < sets.length; i++) if (!containsAnyOf(view.text, sets[i] ?? '')) return false;
  const literalSets = shape.requiredLiteralSets;
  if (literalSets.length > 0) {
    const haystack = caseInsensitive ? view.lower : view.text;
    for (let i = 0; i < literalSets.length; i++) if (!containsAnyLiteral(haystack, literalSets[i] ?? [])) return false;
  }
  return true;
}

function containsAnyLiteral(text: string, literals: readonly string[]): boolean {
  for (let i = 0; i < literals.length; i++) if (text.includes(literals[i] ?? '')) return true;
  return false;
}

function containsAnyOf(text: string, characters: string): boolean {
  for (let i = 0; i < characters.length; i++) if (text.includes(characters.charAt(i))) return true;
  return false;
}

function atom(source: string, literal: string | null): Item {
  return { kind: 'atom', source, literal, alternatives: [], min: 1, max: 1 };
}

function assertionItem(): Item {
  return { kind: 'assertion', source: '', literal: null, alternatives: [], min: 0, max: 0 };
}

function lengthOfAlternatives(alternatives: Item[][]): { min: number; max: number } {
  let min = Infinity;
  let max = 0;
  for (const sequence of alternatives) {
    let seqMin = 0;
    let seqMax = 0;
    for (const item of sequence) {
      if (item.kind === 'assertion') continue;
      const one = item.kind === 'atom' ? { min: 1, max: 1 } : lengthOfAlternatives(item.alternatives);
      seqMin += one.min * item.min;
      seqMax += item.max === 0 ? 0 : one.max * item.max;
    }
    min = Math.min(min, seqMin);
    max = Math.max(max, seqMax);
  }
  return { min: min === Infinity ? 0 : min, max };
}

function firstAtomsOf(alternatives: Item[][]): { atoms: string[]; canBeEmpty: boolean } {
  const atoms: string[] = [];
  let canBeEmpty = false;
  for (const sequence of alternatives) {
    let sequenceCanBeEmpty = true;
    for (const item of sequence) {
      // Assertions constrain where a match starts, never widen what it starts with: skipping them is safe.
      if (item.kind === 'assertion') continue;
      let itemCanBeEmpty = item.min === 0;
      if (item.kind === 'atom') atoms.push(item.source);
      else {
        const inner = firstAtomsOf(item.alternatives);
        atoms.push(...inner.atoms);
        itemCanBeEmpty ||= inner.canBeEmpty;
      }
      if (!itemCanBeEmpty) {
        sequenceCanBeEmpty = false;
        break;
      }
    }
    canBeEmpty ||= sequenceCanBeEmpty;
  }
  return { atoms, canBeEmpty };
}

/**
 * Literals and character sets every match of `sequence` contains: runs of plain ASCII characters
 * each required exactly once, and positive classes of caseless characters (`[>»›]`), looking
 * into groups that must match at least once and have a single alternative.
 */
function collectRequired(sequence: Item[], literals: string[], sets: string[], literalSets: string[][]): void {
  let run = '';
  const endRun = () => {
    if (run) literals.push(run);
    run = '';
  };
  for (const item of sequence) {
    if (item.kind === 'assertion') continue;
    const char = item.kind === 'atom' && item.min === 1 && item.max === 1 ? item.literal : null;
    if (char !== null && /^[\x20-\x7e]$/.test(char)) {
      run += char;
      continue;
    }
    endRun();
    if (item.min < 1) continue;
    if (item.kind === 'group' && item.alternatives.length === 1) collectRequired(item.alternatives[0] ?? [], literals, sets, literalSets);
    else if (item.kind === 'group') pushLiteralSet(item.alternatives, literalSets);
    else if (item.kind === 'atom') {
      const set = caselessClass(item.source);
      if (set) sets.push(set);
    }
  }
  endRun();
}

/**
 * A group every match passes through: when each alternative requires a literal, a match contains
 * one of them (the longest of each alternative). An alternative without one makes the set useless.
 */
function pushLiteralSet(alternatives: Item[][], literalSets: string[][]): void {
  const set: string[] = [];
  for (const alternative of alternatives) {
    const literals: string[] = [];
    collectRequired(alternative, literals, [], []);
    const longest = literals.reduce((best, l) => (l.length > best.length ? l : best), '');
    if (longest === '') return;
    set.push(longest);
  }
  literalSets.push(set);
}

/** `'[>»›]'` → `'>»›'`: a positive class of plain characters without case; null for anything else. */
function caselessClass(source: string): string | null {
  if (!source.startsWith('[') || source.startsWith('[^')) return null;
  const chars = [...source.slice(1, -1)];
  if (chars.length === 0) return null;
  for (const c of chars) {
    if (c === '\\' || c === '-' || /[\p{L}\p{N}\s]/u.test(c) || c.toLowerCase() !== c || c.toUpperCase() !== c) return null;
  }
  return chars.join('');
}
