/**
 * `npm run cost`: the running cost of one million articles of average size, from this machine's
 * bench figures (.tmp/bench-results.json, written by `npm run bench`) and the public prices in
 * bench/aws-prices.json, for two designs side by side from the same figures: the write path before
 * #22 (a transaction of four items, sixteen near-duplicate band items, a HEAD before each GET) and
 * the one shipped (one item per article whose listings are index keys, five band keys, one GET);
 * compared with Amazon Comprehend custom classification of the same articles.
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
  /** One dependent S3 or DynamoDB round trip from Lambda in the same region, ms; a batch's 10 articles run concurrently. */
  msPerRoundTrip: 25,
  /** Before: state read, HEAD, GET, 17 look-ups with a candidate BatchGet, band BatchWrite, transaction. */
  roundTripsBefore: 6,
  /** Now: state read, GET, 5 look-ups (in parallel), the conditional put. */
  roundTripsNow: 4,
  /** Before: the version item held a listing entry plus version fields (versionId, sequencer, pipeline, hash), bytes. */
  versionFieldsBytes: 200,
  /** Before: the content-hash item (keys, hash, id, title, status), bytes. */
  contentItemBytes: 300,
  /** Before: a band item (keys, band key, id), bytes; 16 of them, each also an entry of the byContent index. */
  bandItemBytes: 120,
  lshBandsBefore: 16,
  /** Before: candidate BatchGetItem requests per article (the stack bench measured 0.65). */
  batchGetsBefore: 0.65,
  /** Log bytes per article (one "Article stored" line) and per batch (start/end/report lines). */
  logBytesPerArticle: 400,
  logBytesPerBatch: 600,
  /** DynamoDB stores 100 bytes of overhead per item and per index entry. */
  itemOverheadBytes: 100,
  /** Characters per byte of article text: 1 for Latin scripts, ~0.55 for Cyrillic/Arabic UTF-8; the feed is mostly Latin. */
  charactersPerByte: 0.9,
} as const;

const { values } = parseArgs({ options: { 'memory-mb': { type: 'string' }, 'no-write': { type: 'boolean', default: false } } });

if (!existsSync(RESULTS_FILE)) throw new Error(`${RESULTS_FILE} is missing: run \`npm run bench\` first (at least --only pipeline --only storage)`);
const bench = JSON.parse(readFileSync(RESULTS_FILE, 'utf8')) as BenchResults;
if (!bench.pipeline) throw new Error('the bench results have no pipeline section: run `npm run bench -- --only pipeline`');
if (!bench.storage) throw new Error('the bench results have no storage section: run `npm run bench -- --only storage`');
const memoryMb = values['memory-mb'] ? Number(values['memory-mb']) : (bench.memory?.recommendedMb ?? 1024);

/** One line of the table: what it is, and per design its quantity and price. */
interface Line {
  service: string;
  item: string;
  before: { quantity: string; usd: number };
  now: { quantity: string; usd: number };
}

/** `5432.1` → `5,432`; `0.4567` → `0.46` */
function usd(value: number): string {
  return value >= 100 ? Math.round(value).toLocaleString('en-US') : value.toFixed(2);
}

/** Write units of an item: 1 KB each, rounded up per item. */
function kbUp(bytes: number): number {
  return Math.max(1, Math.ceil(bytes / 1024));
}

const perMillion = (perArticle: number, pricePerMillion: number) => perArticle * (ARTICLES / 1e6) * pricePerMillion;
const count = (value: number, unit: string) => `${value.toFixed(value < 10 && value % 1 !== 0 ? 2 : 0)} ${unit}`;

