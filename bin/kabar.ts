#!/usr/bin/env node
/**
 * kabar's command line. Run through npm: `npm run --silent kabar -- COMMAND …` (bin/kabar.mjs runs
 * this file bundled; see bin/cli-bundle.mjs). Reading commands act on the local stack (`npm start`)
 * unless `--aws` is given. Each command's modules are imported when it runs, so `kabar process`
 * never loads the AWS SDK.
 */
import { parseArgs } from 'node:util';

const USAGE = `usage:
  kabar process [--json] [--ext EXT[,EXT]] [--progress | --no-progress] [--models DIR] [--template FILE] PATH...
                                                     run the pipeline on local files (no AWS needed); a PATH is a
                                                     file, a directory (read recursively; --ext keeps only those
                                                     extensions) or - (paths from standard input, one per line);
                                                     --models: retrained model files (npm run train -- --out DIR);
                                                     --template: clean with a publisher template (templates learn)
  kabar templates learn --out FILE [--publisher NAME] PATH...
                                                     learn a publisher's template from its articles
  kabar templates show FILE [--json]                 what a template removes
  kabar articles [--topic T] [--since DATE] [--until DATE] [--by ingested|published]
                 [--limit N] [--cursor C] [--json]   list articles, newest first
  kabar article ID [--json]                          one article in full
  kabar source KEY [--json]                          the article for an object key, with its version history
  kabar rejected [--limit N] [--json]                rejected articles and their errors
  kabar dlq list [--json]                            dead-lettered messages (local store, or the DLQ with --aws)
  kabar dlq redrive [MESSAGE_ID...]                  move dead letters back to the ingest queue
  kabar reprocess [--outdated | --all | --topic T | --before-version V] [--publisher P] [--cursor C] [--no-progress]
                                                     re-run the pipeline over stored articles: --outdated (the
                                                     default) picks those made by older models, code, taxonomy
                                                     or publisher template; --publisher: one publisher's only
  kabar console [--aws] [--port N] [--host H]       the review console (default http://127.0.0.1:4570 or KABAR_CONSOLE_PORT)
  kabar labels export [--aws] [--out FILE]           reviewers' corrections as JSON Lines training labels (stdout by default)
  --aws: act on a deployed stack (ARTICLES_TABLE_NAME, ARTICLES_BUCKET_NAME, INGEST_QUEUE_URL, INGEST_DLQ_URL
         from the stack outputs); otherwise on the local stack (npm start)
  progress (count, rate, ETA) goes to standard error, by default only when it is a terminal`;

// The SDK warns on Node 20 that its 2027 releases need Node 22 (the README says so); keep it out of the console output.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  switch (command) {
    case 'process':
      return runProcess(rest);
    case 'articles':
    case 'article':
    case 'source':
    case 'rejected':
      return runRead(command, rest);
    case 'templates':
      return (await import('./templates.ts')).runTemplates(rest);
    case 'dlq':
      return (await import('./operations.ts')).runDeadLetters(rest);
    case 'reprocess':
      return (await import('./operations.ts')).runReprocess(rest);
    case 'console':
      return (await import('./console-commands.ts')).runConsole(rest);
    case 'labels':
      return (await import('./console-commands.ts')).runLabels(rest);
    default:
      console.error(USAGE);
      return command === undefined || command === '--help' ? 0 : 2;
  }
}

