/**
 * CLI start-up: a one-file `kabar process --json` call as a whole process, the bundled CLI
 * (bin/kabar.mjs, what `npm run kabar` runs) against the same command compiled on the fly by tsx
 * (what it ran before), with a bare `node` as the floor and `npm run` around the bundle as users call it.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { formatSummary, type Summary, summarize, verdict } from './stats.ts';

const ROOT = resolve(import.meta.dirname, '..');
const ARTICLE = join(ROOT, 'tests', 'fixtures', 'articles', 'riyadh-talks-original.txt');

/** The issue's target for a one-file call through npm: well under a second. */
export const CLI_TARGETS = { maxNpmRunMs: 1000 } as const;

export interface CliVariant {
  name: string;
  command: string;
  wallMs: Summary;
  /** User + system CPU of the process and its children (Linux /proc; null elsewhere). */
  cpuMs: Summary | null;
}

export interface CliResult {
  runs: number;
  variants: CliVariant[];
  /** Bundled / tsx, wall-time medians of the same run. */
  bundleToTsxRatio: number;
  /** The same on CPU time, steadier on a shared machine (null without /proc). */
  bundleToTsxCpuRatio: number | null;
  npmRunMs: number;
  /** Judged on CPU time where measured: on an idle machine wall time is about the same, on a shared one it is mostly waiting. */
  pass: { npmRun: boolean };
}

/** CPU seconds of this process's reaped children, from /proc/self/stat (clock ticks, 100 per second). */
function childrenCpuMs(): number | null {
  if (!existsSync('/proc/self/stat')) return null;
  const fields = readFileSync('/proc/self/stat', 'utf8').split(') ')[1]?.split(' ') ?? [];
  // After "pid (comm) ": state is field 3, so cutime (16) and cstime (17) sit at 13 and 14.
  return (Number(fields[13]) + Number(fields[14])) * 10;
}

function timeOnce(command: string[]): { wall: number; cpu: number | null } {
  const cpuBefore = childrenCpuMs();
  const started = performance.now();
  const child = spawnSync(command[0] as string, command.slice(1), { cwd: ROOT, encoding: 'utf8', timeout: 60_000 });
  const wall = performance.now() - started;
  const cpuAfter = childrenCpuMs();
  if (child.status !== 0) throw new Error(`${command.join(' ')} failed: ${child.stderr}`);
  return { wall, cpu: cpuBefore === null || cpuAfter === null ? null : cpuAfter - cpuBefore };
}

export async function benchCli(options: { runs: number; log: (line: string) => void }): Promise<CliResult> {
  const { log } = options;
  const process_ = ['process', '--json', ARTICLE];
  const candidates = [
    { name: 'node (empty script, the floor)', command: [process.execPath, '-e', ''] },
    { name: 'bundled (node bin/kabar.mjs)', command: [process.execPath, join(ROOT, 'bin', 'kabar.mjs'), ...process_] },
    {
      name: 'tsx bin/kabar.ts (before)',
      command: [process.execPath, join(ROOT, 'node_modules', 'tsx', 'dist', 'cli.mjs'), join(ROOT, 'bin', 'kabar.ts'), ...process_],
    },
    { name: 'npm run --silent kabar', command: ['npm', 'run', '--silent', 'kabar', '--', ...process_] },
  ];
  // The first bundled call builds the bundle if the sources changed: a warm-up for every variant.
  for (const candidate of candidates) timeOnce(candidate.command);
  const samples = candidates.map(() => ({ wall: [] as number[], cpu: [] as number[] }));
  for (let run = 0; run < options.runs; run++) {
    candidates.forEach((candidate, index) => {
      const { wall, cpu } = timeOnce(candidate.command);
      samples[index]?.wall.push(wall);
      if (cpu !== null) samples[index]?.cpu.push(cpu);
    });
  }
  const variants = candidates.map((candidate, index) => ({
    name: candidate.name,
    command: candidate.command.map((part) => part.replace(`${ROOT}/`, '')).join(' '),
    wallMs: summarize(samples[index]?.wall ?? []),
    cpuMs: (samples[index]?.cpu.length ?? 0) > 0 ? summarize(samples[index]?.cpu ?? []) : null,
  }));
  const [, bundled, tsx, npmRun] = variants as [CliVariant, CliVariant, CliVariant, CliVariant];
  const npmRunJudged = npmRun.cpuMs?.median ?? npmRun.wallMs.median;
  const result: CliResult = {
    runs: options.runs,
    variants,
    bundleToTsxRatio: bundled.wallMs.median / tsx.wallMs.median,
    bundleToTsxCpuRatio: bundled.cpuMs && tsx.cpuMs ? bundled.cpuMs.median / tsx.cpuMs.median : null,
    npmRunMs: npmRun.wallMs.median,
    pass: { npmRun: npmRunJudged < CLI_TARGETS.maxNpmRunMs },
  };
  log(`One-file \`kabar process --json\` as a whole process, median (min–max) of ${options.runs}, interleaved:`);
  log(`  ${'command'.padEnd(32)} ${'wall'.padEnd(28)} CPU (user + system)`);
  for (const variant of variants)
    log(`  ${variant.name.padEnd(32)} ${formatSummary(variant.wallMs, 'ms', 0).padEnd(28)} ${variant.cpuMs ? formatSummary(variant.cpuMs, 'ms', 0) : 'n/a'}`);
  log(
    `  bundled / tsx: ${result.bundleToTsxRatio.toFixed(2)}× wall${result.bundleToTsxCpuRatio === null ? '' : `, ${result.bundleToTsxCpuRatio.toFixed(2)}× CPU`}`,
  );
  log(
    `  npm run --silent kabar -- process, one file: ${result.npmRunMs.toFixed(0)} ms wall, ${npmRun.cpuMs ? `${npmRun.cpuMs.median.toFixed(0)} ms CPU` : 'CPU n/a'} (target < ${CLI_TARGETS.maxNpmRunMs} ms, judged on ${npmRun.cpuMs ? 'CPU' : 'wall'}) ${verdict(result.pass.npmRun)}`,
  );
  return result;
}
