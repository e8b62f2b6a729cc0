import { SQSClient } from '@aws-sdk/client-sqs';
import { DynamoDbCandidateSource } from '#shared/adapters/dynamodb-candidate-source.ts';
import { peekDeadLetters, redriveDeadLetterQueue } from '#shared/adapters/sqs-dead-letters.ts';
import { S3TemplateStore } from '#shared/adapters/s3-template-store.ts';
import { SqsWorkQueue } from '#shared/adapters/sqs-work-queue.ts';
import { type ReprocessSelection, reprocessArticles, type WorkQueue } from '#shared/ingest/reprocess.ts';
import { shippedModels } from '#shared/domain/models.ts';
import { listDeadLetters, LocalQueue, redriveDeadLetters } from '#ops/local/local-queue.ts';
import { readRunningModels } from '#ops/local/running-models.ts';
import { parseCommand, topicOf, UsageError } from './cli-args.ts';
import { createProgress, progressModeOf } from './progress.ts';
import { type Target, targetOf } from './target.ts';

/** `kabar dlq list|redrive`: the same commands against the local dead-letter store and the deployed DLQ. */
export async function runDeadLetters(args: string[]): Promise<number> {
  const { values, positionals } = parseCommand('dlq', args);
  const [action, ...ids] = positionals;
  if (action !== 'list' && action !== 'redrive')
    throw new UsageError('dlq', action === undefined ? 'no action given (list or redrive)' : `unknown action '${action}' (list or redrive)`);
  if (action === 'list' && ids.length > 0) throw new UsageError('dlq', `list takes no MESSAGE_ID; unexpected argument '${ids[0]}'`);
  const target = targetOf({ aws: values.aws ?? false }, process.env);
  if (action === 'list') {
    const letters =
      target.kind === 'aws'
        ? await peekDeadLetters(new SQSClient({}), need(target.deadLetterQueueUrl, 'INGEST_DLQ_URL'))
        : await listDeadLetters(target.dataDir);
    for (const letter of letters) {
      if (values.json) console.log(JSON.stringify(letter));
      else
        console.log(`${letter.messageId}  received ${letter.receiveCount}×  ${'lastError' in letter ? letter.lastError : ''}\n  ${letter.body.slice(0, 300)}`);
    }
    if (!values.json) console.error(`${letters.length} dead-lettered message(s)`);
    return 0;
  }
  if (target.kind === 'aws') {
    if (ids.length > 0) throw new UsageError('dlq', 'against AWS, redrive moves the whole DLQ (an SQS message move task): omit the message ids');
    const task = await redriveDeadLetterQueue(new SQSClient({}), need(target.deadLetterQueueUrl, 'INGEST_DLQ_URL'));
    console.log(`redrive started: about ${task.approximateMessages} message(s), task ${task.taskHandle}`);
  } else {
    const moved = await redriveDeadLetters(target.dataDir, ids.length > 0 ? ids : undefined);
    console.log(`moved ${moved.length} message(s) back to the queue; a running \`npm start\` picks them up`);
  }
  return 0;
}

/** `kabar reprocess`: enqueue stored articles for another pass through the pipeline, resumably. */
export async function runReprocess(args: string[]): Promise<number> {
  const { values, positionals } = parseCommand('reprocess', args);
  if (positionals.length > 0) throw new UsageError('reprocess', `unexpected argument '${positionals[0]}'`);
  if (values.topic !== undefined) topicOf('reprocess', values.topic);
  const modes = [values.outdated, values.all || Boolean(values.topic), Boolean(values['before-version'])].filter(Boolean).length;
  if (modes > 1) throw new UsageError('reprocess', 'choose one of --outdated, --all (or --topic T), --before-version V');
  const target = targetOf({ aws: values.aws ?? false }, process.env);
  const mode: ReprocessSelection =
    values.all || values.topic
      ? { mode: 'all' }
      : values['before-version']
        ? { mode: 'before-version', version: values['before-version'] }
        : { mode: 'outdated', pipelineVersion: target.kind === 'local' ? runningPipelineVersion(target.dataDir) : undefined };
  const selection: ReprocessSelection = values.publisher ? { ...mode, publisher: values.publisher } : mode;
  // Records cleaned with a publisher's template are outdated when its template changed.
  const templates = new S3TemplateStore(target.s3, target.bucketName);
  const source = new DynamoDbCandidateSource(target.dynamodb, target.tableName, values.topic ?? null);
  // Shown in logs too (a line every few seconds): the resume cursor is what an interrupted run needs.
  const display = createProgress({ unit: 'articles scanned', mode: progressModeOf(values, 'always'), stream: process.stderr });
  let scanned = 0;
  const progress = await reprocessArticles(selection, source, workQueueOf(target), {
    cursor: values.cursor ?? null,
    templates: { versionOf: async (publisher) => (await templates.template(publisher))?.version ?? null },
    onProgress: (p) => {
      display.advance(p.scanned - scanned, `enqueued ${p.enqueued}${p.cursor ? `, resume with --cursor ${p.cursor}` : ''}`);
      scanned = p.scanned;
    },
  });
  display.finish();
  console.log(JSON.stringify(progress));
  return 0;
}

/**
 * Locally, records are outdated relative to what `npm start` runs (it re-runs them), which is not
 * the models on disk until it is restarted after a retrain: say so rather than enqueue no-ops.
 */
function runningPipelineVersion(dataDir: string): string | undefined {
  const running = readRunningModels(dataDir);
  const onDisk = shippedModels().pipelineVersion;
  if (running && running.pipelineVersion !== onDisk)
    console.error(
      `kabar reprocess: npm start runs ${running.pipelineVersion} (${running.source}); shared/data holds ${onDisk}. ` +
        'Records are compared with what npm start runs: restart it to re-run them with the models on disk.',
    );
  return running?.pipelineVersion;
}

function workQueueOf(target: Target): WorkQueue {
  if (target.kind === 'aws') return new SqsWorkQueue(new SQSClient({}), need(target.queueUrl, 'INGEST_QUEUE_URL'));
  // Only sends: the running local stack's worker picks the messages up from the shared data directory.
  const queue = new LocalQueue({ dataDir: target.dataDir, handler: async () => undefined });
  return { send: async (bodies) => void (await Promise.all(bodies.map((body) => queue.send(body)))) };
}

function need(value: string | null, name: string): string {
  if (!value) throw new Error(`${name} is not set (take it from the stack outputs)`);
  return value;
}
