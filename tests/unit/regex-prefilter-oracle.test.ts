import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { BOILERPLATE_RULE_FILES, type BoilerplateRules, PUBLISHER_RULE_FILES } from '#shared/domain/clean/rules.ts';
import { mayContainMatch, type PatternShape, PrefilterText, shapeOf } from '#shared/domain/clean/regex-shape.ts';
import { seededRandom } from '#shared/random.ts';

/**
 * Oracle for the prefilters regex-shape.ts derives: over every shipped pattern, on fixture lines and
 * on strings generated to match each pattern, a match the plain RegExp finds is never ruled out by
 * its shape (length range, first character, required literals and character sets). A wrong prune
 * would silently switch a rule off; this fails instead.
 */

interface Shipped {
  where: string;
  pattern: string;
  caseInsensitive: boolean;
}

function shippedPatterns(): Shipped[] {
  const files: [string, BoilerplateRules][] = [
    ...BOILERPLATE_RULE_FILES.map((f) => [f.language, f] as [string, BoilerplateRules]),
    ...Object.entries(PUBLISHER_RULE_FILES),
  ];
  const out: Shipped[] = [];
  for (const [name, file] of files) {
    for (const [kind, rules] of [
      ['lines', file.lines],
      ['inline', file.inline],
      ['captionSuffixes', file.captionSuffixes],
      ['captionMarkers', file.captionMarkers],
    ] as const) {
      for (const rule of rules ?? [])
        for (const pattern of rule.patterns) out.push({ where: `${name} ${kind} ${rule.id}`, pattern, caseInsensitive: !rule.caseSensitive });
    }
  }
  return out;
}

function fixtureLines(): string[] {
  const root = join(import.meta.dirname, '../fixtures');
  const walk = (dir: string): string[] => readdirSync(dir).flatMap((f) => (statSync(join(dir, f)).isDirectory() ? walk(join(dir, f)) : [join(dir, f)]));
  const lines = new Set<string>();
  for (const file of walk(root).filter((f) => /\.(?:txt|md|html|json)$/u.test(f))) {
    for (const raw of readFileSync(file, 'utf8').split(/\r?\n/u)) {
      const line = raw.trim();
      if (line === '' || line.length > 2000) continue;
      // The case variants reach the case-insensitive paths (ſ, K) the lower-cased prefilter must fold alike.
      lines.add(line).add(line.toUpperCase()).add(line.toLowerCase());
    }
  }
  return [...lines];
}

/** The shape's claims about one match the plain regex found in `text`. */
function violations(shape: PatternShape, caseInsensitive: boolean, flags: string, match: string, text: string): string[] {
  const out: string[] = [];
  const length = [...match].length;
  if (length < shape.minLength || length > shape.maxLength) out.push(`length ${length} outside ${shape.minLength}..${shape.maxLength}`);
  if (shape.firstAtoms && match !== '' && !new RegExp(`^(?:${shape.firstAtoms.join('|')})`, flags).test(match))
    out.push(`first character not in ${shape.firstAtoms.join(' ')}`);
  if (!mayContainMatch(shape, caseInsensitive, new PrefilterText(match))) out.push('required literals missing from the match');
  if (!mayContainMatch(shape, caseInsensitive, new PrefilterText(text))) out.push('required literals missing from the text');
  return out;
}

/** Characters the generator picks from: ASCII, and the letters, quotes and dashes of the rules' languages, with the case-folding oddities (ſ, K, İ, ı). */
const POOL = [
  ...Array.from({ length: 95 }, (_, i) => String.fromCharCode(0x20 + i)),
  ...'éèçàâêôöüßşğıİſKÉÇÖÜ»«›‹–—’‘“”„•·©®№абвгдеёжзийклмнопрстуфхцчшщыэюяАБВГДЕЖЗИКЛМНОПРСТУФЦЧШЭЮЯابتثجحخدذرزسشصضطظعغفقكلمنهويیکگپچژ٠١٢۱۲。、؟؛،\u00a0',
];

function hashOf(text: string): number {
  let h = 2166136261;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 16777619);
  return h >>> 0;
}

/**
 * Strings built by walking the pattern: each atom becomes a character of POOL it accepts (tested with
 * the atom itself as a RegExp), quantifiers pick a count (short, biased to the ends of the range),
 * alternations a branch; assertions are ignored here and the caller keeps only strings the regex
 * matches. Small on purpose: a pattern it cannot walk yields nothing.
 */
