/**
 * S3 event `sequencer` values order the events of one key. S3 documents the comparison:
 * sequencers may differ in length, so right-pad the shorter with zeros, then compare
 * lexicographically. We store them already padded and upper-cased, so DynamoDB's own
 * string comparison in a condition expression orders them correctly.
 */
export const SEQUENCER_WIDTH = 32;

/** `'0055AED6DCD90281E5'` → `'0055AED6DCD90281E500000000000000'` */
export function normalizeSequencer(sequencer: string): string {
  const hex = sequencer.trim().toUpperCase();
  if (!/^[0-9A-F]+$/.test(hex)) throw new Error(`Not a hexadecimal sequencer: ${JSON.stringify(sequencer)}`);
  if (hex.length > SEQUENCER_WIDTH) throw new Error(`Sequencer longer than ${SEQUENCER_WIDTH} digits: ${hex}`);
  return hex.padEnd(SEQUENCER_WIDTH, '0');
}

/** Negative when `a` happened before `b`, zero for the same event, positive when after. */
export function compareSequencers(a: string, b: string): number {
  const left = normalizeSequencer(a);
  const right = normalizeSequencer(b);
  return left < right ? -1 : left > right ? 1 : 0;
}
