/**
 * `npm run cost`: the running cost of one million articles of average size, from this machine's
 * bench figures (.tmp/bench-results.json, written by `npm run bench`) and the public prices in
 * bench/aws-prices.json; compared with Amazon Comprehend custom classification of the same articles.
 * Prints the table and rewrites it between the cost-table markers of docs/performance.md.
 * Options: --memory-mb N (default: the bench's recommendation), --no-write.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import prices from '../bench/aws-prices.json' with { type: 'json' };
import type { BenchResults } from '../bench/run.ts';
import { templateCostLines } from './template-cost.ts';

const ROOT = resolve(import.meta.dirname, '..');
const RESULTS_FILE = resolve(ROOT, '.tmp', 'bench-results.json');
const DOC_FILE = resolve(ROOT, 'docs', 'performance.md');
const TABLE_START = '<!-- cost-table:start (written by npm run cost) -->';
const TABLE_END = '<!-- cost-table:end -->';

const ARTICLES = 1_000_000;
const BATCH_SIZE = 10;

/**
 * What the bench cannot measure here, each with its reason. Change them and rerun to see the effect.
 */
const ASSUMPTIONS = {
  /** Waiting on S3 and DynamoDB per batch in AWS: about six dependent round trips (head, get, read, band queries, transaction, band writes) of ~20 ms; the 10 articles of a batch run concurrently. */
  ioWaitMsPerBatch: 150,
  /** Record fields besides the body (title, metadata, scores, evidence, removals), bytes. */
  articleItemOverheadBytes: 1_500,
  /** Topic entry, content-hash entry, LSH band item: keys plus summary attributes, bytes. */
  smallItemBytes: 400,
  /** Version-history item: the summary of the previous version, bytes. */
  versionItemBytes: 800,
  /** Projection of the summary attributes into byTopic / byIngested, bytes. */
  gsiProjectionBytes: 500,
  lshBands: 16,
  /** Log bytes per article (one "Article stored" line) and per batch (start/end/report lines). */
  logBytesPerArticle: 400,
  logBytesPerBatch: 600,
  /** Characters per byte of article text: 1 for Latin scripts, ~0.55 for Cyrillic/Arabic UTF-8; the feed is mostly Latin. */
  charactersPerByte: 0.9,
} as const;

const { values } = parseArgs({ options: { 'memory-mb': { type: 'string' }, 'no-write': { type: 'boolean', default: false } } });

if (!existsSync(RESULTS_FILE)) throw new Error(`${RESULTS_FILE} is missing: run \`npm run bench\` first (at least --only pipeline --only memory)`);
const bench = JSON.parse(readFileSync(RESULTS_FILE, 'utf8')) as BenchResults;
if (!bench.pipeline) throw new Error('the bench results have no pipeline section: run `npm run bench -- --only pipeline`');
const memoryMb = values['memory-mb'] ? Number(values['memory-mb']) : (bench.memory?.recommendedMb ?? 1024);

interface Line {
  service: string;
  item: string;
  quantity: string;
  usd: number;
}

/** `5432.1` → `5,432`; `0.4567` → `0.46` */
function usd(value: number): string {
  return value >= 100 ? Math.round(value).toLocaleString('en-US') : value.toFixed(2);
}

/** Rounds an item's size up to whole KB, as DynamoDB bills writes. */
function kbUp(bytes: number): number {
  return Math.max(1, Math.ceil(bytes / 1024));
}

