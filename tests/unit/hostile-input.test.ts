/**
 * Hostile input costs linear time: the whole pipeline and every boilerplate rule are run on
 * strings built to trigger catastrophic backtracking or quadratic passes (one character a
 * million times, 100 000 "Baca Juga:" lines, nested brackets, long runs of spaces, dots and
 * dashes, pathological Unicode, 50 000-level nested HTML).
 *
 * Time is checked benchmark-style, never against a wall-clock budget: the median time for an
 * input of size 4n over the median for size n must stay under GROWTH_LIMIT (linear work gives
 * about 4, quadratic 16, exponential never finishes). Sizes start where one run takes a few
 * milliseconds, so timer noise does not decide, and a ratio over the limit is measured again
 * before it fails the test (another process can stall any single measurement).
 */
import { describe, expect, it } from 'vitest';
import { BOILERPLATE_RULE_FILES, type BoilerplateRules, compileRules, PUBLISHER_RULE_FILES } from '#shared/domain/clean.ts';
import { processArticle } from '#shared/domain/pipeline.ts';

const GROWTH_LIMIT = 8;

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
};

/** Median time in ms of `runs` calls of `work`, after one warm-up call. */
function medianMs(work: () => unknown, runs: number): number {
  work();
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const started = performance.now();
    work();
    times.push(performance.now() - started);
  }
  times.sort((a, b) => a - b);
  return times[Math.floor(times.length / 2)]!;
}

async function medianMsAsync(work: () => Promise<unknown>, runs: number): Promise<number> {
  await work();
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const started = performance.now();
    await work();
    times.push(performance.now() - started);
  }
  times.sort((a, b) => a - b);
  return times[Math.floor(times.length / 2)]!;
}

/**
 * Time growth from n to 4n, n being the smallest size (from `start`, doubling up to `max`) at
 * which a run takes at least `floorMs`. Below the floor at `max`, the work is too cheap to matter: 1.
 * Inputs are built outside the timed part.
 */
async function growthOf<T>(
  prepare: (n: number) => T,
  run: (input: T) => Promise<unknown> | unknown,
  options: { start: number; max: number; floorMs: number; runs: number },
): Promise<{ n: number; small: number; large: number; ratio: number }> {
  const time = (n: number) => {
    const input = prepare(n);
    return medianMsAsync(async () => run(input), options.runs);
  };
  let n = options.start;
  let small = await time(n);
  while (small < options.floorMs && n * 2 <= options.max) {
    n *= 2;
    small = await time(n);
  }
  if (small < options.floorMs) return report({ n, small, large: small, ratio: 1 });
  let large = await time(4 * n);
  // A busy machine can stall one measurement: a super-linear result is confirmed once before it counts.
  if (large / small >= GROWTH_LIMIT) {
    small = Math.min(small, await time(n));
    large = Math.min(large, await time(4 * n));
  }
  return report({ n, small, large, ratio: large / small });
}

function report<T extends { n: number; small: number; large: number; ratio: number }>(growth: T): T {
  if (process.env.KABAR_DEBUG) console.log(`n=${growth.n} ${growth.small.toFixed(2)} ms → ${growth.large.toFixed(2)} ms ×${growth.ratio.toFixed(2)}`);
  return growth;
}

/** Every shipped rules file: the shared and per-language ones, and each publisher's own. */
const SHIPPED_RULE_FILES: readonly BoilerplateRules[] = [...BOILERPLATE_RULE_FILES, ...Object.values(PUBLISHER_RULE_FILES)];

