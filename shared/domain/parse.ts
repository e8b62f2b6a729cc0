import type { ParsedArticle } from './article.ts';

// PLACEHOLDER (to be replaced by the parse work): everything is plain text.
export async function parseArticle(text: string, _hints: { key: string; contentType?: string | undefined }): Promise<ParsedArticle> {
  return { format: 'text', title: null, text, publishedAt: null, authors: [], url: null, source: null, declaredLanguage: null, extra: {}, removed: [] };
}
