/**
 * Progress of a long batch on standard error: count, rate and, when the total is known, ETA.
 * Never on standard output, which carries the results (JSON Lines).
 *
 * Like git: shown by default only when stderr is a terminal (one line redrawn in place), forced with
 * `--progress` (a plain line every few seconds, for logs), off with `--no-progress`. Nothing appears
 * before the batch has run for a second, so a short call prints nothing at all.
 */

/** What progress writes to: process.stderr, or a fake in tests. */
export interface ProgressStream {
  isTTY?: boolean;
  write(text: string): unknown;
}

export type ProgressMode = 'auto' | 'always' | 'never';

export interface ProgressOptions {
  /** Items expected, when known: enables "n/total" and the ETA. */
  total?: number;
  /** Plural noun of the items, e.g. `files`. */
  unit: string;
  mode: ProgressMode;
  stream: ProgressStream;
  /** Where the results go (stdout): when it is a terminal too, `around` clears the line before each result. */
  output?: { isTTY?: boolean };
  /** Milliseconds since some fixed point; `performance.now` unless a test drives the clock. */
  now?: () => number;
}

export interface Progress {
  /** Counts `count` more items done; `detail` (e.g. a resume cursor) is shown after the figures. */
  advance(count?: number, detail?: string): void;
  /** Runs a write of a result; on a shared terminal, without tearing the progress line. */
  around(write: () => void): void;
  /** Ends with a summary line: always under `always`, else only if a progress line was shown. */
  finish(): void;
}

/** No line before a batch has run this long: short calls stay silent. */
const SHOW_AFTER_MS = 1000;
/** Redraws on a terminal at most this often. */
const TERMINAL_INTERVAL_MS = 200;
/** A new line in a log at most this often. */
const LOG_INTERVAL_MS = 5000;

/**
 * The mode the `--progress` / `--no-progress` flags ask for.
 *
 * @example progressModeOf({ progress: true }) // → 'always'
 */
export function progressModeOf(flags: { progress?: boolean; 'no-progress'?: boolean }, fallback: ProgressMode = 'auto'): ProgressMode {
  if (flags['no-progress']) return 'never';
  if (flags.progress) return 'always';
  return fallback;
}

/**
 * @example
 *   const progress = createProgress({ total: 5000, unit: 'files', mode: 'auto', stream: process.stderr });
 *   for (const file of files) { …; progress.advance(); }   // stderr: "1,234/5,000 files  412/s  ETA 9s"
 *   progress.finish();                                    // stderr: "5,000/5,000 files in 12s (410/s)"
 */
export function createProgress(options: ProgressOptions): Progress {
  const { total, unit, stream } = options;
  const now = options.now ?? (() => performance.now());
  const terminal = stream.isTTY === true;
  const enabled = options.mode === 'always' || (options.mode === 'auto' && terminal);
  const started = now();
  let done = 0;
  let lastDetail = '';
  let lastDrawn = Number.NEGATIVE_INFINITY;
  let shown = false;
  let lineOpen = false;

  const figures = (elapsedMs: number): string => {
    const rate = elapsedMs > 0 ? (done * 1000) / elapsedMs : 0;
    const count = total === undefined ? `${formatCount(done)} ${unit}` : `${formatCount(done)}/${formatCount(total)} ${unit}`;
    const eta = total !== undefined && rate > 0 && done < total ? `  ETA ${formatDuration(((total - done) / rate) * 1000)}` : '';
    return `${count}  ${rate >= 10 ? Math.round(rate) : rate.toFixed(1)}/s${eta}${lastDetail ? `  ${lastDetail}` : ''}`;
  };
  const draw = (line: string) => {
    if (terminal) {
      stream.write(`\r${line}\x1b[K`);
      lineOpen = true;
    } else {
      stream.write(`${line}\n`);
    }
    shown = true;
  };

  return {
    advance(count = 1, detail) {
      done += count;
      if (detail !== undefined) lastDetail = detail;
      if (!enabled) return;
      const at = now();
      if (at - started < SHOW_AFTER_MS || at - lastDrawn < (terminal ? TERMINAL_INTERVAL_MS : LOG_INTERVAL_MS)) return;
      lastDrawn = at;
      draw(figures(at - started));
    },
    around(write) {
      if (lineOpen && options.output?.isTTY) {
        stream.write('\r\x1b[K');
        lineOpen = false;
        // Redraw at the next advance rather than after every line written.
        lastDrawn = Number.NEGATIVE_INFINITY;
      }
      write();
    },
    finish() {
      // Asked for explicitly, the summary always comes; otherwise only to end a line already shown.
      if (!shown && options.mode !== 'always') return;
      const elapsed = now() - started;
      const rate = elapsed > 0 ? (done * 1000) / elapsed : 0;
      const count = total === undefined ? `${formatCount(done)} ${unit}` : `${formatCount(done)}/${formatCount(total)} ${unit}`;
      draw(`${count} in ${formatDuration(elapsed)} (${rate >= 10 ? Math.round(rate) : rate.toFixed(1)}/s)${lastDetail ? `  ${lastDetail}` : ''}`);
      if (terminal) stream.write('\n');
      lineOpen = false;
    },
  };
}

/** @example formatCount(12345) // → '12,345' */
function formatCount(n: number): string {
  return n.toLocaleString('en-US');
}

/** @example formatDuration(65_000) // → '1m05s' */
export function formatDuration(ms: number): string {
  const seconds = Math.round(ms / 1000);
  if (seconds < 60) return `${seconds}s`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) return `${minutes}m${String(seconds % 60).padStart(2, '0')}s`;
  return `${Math.floor(minutes / 60)}h${String(minutes % 60).padStart(2, '0')}m`;
}
