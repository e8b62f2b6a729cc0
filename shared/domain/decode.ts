import type { DecodedText } from './article.ts';
import { ArticleRejectedError } from './errors.ts';

// PLACEHOLDER (to be replaced by the decode work): UTF-8 only.
export function decodeBytes(bytes: Uint8Array, _declaredCharset: string | null = null): DecodedText {
  const text = new TextDecoder('utf-8').decode(bytes).normalize('NFC');
  if (!text.trim()) throw new ArticleRejectedError('EMPTY', 'The object is empty or holds only white space.');
  return { text, encoding: 'utf-8' };
}
