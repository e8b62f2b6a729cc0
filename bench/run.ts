/**
 * `npm run bench [-- --only pipeline|models|classify|html|linearity|coldstart|storage|stack|memory|cli] [--quick]`: performance figures of
 * this machine, each next to its baseline from the same run, written to .tmp/bench-results.json
 * for `npm run cost`. See docs/performance.md.
 */
import { mkdirSync, readFileSync, writeFileSync, existsSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { benchClassify, type ClassifyBenchResult } from './classify.ts';
import { benchCli, type CliResult } from './cli.ts';
import { benchColdStart, type ColdStartResult } from './coldstart.ts';
import { benchHtml, type HtmlBenchResult } from './html.ts';
import { benchLinearity, type LinearityResult } from './linearity.ts';
import { benchMemory, type MemoryResult } from './memory.ts';
import { benchModels, type ModelsResult } from './models.ts';
import { benchPipeline, type PipelineResult } from './pipeline.ts';
import { benchStack, type StackResult } from './stack.ts';
import { benchStorage, type StorageResult } from './storage.ts';

const SECTIONS = ['pipeline', 'models', 'classify', 'html', 'linearity', 'coldstart', 'storage', 'stack', 'memory', 'cli'] as const;
type Section = (typeof SECTIONS)[number];

export const RESULTS_FILE = resolve(import.meta.dirname, '..', '.tmp', 'bench-results.json');

export interface BenchResults {
  takenAt: string;
  machine: { cpu: string; cores: number; memoryGb: number; node: string; platform: string };
  pipeline?: PipelineResult;
  models?: ModelsResult;
  classify?: ClassifyBenchResult;
  html?: HtmlBenchResult;
  storage?: StorageResult;
  linearity?: LinearityResult;
  coldstart?: ColdStartResult;
  stack?: StackResult;
  memory?: MemoryResult;
  cli?: CliResult;
}

// The SDK's notice that its 2027 releases need Node 22 would repeat in every child process of the bench.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

const { values } = parseArgs({
  options: {
    only: { type: 'string', multiple: true },
    quick: { type: 'boolean', default: false },
  },
});
const only = (values.only ?? []).flatMap((s) => s.split(','));
for (const name of only) {
  if (!SECTIONS.includes(name as Section)) throw new Error(`--only takes ${SECTIONS.join('|')}, got "${name}"`);
}
const selected = only.length > 0 ? (only as Section[]) : [...SECTIONS];
// --quick: a smoke run (smaller corpus, fewer repetitions), for checking the bench itself.
const quick = values.quick ?? false;

const log = (line: string) => console.log(line);
const machine = {
  cpu: cpus()[0]?.model ?? 'unknown',
  cores: cpus().length,
  memoryGb: Math.round(totalmem() / 2 ** 30),
  node: process.version,
  platform: `${process.platform}-${process.arch}`,
};
log(`kabar bench, ${new Date().toISOString()}: ${machine.cpu}, ${machine.cores} cores, ${machine.memoryGb} GiB, node ${machine.node}`);

// Sections not run keep their previous figures, so `--only memory` does not erase the rest for `npm run cost`.
const previous: Partial<BenchResults> = existsSync(RESULTS_FILE) ? (JSON.parse(readFileSync(RESULTS_FILE, 'utf8')) as BenchResults) : {};
const results: BenchResults = { ...previous, takenAt: new Date().toISOString(), machine };

const started = performance.now();
for (const section of selected) {
  log('');
  log(`== ${section} ==`);
  const sectionStarted = performance.now();
  if (section === 'pipeline') results.pipeline = await benchPipeline({ runs: quick ? 1 : 3, minBytes: quick ? 1_000_000 : 10_000_000, log });
  if (section === 'models') results.models = await benchModels({ rounds: quick ? 1 : 3, passes: quick ? 2 : 5, log });
  if (section === 'classify') results.classify = await benchClassify({ rounds: quick ? 2 : 7, pages: quick ? 30 : 150, log });
  if (section === 'storage') results.storage = await benchStorage({ log });
  if (section === 'html') results.html = await benchHtml({ pages: quick ? 20 : 120, runs: quick ? 1 : 5, log });
  if (section === 'linearity')
    results.linearity = await benchLinearity({ sizes: quick ? [64_000, 128_000] : [128_000, 256_000, 512_000, 1_024_000], runs: quick ? 1 : 3, log });
  if (section === 'coldstart') results.coldstart = await benchColdStart({ runs: quick ? 3 : 15, log });
  if (section === 'stack') results.stack = await benchStack({ uploads: quick ? 40 : 200, concurrency: 8, log });
  if (section === 'memory') results.memory = await benchMemory({ log });
  if (section === 'cli') results.cli = await benchCli({ runs: quick ? 3 : 10, log });
  log(`(${section}: ${((performance.now() - sectionStarted) / 1000).toFixed(0)} s)`);
}

mkdirSync(dirname(RESULTS_FILE), { recursive: true });
writeFileSync(RESULTS_FILE, `${JSON.stringify(results, null, 2)}\n`);
log('');
log(`Done in ${((performance.now() - started) / 1000).toFixed(0)} s; figures in ${join('.tmp', 'bench-results.json')} (npm run cost reads them).`);
// The SDK's keep-alive agents and the emulators' handles would keep the process alive a little longer.
process.exit(0);
