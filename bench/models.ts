/**
 * The pipeline with its learned models against the pipeline before them (#22: "at least the
 * pre-model figure with both models"): the same corpus through `processArticle` of this checkout
 * and of the commit before the line and topic models (84febea, from `git archive` into .tmp/), each
 * in fresh processes, alternated so a busy machine slows both alike. CPU time, steadier than wall time.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, rmSync, symlinkSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { requireEnv } from '#shared/config/env.ts';
import { type Summary, summarize, verdict } from './stats.ts';

const ROOT = resolve(import.meta.dirname, '..');
/** The last commit before the learned line model (2283d17) and topic model (f6195cb), both branched from it. */
export const PRE_MODEL_REVISION = '84febea';

export interface ModelsResult {
  revision: string;
  rounds: number;
  /** CPU-time MB/s, median (min–max) of the per-process medians. */
  now: Summary;
  before: Summary;
  /** now ÷ before: ≥ 1 is the target. */
  ratio: number;
  pass: boolean;
}

/** A checkout of `revision` under .tmp/ sharing this one's node_modules, or null without git history. */
export function checkoutOf(revision: string): string | null {
  const dir = join(ROOT, '.tmp', `bench-rev-${revision}`);
  if (existsSync(join(dir, 'shared', 'domain', 'pipeline.ts')) && !existsSync(join(dir, 'biome.jsonc'))) return dir;
  try {
    rmSync(dir, { recursive: true, force: true });
    mkdirSync(dir, { recursive: true });
    // Only what the pipeline needs: a whole tree would bring its own biome.jsonc and tests into this one's tools.
    const archive = execFileSync('git', ['archive', '--format=tar', revision, 'shared', 'package.json', 'tsconfig.json'], { cwd: ROOT, maxBuffer: 1 << 30 });
    execFileSync('tar', ['-x', '-C', dir], { input: archive });
    symlinkSync(join(ROOT, 'node_modules'), join(dir, 'node_modules'));
    return dir;
  } catch {
    rmSync(dir, { recursive: true, force: true });
    return null;
  }
}

function runWorker(checkout: string, passes: number): number[] {
  const child = spawnSync(process.execPath, ['--import', 'tsx', join(ROOT, 'bench', 'pipeline-worker.ts')], {
    cwd: ROOT,
    env: {
      PATH: requireEnv('PATH'),
      HOME: requireEnv('HOME'),
      AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
      KABAR_PIPELINE_MODULE: join(checkout, 'shared', 'domain', 'pipeline.ts'),
      KABAR_PASSES: String(passes),
    },
    encoding: 'utf8',
    timeout: 600_000,
  });
  if (child.status !== 0) throw new Error(`the pipeline worker for ${checkout} failed: ${child.stderr}`);
  return (JSON.parse(child.stdout.trim().split('\n').at(-1) ?? '{}') as { cpuMbPerSecond: number[] }).cpuMbPerSecond;
}

export async function benchModels(options: { rounds: number; passes: number; log: (line: string) => void }): Promise<ModelsResult | undefined> {
  const { log } = options;
  const before = checkoutOf(PRE_MODEL_REVISION);
  if (!before) {
    log(`skipped: revision ${PRE_MODEL_REVISION} is not in this clone's history (a shallow clone?)`);
    return undefined;
  }
  const nowMedians: number[] = [];
  const beforeMedians: number[] = [];
  for (let round = 0; round < options.rounds; round++) {
    nowMedians.push(summarize(runWorker(ROOT, options.passes)).median);
    beforeMedians.push(summarize(runWorker(before, options.passes)).median);
  }
  const result: ModelsResult = {
    revision: PRE_MODEL_REVISION,
    rounds: options.rounds,
    now: summarize(nowMedians),
    before: summarize(beforeMedians),
    ratio: 0,
    pass: false,
  };
  result.ratio = result.now.median / result.before.median;
  result.pass = result.ratio >= 1;
  const mb = (s: Summary) => `${s.median.toFixed(2)} MB/s (${s.min.toFixed(2)}–${s.max.toFixed(2)})`;
  log(`CPU-time throughput on the corpus, median (min–max) of ${options.rounds} fresh processes each, alternated:`);
  log(`  with the models (this checkout)        ${mb(result.now)}`);
  log(`  before the models (${PRE_MODEL_REVISION})            ${mb(result.before)}`);
  log(`  with / before: ${result.ratio.toFixed(2)} (target ≥ 1) ${verdict(result.pass)}`);
  return result;
}
