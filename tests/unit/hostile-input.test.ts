/**
 * Hostile input costs linear time: the whole pipeline and every boilerplate rule are run on
 * strings built to trigger catastrophic backtracking or quadratic passes (one character a
 * million times, 100 000 "Baca Juga:" lines, nested brackets, long runs of spaces, dots and
 * dashes, runs of words ending in a symbol no rule accepts, pathological Unicode, 50 000-level
 * nested HTML).
 *
 * This is the ReDoS guard for every shipped pattern (see `growth.ts`): CPU time, never wall-clock
 * time, least of several samples; a creep from a few characters catches an exponential pattern
 * while one run still costs milliseconds, then 8× the input must cost well under 24× the time
 * (linear ≈ 8, quadratic ≈ 64). The last block proves the guard catches planted bad patterns.
 */
import { describe, expect, it } from 'vitest';
import { BOILERPLATE_RULE_FILES, type BoilerplateRules, compileRules, PUBLISHER_RULE_FILES } from '#shared/domain/clean/rules.ts';
import { processArticle } from '#shared/domain/pipeline.ts';
import { cpuMsOnce, type Growth, type GrowthOptions, growthOf, leastCpuMs } from './growth.ts';

/** A hostile string of about `n` characters. */
type Family = (n: number) => string;

const repeatTo = (unit: string, n: number) => unit.repeat(Math.max(1, Math.ceil(n / unit.length)));

const HOSTILE: Record<string, Family> = {
  'one character': (n) => 'a'.repeat(n),
  '"Baca Juga:" lines': (n) => repeatTo('Baca Juga:\n', n),
  'nested brackets': (n) => `${repeatTo('([{', n / 2)}x${repeatTo('}])', n / 2)}`,
  'unclosed brackets': (n) => repeatTo('(((([[[[', n),
  'a run of spaces': (n) => `a${' '.repeat(n)}b`,
  'a run of dots': (n) => '.'.repeat(n),
  'a run of dashes': (n) => '-'.repeat(n),
  'spaced dashes': (n) => repeatTo(' - ', n),
  'combining marks': (n) => `a${'\u0301'.repeat(n)}`,
  'emoji ZWJ sequences': (n) => repeatTo('👩‍👩‍👧‍👦🏳️‍🌈', n),
  'lone surrogates and bidi controls': (n) => repeatTo('\ud800a\udc00\u202e\u2066b\u2069\ufeff', n),
  'capitalised credit words': (n) => repeatTo('Kevin Lamarque/Reuters ', n),
  'photo labels': (n) => repeatTo('Foto: ANTARA/', n),
  'agency parentheses': (n) => repeatTo('(ANTARA ', n),
  'a URL of slashes': (n) => `https://${repeatTo('a/', n)}`,
  hashtags: (n) => repeatTo('#a ', n),
  breadcrumbs: (n) => repeatTo('Home > ', n),
  'short lines': (n) => repeatTo('x\n', n),
  'blank-separated headlines': (n) => repeatTo('Harga Cabai Naik Jelang Lebaran\n\n', n),
  // Nested quantifiers ("(?:\w+\s?)*") backtrack through every way of splitting a run of word
  // characters when a symbol at the end makes the match fail.
  'letters ending in a symbol': (n) => `${'a'.repeat(n)}!`,
  'words and spaces ending in a symbol': (n) => `${repeatTo('abcdefgh ', n)}¤`,
  'capitalised words ending in a symbol': (n) => `${repeatTo('Abcdef Ghi ', n)}#`,
  'digits and separators ending in a letter': (n) => `${repeatTo('12.345,67 ', n)}x`,
  'punctuated words ending in a symbol': (n) => `${repeatTo('ab, cd. ef: ', n)}¤`,
};

/** Every shipped rules file: the shared and per-language ones, and each publisher's own. */
const SHIPPED_RULE_FILES: readonly BoilerplateRules[] = [...BOILERPLATE_RULE_FILES, ...Object.values(PUBLISHER_RULE_FILES)];

