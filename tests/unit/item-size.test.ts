import { describe, expect, it } from 'vitest';
import { dynamodbItemBytes } from '../../bench/item-size.ts';

describe('dynamodbItemBytes (the size DynamoDB bills an item by, used by npm run cost)', () => {
  it('counts attribute names and UTF-8 bytes of strings and binaries', () => {
    expect(dynamodbItemBytes({ pk: { S: 'ARTICLE#1' } })).toBe(2 + 9);
    expect(dynamodbItemBytes({ t: { S: 'ü' } })).toBe(1 + 2);
    expect(dynamodbItemBytes({ c: { B: new Uint8Array(1000) } })).toBe(1 + 1000);
  });

  it('counts numbers by significant digits (one byte per two, plus one), ignoring sign and leading zeros', () => {
    expect(dynamodbItemBytes({ n: { N: '12' } })).toBe(1 + 2);
    expect(dynamodbItemBytes({ n: { N: '-1234567' } })).toBe(1 + 5);
    expect(dynamodbItemBytes({ n: { N: '0042' } })).toBe(1 + 2);
  });

  it('adds 3 bytes per list or map and one per element, with map keys counted like names', () => {
    expect(dynamodbItemBytes({ l: { L: [{ S: 'ab' }, { BOOL: true }] } })).toBe(1 + 3 + (1 + 2) + (1 + 1));
    expect(dynamodbItemBytes({ m: { M: { key: { S: 'v' } } } })).toBe(1 + 3 + (1 + 3 + 1));
  });

  it('crosses the 1 KB write-unit boundary where a real item would', () => {
    const item = { pk: { S: 'x'.repeat(1022) } };
    expect(dynamodbItemBytes(item)).toBe(1024);
    expect(dynamodbItemBytes({ ...item, f: { BOOL: false } })).toBeGreaterThan(1024);
  });
});
