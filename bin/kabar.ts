#!/usr/bin/env node
/**
 * kabar's command line. Run through npm: `npm run --silent kabar -- COMMAND …` (bin/kabar.mjs runs
 * this file bundled; see bin/cli-bundle.mjs). Reading commands act on the local stack (`npm start`)
 * unless `--aws` is given. Each command's modules are imported when it runs, so `kabar process`
 * never loads the AWS SDK.
 */
import type { ArticleSummary, DynamoDbArticleReader } from '#shared/adapters/dynamodb-article-reader.ts';
import { cursorOf, dateBoundOf, invocationOf, limitOf, parseCommand, topicOf, UsageError } from './cli-args.ts';

// The SDK warns on Node 20 that its 2027 releases need Node 22 (the README says so); keep it out of the console output.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

async function main(argv: string[]): Promise<number> {
  const invocation = invocationOf(argv);
  if (invocation.kind === 'help') {
    console.log(invocation.text);
    return 0;
  }
  const { command, args } = invocation;
  switch (command) {
    case 'process':
      return runProcess(args);
    case 'articles':
    case 'article':
    case 'source':
    case 'rejected':
      return runRead(command, args);
    case 'templates':
      return (await import('./templates.ts')).runTemplates(args);
    case 'dlq':
      return (await import('./operations.ts')).runDeadLetters(args);
    case 'reprocess':
      return (await import('./operations.ts')).runReprocess(args);
    case 'console':
      return (await import('./console-commands.ts')).runConsole(args);
    case 'labels':
      return (await import('./console-commands.ts')).runLabels(args);
  }
}

async function runProcess(args: string[]): Promise<number> {
  const { values, positionals } = parseCommand('process', args);
  if (positionals.length === 0) throw new UsageError('process', 'no PATH given (a file, a directory, or - to read paths from standard input)');
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
        if (result.status === 'ok') console.log(`  ${shownTitle(result) ?? '(no title)'} [${result.language}] ${topics || '(no topic)'}`);
      }
    });
    progress.advance();
  }
  progress.finish();
  return 0;
}

async function runRead(command: 'articles' | 'article' | 'source' | 'rejected', args: string[]): Promise<number> {
  if (command === 'article' || command === 'source') return runShow(command, args);
  const articles = command === 'articles' ? parseCommand('articles', args) : null;
  const { values, positionals } = articles ?? parseCommand('rejected', args);
  if (positionals.length > 0) throw new UsageError(command, `unexpected argument '${positionals[0]}'`);
  // Every argument is checked before the stack is asked: a typo is an error, not an empty list.
  const topic = articles?.values.topic === undefined ? null : topicOf(command, articles.values.topic);
  const by = orderOf(articles?.values.by, topic);
  const since = values.since === undefined ? undefined : dateBoundOf(command, '--since', values.since);
  const until = values.until === undefined ? undefined : dateBoundOf(command, '--until', values.until);
  if (since !== undefined && until !== undefined && since >= until)
    throw new UsageError(command, `--since ${values.since} is not before --until ${values.until}`);
  const options = { since, until, limit: limitOf(command, values.limit), cursor: cursorOf(command, values.cursor) };

  const reader = await readerOf(values.aws);
  const page =
    command === 'rejected' ? await reader.listRejected(options) : topic ? await reader.listByTopic(topic, options) : await reader.listFeed(by, options);
  const items = await withDisplayTitles(reader, page.items);
  if (values.json) {
    for (const item of items) console.log(JSON.stringify(item));
  } else {
    for (const item of items) {
      // The date the list is ordered by, named: an undated article is listed by the date it was received.
      const when = by === 'published' ? (item.publishedAt ? `published ${item.publishedAt}` : `received ${item.ingestedAt}`) : `ingested ${item.ingestedAt}`;
      const detail = item.status === 'rejected' ? item.errorCode : item.topics.map((t) => `${t} ${(item.scores[t] ?? 0).toFixed(2)}`).join(', ');
      console.log(`${item.id}  ${when}  [${item.language ?? '-'}]  ${shownTitle(item) ?? item.objectKey}  (${detail || 'no topic'})`);
    }
    if (page.items.length === 0) console.log('(none)');
  }
  if (page.cursor) console.error(`more: --cursor ${page.cursor}`);
  return 0;
}