function estimate(results: BenchResults) {
  const pipeline = results.pipeline as NonNullable<BenchResults['pipeline']>;
  const storage = results.storage as NonNullable<BenchResults['storage']>;
  const p = prices;
  const avgBytes = pipeline.averageArticleBytes;
  const topics = storage.topicsPerArticle;
  const batches = ARTICLES / BATCH_SIZE;
  const wru = p.dynamodb.onDemandPerMillionWriteRequestUnits;
  const rru = p.dynamodb.onDemandPerMillionReadRequestUnits;

  // Lambda: measured single-core CPU time per article (warm), stretched by the vCPU share of the memory size.
  const cpuMsPerArticle = 1000 / pipeline.pipeline.articlesPerSecond.median;
  const vcpu = Math.min(1, memoryMb / 1769);
  const batchMs = (roundTrips: number) => (cpuMsPerArticle * BATCH_SIZE) / vcpu + roundTrips * ASSUMPTIONS.msPerRoundTrip;
  const gbSeconds = (roundTrips: number) => batches * (batchMs(roundTrips) / 1000) * (memoryMb / 1024);

  // Before: every field plain in the article item; a transaction (billed twice) of the item, one entry per
  // topic, the content-hash item and a version item; 16 band items by BatchWriteItem, each in byContent.
  const summaryWru = kbUp(storage.summaryEntryBytes);
  const transactionWru =
    2 *
    (storage.plainItem.writeUnits +
      topics * summaryWru +
      kbUp(ASSUMPTIONS.contentItemBytes) +
      kbUp(storage.summaryEntryBytes + ASSUMPTIONS.versionFieldsBytes));
  const bandWruBefore = ASSUMPTIONS.lshBandsBefore * (kbUp(ASSUMPTIONS.bandItemBytes) + 1);
  const indexWruBefore = 2 * summaryWru + topics * summaryWru + 1;
  const readsBefore = Math.ceil(storage.plainItem.bytes / 4096) + (ASSUMPTIONS.lshBandsBefore + 1) * 0.5 + ASSUMPTIONS.batchGetsBefore * 0.5;
  // Now: measured on the real code path (bench/storage.ts).
  const units = storage.indexWriteUnits;
  const bandWruNow = Object.entries(units).reduce((sum, [name, value]) => sum + (name.startsWith('byBand') ? value : 0), 0);
  const listingWruNow = Object.entries(units).reduce((sum, [name, value]) => sum + (name.startsWith('byBand') ? 0 : value), 0);
  const bandCountNow = Object.keys(units).filter((name) => name.startsWith('byBand') && (units[name] ?? 0) > 0).length;
  const s3Now = (storage.requestsPerArticle.GetObject ?? 0) + (storage.requestsPerArticle.HeadObject ?? 0);
  const logGb = (ARTICLES * ASSUMPTIONS.logBytesPerArticle + batches * ASSUMPTIONS.logBytesPerBatch) / 1e9;

  const same = (quantity: string, value: number) => ({ before: { quantity, usd: value }, now: { quantity, usd: value } });
  const lines: Line[] = [
    {
      service: 'Lambda',
      item: `requests (batches of ${BATCH_SIZE})`,
      ...same(`${batches.toLocaleString('en-US')} invocations`, (batches / 1e6) * p.lambda.perMillionRequests),
    },
    {
      service: 'Lambda',
      item: `duration, arm64 ${memoryMb} MB (CPU + ${ASSUMPTIONS.msPerRoundTrip} ms a dependent request)`,
      before: {
        quantity: `${batchMs(ASSUMPTIONS.roundTripsBefore).toFixed(0)} ms a batch`,
        usd: gbSeconds(ASSUMPTIONS.roundTripsBefore) * p.lambda.arm64PerGbSecond,
      },
      now: { quantity: `${batchMs(ASSUMPTIONS.roundTripsNow).toFixed(0)} ms a batch`, usd: gbSeconds(ASSUMPTIONS.roundTripsNow) * p.lambda.arm64PerGbSecond },
    },
    { service: 'SQS', item: 'S3 → SQS send, one per article', ...same('1 request', perMillion(1, p.sqs.standardPerMillionRequests)) },
    {
      service: 'SQS',
      item: 'receive + delete per batch',
      ...same(`${(2 / BATCH_SIZE).toFixed(1)} requests`, perMillion(2 / BATCH_SIZE, p.sqs.standardPerMillionRequests)),
    },
    {
      service: 'S3',
      item: 'reading the upload',
      before: { quantity: 'HEAD + GET', usd: (2 * ARTICLES * p.s3.standardGetPerThousand) / 1000 },
      now: { quantity: `${s3Now.toFixed(0)} GET`, usd: (s3Now * ARTICLES * p.s3.standardGetPerThousand) / 1000 },
    },
    {
      service: 'DynamoDB',
      item: 'the article write',
      before: {
        quantity: `${count(transactionWru, 'WRU')} (transaction ×2: ${(storage.plainItem.bytes / 1000).toFixed(1)} KB item, ${topics.toFixed(2)} topic items, hash, version)`,
        usd: perMillion(transactionWru, wru),
      },
      now: {
        quantity: `${count(storage.articleItem.writeUnits, 'WRU')} (one ${(storage.articleItem.bytes / 1000).toFixed(1)} KB item, compressed)`,
        usd: perMillion(storage.articleItem.writeUnits, wru),
      },
    },
    {
      service: 'DynamoDB',
      item: 'near-duplicate look-up entries',
      before: { quantity: `${count(bandWruBefore, 'WRU')} (16 band items + their byContent entries)`, usd: perMillion(bandWruBefore, wru) },
      now: { quantity: `${count(bandWruNow, 'WRU')} (${bandCountNow} band index entries)`, usd: perMillion(bandWruNow, wru) },
    },
    {
      service: 'DynamoDB',
      item: 'listing index entries (feeds, topic lists)',
      before: { quantity: `${count(indexWruBefore, 'WRU')} (byIngested, byPublished, byTopic, byContent)`, usd: perMillion(indexWruBefore, wru) },
      now: { quantity: `${count(listingWruNow, 'WRU')} (byIngested, byPublished, byTopic1–3)`, usd: perMillion(listingWruNow, wru) },
    },
    {
      service: 'DynamoDB',
      item: 'reads (state, look-ups, candidates)',
      before: { quantity: `${count(readsBefore, 'RRU')} (consistent GetItem, 17 Queries, BatchGet)`, usd: perMillion(readsBefore, rru) },
      now: {
        quantity: `${count(storage.readUnits, 'RRU')} (GetItem, ${(storage.requestsPerArticle.Query ?? 0).toFixed(0)} Queries)`,
        usd: perMillion(storage.readUnits, rru),
      },
    },
    { service: 'DynamoDB', item: 'stream reads (no consumer deployed; a Lambda trigger reads free)', ...same('0', 0) },
    { service: 'CloudWatch Logs', item: 'ingestion', ...same(`${logGb.toFixed(2)} GB`, logGb * p.cloudwatchLogs.ingestionPerGb) },
    // Publisher templates (#24): observations, template reads and the hourly learning step (bin/template-cost.ts),
    // independent of the write design, so in both columns.
    ...templateCostLines(p, ARTICLES, BATCH_SIZE).map((line) => ({ service: line.service, item: line.item, ...same(line.quantity, line.usd) })),
  ];
  const total = (design: 'before' | 'now') => lines.reduce((sum, line) => sum + line[design].usd, 0);
  const templates = templateCostLines(p, ARTICLES, BATCH_SIZE).reduce((sum, line) => sum + line.usd, 0);
  const publisherPut = { quantity: '1 PUT', usd: (ARTICLES / 1000) * p.s3.standardPutPerThousand };

  // Storage kept per month: items and index entries with DynamoDB's per-item overhead.
  const overhead = ASSUMPTIONS.itemOverheadBytes;
  const storedBefore =
    storage.plainItem.bytes +
    overhead +
    (topics + 1) * (storage.summaryEntryBytes + overhead) +
    ASSUMPTIONS.contentItemBytes +
    overhead +
    ASSUMPTIONS.lshBandsBefore * 2 * (ASSUMPTIONS.bandItemBytes + overhead) +
    (2 + topics + 1) * (storage.summaryEntryBytes + overhead) +
    ASSUMPTIONS.versionFieldsBytes;
  const sum = (values: Record<string, number>) => Object.values(values).reduce((total, value) => total + value, 0);
  const storedNow = storage.articleItem.bytes + overhead + sum(storage.indexBytes) + sum(storage.indexEntries) * overhead;
  const gbMonth = (bytes: number) => (ARTICLES * bytes) / 1e9;
  const monthly: Line[] = [
    {
      service: 'DynamoDB',
      item: 'storage, per month kept (items and index entries)',
      before: { quantity: `${(storedBefore / 1000).toFixed(1)} KB/article`, usd: gbMonth(storedBefore) * p.dynamodb.standardStoragePerGbMonth },
      now: { quantity: `${(storedNow / 1000).toFixed(1)} KB/article`, usd: gbMonth(storedNow) * p.dynamodb.standardStoragePerGbMonth },
    },
    {
      service: 'S3',
      item: 'storage of the uploads, per month kept',
      ...same(`${gbMonth(avgBytes).toFixed(1)} GB`, gbMonth(avgBytes) * p.s3.standardStoragePerGbMonth),
    },
  ];

  const characters = avgBytes * ASSUMPTIONS.charactersPerByte;
  const comprehendUnits = Math.max(p.comprehend.asyncMinimumUnitsPerDocument, Math.ceil(characters / p.comprehend.asyncUnitCharacters));
  const monthSeconds = 30 * 24 * 3600;
  const inferenceUnits = Math.max(1, Math.ceil((ARTICLES * characters) / monthSeconds / p.comprehend.endpointInferenceUnitCharactersPerSecond));
  const comprehend = [
    { item: `async custom classification, ${comprehendUnits} units/article`, usd: ARTICLES * comprehendUnits * p.comprehend.customClassificationAsyncPerUnit },
    {
      item: `real-time endpoint sized for 1 M articles/month, ${inferenceUnits} IU × 30 days`,
      usd: inferenceUnits * monthSeconds * p.comprehend.customClassificationEndpointPerInferenceUnitSecond,
    },
    { item: 'smallest endpoint (1 IU) left running a month', usd: monthSeconds * p.comprehend.customClassificationEndpointPerInferenceUnitSecond },
  ];
  const notes = [
    `Inputs: average article ${(avgBytes / 1000).toFixed(1)} KB and ${topics.toFixed(2)} topics per article (bench corpus ${pipeline.corpus.source}); pipeline ${cpuMsPerArticle.toFixed(2)} ms CPU per article on ${results.machine.cpu} (${results.takenAt.slice(0, 10)}), ×${(1 / vcpu).toFixed(2)} for ${memoryMb} MB (${vcpu.toFixed(2)} vCPU). "Now" counts the requests, item sizes and index entries of ${storage.articles} articles through the real ingest code (\`npm run bench -- --only storage\`); "before" prices the earlier design from the same records laid out as it stored them, with the sizes in ASSUMPTIONS for its small items.`,
    `Prices: ${p.region}, ${p.asOf}. DynamoDB on demand: $${wru} per million write units (1 KB, rounded up per item and per index entry), $${rru} per million read units.`,
    'Every article here is new. A new version of an object also writes its history entry (1 WRU now; before, the transaction already held one); a reprocessed one rewrites the item and the index entries that change.',
    'Not counted: the free tiers, INIT time of cold starts (rare at steady load), empty SQS long-poll receives while idle, X-Ray traces, CloudWatch metrics/alarms, bodies over 100 KB written to S3, reprocessing runs.',
  ];
  return { lines, monthly, total, templates, publisherPut, comprehend, notes };
}

