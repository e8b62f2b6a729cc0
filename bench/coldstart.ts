/**
 * Cold start: each deployed function's bundle exactly as CDK builds it (a real `cdk synth` into
 * .tmp/), imported N times in fresh Node processes with the environment its template declares,
 * against a minimal S3 + DynamoDB handler bundled the same way, the ingest handler with the SDK left
 * external, and the ingest handler bundled as it was before code splitting (one file, data inline).
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import * as esbuild from 'esbuild';
import { requireEnv } from '#shared/config/env.ts';
import { bundleFunction, HOUSE_BUILD_OPTIONS, startupFilesOf } from '../infra/bundle-function.ts';
import { FIRST_ARTICLE, type FirstInvocationTiming, startFirstInvocationStage } from './first-invocation.ts';
import { formatBytes, formatSummary, type Summary, summarize, verdict } from './stats.ts';

const ROOT = resolve(import.meta.dirname, '..');
const SYNTH_DIR = join(ROOT, '.tmp', 'bench-cdk.out');
const BUNDLE_DIR = join(ROOT, '.tmp', 'bench-bundles');

/** Targets of the issue (#22): ingest import time within 1.2× the minimal handler's, start-up code under 600 KB. */
export const COLD_START_TARGETS = { maxRatioToMinimal: 1.2, maxIngestBytes: 600_000 } as const;

/** What the bundle before code splitting kept out of index.mjs, as packages beside it. */
const ONE_FILE_LAZY_PACKAGES = ['linkedom', '@mozilla/readability', 'franc-min'];

export interface ColdStartVariant {
  name: string;
  file: string;
  /** JavaScript loaded before the handler can run: index.mjs and the chunks it imports statically. */
  bytes: number;
  /** JSON data files those modules read at start (shared/data, copied beside the code). */
  dataBytes: number;
  /** Chunks behind an `await import()`: loaded by the first invocation that needs them, if any. */
  lazyBytes: number;
  env: Record<string, string>;
  importMs: Summary;
  /** CPU time (user + system) of the import: less sensitive than wall time to a busy machine. */
  cpuMs: Summary;
  /** Top inputs by bytes in the output, where a metafile is at hand. */
  largestInputs?: { input: string; bytes: number }[];
}

export interface ColdStartResult {
  runs: number;
  nodeVersion: string;
  nodeOptions: string;
  variants: ColdStartVariant[];
  ingestToMinimalRatio: number;
  /** The same ratio on CPU time. */
  ingestToMinimalCpuRatio: number;
  /**
   * The real cold path: import plus the first invocation on a text article (the ingest handler
   * against the emulators) vs the minimal handler's import plus its first invocation (one GET, one
   * PutItem), CPU time; absent when DynamoDB Local could not start (no Java).
   */
  firstInvocation?: {
    article: string;
    ingest: { importCpuMs: Summary; totalCpuMs: Summary; totalWallMs: Summary };
    minimal: { importCpuMs: Summary; totalCpuMs: Summary; totalWallMs: Summary };
    /** Median total CPU of the ingest ÷ the minimal handler's. */
    cpuRatio: number;
    wallRatio: number;
  };
  ingestBytes: number;
  /** Start-up code of the same ingest handler bundled as before (one file, data inline). */
  oneFileIngestBytes: number;
  pass: { ratio: boolean; size: boolean };
}

interface SynthesizedFunction {
  /** e.g. `IngestFunction` */
  name: string;
  file: string;
  env: Record<string, string>;
}

/**
 * Synthesizes the app into .tmp/bench-cdk.out and lists each Lambda function's bundle and env.
 *
 * @example synthesizeFunctions() // → [{ name: 'IngestFunction', file: '/…/asset.0402…/index.mjs', env: { ARTICLES_TABLE_NAME: 'bench', … } }, …]
 */