function estimate(results: BenchResults): { lines: Line[]; total: number; comprehend: Line[]; notes: string[] } {
  const pipeline = results.pipeline as NonNullable<BenchResults['pipeline']>;
  const avgBytes = pipeline.averageArticleBytes;
  const topics = pipeline.averageTopicsPerArticle;
  const batches = ARTICLES / BATCH_SIZE;

  // Lambda: measured single-core CPU time per article (warm), stretched by the vCPU share of the memory size.
  const cpuMsPerArticle = 1000 / pipeline.pipeline.articlesPerSecond.median;
  const vcpu = Math.min(1, memoryMb / 1769);
  const batchMs = (cpuMsPerArticle * BATCH_SIZE) / vcpu + ASSUMPTIONS.ioWaitMsPerBatch;
  const gbSeconds = batches * (batchMs / 1000) * (memoryMb / 1024);

  // DynamoDB writes per article.
  const articleItem = avgBytes + ASSUMPTIONS.articleItemOverheadBytes;
  const transactionWru =
    2 * (kbUp(articleItem) + topics * kbUp(ASSUMPTIONS.smallItemBytes) + kbUp(ASSUMPTIONS.smallItemBytes) + kbUp(ASSUMPTIONS.versionItemBytes));
  const bandWru = ASSUMPTIONS.lshBands * kbUp(ASSUMPTIONS.smallItemBytes / 4);
  // byIngested holds every article item, byTopic every topic entry: one GSI write each.
  const gsiWru = (1 + topics) * kbUp(ASSUMPTIONS.gsiProjectionBytes);
  // Reads: a consistent GetItem of the article (1 RRU per 4 KB), 16 band Queries and a content-hash Query (eventually consistent: 0.5 RRU per 4 KB, each at least 0.5).
  const measuredBatchGets = results.stack?.callsPerArticle['dynamodb:BatchGetItem'] ?? 0.65;
  const rru = Math.ceil(articleItem / 4096) + (ASSUMPTIONS.lshBands + 1) * 0.5 + measuredBatchGets * 0.5;
  // Storage: 100 bytes of overhead per item; band items are 16 small items; the GSIs hold projections.
  const storedBytes =
    articleItem +
    100 +
    (topics + 2) * (ASSUMPTIONS.smallItemBytes + 100) +
    ASSUMPTIONS.versionItemBytes +
    100 +
    ASSUMPTIONS.lshBands * (ASSUMPTIONS.smallItemBytes / 4 + 100) +
    (1 + topics) * (ASSUMPTIONS.gsiProjectionBytes + 100);
  const logGb = (ARTICLES * ASSUMPTIONS.logBytesPerArticle + batches * ASSUMPTIONS.logBytesPerBatch) / 1e9;

  const p = prices;
  const lines: Line[] = [
    {
      service: 'Lambda',
      item: `requests (batches of ${BATCH_SIZE})`,
      quantity: `${batches.toLocaleString('en-US')} invocations`,
      usd: (batches / 1e6) * p.lambda.perMillionRequests,
    },
    {
      service: 'Lambda',
      item: `duration, arm64 ${memoryMb} MB, ${batchMs.toFixed(0)} ms a batch`,
      quantity: `${Math.round(gbSeconds).toLocaleString('en-US')} GB-s`,
      usd: gbSeconds * p.lambda.arm64PerGbSecond,
    },
    {
      service: 'SQS',
      item: 'S3 → SQS send, one per article',
      quantity: `${ARTICLES.toLocaleString('en-US')} requests`,
      usd: (ARTICLES / 1e6) * p.sqs.standardPerMillionRequests,
    },
    {
      service: 'SQS',
      item: 'receive + delete per batch',
      quantity: `${(2 * batches).toLocaleString('en-US')} requests`,
      usd: ((2 * batches) / 1e6) * p.sqs.standardPerMillionRequests,
    },
    {
      service: 'S3',
      item: 'upload PUT (publisher)',
      quantity: `${ARTICLES.toLocaleString('en-US')} PUT`,
      usd: (ARTICLES / 1000) * p.s3.standardPutPerThousand,
    },
    {
      service: 'S3',
      item: 'GET + HEAD per article',
      quantity: `${(2 * ARTICLES).toLocaleString('en-US')} GET-class`,
      usd: ((2 * ARTICLES) / 1000) * p.s3.standardGetPerThousand,
    },
    {
      service: 'DynamoDB',
      item: `transaction: article ${kbUp(articleItem)} KB + ${topics.toFixed(2)} topic entries + hash + version, ×2`,
      quantity: `${transactionWru.toFixed(1)} WRU/article`,
      usd: ((ARTICLES * transactionWru) / 1e6) * p.dynamodb.onDemandPerMillionWriteRequestUnits,
    },
    {
      service: 'DynamoDB',
      item: `${ASSUMPTIONS.lshBands} LSH band items (< 1 KB, batch write)`,
      quantity: `${bandWru} WRU/article`,
      usd: ((ARTICLES * bandWru) / 1e6) * p.dynamodb.onDemandPerMillionWriteRequestUnits,
    },
    {
      service: 'DynamoDB',
      item: 'GSI writes (byIngested, byTopic)',
      quantity: `${gsiWru.toFixed(1)} WRU/article`,
      usd: ((ARTICLES * gsiWru) / 1e6) * p.dynamodb.onDemandPerMillionWriteRequestUnits,
    },
    {
      service: 'DynamoDB',
      item: 'reads: GetItem + 17 Queries + candidate BatchGet',
      quantity: `${rru.toFixed(1)} RRU/article`,
      usd: ((ARTICLES * rru) / 1e6) * p.dynamodb.onDemandPerMillionReadRequestUnits,
    },
    { service: 'DynamoDB', item: 'stream reads (no consumer deployed; a Lambda trigger reads free)', quantity: '0', usd: 0 },
    { service: 'CloudWatch Logs', item: 'ingestion', quantity: `${logGb.toFixed(2)} GB`, usd: logGb * p.cloudwatchLogs.ingestionPerGb },
    // Publisher templates: observations, template reads and the hourly learning step (bin/template-cost.ts).
    ...templateCostLines(p, ARTICLES, BATCH_SIZE),
  ];
  const total = lines.reduce((sum, line) => sum + line.usd, 0);
  const storageGb = (ARTICLES * storedBytes) / 1e9;
  const rawGb = (ARTICLES * avgBytes) / 1e9;
  lines.push(
    {
      service: 'DynamoDB',
      item: `storage, per month kept (${(storedBytes / 1000).toFixed(1)} KB/article with GSIs)`,
      quantity: `${storageGb.toFixed(1)} GB-month`,
      usd: storageGb * p.dynamodb.standardStoragePerGbMonth,
    },
    { service: 'S3', item: 'storage of the uploads, per month kept', quantity: `${rawGb.toFixed(1)} GB-month`, usd: rawGb * p.s3.standardStoragePerGbMonth },
  );

  const characters = avgBytes * ASSUMPTIONS.charactersPerByte;
  const units = Math.max(p.comprehend.asyncMinimumUnitsPerDocument, Math.ceil(characters / p.comprehend.asyncUnitCharacters));
  const monthSeconds = 30 * 24 * 3600;
  const inferenceUnits = Math.max(1, Math.ceil((ARTICLES * characters) / monthSeconds / p.comprehend.endpointInferenceUnitCharactersPerSecond));
  const comprehend: Line[] = [
    {
      service: 'Comprehend',
      item: `async custom classification, ${units} units/article`,
      quantity: `${(ARTICLES * units).toLocaleString('en-US')} units`,
      usd: ARTICLES * units * p.comprehend.customClassificationAsyncPerUnit,
    },
    {
      service: 'Comprehend',
      item: `real-time endpoint sized for 1 M articles/month, ${inferenceUnits} IU × 30 days`,
      quantity: `${(inferenceUnits * monthSeconds).toLocaleString('en-US')} IU-s`,
      usd: inferenceUnits * monthSeconds * p.comprehend.customClassificationEndpointPerInferenceUnitSecond,
    },
    {
      service: 'Comprehend',
      item: 'smallest endpoint (1 IU) left running a month',
      quantity: `${monthSeconds.toLocaleString('en-US')} IU-s`,
      usd: monthSeconds * p.comprehend.customClassificationEndpointPerInferenceUnitSecond,
    },
  ];
  const notes = [
    `Inputs: average article ${(avgBytes / 1000).toFixed(1)} KB and ${topics.toFixed(2)} topics per article (bench corpus ${pipeline.corpus.source}); pipeline ${cpuMsPerArticle.toFixed(2)} ms CPU per article on ${results.machine.cpu} (${results.takenAt.slice(0, 10)}), ×${(1 / vcpu).toFixed(2)} for ${memoryMb} MB (${vcpu.toFixed(2)} vCPU), plus ${ASSUMPTIONS.ioWaitMsPerBatch} ms of I/O wait per batch (assumed).`,
    `Prices: ${p.region}, ${p.asOf}.`,
    'Not counted: the free tiers, INIT time of cold starts (rare at steady load), empty SQS long-poll receives while idle, X-Ray traces, CloudWatch metrics/alarms, bodies over 100 KB written to S3, reprocessing runs.',
  ];
  return { lines, total, comprehend, notes };
}

