/**
 * Cold start: each deployed function's bundle exactly as CDK builds it (a real `cdk synth` into
 * .tmp/), imported N times in fresh Node processes with the environment its template declares,
 * against a minimal S3 + DynamoDB handler and the ingest handler with the SDK left external.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import * as esbuild from 'esbuild';
import { requireEnv } from '#shared/config/env.ts';
import { formatBytes, formatSummary, type Summary, summarize, verdict } from './stats.ts';

const ROOT = resolve(import.meta.dirname, '..');
const SYNTH_DIR = join(ROOT, '.tmp', 'bench-cdk.out');
const BUNDLE_DIR = join(ROOT, '.tmp', 'bench-bundles');

/** Targets of the issue: ingest import time within 1.3× the minimal handler's, bundle under 700 KB. */
export const COLD_START_TARGETS = { maxRatioToMinimal: 1.3, maxIngestBytes: 700_000 } as const;

/**
 * The bundling options of `infra/constructs/kabar-function.ts`, mirrored for the two comparison
 * bundles; the run checks the mirror against the synthesized ingest asset and warns on drift.
 */
// The construct's own list of packages kept out of index.mjs, so the mirror cannot drift from it.
export { LAZY_MODULES } from '../infra/constructs/kabar-function.ts';
import { LAZY_MODULES } from '../infra/constructs/kabar-function.ts';

export const HOUSE_OPTIONS: esbuild.BuildOptions = {
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node22',
  mainFields: ['module', 'main'],
  banner: { js: "import { createRequire } from 'module'; const require = createRequire(import.meta.url);" },
  minify: true,
  charset: 'utf8',
  sourcemap: true,
  sourcesContent: false,
  logLevel: 'silent',
};

export interface ColdStartVariant {
  name: string;
  file: string;
  bytes: number;
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
  ingestBytes: number;
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

/** Builds `entry` with the house options into .tmp/bench-bundles/<name>/index.mjs (where node_modules resolves). */
async function buildWithHouseOptions(
  name: string,
  entry: string,
  external: string[] = [],
): Promise<{ file: string; largestInputs: { input: string; bytes: number }[] }> {
  const file = join(BUNDLE_DIR, name, 'index.mjs');
  mkdirSync(dirname(file), { recursive: true });
  const result = await esbuild.build({
    ...HOUSE_OPTIONS,
    entryPoints: [join(ROOT, entry)],
    outfile: file,
    external: [...LAZY_MODULES, ...external],
    metafile: true,
    absWorkingDir: ROOT,
  });
  const output = Object.entries(result.metafile.outputs).find(([path]) => path.endsWith('index.mjs'))?.[1];
  const byPackage = new Map<string, number>();
  for (const [input, { bytesInOutput }] of Object.entries(output?.inputs ?? {})) {
    // node_modules/@aws-sdk/client-s3/dist-es/… → @aws-sdk/client-s3; shared/domain/x.ts → shared/domain
    const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(input)?.[1] ?? input.split('/').slice(0, 2).join('/');
    byPackage.set(pkg, (byPackage.get(pkg) ?? 0) + bytesInOutput);
  }
  const largestInputs = [...byPackage]
    .sort((a, b) => b[1] - a[1])
    .slice(0, 10)
    .map(([input, bytes]) => ({ input, bytes }));
  return { file, largestInputs };
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
  const synthesized = synthesizeFunctions();
  const ingest = synthesized.find((f) => f.name.startsWith('Ingest'));
  if (!ingest) throw new Error('no ingest function in the synthesized template');
  // Lambda sets the variables the template declares (NODE_OPTIONS=--enable-source-maps among them).
  const nodeOptions = ingest.env.NODE_OPTIONS ?? '';
  const minimalEnv = { ...ingest.env };

  const minimal = await buildWithHouseOptions('minimal-handler', 'bench/fixtures/minimal-handler.ts');
  const sdkExternal = await buildWithHouseOptions('ingest-sdk-external', 'functions/ingest/handler.ts', ['@aws-sdk/*']);
  const mirror = await buildWithHouseOptions('ingest-mirror', 'functions/ingest/handler.ts');
  const assetBytes = statSync(ingest.file).size;
  const mirrorBytes = statSync(mirror.file).size;
  if (Math.abs(mirrorBytes - assetBytes) > assetBytes * 0.02) {
    log(
      `WARNING: the bench's mirror of the bundling options gives ${formatBytes(mirrorBytes)}, the synthesized asset is ${formatBytes(assetBytes)}: update HOUSE_OPTIONS in bench/coldstart.ts (it compares against a drifted build).`,
    );
  }

  const candidates: Omit<ColdStartVariant, 'importMs' | 'cpuMs' | 'bytes'>[] = [
    ...synthesized.map((f) => ({ name: `${f.name} (CDK asset)`, file: f.file, env: f.env, largestInputs: f === ingest ? mirror.largestInputs : undefined })),
    { name: 'minimal S3+DynamoDB handler', file: minimal.file, env: minimalEnv, largestInputs: minimal.largestInputs },
    { name: 'ingest, @aws-sdk/* external', file: sdkExternal.file, env: ingest.env, largestInputs: sdkExternal.largestInputs },
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
  const variants = candidates.map((candidate, index) => ({
    ...candidate,
    bytes: statSync(candidate.file).size,
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
    pass: { ratio: ratio <= COLD_START_TARGETS.maxRatioToMinimal, size: ingestVariant.bytes < COLD_START_TARGETS.maxIngestBytes },
  };
  printColdStart(result, log);
  return result;
}

function printColdStart(result: ColdStartResult, log: (line: string) => void): void {
  log(
    `Import + client construction in a fresh node ${result.nodeVersion} (NODE_OPTIONS=${result.nodeOptions || '(none)'}), median (min–max) of ${result.runs}:`,
  );
  log(`  ${'bundle'.padEnd(34)} ${'wall'.padEnd(26)} ${'CPU'.padEnd(26)} ${'index.mjs'.padStart(9)}`);
  for (const variant of result.variants) {
    log(
      `  ${variant.name.padEnd(34)} ${formatSummary(variant.importMs, 'ms').padEnd(26)} ${formatSummary(variant.cpuMs, 'ms').padEnd(26)} ${formatBytes(variant.bytes).padStart(9)}`,
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
  log(`  ingest bundle: ${formatBytes(result.ingestBytes)} (target < ${formatBytes(COLD_START_TARGETS.maxIngestBytes)}) ${verdict(result.pass.size)}`);
}