export function synthesizeFunctions(): SynthesizedFunction[] {
  rmSync(SYNTH_DIR, { recursive: true, force: true });
  try {
    execFileSync(join(ROOT, 'node_modules', '.bin', 'cdk'), ['synth', '--quiet', '-o', SYNTH_DIR], { cwd: ROOT, stdio: 'pipe', encoding: 'utf8' });
  } catch (error) {
    const { stderr } = error as { stderr?: string };
    throw new Error(`cdk synth failed:\n${stderr ?? String(error)}`);
  }
  const manifest = JSON.parse(readFileSync(join(SYNTH_DIR, 'manifest.json'), 'utf8')) as {
    artifacts: Record<string, { type: string; properties?: { templateFile?: string } }>;
  };
  const functions: SynthesizedFunction[] = [];
  for (const artifact of Object.values(manifest.artifacts)) {
    if (artifact.type !== 'aws:cloudformation:stack' || !artifact.properties?.templateFile) continue;
    const template = JSON.parse(readFileSync(join(SYNTH_DIR, artifact.properties.templateFile), 'utf8')) as { Resources: Record<string, TemplateResource> };
    for (const resource of Object.values(template.Resources)) {
      const assetPath = resource.Metadata?.['aws:asset:path'];
      if (resource.Type !== 'AWS::Lambda::Function' || typeof assetPath !== 'string') continue;
      const cdkPath = String(resource.Metadata?.['aws:cdk:path'] ?? '');
      // Kabar/Ingestion/IngestFunction/Function/Resource → IngestFunction
      const name = cdkPath.split('/').at(-3) ?? cdkPath;
      functions.push({ name, file: join(SYNTH_DIR, assetPath, 'index.mjs'), env: lambdaEnvironmentOf(resource) });
    }
  }
  return functions;
}

/** The handler module of a synthesized function: `IngestFunction` → functions/ingest/handler.ts. */
function entryOf(functionName: string): string {
  return `functions/${functionName.replace(/Function$/, '').toLowerCase()}/handler.ts`;
}

interface TemplateResource {
  Type: string;
  Metadata?: Record<string, unknown>;
  Properties?: { Environment?: { Variables?: Record<string, unknown> } };
}

/** The function's declared variables: literal values kept, references (table name, queue URL) given stand-ins. */
function lambdaEnvironmentOf(resource: TemplateResource): Record<string, string> {
  const env: Record<string, string> = { AWS_REGION: 'us-east-1', AWS_LAMBDA_FUNCTION_NAME: 'bench' };
  for (const [name, value] of Object.entries(resource.Properties?.Environment?.Variables ?? {})) {
    if (typeof value === 'string' || typeof value === 'number') env[name] = String(value);
    else env[name] = name.endsWith('_URL') ? 'https://sqs.us-east-1.amazonaws.com/123456789012/bench' : 'bench';
  }
  return env;
}

interface Built {
  file: string;
  startup: string[];
  dataFiles: string[];
  largestInputs: { input: string; bytes: number }[];
}

/** Builds `entry` with the house bundler into .tmp/bench-bundles/<name>/ (where node_modules resolves). */
async function buildHouse(name: string, entry: string, external: string[] = []): Promise<Built> {
  const dir = join(BUNDLE_DIR, name);
  rmSync(dir, { recursive: true, force: true });
  return builtOf(dir, await bundleFunction(entry, dir, { external }));
}

/** The ingest handler as it was bundled before code splitting: one index.mjs, data inline, three packages external. */
async function buildOneFile(name: string, entry: string): Promise<Built> {
  const dir = join(BUNDLE_DIR, name);
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  const { splitting, chunkNames, outExtension, ...options } = HOUSE_BUILD_OPTIONS;
  const result = await esbuild.build({
    ...options,
    entryPoints: [join(ROOT, entry)],
    outfile: join(dir, 'index.mjs'),
    external: ONE_FILE_LAZY_PACKAGES,
    metafile: true,
    absWorkingDir: ROOT,
    logLevel: 'silent',
  });
  return builtOf(dir, result.metafile);
}

