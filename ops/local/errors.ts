/**
 * The local stack could not start for a reason the user can fix (Java missing, port taken, …);
 * `npm start` prints the message alone, without a stack trace.
 */
export class LocalStackStartError extends Error {
  override name = 'LocalStackStartError';
}
