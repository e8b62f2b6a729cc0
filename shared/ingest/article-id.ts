import { createHash } from 'node:crypto';

/**
 * An article's id is derived from its source object, so every version of one key
 * updates the same record and any reader can find the record for a key.
 *
 * @example articleIdOf('kabar-articles', 'incoming/antara/a.txt') // → '3f1c…' (16 hex chars)
 */
export function articleIdOf(bucket: string, key: string): string {
  return createHash('sha256').update(`${bucket}/${key}`).digest('hex').slice(0, 16);
}