function builtOf(dir: string, metafile: esbuild.Metafile): Built {
  const startup = startupFilesOf(metafile).map(([file]) => resolve(ROOT, file));
  const dataFiles = [...new Set(startup.flatMap((file) => Object.keys(metafile.outputs[relative(ROOT, file)]?.inputs ?? {})))]
    .filter((input) => input.startsWith('shared/data/') && input.endsWith('.json'))
    .map((input) => join(dir, 'data', input.slice('shared/data/'.length)))
    .filter((file) => existsSync(file));
  const byPackage = new Map<string, number>();
  for (const file of startup) {
    for (const [input, { bytesInOutput }] of Object.entries(metafile.outputs[relative(ROOT, file)]?.inputs ?? {})) {
      // node_modules/@aws-sdk/client-s3/dist-es/… → @aws-sdk/client-s3; shared/domain/x.ts → shared/domain
      const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(input)?.[1] ?? input.split('/').slice(0, 2).join('/');
      byPackage.set(pkg, (byPackage.get(pkg) ?? 0) + bytesInOutput);
    }
  }
  const largestInputs = [...byPackage]
    .sort((a, b) => b[1] - a[1])
    .slice(0, 10)
    .map(([input, bytes]) => ({ input, bytes }));
  return { file: join(dir, 'index.mjs'), startup, dataFiles, largestInputs };
}

/**
 * Start-up, data and lazy bytes of a bundle directory, given the names of its start-up files (from a
 * build of the same sources with the same options: a synthesized asset has no metafile).
 */
function sizesOf(dir: string, built: Built): { bytes: number; dataBytes: number; lazyBytes: number } {
  const names = new Set(built.startup.map((file) => relative(dirname(built.file), file)));
  let bytes = 0;
  let lazyBytes = 0;
  for (const name of readdirSync(dir).filter((n) => n.endsWith('.mjs'))) {
    const size = statSync(join(dir, name)).size;
    if (names.has(name)) bytes += size;
    else lazyBytes += size;
  }
  const dataBytes = built.dataFiles.reduce((sum, file) => sum + statSync(join(dir, relative(dirname(built.file), file))).size, 0);
  return { bytes, dataBytes, lazyBytes };
}

/**
 * Wall and CPU milliseconds a fresh `node` takes to import `file` (module evaluation, so client construction too).
 *
 * @example importMillis('/…/index.mjs', { ARTICLES_TABLE_NAME: 'bench' }) // → { wall: 48.3, cpu: 45.1 }
 */
function importMillis(file: string, env: Record<string, string>): { wall: number; cpu: number } {
  const script = `const c = process.cpuUsage(); const t = performance.now(); await import(${JSON.stringify(pathToFileURL(file).href)}); const w = performance.now() - t; const u = process.cpuUsage(c); console.log(w, (u.user + u.system) / 1000);`;
  const child = spawnSync(process.execPath, ['--input-type=module', '-e', script], {
    env: { PATH: requireEnv('PATH'), HOME: requireEnv('HOME'), ...env },
    encoding: 'utf8',
    timeout: 30_000,
  });
  const [wall, cpu] = (child.stdout.trim().split('\n').at(-1) ?? '').split(' ').map(Number);
  if (child.status !== 0 || wall === undefined || cpu === undefined || !Number.isFinite(wall))
    throw new Error(`importing ${file} failed: ${child.stderr || child.stdout}`);
  return { wall, cpu };
}

