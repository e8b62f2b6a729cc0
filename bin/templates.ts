import { readFile, writeFile } from 'node:fs/promises';
import { templateObservationOf } from '#shared/domain/pipeline.ts';
import { type ArticleObservation, learnTemplate, type PublisherTemplate, TemplateIndex } from '#shared/domain/clean/template.ts';
import { parsePublisherTemplate } from '#shared/template-schema.ts';
import { parseCommand, UsageError } from './cli-args.ts';
import { expandInputPaths, extensionsOf } from './input-paths.ts';

/** `kabar templates learn|show` (usage and options: cli-args.ts). */
export async function runTemplates(args: string[]): Promise<number> {
  const { values, positionals } = parseCommand('templates', args);
  const [action, ...rest] = positionals;
  if (action === 'learn') return learn(values, rest);
  if (action === 'show') return show(values, rest);
  throw new UsageError('templates', action === undefined ? 'no action given (learn or show)' : `unknown action '${action}' (learn or show)`);
}

type TemplateOptions = ReturnType<typeof parseCommand<'templates'>>['values'];

async function learn(values: TemplateOptions, positionals: string[]): Promise<number> {
  if (!values.out) throw new UsageError('templates', 'learn needs --out FILE');
  if (positionals.length === 0) throw new UsageError('templates', 'learn needs a PATH (a file, a directory, or -)');
  const files = await expandInputPaths(positionals, { extensions: extensionsOf(values.ext), stdin: positionals.includes('-') ? process.stdin : undefined });
  const observations: ArticleObservation[] = [];
  let rejected = 0;
  for (const file of files) {
    const observation = await templateObservationOf({ bytes: await readFile(file), key: file }, true);
    if (observation) observations.push(observation);
    else rejected++;
  }
  const template = learnTemplate(observations, { publisher: values.publisher ?? null });
  await writeFile(values.out, `${JSON.stringify(template, null, 1)}\n`);
  const acting = template.entries.filter((e) => e.short !== null || e.sentence !== null).length;
  console.error(
    `kabar: template ${template.version} from ${observations.length} article(s)${rejected ? ` (${rejected} rejected, left out)` : ''}: ${acting} line(s) removed → ${values.out}`,
  );
  return 0;
}

async function show(values: TemplateOptions, positionals: string[]): Promise<number> {
  const [file, extra] = positionals;
  if (!file) throw new UsageError('templates', 'show needs a template FILE');
  if (extra !== undefined) throw new UsageError('templates', `unexpected argument '${extra}'`);
  const template = await readTemplateFile(file);
  if (values.json) {
    console.log(JSON.stringify(template));
    return 0;
  }
  console.log(`template ${template.version}${template.publisher ? ` of ${template.publisher}` : ''}, learned from ${template.articles} article(s)`);
  for (const e of template.entries) {
    const acts = e.pinned ? `pinned ${e.pinned}` : e.short || e.sentence ? `removes (short: ${e.short ?? 'no'}, sentence: ${e.sentence ?? 'no'})` : 'seen only';
    console.log(
      `  ${String(e.articles).padStart(4)} art. ${(100 * e.share).toFixed(0).padStart(3)}%  ${e.kind.padEnd(5)} ${acts.padEnd(44)} ${e.text ?? e.key}`,
    );
  }
  return 0;
}

/** A template file read and validated: a clear error for anything else. */
export async function readTemplateFile(file: string): Promise<PublisherTemplate> {
  let json: unknown;
  try {
    json = JSON.parse(await readFile(file, 'utf8'));
  } catch (error) {
    throw new Error(`cannot read template ${file}: ${error instanceof Error ? error.message : String(error)}`);
  }
  try {
    return parsePublisherTemplate(json);
  } catch (error) {
    throw new Error(`${file}: ${error instanceof Error ? error.message : String(error)}`);
  }
}

/** The template of `--template FILE`, indexed for the cleaner. */
export async function templateIndexOf(file: string | undefined): Promise<TemplateIndex | null> {
  return file ? new TemplateIndex(await readTemplateFile(file)) : null;
}
