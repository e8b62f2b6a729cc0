import { describe, expect, it } from 'vitest';
import { createProgress, formatDuration, type ProgressMode, progressModeOf } from '../../bin/progress.ts';

/** A stream that records writes, and a clock the test moves. */
function harness(isTTY: boolean, mode: ProgressMode, total?: number, outputIsTTY = false) {
  const writes: string[] = [];
  let now = 0;
  const progress = createProgress({
    total,
    unit: 'files',
    mode,
    stream: { isTTY, write: (text: string) => writes.push(text) },
    output: { isTTY: outputIsTTY },
    now: () => now,
  });
  const tick = (ms: number) => {
    now += ms;
  };
  return { progress, writes, tick };
}

describe('createProgress', () => {
  it('stays silent during the first second, so a short batch prints nothing', () => {
    const { progress, writes, tick } = harness(true, 'auto', 10);
    for (let i = 0; i < 10; i++) {
      tick(50);
      progress.advance();
    }
    progress.finish();
    expect(writes).toEqual([]);
  });

  it('redraws one line on a terminal with count, rate and ETA, and ends it with a summary', () => {
    const { progress, writes, tick } = harness(true, 'auto', 5000);
    for (let i = 0; i < 1000; i++) {
      tick(2);
      progress.advance();
    }
    // 1,000 files in 2 s: 500/s, 4,000 left → 8 s.
    expect(writes.at(-1)).toBe('\r1,000/5,000 files  500/s  ETA 8s\x1b[K');
    expect(writes.every((w) => !w.includes('\n'))).toBe(true);
    progress.finish();
    expect(writes.slice(-2)).toEqual(['\r1,000/5,000 files in 2s (500/s)\x1b[K', '\n']);
  });

  it('shows nothing by default when standard error is not a terminal', () => {
    const { progress, writes, tick } = harness(false, 'auto', 100);
    for (let i = 0; i < 100; i++) {
      tick(100);
      progress.advance();
    }
    progress.finish();
    expect(writes).toEqual([]);
  });

  it('writes plain lines every few seconds when forced, and always a summary', () => {
    const { progress, writes, tick } = harness(false, 'always');
    for (let i = 0; i < 120; i++) {
      tick(100);
      progress.advance(1, `cursor c${i}`);
    }
    progress.finish();
    // 12 s: lines at 1 s, 6 s and 11 s, then the summary; no carriage returns in a log.
    expect(writes).toHaveLength(4);
    expect(writes.every((w) => w.endsWith('\n') && !w.includes('\r'))).toBe(true);
    expect(writes[0]).toBe('10 files  10/s  cursor c9\n');
    expect(writes.at(-1)).toBe('120 files in 12s (10/s)  cursor c119\n');
  });

  it('leaves the line alone when results go elsewhere than the terminal', () => {
    const { progress, writes, tick } = harness(true, 'auto', 10, false);
    tick(1500);
    progress.advance();
    const before = writes.length;
    progress.around(() => undefined);
    expect(writes).toHaveLength(before);
  });

  it('clears the line before a result written to the same terminal and redraws after it', () => {
    const { progress, writes, tick } = harness(true, 'auto', 10, true);
    tick(1500);
    progress.advance();
    const printed: string[] = [];
    progress.around(() => printed.push('result'));
    expect(writes.at(-1)).toBe('\r\x1b[K');
    expect(printed).toEqual(['result']);
    tick(1);
    progress.advance();
    expect(writes.at(-1)).toMatch(/^\r2\/10 files/);
  });

  it('never writes under --no-progress', () => {
    const { progress, writes, tick } = harness(true, 'never', 10);
    tick(5000);
    progress.advance(10);
    progress.finish();
    expect(writes).toEqual([]);
  });
});

describe('progressModeOf', () => {
  it.each([
    [{}, 'auto'],
    [{ progress: true }, 'always'],
    [{ 'no-progress': true }, 'never'],
    [{ progress: true, 'no-progress': true }, 'never'],
  ] as const)('maps %o to %s', (flags, mode) => {
    expect(progressModeOf(flags)).toBe(mode);
  });
});

describe('formatDuration', () => {
  it.each([
    [4_400, '4s'],
    [65_000, '1m05s'],
    [3_720_000, '1h02m'],
  ])('formats %d ms as %s', (ms, text) => {
    expect(formatDuration(ms)).toBe(text);
  });
});