/** Runs the section: synth, build the comparisons, time `runs` interleaved imports of each. */
export async function benchColdStart(options: { runs: number; log: (line: string) => void }): Promise<ColdStartResult> {
  const { log } = options;
  log('Synthesizing the CDK app (npx cdk synth --quiet -o .tmp/bench-cdk.out)…');
  // Functions whose handler module the bench can name (functions/<name>/handler.ts); others are left out, said so.
  const synthesized = synthesizeFunctions().filter((f) => {
    const known = existsSync(join(ROOT, entryOf(f.name)));
    if (!known) log(`(${f.name}: no ${entryOf(f.name)}, not measured)`);
    return known;
  });
  const ingest = synthesized.find((f) => f.name.startsWith('Ingest'));
  if (!ingest) throw new Error('no ingest function in the synthesized template');
  // Lambda sets the variables the template declares (NODE_OPTIONS=--enable-source-maps among them).
  const nodeOptions = ingest.env.NODE_OPTIONS ?? '';
  const minimalEnv = { ...ingest.env };

  const minimal = await buildHouse('minimal-handler', 'bench/fixtures/minimal-handler.ts');
  const sdkExternal = await buildHouse('ingest-sdk-external', 'functions/ingest/handler.ts', ['@aws-sdk/*']);
  const oneFile = await buildOneFile('ingest-one-file', 'functions/ingest/handler.ts');
  // The same build as the asset, for its metafile (which files load at start, which inputs they hold).
  const mirrors = new Map<SynthesizedFunction, Built>();
  for (const f of synthesized) mirrors.set(f, await buildHouse(`${f.name}-mirror`, entryOf(f.name)));
  const ingestMirror = mirrors.get(ingest) as Built;
  const assetBytes = statSync(ingest.file).size;
  const mirrorBytes = statSync(ingestMirror.file).size;
  if (mirrorBytes !== assetBytes) {
    log(
      `WARNING: the bench's build of the ingest handler gives ${formatBytes(mirrorBytes)}, the synthesized asset ${formatBytes(assetBytes)}: its start-up sizes may be off.`,
    );
  }

  const candidates: (Omit<ColdStartVariant, 'importMs' | 'cpuMs' | 'bytes' | 'dataBytes' | 'lazyBytes'> & { built: Built })[] = [
    ...synthesized.map((f) => {
      const built = mirrors.get(f) as Built;
      return { name: `${f.name} (CDK asset)`, file: f.file, env: f.env, built, largestInputs: built.largestInputs };
    }),
    { name: 'minimal S3+DynamoDB handler', file: minimal.file, env: minimalEnv, built: minimal, largestInputs: minimal.largestInputs },
    { name: 'ingest, @aws-sdk/* external', file: sdkExternal.file, env: ingest.env, built: sdkExternal, largestInputs: sdkExternal.largestInputs },
    { name: 'ingest, one file (before)', file: oneFile.file, env: ingest.env, built: oneFile, largestInputs: oneFile.largestInputs },
  ];
  // Warm the file cache once, then interleave the variants so drift of the machine hits all alike.
  for (const candidate of candidates) importMillis(candidate.file, candidate.env);
  const samples = candidates.map(() => ({ wall: [] as number[], cpu: [] as number[] }));
  for (let run = 0; run < options.runs; run++) {
    candidates.forEach((candidate, index) => {
      const { wall, cpu } = importMillis(candidate.file, candidate.env);
      samples[index]?.wall.push(wall);
      samples[index]?.cpu.push(cpu);
    });
  }
  const variants: ColdStartVariant[] = candidates.map(({ built, ...candidate }, index) => ({
    ...candidate,
    ...sizesOf(dirname(candidate.file), built),
    importMs: summarize(samples[index]?.wall ?? []),
    cpuMs: summarize(samples[index]?.cpu ?? []),
  }));

  const ingestVariant = variants[synthesized.indexOf(ingest)] as ColdStartVariant;
  const minimalVariant = variants[synthesized.length] as ColdStartVariant;
  const ratio = ingestVariant.importMs.median / minimalVariant.importMs.median;
  const result: ColdStartResult = {
    runs: options.runs,
    nodeVersion: process.version,
    nodeOptions,
    variants,
    ingestToMinimalRatio: ratio,
    ingestToMinimalCpuRatio: ingestVariant.cpuMs.median / minimalVariant.cpuMs.median,
    ingestBytes: ingestVariant.bytes,
    oneFileIngestBytes: (variants.at(-1) as ColdStartVariant).bytes,
    pass: { ratio: ratio <= COLD_START_TARGETS.maxRatioToMinimal, size: ingestVariant.bytes < COLD_START_TARGETS.maxIngestBytes },
  };
  result.firstInvocation = await benchFirstInvocation(ingest, minimal.file, minimalEnv, options);
  printColdStart(result, log);
  return result;
}

