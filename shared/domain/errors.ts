/**
 * Errors are classified so the handler can decide without guessing:
 * a permanent problem with the article is recorded as `rejected` and never retried;
 * anything else propagates so the queue retries it.
 */

/** Stable rejection codes: downstream tooling and operators key on these strings. */
export const REJECTION_CODES = [
  'EMPTY',
  'EMPTY_AFTER_CLEANING',
  'BINARY',
  'TOO_LARGE',
  'INVALID_ENCODING',
  'INVALID_JSON',
  'NO_BODY',
  'NO_ARTICLE',
  'NOT_INCOMING',
  'UNSUPPORTED_FORMAT',
] as const;
export type RejectionCode = (typeof REJECTION_CODES)[number];

/** The article itself is unusable; record it as rejected, do not retry. */
export class ArticleRejectedError extends Error {
  override readonly name = 'ArticleRejectedError';
  constructor(
    readonly code: RejectionCode,
    message: string,
  ) {
    super(message);
  }
}