/** Every regex the cleaner builds, one per pattern as the cleaner wraps it, plus the combined ones. */
function everyRule(): { id: string; regex: RegExp }[] {
  const rules: { id: string; regex: RegExp }[] = [];
  const flags = (rule: { caseSensitive?: boolean }, global = '') => `${global}${rule.caseSensitive ? 'u' : 'iu'}`;
  for (const file of SHIPPED_RULE_FILES) {
    for (const rule of file.lines ?? [])
      for (const p of rule.patterns) rules.push({ id: `${file.language}/lines/${rule.id}: ${p}`, regex: new RegExp(`^(?:${p})$`, flags(rule)) });
    for (const rule of file.inline ?? [])
      for (const p of rule.patterns) rules.push({ id: `${file.language}/inline/${rule.id}: ${p}`, regex: new RegExp(p, flags(rule, 'g')) });
    for (const rule of file.captionSuffixes ?? [])
      for (const p of rule.patterns) rules.push({ id: `${file.language}/captionSuffixes/${rule.id}: ${p}`, regex: new RegExp(`(?:${p})$`, flags(rule)) });
    for (const rule of file.captionMarkers ?? [])
      for (const p of rule.patterns) rules.push({ id: `${file.language}/captionMarkers/${rule.id}: ${p}`, regex: new RegExp(`(?:${p})`, flags(rule)) });
  }
  const compiled = compileRules(SHIPPED_RULE_FILES);
  for (const [i, c] of compiled.lines.entries()) rules.push({ id: `compiled lines #${i}`, regex: c.regex });
  for (const [i, c] of compiled.captionSuffix.entries()) rules.push({ id: `compiled caption suffixes #${i}`, regex: c.regex });
  for (const [i, c] of compiled.captionMarker.entries()) rules.push({ id: `compiled caption markers #${i}`, regex: c.regex });
  for (const c of compiled.inline) rules.push({ id: `compiled inline ${c.id}`, regex: c.regex });
  rules.push({ id: 'compiled agency credit', regex: compiled.agencyCredit });
  return rules;
}

/** Runs a regex over the whole string: every match of a global one, the first of the others. */
function scan(regex: RegExp, text: string): number {
  if (!regex.global) return regex.exec(text) ? 1 : 0;
  regex.lastIndex = 0;
  let matches = 0;
  for (let match = regex.exec(text); match; match = regex.exec(text)) {
    matches++;
    if (match[0] === '') regex.lastIndex++;
  }
  return matches;
}

/** All rules together, from a few characters up to 8 × 128 K. */
const RULES_GROWTH: GrowthOptions = { start: 8, max: 128 * 1024, floorMs: 0.5, samples: 3 };

const describeGrowth = (growth: Growth) => growth.reason || `×${growth.ratio.toFixed(1)} from ${growth.from.n} to ${growth.to.n} chars`;

/**
 * Runs the guard over `rules` on one hostile family; when it fails, names the rules whose own
 * time grew super-linearly between the two sizes that decided (they are small: an exponential
 * pattern is caught at a few dozen characters).
 */
async function guardRules(rules: { id: string; regex: RegExp }[], family: Family): Promise<{ growth: Growth; culprits: string[] }> {
  const growth = await growthOf(
    family,
    (text) => {
      for (const { regex } of rules) scan(regex, text);
    },
    RULES_GROWTH,
  );
  if (growth.ok) return { growth, culprits: [] };
  const small = family(growth.from.n);
  const large = family(growth.to.n);
  const sizeRatio = growth.to.n / growth.from.n;
  const culprits: string[] = [];
  for (const { id, regex } of rules) {
    // One run picks the candidates (noise only adds time), several confirm them.
    if (cpuMsOnce(() => scan(regex, large)) < 0.1 * growth.to.ms) continue;
    const after = await leastCpuMs(() => scan(regex, large), 3);
    const before = await leastCpuMs(() => scan(regex, small), 3);
    if (after >= 0.1 * growth.to.ms && after / before >= 2 * sizeRatio) culprits.push(id);
  }
  return { growth, culprits };
}