async function runProcess(args: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: {
      json: { type: 'boolean', default: false },
      ext: { type: 'string', multiple: true },
      progress: { type: 'boolean', default: false },
      'no-progress': { type: 'boolean', default: false },
      models: { type: 'string' },
      template: { type: 'string' },
    },
  });
  if (positionals.length === 0) {
    console.error(USAGE);
    return 2;
  }
  const [{ expandInputPaths, extensionsOf }, { createProgress, progressModeOf }, { processFile }, { templateIndexOf }] = await Promise.all([
    import('./input-paths.ts'),
    import('./progress.ts'),
    import('./process-files.ts'),
    import('./templates.ts'),
  ]);
  // Read before any file: a bad template is an error of the call, not of each article.
  const template = await templateIndexOf(values.template);
  // process.stdin is touched only when asked for: opening it can hold a terminal or pipe open.
  const files = await expandInputPaths(positionals, { extensions: extensionsOf(values.ext), stdin: positionals.includes('-') ? process.stdin : undefined });
  if (files.length === 0) {
    console.error('kabar: no files to process');
    return 0;
  }
  // A retrained set (npm run train -- --out DIR) instead of the shipped models: compare before it ships.
  const models = values.models ? (await import('#shared/adapters/model-files.ts')).loadModelSet(values.models) : undefined;
  const progress = createProgress({ total: files.length, unit: 'files', mode: progressModeOf(values), stream: process.stderr, output: process.stdout });
  // Sequential on purpose: output order must follow input order.
  for (const file of files) {
    const result = await processFile(file, models, template);
    progress.around(() => {
      if (values.json) process.stdout.write(`${JSON.stringify(result)}\n`);
      else {
        const topics = result.topics.map((t) => `${t} ${(result.scores[t] ?? 0).toFixed(2)}`).join(', ');
        console.log(`${file}: ${result.status}${result.error ? ` ${result.error.code}: ${result.error.message}` : ''}`);
        if (result.status === 'ok') console.log(`  ${result.title ?? '(no title)'} [${result.language}] ${topics || '(no topic)'}`);
      }
    });
    progress.advance();
  }
  progress.finish();
  return 0;
}

async function runRead(command: 'articles' | 'article' | 'source' | 'rejected', args: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: {
      topic: { type: 'string' },
      since: { type: 'string' },
      until: { type: 'string' },
      by: { type: 'string', default: 'ingested' },
      limit: { type: 'string', default: '20' },
      cursor: { type: 'string' },
      json: { type: 'boolean', default: false },
      aws: { type: 'boolean', default: false },
    },
  });
  const [{ DynamoDbArticleReader }, { targetOf }] = await Promise.all([import('#shared/adapters/dynamodb-article-reader.ts'), import('./target.ts')]);
  const target = targetOf({ aws: values.aws }, process.env);
  const reader = new DynamoDbArticleReader(target.dynamodb, target.tableName, target.s3);
  const print = (value: unknown) => console.log(values.json ? JSON.stringify(value) : JSON.stringify(value, null, 2));
  const options = { since: values.since, until: values.until, limit: Number(values.limit), cursor: values.cursor ?? null };

  if (command === 'article' || command === 'source') {
    const [subject] = positionals;
    if (!subject) {
      console.error(USAGE);
      return 2;
    }
    const found = command === 'article' ? await reader.getArticle(subject) : await reader.findBySource(target.bucketName, subject);
    if (!found || ('article' in found && !found.article)) {
      console.error(`not found: ${subject}`);
      return 1;
    }
    print(found);
    return 0;
  }
  const page =
    command === 'rejected'
      ? await reader.listRejected(options)
      : values.topic
        ? await reader.listByTopic(values.topic, options)
        : await reader.listFeed(values.by === 'published' ? 'published' : 'ingested', options);
  if (values.json) {
    for (const item of page.items) console.log(JSON.stringify(item));
  } else {
    for (const item of page.items) {
      const when = item.publishedAt ?? item.ingestedAt;
      const detail = item.status === 'rejected' ? item.errorCode : item.topics.map((t) => `${t} ${(item.scores[t] ?? 0).toFixed(2)}`).join(', ');
      console.log(`${item.id}  ${when}  [${item.language ?? '-'}]  ${item.title ?? item.objectKey}  (${detail || 'no topic'})`);
    }
    if (page.items.length === 0) console.log('(none)');
  }
  if (page.cursor) console.error(`more: --cursor ${page.cursor}`);
  return 0;
}

process.exitCode = await main(process.argv.slice(2)).catch((error: unknown) => {
  const code = (error as NodeJS.ErrnoException).code;
  if (code?.startsWith('ERR_PARSE_ARGS_')) {
    console.error(`kabar: ${(error as Error).message}\n${USAGE}`);
    return 2;
  }
  if (code === 'ECONNREFUSED') console.error('kabar: no local stack answers (start it with `npm start`), or pass --aws to use a deployed stack.');
  else console.error(`kabar: ${error instanceof Error ? error.message : String(error)}`);
  return 1;
});
