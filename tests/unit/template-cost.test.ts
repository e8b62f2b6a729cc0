import { describe, expect, it } from 'vitest';
import { observationPutsPerMonth, SECONDS_PER_MONTH, TEMPLATE_ASSUMPTIONS } from '../../bin/template-cost.ts';

const BUFFERED = { kind: 'buffered', maxObservations: 100, maxAgeMinutes: 30, idleGapSeconds: 60 } as const;

describe('observation writes in the cost model', () => {
  it('counts a PUT per publisher in each batch when nothing is buffered', () => {
    expect(observationPutsPerMonth(10_000_000, 10, { kind: 'per-batch' })).toBe(1_000_000 * TEMPLATE_ASSUMPTIONS.publishersPerBatch);
  });

  it('counts a PUT per container, publisher and half hour when traffic is steady but thin per publisher', () => {
    const pairs = TEMPLATE_ASSUMPTIONS.containers * TEMPLATE_ASSUMPTIONS.publishers;
    expect(observationPutsPerMonth(10_000_000, 10, BUFFERED)).toBeCloseTo((pairs * SECONDS_PER_MONTH) / (30 * 60), 0);
  });

  it('counts a PUT per 100 articles of a publisher once a container sees them faster than the age limit', () => {
    const volume = 1_000_000_000;
    const puts = observationPutsPerMonth(volume, 10, BUFFERED);
    expect(puts).toBeCloseTo(volume / 100, 0);
  });

  it('falls back to a PUT per batch when a container’s batches come further apart than the idle gap', () => {
    expect(observationPutsPerMonth(100_000, 10, BUFFERED)).toBe(observationPutsPerMonth(100_000, 10, { kind: 'per-batch' }));
  });

  it('never counts more PUTs buffered than unbuffered', () => {
    for (const volume of [1e5, 1e6, 3e6, 1e7, 3e7, 1e8, 1e9]) {
      expect(observationPutsPerMonth(volume, 10, BUFFERED)).toBeLessThanOrEqual(observationPutsPerMonth(volume, 10, { kind: 'per-batch' }));
    }
  });
});
