import type { SpinAssessment } from './article.ts';
import { isParagraphLike, wordsOf } from './text.ts';
import spinData from '../data/spin-pairs.json' with { type: 'json' };

interface SpinPair {
  language: string;
  spun: string;
  original: string;
}

interface CompiledPair extends SpinPair {
  tokens: string[];
}

/** Spun phrases keyed by their first word (lower case): one Map lookup per text token. */
const PAIRS_BY_FIRST_WORD: ReadonlyMap<string, CompiledPair[]> = (() => {
  const map = new Map<string, CompiledPair[]>();
  for (const pair of spinData.pairs as SpinPair[]) {
    const tokens = wordsOf(pair.spun.toLowerCase());
    const first = tokens[0];
    if (!first) continue;
    map.set(first, [...(map.get(first) ?? []), { ...pair, tokens }]);
  }
  return map;
})();

const COMMON_WORDS: ReadonlyMap<string, ReadonlySet<string>> = new Map(
  Object.entries(spinData.capitalisedCommonWords).map(([lang, words]) => [lang, new Set(words)]),
);

/** Rate (per 1000 words) of capitalised common words mid-sentence that normal copy never exceeds. */
const NORMAL_CAPS_RATE = 3;

/**
 * Scores how likely a body is an automatically synonym-spun copy, from two cues that generalise:
 * known spinner substitutions (`shared/data/spin-pairs.json`) and common words capitalised in
 * mid-sentence ("… Berjumpa Buat menyepakati …"), which spinners leave behind when they swap a
 * capitalised word for a synonym.
 *
 * @example
 *   assessSpin('Delegasi Amerika Perkumpulan dan Rusia Berjumpa Buat menyepakati …', 'id')
 *   // → { score: 0.9, evidence: ['substitution "Amerika Perkumpulan" (for "Amerika Serikat") ×1', …] }
 */
export function assessSpin(body: string, language: string): SpinAssessment {
  const evidence: string[] = [];
  const tokens = wordsOf(body);
  const lower = tokens.map((t) => t.toLowerCase());
  const hits = new Map<CompiledPair, number>();
  for (let i = 0; i < lower.length; i++) {
    for (const pair of PAIRS_BY_FIRST_WORD.get(lower[i] ?? '') ?? []) {
      if (pair.tokens.every((t, k) => lower[i + k] === t)) hits.set(pair, (hits.get(pair) ?? 0) + 1);
    }
  }
  for (const [pair, n] of hits) evidence.push(`substitution "${pair.spun}" (for "${pair.original}") ×${n}`);
  const pairScore = Math.min(0.85, hits.size * 0.35);

  const common = COMMON_WORDS.get(language);
  let capsScore = 0;
  if (common && tokens.length >= 50) {
    const counts = new Map<string, number>();
    let total = 0;
    let prose = 0;
    for (const paragraph of body.split(/\n+/)) {
      if (!isParagraphLike(paragraph)) continue;
      // A word is mid-sentence when the text since the previous word holds no sentence or quote break.
      for (const m of paragraph.matchAll(/([^\p{L}\p{N}]*)([\p{L}\p{N}][\p{L}\p{N}'’-]*)/gu)) {
        prose++;
        const gap = m[1] ?? '';
        const word = m[2] ?? '';
        if ((m.index ?? 0) === 0 || /[.!?:;"“”‘’«»()\-–—•]/u.test(gap)) continue;
        if (!/^\p{Lu}\p{Ll}/u.test(word) || !common.has(word.toLowerCase())) continue;
        counts.set(word, (counts.get(word) ?? 0) + 1);
        total++;
      }
    }
    const perThousand = prose ? (total / prose) * 1000 : 0;
    capsScore = Math.max(0, Math.min(1, (perThousand - NORMAL_CAPS_RATE) / 12));
    if (total > 0 && capsScore > 0) {
      const listed = [...counts].sort((a, b) => b[1] - a[1]).slice(0, 8).map(([w, n]) => `${w} ×${n}`).join(', ');
      evidence.push(`common words capitalised mid-sentence: ${listed} (${perThousand.toFixed(1)} per 1000 words)`);
    }
  }
  const score = 1 - (1 - pairScore) * (1 - capsScore);
  return { score: Math.round(score * 100) / 100, evidence };
}