/**
 * Listings carry the title only (the indexes project what they project): an untitled article's
 * display title, derived from its lead, is read from its record.
 */
async function withDisplayTitles<Item extends ArticleSummary>(reader: DynamoDbArticleReader, items: Item[]): Promise<(Item & DisplayTitle)[]> {
  return Promise.all(
    items.map(async (item) => {
      if (item.title !== null) return { ...item, displayTitle: item.title };
      const record = item.status === 'ok' ? await reader.getArticle(item.id) : null;
      return { ...item, displayTitle: record?.displayTitle ?? null, titleSource: record?.titleSource ?? null };
    }),
  );
}

interface DisplayTitle {
  displayTitle?: string | null;
  titleSource?: string | null;
}

/** The title a list shows; one derived from the lead is marked so (it is no headline). */
function shownTitle(item: DisplayTitle & { title: string | null }): string | null {
  if (item.title !== null) return item.title;
  return item.displayTitle ? `${item.titleSource === 'lead' ? '(lead) ' : ''}${item.displayTitle}` : null;
}

/** `--by`: the feed's order; a topic list is always by publication date. */
function orderOf(value: string | undefined, topic: string | null): 'ingested' | 'published' {
  if (topic) {
    if (value === 'ingested') throw new UsageError('articles', 'a topic list is ordered by publication date; --by ingested works without --topic');
    return 'published';
  }
  if (value === undefined || value === 'ingested' || value === 'published') return value ?? 'ingested';
  throw new UsageError('articles', `--by must be ingested or published, got '${value}'`);
}

/** `kabar article ID` and `kabar source KEY`. */
async function runShow(command: 'article' | 'source', args: string[]): Promise<number> {
  const { values, positionals } = parseCommand(command, args);
  const [subject, extra] = positionals;
  const what = command === 'article' ? 'ID' : 'KEY';
  if (subject === undefined) throw new UsageError(command, `no ${what} given`);
  if (extra !== undefined) throw new UsageError(command, `one ${what} at a time; unexpected argument '${extra}'`);
  if (command === 'article' && !/^[0-9a-f]{16}$/.test(subject))
    throw new UsageError(
      command,
      `'${subject}' is not an article id (16 hex digits)${subject.includes('/') ? '; for an object key use kabar source KEY' : ''}`,
    );
  const reader = await readerOf(values.aws);
  const found = command === 'article' ? await reader.getArticle(subject) : await reader.findBySource((await targetOf(values.aws)).bucketName, subject);
  if (!found || ('article' in found && !found.article)) {
    console.error(`not found: ${subject}`);
    return 1;
  }
  console.log(values.json ? JSON.stringify(found) : JSON.stringify(found, null, 2));
  return 0;
}

async function targetOf(aws: boolean | undefined) {
  return (await import('./target.ts')).targetOf({ aws: aws ?? false }, process.env);
}

async function readerOf(aws: boolean | undefined) {
  const [{ DynamoDbArticleReader }, target] = await Promise.all([import('#shared/adapters/dynamodb-article-reader.ts'), targetOf(aws)]);
  return new DynamoDbArticleReader(target.dynamodb, target.tableName, target.s3);
}

process.exitCode = await main(process.argv.slice(2)).catch((error: unknown) => {
  if (error instanceof UsageError) {
    console.error(error.line);
    return 2;
  }
  const code = (error as NodeJS.ErrnoException).code;
  if (code === 'ECONNREFUSED') console.error('kabar: no local stack answers (start it with `npm start`), or pass --aws to use a deployed stack.');
  else console.error(`kabar: ${error instanceof Error ? error.message : String(error)}`);
  return 1;
});
