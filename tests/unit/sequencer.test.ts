import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compareSequencers, normalizeSequencer } from '#shared/ingest/sequencer.ts';

const hex = fc.string({ unit: fc.constantFrom(...'0123456789ABCDEFabcdef'), minLength: 1, maxLength: 24 });

describe('compareSequencers', () => {
  it('orders by right-padded hexadecimal value, as S3 documents', () => {
    expect(compareSequencers('0055AED6DCD90281E5', '0055AED6DCD90281E6')).toBeLessThan(0);
    // Equal once padded: a shorter sequencer is the longer one's prefix followed by zeros.
    expect(compareSequencers('0055AED6DCD90281E5', '0055AED6DCD90281E500')).toBe(0);
    expect(compareSequencers('0056', '0055AED6DCD90281E5')).toBeGreaterThan(0);
  });

  it('ignores letter case', () => {
    expect(compareSequencers('00ab', '00AB')).toBe(0);
  });

  it('is a total order: antisymmetric and transitive', () => {
    fc.assert(
      fc.property(hex, hex, hex, (a, b, c) => {
        expect(Math.sign(compareSequencers(a, b)) + Math.sign(compareSequencers(b, a))).toBe(0);
        if (compareSequencers(a, b) <= 0 && compareSequencers(b, c) <= 0) expect(compareSequencers(a, c)).toBeLessThanOrEqual(0);
      }),
    );
  });

  it('agrees with comparing the padded values as numbers', () => {
    fc.assert(
      fc.property(hex, hex, (a, b) => {
        const numeric = (s: string) => BigInt(`0x${normalizeSequencer(s)}`);
        const expected = numeric(a) < numeric(b) ? -1 : numeric(a) > numeric(b) ? 1 : 0;
        expect(compareSequencers(a, b)).toBe(expected);
      }),
    );
  });

  it('rejects values that are not hexadecimal', () => {
    expect(() => normalizeSequencer('xyz')).toThrow(/hexadecimal/);
  });
});
