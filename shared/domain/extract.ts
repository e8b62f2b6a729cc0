import type { ArticleMetadata, CleanedArticle, ParsedArticle } from './article.ts';

// PLACEHOLDER (to be replaced by the metadata work).
export function extractMetadata(cleaned: CleanedArticle, parsed: ParsedArticle, _hints: { objectMetadata: Record<string, string> }): ArticleMetadata {
  const words = cleaned.body.split(/\s+/).filter(Boolean).length;
  return {
    title: cleaned.title, dateline: null, publishedAt: parsed.publishedAt, language: { code: 'und', confidence: 0 },
    sources: [], people: [], places: [], organisations: [], authors: parsed.authors, captions: cleaned.captions,
    lead: null, wordCount: words, readingTimeMinutes: Math.max(1, Math.round(words / 200)), spin: { score: 0, evidence: [] },
  };
}
