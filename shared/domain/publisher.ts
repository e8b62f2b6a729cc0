/**
 * The publisher an upload names: the folder right under `incoming/`. The one rule for it: the
 * pipeline stamps records with it; the console and the training loader fall back to it.
 *
 * @example publisherOfKey('incoming/antara/2025/a.txt') // → 'antara'
 * @example publisherOfKey('incoming/a.txt') // → null
 */
export function publisherOfKey(key: string): string | null {
  const parts = key.split('/');
  return parts[0] === 'incoming' && parts.length > 2 && parts[1] ? parts[1] : null;
}
