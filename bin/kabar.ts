#!/usr/bin/env node
/**
 * kabar's command line.
 *
 *   kabar process [--json] FILE...     run the pipeline on local files (no AWS needed)
 *
 * Run through npm: `npm run --silent kabar -- process --json FILE...`
 */
import { processFile } from './process-files.ts';

const USAGE = `usage:
  kabar process [--json] FILE...   run the pipeline on local files, one result per file`;

async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  switch (command) {
    case 'process':
      return runProcess(rest);
    default:
      console.error(USAGE);
      return command === undefined || command === '--help' ? 0 : 2;
  }
}

async function runProcess(args: string[]): Promise<number> {
  const json = args.includes('--json');
  const files = args.filter((a) => a !== '--json');
  if (files.length === 0) {
    console.error(USAGE);
    return 2;
  }
  // Sequential on purpose: output order must follow input order, and one core is all we need.
  for (const file of files) {
    const result = await processFile(file);
    if (json) process.stdout.write(`${JSON.stringify(result)}\n`);
    else {
      const topics = result.topics.map((t) => `${t} ${(result.scores[t] ?? 0).toFixed(2)}`).join(', ');
      console.log(`${file}: ${result.status} ${result.error ? `${result.error.code} ${result.error.message}` : ''}`);
      if (result.status === 'ok') console.log(`  ${result.title ?? '(no title)'} [${result.language}] ${topics || '(no topic)'}`);
    }
  }
  return 0;
}

process.exitCode = await main(process.argv.slice(2));
