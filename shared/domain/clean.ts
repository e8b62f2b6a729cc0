import type { CleanedArticle, ParsedArticle } from './article.ts';

// PLACEHOLDER (to be replaced by the cleaning work): first line is the title, nothing removed.
export function cleanArticle(parsed: ParsedArticle): CleanedArticle {
  const lines = parsed.text.split('\n').map((l) => l.trim()).filter(Boolean);
  const title = parsed.title ?? lines.shift() ?? null;
  return { title, body: lines.join('\n\n'), removed: [], captions: [], bylines: [], boilerplateRatio: 0, truncated: false };
}
