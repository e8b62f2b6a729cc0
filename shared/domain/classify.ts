import type { Classification } from './article.ts';

// PLACEHOLDER (to be replaced by the classification work).
export function classifyArticle(_input: { title: string | null; body: string; language: string }): Classification {
  return { taxonomyVersion: '0', topics: [], scores: { diplomacy: 0, ukraine: 0, 'middle-east': 0 }, primaryTopic: null, evidence: {} };
}