describe('every boilerplate rule on hostile strings', () => {
  const rules = everyRule();

  it('covers every pattern of every rules file', () => {
    const patterns = SHIPPED_RULE_FILES.reduce(
      (n, file) =>
        n +
        [file.lines, file.inline, file.captionSuffixes, file.captionMarkers].reduce(
          (m, list) => m + (list ?? []).reduce((k, rule) => k + rule.patterns.length, 0),
          0,
        ),
      0,
    );
    expect(patterns).toBeGreaterThan(100);
    expect(rules.length).toBeGreaterThan(patterns);
  });

  it.each(Object.entries(HOSTILE))('all rules together stay linear on %s', async (_name, family) => {
    const { growth, culprits } = await guardRules(rules, family);
    expect(growth.ok, `${describeGrowth(growth)}; super-linear rules: ${culprits.join('; ')}`).toBe(true);
  });
});

describe('the linearity guard', () => {
  const rules = everyRule();

  it('catches a nested quantifier planted among the shipped rules, at a few dozen characters', async () => {
    const planted = { id: 'planted: (?:\\w+\\s?)*', regex: /^(?:(?:\w+\s?)*)$/iu };
    const { growth, culprits } = await guardRules([...rules, planted], HOSTILE['letters ending in a symbol']!);
    expect(growth.ok).toBe(false);
    expect(growth.to.n).toBeLessThan(40);
    expect(culprits).toEqual([planted.id]);
  });

  it('catches a quadratic inline pattern planted among the shipped rules', async () => {
    const planted = { id: 'planted: \\s+$', regex: /\s+$/gu };
    const { growth, culprits } = await guardRules([...rules, planted], HOSTILE['a run of spaces']!);
    expect(growth.ok).toBe(false);
    expect(growth.reason).toContain('super-linearly');
    expect(culprits).toEqual([planted.id]);
  });

  it('passes the same planted patterns on input that cannot trigger them', async () => {
    const planted = [
      { id: 'nested', regex: /^(?:(?:\w+\s?)*)$/iu },
      { id: 'trailing spaces', regex: /\s+$/gu },
    ];
    const { growth } = await guardRules(planted, HOSTILE['a run of dots']!);
    expect(growth.ok, describeGrowth(growth)).toBe(true);
  });
});

describe('processArticle on hostile input', () => {
  it.each(Object.entries(HOSTILE))('stays linear on %s, and never throws', async (_name, family) => {
    const growth = await growthOf(
      (n) => new TextEncoder().encode(family(n)),
      (bytes) => processArticle({ bytes, key: 'incoming/hostile.txt' }),
      {
        start: 256,
        max: 128_000,
        floorMs: 2,
        samples: 3,
      },
    );
    expect(growth.ok, describeGrowth(growth)).toBe(true);
  });

  it('comes back from 1 MB of one character and 100 000 "Baca Juga:" lines', async () => {
    const oneChar = await processArticle({ bytes: new TextEncoder().encode('a'.repeat(1024 * 1024)), key: 'incoming/a.txt' });
    expect(['ok', 'rejected']).toContain(oneChar.status);
    const bacaJuga = await processArticle({
      bytes: new TextEncoder().encode(
        `JAKARTA - Menteri bertemu mitranya di Riyadh pada Selasa untuk membahas gencatan senjata di Gaza.\n${'Baca Juga:\n'.repeat(100_000)}`,
      ),
      key: 'incoming/b.txt',
    });
    expect(bacaJuga.status).toBe('ok');
    if (bacaJuga.status === 'ok') expect(bacaJuga.body).not.toContain('Baca Juga');
  });

  it('stays linear on deeply nested HTML, up to 50 000 levels', async () => {
    const nested = (depth: number) =>
      `<html><body><article>${'<div><span>'.repeat(depth / 2)}<p>CAIRO - Negotiators met on Tuesday to discuss a ceasefire in Gaza and the release of prisoners, officials said.</p>${'</span></div>'.repeat(depth / 2)}</article></body></html>`;
    const growth = await growthOf(
      (depth) => new TextEncoder().encode(nested(depth)),
      (bytes) => processArticle({ bytes, key: 'incoming/nested.html' }),
      {
        start: 128,
        max: 6_250,
        floorMs: 1,
        samples: 3,
      },
    );
    expect(growth.ok, `nested HTML: ${describeGrowth(growth)}`).toBe(true);
    const deepest = await processArticle({ bytes: new TextEncoder().encode(nested(50_000)), key: 'incoming/nested.html' });
    expect(deepest.status).toBe('ok');
    if (deepest.status === 'ok') expect(deepest.body).toContain('Negotiators met on Tuesday');
  });
});