function renderTable(result: ReturnType<typeof estimate>): string {
  const row = (l: Line) => `| ${l.service} | ${l.item} | ${l.before.quantity} | ${usd(l.before.usd)} | ${l.now.quantity} | ${usd(l.now.usd)} |`;
  const rows = [
    `Cost per ${ARTICLES.toLocaleString('en-US')} articles of average size (USD), the design before #22 next to the shipped one, from the same bench run`,
    '',
    '| Service | What | before: per article | USD | now: per article | USD |',
    '| --- | --- | --- | ---: | --- | ---: |',
    ...result.lines.map(row),
    `| **Total per million articles** | all AWS charges except the publisher's PUT and storage | | **${usd(result.total('before'))}** | | **${usd(result.total('now'))}** |`,
    `| of which | the ingest path (#22's scope: all but the publisher templates) | | ${usd(result.total('before') - result.templates)} | | ${usd(result.total('now') - result.templates)} |`,
    `| S3 | the publisher's upload PUT (not kabar's) | ${result.publisherPut.quantity} | ${usd(result.publisherPut.usd)} | ${result.publisherPut.quantity} | ${usd(result.publisherPut.usd)} |`,
    ...result.monthly.map(row),
    '',
    'Amazon Comprehend custom classification of the same articles, for comparison (classification only, on top of the pipeline above):',
    '',
    '| What | USD |',
    '| --- | ---: |',
    ...result.comprehend.map((l) => `| ${l.item} | ${usd(l.usd)} |`),
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