function generateMatches(pattern: string, flags: string, count: number, seed: number): string[] {
  const next = seededRandom(seed);
  const pick = <T>(items: readonly T[]): T | undefined => items[Math.floor(next() * items.length)];
  const accepted = new Map<string, string[]>();
  const charFor = (atom: string): string => {
    let chars = accepted.get(atom);
    if (!chars) {
      const re = new RegExp(`^(?:${atom})$`, flags);
      chars = POOL.filter((c) => re.test(c));
      accepted.set(atom, chars);
    }
    return pick(chars) ?? '';
  };
  let pos = 0;
  // Parsing and generating are separated: each parse step runs once and returns a generator.
  const alternatives = (): (() => string) => {
    const branches: (() => string)[] = [sequence()];
    while (pattern[pos] === '|') {
      pos++;
      branches.push(sequence());
    }
    return () => (pick(branches) as () => string)();
  };
  const sequence = (): (() => string) => {
    const parts: (() => string)[] = [];
    while (pos < pattern.length && pattern[pos] !== '|' && pattern[pos] !== ')') {
      const term = termAt();
      const [min, max] = quantifier();
      parts.push(() => {
        const top = Math.min(max, min + 6);
        const n = next() < 0.3 ? min : next() < 0.5 ? top : min + Math.floor(next() * (top - min + 1));
        let out = '';
        for (let i = 0; i < n; i++) out += term();
        return out;
      });
    }
    return () => parts.map((p) => p()).join('');
  };
  const termAt = (): (() => string) => {
    const ch = pattern[pos] ?? '';
    const start = pos;
    if (ch === '(') {
      pos++;
      let assertion = false;
      if (pattern.startsWith('?:', pos)) pos += 2;
      else if (/^\?<?[=!]/u.test(pattern.slice(pos, pos + 3))) {
        pos += pattern[pos + 1] === '<' ? 3 : 2;
        assertion = true;
      } else if (pattern.startsWith('?<', pos)) pos = pattern.indexOf('>', pos) + 1;
      const group = alternatives();
      pos++;
      return assertion ? () => '' : group;
    }
    if (ch === '^' || ch === '$') {
      pos++;
      return () => '';
    }
    if (ch === '[') {
      pos++;
      if (pattern[pos] === '^') pos++;
      if (pattern[pos] === ']') pos++;
      while (pos < pattern.length && pattern[pos] !== ']') pos += pattern[pos] === '\\' ? 2 : 1;
      pos++;
      const atom = pattern.slice(start, pos);
      return () => charFor(atom);
    }
    if (ch === '\\') {
      const kind = pattern[pos + 1] ?? '';
      if (kind === 'b' || kind === 'B') {
        pos += 2;
        return () => '';
      }
      if (kind === 'p' || kind === 'P') pos = pattern.indexOf('}', pos) + 1;
      else if (kind === 'u' && pattern[pos + 2] === '{') pos = pattern.indexOf('}', pos) + 1;
      else if (kind === 'u') pos += 6;
      else if (kind === 'x') pos += 4;
      else pos += 2;
      const atom = pattern.slice(start, pos);
      return () => charFor(atom);
    }
    pos += (pattern.codePointAt(pos) ?? 0) > 0xffff ? 2 : 1;
    const atom = pattern.slice(start, pos);
    return () => charFor(atom);
  };
  const quantifier = (): [number, number] => {
    const ch = pattern[pos];
    let range: [number, number] = [1, 1];
    if (ch === '*') range = [0, Infinity];
    else if (ch === '+') range = [1, Infinity];
    else if (ch === '?') range = [0, 1];
    else if (ch === '{') {
      const m = /^\{(\d+)(,(\d*))?\}/u.exec(pattern.slice(pos)) ?? ['{', '1'];
      range = [Number(m[1]), m[2] === undefined ? Number(m[1]) : m[3] ? Number(m[3]) : Infinity];
      pos += m[0].length - 1;
    } else return range;
    pos++;
    if (pattern[pos] === '?') pos++;
    return range;
  };
  let generate: () => string;
  try {
    generate = alternatives();
    if (pos !== pattern.length) return [];
  } catch {
    return [];
  }
  return Array.from({ length: count }, () => generate());
}

const PATTERNS = shippedPatterns();

describe('regex prefilters against a plain RegExp', () => {
  it('ships patterns to check', () => {
    expect(PATTERNS.length).toBeGreaterThan(100);
  });

  it('never rule out a match on fixture lines (and their upper- and lower-case forms)', () => {
    const lines = fixtureLines();
    expect(lines.length).toBeGreaterThan(1000);
    const failures: string[] = [];
    let matched = 0;
    for (const { where, pattern, caseInsensitive } of PATTERNS) {
      const shape = shapeOf(pattern, caseInsensitive);
      const flags = caseInsensitive ? 'iu' : 'u';
      const regex = new RegExp(pattern, flags);
      for (const line of lines) {
        const m = regex.exec(line);
        if (!m) continue;
        matched++;
        for (const v of violations(shape, caseInsensitive, flags, m[0], line))
          failures.push(`${where} /${pattern}/ on ${JSON.stringify(line.slice(0, 80))}: ${v}`);
      }
    }
    expect(failures.slice(0, 10)).toEqual([]);
    // The fixtures exercise many rules: the oracle is not vacuous.
    expect(matched).toBeGreaterThan(100);
  }, 120_000);

  it('never rule out a match on strings generated from each pattern', () => {
    const failures: string[] = [];
    let generated = 0;
    for (const { where, pattern, caseInsensitive } of PATTERNS) {
      const shape = shapeOf(pattern, caseInsensitive);
      const flags = caseInsensitive ? 'iu' : 'u';
      const regex = new RegExp(pattern, flags);
      const samples = generateMatches(pattern, flags, 40, hashOf(pattern));
      for (const s of samples) {
        // Upper- and lower-case forms too: the generator writes one case; the rules ignore it.
        for (const text of caseInsensitive ? [s, s.toUpperCase(), s.toLowerCase()] : [s]) {
          const m = regex.exec(text);
          if (!m) continue;
          generated++;
          for (const v of violations(shape, caseInsensitive, flags, m[0], text))
            failures.push(`${where} /${pattern}/ on ${JSON.stringify(text.slice(0, 80))}: ${v}`);
        }
      }
    }
    expect(failures.slice(0, 10)).toEqual([]);
    expect(generated).toBeGreaterThan(PATTERNS.length * 10);
  }, 120_000);
});