/** Every regex the cleaner builds, one per pattern as the cleaner wraps it, plus the combined ones. */
function everyRule(): { id: string; regex: RegExp }[] {
  const rules: { id: string; regex: RegExp }[] = [];
  const flags = (rule: { caseSensitive?: boolean }, global = '') => `${global}${rule.caseSensitive ? 'u' : 'iu'}`;
  for (const file of SHIPPED_RULE_FILES) {
    for (const rule of file.lines ?? []) for (const p of rule.patterns) rules.push({ id: `${file.language}/lines/${rule.id}: ${p}`, regex: new RegExp(`^(?:${p})$`, flags(rule)) });
    for (const rule of file.inline ?? []) for (const p of rule.patterns) rules.push({ id: `${file.language}/inline/${rule.id}: ${p}`, regex: new RegExp(p, flags(rule, 'g')) });
    for (const rule of file.captionSuffixes ?? []) for (const p of rule.patterns) rules.push({ id: `${file.language}/captionSuffixes/${rule.id}: ${p}`, regex: new RegExp(`(?:${p})$`, flags(rule)) });
    for (const rule of file.captionMarkers ?? []) for (const p of rule.patterns) rules.push({ id: `${file.language}/captionMarkers/${rule.id}: ${p}`, regex: new RegExp(`(?:${p})`, flags(rule)) });
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

describe('every boilerplate rule on hostile strings', () => {
  const rules = everyRule();

  it('covers every pattern of every rules file', () => {
    const patterns = SHIPPED_RULE_FILES.reduce(
      (n, file) => n + [file.lines, file.inline, file.captionSuffixes, file.captionMarkers].reduce((m, list) => m + (list ?? []).reduce((k, rule) => k + rule.patterns.length, 0), 0),
      0,
    );
    expect(patterns).toBeGreaterThan(100);
    expect(rules.length).toBeGreaterThan(patterns);
  });

  it.each(Object.entries(HOSTILE))('all rules together stay linear on %s', async (_name, family) => {
    const growth = await growthOf(family, (text) => {
      for (const { regex } of rules) scan(regex, text);
    }, { start: 4000, max: 1024 * 1024, floorMs: 4, runs: 5 });
    if (growth.ratio >= GROWTH_LIMIT) {
      // Name the culprits: the rules whose own growth is super-linear.
      const slow = rules.filter(({ regex }) => {
        const small = medianMs(() => scan(regex, family(growth.n)), 3);
        const large = medianMs(() => scan(regex, family(4 * growth.n)), 3);
        return small > 0.05 && large / small >= GROWTH_LIMIT;
      });
      expect.fail(`time grew ${growth.ratio.toFixed(1)}× from ${growth.n} to ${4 * growth.n} chars; super-linear rules: ${slow.map((r) => r.id).join('; ')}`);
    }
    expect(growth.ratio).toBeLessThan(GROWTH_LIMIT);
  });
});

describe('processArticle on hostile input', () => {
  it.each(Object.entries(HOSTILE))('stays linear on %s, and never throws', async (_name, family) => {
    const growth = await growthOf((n) => new TextEncoder().encode(family(n)), (bytes) => processArticle({ bytes, key: 'incoming/hostile.txt' }), {
      start: 16_000,
      max: 128_000,
      floorMs: 8,
      runs: 3,
    });
    expect(growth.ratio, `time ${growth.small.toFixed(1)} ms at ${growth.n} chars, ${growth.large.toFixed(1)} ms at ${4 * growth.n}`).toBeLessThan(GROWTH_LIMIT);
  });

  it('comes back from 1 MB of one character and 100 000 "Baca Juga:" lines', async () => {
    const oneChar = await processArticle({ bytes: new TextEncoder().encode('a'.repeat(1024 * 1024)), key: 'incoming/a.txt' });
    expect(['ok', 'rejected']).toContain(oneChar.status);
    const bacaJuga = await processArticle({
      bytes: new TextEncoder().encode(`JAKARTA - Menteri bertemu mitranya di Riyadh pada Selasa untuk membahas gencatan senjata di Gaza.\n${'Baca Juga:\n'.repeat(100_000)}`),
      key: 'incoming/b.txt',
    });
    expect(bacaJuga.status).toBe('ok');
    if (bacaJuga.status === 'ok') expect(bacaJuga.body).not.toContain('Baca Juga');
  });

  it('stays linear on deeply nested HTML, up to 50 000 levels', async () => {
    const nested = (depth: number) =>
      `<html><body><article>${'<div><span>'.repeat(depth / 2)}<p>CAIRO - Negotiators met on Tuesday to discuss a ceasefire in Gaza and the release of prisoners, officials said.</p>${'</span></div>'.repeat(depth / 2)}</article></body></html>`;
    const growth = await growthOf((depth) => new TextEncoder().encode(nested(depth)), (bytes) => processArticle({ bytes, key: 'incoming/nested.html' }), {
      start: 3_125,
      max: 12_500,
      floorMs: 8,
      runs: 3,
    });
    expect(growth.ratio, `time ${growth.small.toFixed(1)} ms at depth ${growth.n}, ${growth.large.toFixed(1)} ms at ${4 * growth.n}`).toBeLessThan(GROWTH_LIMIT);
    const deepest = await processArticle({ bytes: new TextEncoder().encode(nested(50_000)), key: 'incoming/nested.html' });
    expect(deepest.status).toBe('ok');
    if (deepest.status === 'ok') expect(deepest.body).toContain('Negotiators met on Tuesday');
  });
});