/** Import + first invocation of the ingest asset and the minimal handler, interleaved fresh processes. */
async function benchFirstInvocation(
  ingest: SynthesizedFunction,
  minimalFile: string,
  minimalEnv: Record<string, string>,
  options: { runs: number; log: (line: string) => void },
): Promise<ColdStartResult['firstInvocation']> {
  options.log('Starting the emulators for the first invocation (s3rver, DynamoDB Local)…');
  let stage: Awaited<ReturnType<typeof startFirstInvocationStage>>;
  try {
    stage = await startFirstInvocationStage();
  } catch (error) {
    options.log(`(first invocation not measured: ${error instanceof Error ? error.message : String(error)})`);
    return undefined;
  }
  try {
    const [ingestRuns = [], minimalRuns = []] = await stage.time(
      [
        { name: 'ingest', file: ingest.file, env: ingest.env, kind: 'ingest' },
        { name: 'minimal', file: minimalFile, env: minimalEnv, kind: 'minimal' },
      ],
      options.runs,
    );
    const figures = (runs: FirstInvocationTiming[]) => ({
      importCpuMs: summarize(runs.map((r) => r.importCpu)),
      totalCpuMs: summarize(runs.map((r) => r.totalCpu)),
      totalWallMs: summarize(runs.map((r) => r.totalWall)),
    });
    const [ingestFigures, minimalFigures] = [figures(ingestRuns), figures(minimalRuns)];
    const cpuRatio = ingestFigures.totalCpuMs.median / minimalFigures.totalCpuMs.median;
    return {
      article: relative(ROOT, FIRST_ARTICLE),
      ingest: ingestFigures,
      minimal: minimalFigures,
      cpuRatio,
      wallRatio: ingestFigures.totalWallMs.median / minimalFigures.totalWallMs.median,
    };
  } finally {
    await stage.stop();
  }
}

function printColdStart(result: ColdStartResult, log: (line: string) => void): void {
  log(
    `Import + client construction in a fresh node ${result.nodeVersion} (NODE_OPTIONS=${result.nodeOptions || '(none)'}), median (min–max) of ${result.runs}:`,
  );
  log(`  ${'bundle'.padEnd(34)} ${'wall'.padEnd(26)} ${'CPU'.padEnd(26)} ${'start-up code'.padStart(13)} ${'+ data'.padStart(9)} ${'lazy'.padStart(9)}`);
  for (const variant of result.variants) {
    log(
      `  ${variant.name.padEnd(34)} ${formatSummary(variant.importMs, 'ms').padEnd(26)} ${formatSummary(variant.cpuMs, 'ms').padEnd(26)} ${formatBytes(variant.bytes).padStart(13)} ${formatBytes(variant.dataBytes).padStart(9)} ${formatBytes(variant.lazyBytes).padStart(9)}`,
    );
  }
  const ingest = result.variants.find((v) => v.name.startsWith('Ingest'));
  if (ingest?.largestInputs)
    log(
      `  ingest bundle, largest inputs: ${ingest.largestInputs
        .slice(0, 8)
        .map((i) => `${i.input} ${formatBytes(i.bytes)}`)
        .join(', ')}`,
    );
  log(
    `  ingest / minimal import time: ${result.ingestToMinimalRatio.toFixed(2)}× wall, ${result.ingestToMinimalCpuRatio.toFixed(2)}× CPU (target ≤ ${COLD_START_TARGETS.maxRatioToMinimal}×) ${verdict(result.pass.ratio)}`,
  );
  const first = result.firstInvocation;
  if (first) {
    log(`Init + first invocation on a text article (${first.article}) against the emulators, fresh node, median (min–max) of ${result.runs}:`);
    for (const [name, f] of [
      ['IngestFunction (CDK asset)', first.ingest],
      ['minimal S3+DynamoDB handler', first.minimal],
    ] as const) {
      log(
        `  ${name.padEnd(34)} import ${formatSummary(f.importCpuMs, 'ms')} CPU; import + first invocation ${formatSummary(f.totalCpuMs, 'ms')} CPU, ${formatSummary(f.totalWallMs, 'ms')} wall`,
      );
    }
    // No verdict of its own: the import target counts only if this figure falls with it (work moved out of the
    // import into the first invocation shows here), judged against the same figure of the code before.
    log(
      `  ingest / minimal init + first invocation: ${first.cpuRatio.toFixed(2)}× CPU, ${first.wallRatio.toFixed(2)}× wall (the ingest's first article compiles its rules, lexicon and models; the minimal handler has none)`,
    );
  }
  log(
    `  ingest start-up code: ${formatBytes(result.ingestBytes)} (one file before: ${formatBytes(result.oneFileIngestBytes)}; target < ${formatBytes(COLD_START_TARGETS.maxIngestBytes)}) ${verdict(result.pass.size)}`,
  );
}