function renderTable(result: ReturnType<typeof estimate>): string {
  const rows = [
    `Cost per ${ARTICLES.toLocaleString('en-US')} articles of average size (USD)`,
    '',
    '| Service | What | Quantity | USD |',
    '| --- | --- | --- | ---: |',
    ...result.lines.map((l) => `| ${l.service} | ${l.item} | ${l.quantity} | ${usd(l.usd)} |`),
    `| **Total per million articles** | (excluding the two storage lines, which recur monthly) | | **${usd(result.total)}** |`,
    '',
    'Amazon Comprehend custom classification of the same articles, for comparison (classification only, on top of the pipeline above):',
    '',
    '| Service | What | Quantity | USD |',
    '| --- | --- | --- | ---: |',
    ...result.comprehend.map((l) => `| ${l.service} | ${l.item} | ${l.quantity} | ${usd(l.usd)} |`),
    '',
    ...result.notes.map((n) => `- ${n}`),
  ];
  return rows.join('\n');
}

const result = estimate(bench);
const table = renderTable(result);
console.log(table);
if (!values['no-write'] && existsSync(DOC_FILE)) {
  const doc = readFileSync(DOC_FILE, 'utf8');
  const start = doc.indexOf(TABLE_START);
  const end = doc.indexOf(TABLE_END);
  if (start >= 0 && end > start) {
    writeFileSync(DOC_FILE, `${doc.slice(0, start + TABLE_START.length)}\n${table}\n${doc.slice(end)}`);
    console.log(`\n(table written into ${DOC_FILE})`);
  }
}
