/**
 * `npm run cost`: the running cost of one million articles of average size, from this machine's
 * bench figures (.tmp/bench-results.json, written by `npm run bench`) and the public prices in
 * bench/aws-prices.json, with the articles table in each capacity mode side by side from the same
 * figures: on demand (billed per request) and provisioned with auto scaling (the stack's default,
 * ADR 0011), next to the design as it stood before (on demand, one template-observation PUT per
 * publisher and batch). Provisioned capacity is billed by the hour, so its price per million depends
 * on the traffic: the headline prices a stated steady volume (ASSUMPTIONS), and a second table sweeps
 * volumes and realised utilisation to show where on demand is the better choice.
 * Compared with Amazon Comprehend custom classification of the same articles.
 * Prints the tables and rewrites them between the cost-table markers of docs/performance.md.
 * Options: --articles-per-month N, --utilisation PERCENT (realised), --memory-mb N, --no-write.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import prices from '../bench/aws-prices.json' with { type: 'json' };
import type { BenchResults } from '../bench/run.ts';
import { type CapacityRange, STAGE_SETTINGS } from '../infra/settings.ts';
import { ARTICLES_TABLE } from '#shared/table-definition.ts';
import { HOURS_PER_MONTH, type ObservationWrites, SECONDS_PER_MONTH, TEMPLATE_ASSUMPTIONS, templateCostLines } from './template-cost.ts';

const ROOT = resolve(import.meta.dirname, '..');
const RESULTS_FILE = resolve(ROOT, '.tmp', 'bench-results.json');
const DOC_FILE = resolve(ROOT, 'docs', 'performance.md');
const TABLE_START = '<!-- cost-table:start (written by npm run cost) -->';
const TABLE_END = '<!-- cost-table:end -->';

const ARTICLES = 1_000_000;
const BATCH_SIZE = STAGE_SETTINGS.ingest.batchSize;

/**
 * What the bench cannot measure here, each with its reason. Change them (or pass the options) and rerun.
 */
const ASSUMPTIONS = {
  /** Steady traffic of the headline: 10 M articles a month (~330,000 a day, ~3.8 a second), spread evenly. */
  articlesPerMonth: 10_000_000,
  /**
   * Share of provisioned capacity in use, on average. Auto scaling aims at the stack's target (70%) at
   * steady traffic; daily swings and bursts lower what is realised (it scales up after two minutes above
   * target, down only after fifteen below), so the sweep also prices 50%.
   */
  realisedUtilisation: STAGE_SETTINGS.table.targetUtilizationPercent / 100,
  /** Volumes the sweep prices, articles a month. */
  sweepArticlesPerMonth: [1_000_000, 3_000_000, 10_000_000, 30_000_000, 100_000_000],
  /** One dependent S3 or DynamoDB round trip from Lambda in the same region, ms; a batch's 10 articles run concurrently. */
  msPerRoundTrip: 25,
  /** State read, GET, 5 look-ups (in parallel), the conditional put. */
  roundTrips: 4,
  /** Log bytes per article (one "Article stored" line) and per batch (start/end/report lines). */
  logBytesPerArticle: 400,
  logBytesPerBatch: 600,
  /** DynamoDB stores 100 bytes of overhead per item and per index entry. */
  itemOverheadBytes: 100,
  /** Characters per byte of article text: 1 for Latin scripts, ~0.55 for Cyrillic/Arabic UTF-8; the feed is mostly Latin. */
  charactersPerByte: 0.9,
} as const;

const { values } = parseArgs({
  options: {
    'memory-mb': { type: 'string' },
    'articles-per-month': { type: 'string' },
    utilisation: { type: 'string' },
    'no-write': { type: 'boolean', default: false },
  },
});

if (!existsSync(RESULTS_FILE)) throw new Error(`${RESULTS_FILE} is missing: run \`npm run bench\` first (at least --only pipeline --only storage)`);
const bench = JSON.parse(readFileSync(RESULTS_FILE, 'utf8')) as BenchResults;
if (!bench.pipeline) throw new Error('the bench results have no pipeline section: run `npm run bench -- --only pipeline`');
if (!bench.storage) throw new Error('the bench results have no storage section: run `npm run bench -- --only storage`');
const memoryMb = values['memory-mb'] ? Number(values['memory-mb']) : (bench.memory?.recommendedMb ?? 1024);
const headlineVolume = values['articles-per-month'] ? Number(values['articles-per-month']) : ASSUMPTIONS.articlesPerMonth;
const headlineUtilisation = values.utilisation ? Number(values.utilisation) / 100 : ASSUMPTIONS.realisedUtilisation;

type Design = 'before' | 'onDemand' | 'provisioned';
const DESIGNS: readonly Design[] = ['before', 'onDemand', 'provisioned'];

/** One line of the table: what it is, and per design its quantity and USD per million articles. */
interface Line {
  service: string;
  item: string;
  cells: Record<Design, { quantity: string; usd: number }>;
}

/** `5432.1` → `5,432`; `0.4567` → `0.46` */
function usd(value: number): string {
  return value >= 100 ? Math.round(value).toLocaleString('en-US') : value.toFixed(2);
}

const count = (value: number, unit: string) => `${value.toFixed(value < 10 && value % 1 !== 0 ? 2 : 0)} ${unit}`;
const volumeLabel = (perMonth: number) => `${(perMonth / 1e6).toLocaleString('en-US')} M articles/month`;

/** The buffered observation writes the stack configures (infra/settings.ts), as the cost model reads them. */
const BUFFERED: ObservationWrites = {
  kind: 'buffered',
  maxObservations: STAGE_SETTINGS.templates.observationBufferArticles,
  maxAgeMinutes: STAGE_SETTINGS.templates.observationBufferMinutes,
  idleGapSeconds: 60,
};

/** A provisioned capacity of the table or one of its indexes: what an article consumes of it, and its bounds. */
interface Capacity {
  name: string;
  group: 'article' | 'bands' | 'listings';
  writesPerArticle: number;
  readsPerArticle: number;
  writes: CapacityRange;
  reads: CapacityRange;
}

function capacitiesOf(storage: NonNullable<BenchResults['storage']>): Capacity[] {
  const t = STAGE_SETTINGS.table;
  const queries = storage.requestsPerArticle.Query ?? 0;
  const bandIndexes = ARTICLES_TABLE.indexes.filter((index) => index.indexName.startsWith('byBand'));
  return [
    {
      name: 'table',
      group: 'article',
      writesPerArticle: storage.articleItem.writeUnits,
      // Eventually consistent state read: half a unit.
      readsPerArticle: (storage.requestsPerArticle.GetItem ?? 0) * 0.5,
      writes: t.tableWrites,
      reads: t.tableReads,
    },
    ...ARTICLES_TABLE.indexes.map((index) => {
      const band = index.indexName.startsWith('byBand');
      return {
        name: index.indexName,
        group: band ? ('bands' as const) : ('listings' as const),
        writesPerArticle: storage.indexWriteUnits[index.indexName] ?? 0,
        // The duplicate look-up queries each band index once (half a unit: eventually consistent, under 4 KB).
        readsPerArticle: band ? (queries / bandIndexes.length) * 0.5 : 0,
        writes: t.indexWrites,
        reads: t.indexReads,
      };
    }),
  ];
}

/** Units a capacity auto scaling settles on for `perSecond` consumed at `utilisation`: whole units within its bounds. */
function provisionedUnits(perSecond: number, utilisation: number, range: CapacityRange): number {
  return Math.min(range.max, Math.max(range.min, Math.ceil(perSecond / utilisation)));
}

function estimate(results: BenchResults, articlesPerMonth: number, utilisation: number) {
  const pipeline = results.pipeline as NonNullable<BenchResults['pipeline']>;
  const storage = results.storage as NonNullable<BenchResults['storage']>;
  const p = prices;
  const avgBytes = pipeline.averageArticleBytes;
  const topics = storage.topicsPerArticle;
  const batches = ARTICLES / BATCH_SIZE;
  const millions = articlesPerMonth / 1e6;
  const perSecond = articlesPerMonth / SECONDS_PER_MONTH;
  const wru = p.dynamodb.onDemandPerMillionWriteRequestUnits;
  const rru = p.dynamodb.onDemandPerMillionReadRequestUnits;
  const perMillion = (perArticle: number, pricePerMillion: number) => perArticle * (ARTICLES / 1e6) * pricePerMillion;

  // Lambda: measured single-core CPU time per article (warm), stretched by the vCPU share of the memory size.
  const cpuMsPerArticle = 1000 / pipeline.pipeline.articlesPerSecond.median;
  const vcpu = Math.min(1, memoryMb / 1769);
  const batchMs = (cpuMsPerArticle * BATCH_SIZE) / vcpu + ASSUMPTIONS.roundTrips * ASSUMPTIONS.msPerRoundTrip;
  const gbSeconds = batches * (batchMs / 1000) * (memoryMb / 1024);
  const s3Gets = (storage.requestsPerArticle.GetObject ?? 0) + (storage.requestsPerArticle.HeadObject ?? 0);
  const logGb = (ARTICLES * ASSUMPTIONS.logBytesPerArticle + batches * ASSUMPTIONS.logBytesPerBatch) / 1e9;

  // DynamoDB: the same units per article in every design; on demand pays them per request, provisioned
  // pays the capacity auto scaling keeps for them (at least each capacity's minimum) by the hour.
  const capacities = capacitiesOf(storage);
  const monthlyPerMillion = (monthlyUsd: number) => monthlyUsd / millions;
  const writeLine = (group: Capacity['group'], item: string, describe: (units: number) => string): Line => {
    const members = capacities.filter((c) => c.group === group);
    const units = members.reduce((sum, c) => sum + c.writesPerArticle, 0);
    const provisioned = members.map((c) => provisionedUnits(perSecond * c.writesPerArticle, utilisation, c.writes));
    const onDemand = { quantity: `${count(units, 'WRU')} (${describe(units)})`, usd: perMillion(units, wru) };
    return {
      service: 'DynamoDB',
      item,
      cells: {
        before: onDemand,
        onDemand,
        provisioned: {
          quantity: `${provisioned.reduce((a, b) => a + b, 0)} WCU (${members.length === 1 ? 'the table' : `${members.length} indexes`})`,
          usd: monthlyPerMillion(provisioned.reduce((a, b) => a + b, 0) * HOURS_PER_MONTH * p.dynamodb.provisionedPerWcuHour),
        },
      },
    };
  };
  const readUnits = capacities.reduce((sum, c) => sum + c.readsPerArticle, 0);
  const readCapacity = capacities.reduce((sum, c) => sum + provisionedUnits(perSecond * c.readsPerArticle, utilisation, c.reads), 0);
  const onDemandReads = {
    quantity: `${count(readUnits, 'RRU')} (GetItem, ${(storage.requestsPerArticle.Query ?? 0).toFixed(0)} Queries)`,
    usd: perMillion(readUnits, rru),
  };
  const minimumMonthly =
    capacities.reduce((sum, c) => sum + c.writes.min, 0) * HOURS_PER_MONTH * p.dynamodb.provisionedPerWcuHour +
    capacities.reduce((sum, c) => sum + c.reads.min, 0) * HOURS_PER_MONTH * p.dynamodb.provisionedPerRcuHour;

  const same = (quantity: string, value: number): Line['cells'] => ({
    before: { quantity, usd: value },
    onDemand: { quantity, usd: value },
    provisioned: { quantity, usd: value },
  });
  const templatesBefore = templateCostLines(p, { articlesPerMonth, batchSize: BATCH_SIZE, observations: { kind: 'per-batch' } });
  const templatesNow = templateCostLines(p, { articlesPerMonth, batchSize: BATCH_SIZE, observations: BUFFERED });
  const lines: Line[] = [
    {
      service: 'Lambda',
      item: `requests (batches of ${BATCH_SIZE})`,
      cells: same(`${batches.toLocaleString('en-US')} invocations`, (batches / 1e6) * p.lambda.perMillionRequests),
    },
    {
      service: 'Lambda',
      item: `duration, arm64 ${memoryMb} MB (CPU + ${ASSUMPTIONS.msPerRoundTrip} ms a dependent request)`,
      cells: same(`${batchMs.toFixed(0)} ms a batch`, gbSeconds * p.lambda.arm64PerGbSecond),
    },
    { service: 'SQS', item: 'S3 → SQS send, one per article', cells: same('1 request', perMillion(1, p.sqs.standardPerMillionRequests)) },
    {
      service: 'SQS',
      item: 'receive + delete per batch',
      cells: same(`${(2 / BATCH_SIZE).toFixed(1)} requests`, perMillion(2 / BATCH_SIZE, p.sqs.standardPerMillionRequests)),
    },
    { service: 'S3', item: 'reading the upload', cells: same(`${s3Gets.toFixed(0)} GET`, (s3Gets * ARTICLES * p.s3.standardGetPerThousand) / 1000) },
    writeLine('article', 'the article write', (units) => `one ${(storage.articleItem.bytes / 1000).toFixed(1)} KB item, compressed: ${units.toFixed(2)} units`),
    writeLine('bands', 'near-duplicate look-up entries', () => '5 band index entries'),
    writeLine('listings', 'listing index entries (feeds, topic lists)', () => `byIngested, byPublished, ${topics.toFixed(2)} topic lists`),
    {
      service: 'DynamoDB',
      item: 'reads (state, look-ups)',
      cells: {
        before: onDemandReads,
        onDemand: onDemandReads,
        provisioned: {
          quantity: `${readCapacity} RCU (table + 10 indexes)`,
          usd: monthlyPerMillion(readCapacity * HOURS_PER_MONTH * p.dynamodb.provisionedPerRcuHour),
        },
      },
    },
    { service: 'DynamoDB', item: 'stream reads (no consumer deployed; a Lambda trigger reads free)', cells: same('0', 0) },
    { service: 'CloudWatch Logs', item: 'ingestion', cells: same(`${logGb.toFixed(2)} GB`, logGb * p.cloudwatchLogs.ingestionPerGb) },
    // Publisher templates (#24): observations (per batch before, buffered now), template reads, the hourly learning step.
    ...templatesNow.map((now, i) => {
      const before = templatesBefore[i] ?? now;
      return {
        service: now.service,
        item: now.item,
        cells: {
          before: { quantity: before.quantity, usd: before.usd },
          onDemand: { quantity: now.quantity, usd: now.usd },
          provisioned: { quantity: now.quantity, usd: now.usd },
        },
      };
    }),
  ];
  const total = (design: Design) => lines.reduce((sum, line) => sum + line.cells[design].usd, 0);
  const templateShare = (design: Design) => lines.filter((line) => line.item.startsWith('template')).reduce((sum, line) => sum + line.cells[design].usd, 0);
  const publisherPut = { quantity: '1 PUT', usd: (ARTICLES / 1000) * p.s3.standardPutPerThousand };

  // Storage kept per month: items and index entries with DynamoDB's per-item overhead (the same in every mode).
  const overhead = ASSUMPTIONS.itemOverheadBytes;
  const sum = (record: Record<string, number>) => Object.values(record).reduce((a, b) => a + b, 0);
  const stored = storage.articleItem.bytes + overhead + sum(storage.indexBytes) + sum(storage.indexEntries) * overhead;
  const gbMonth = (bytes: number) => (ARTICLES * bytes) / 1e9;
  const monthly: Line[] = [
    {
      service: 'DynamoDB',
      item: 'storage, per month kept (items and index entries)',
      cells: same(`${(stored / 1000).toFixed(1)} KB/article`, gbMonth(stored) * p.dynamodb.standardStoragePerGbMonth),
    },
    {
      service: 'S3',
      item: 'storage of the uploads, per month kept',
      cells: same(`${gbMonth(avgBytes).toFixed(1)} GB`, gbMonth(avgBytes) * p.s3.standardStoragePerGbMonth),
    },
  ];
  return { lines, monthly, total, templateShare, publisherPut, minimumMonthly, cpuMsPerArticle, vcpu, avgBytes, topics, storage };
}

/** Where on demand stops being cheaper: the lowest volume (articles a month, to 2 significant digits) at which provisioned costs no more. */
function breakEven(results: BenchResults, utilisation: number): number {
  for (let exponent = 4; exponent <= 9; exponent += 0.01) {
    const volume = Number((10 ** exponent).toPrecision(2));
    const at = estimate(results, volume, utilisation);
    if (at.total('provisioned') <= at.total('onDemand')) return volume;
  }
  return Number.POSITIVE_INFINITY;
}

function comprehendRows(avgBytes: number) {
  const p = prices;
  const characters = avgBytes * ASSUMPTIONS.charactersPerByte;
  const comprehendUnits = Math.max(p.comprehend.asyncMinimumUnitsPerDocument, Math.ceil(characters / p.comprehend.asyncUnitCharacters));
  const monthSeconds = 30 * 24 * 3600;
  const inferenceUnits = Math.max(1, Math.ceil((ARTICLES * characters) / monthSeconds / p.comprehend.endpointInferenceUnitCharactersPerSecond));
  return [
    { item: `async custom classification, ${comprehendUnits} units/article`, usd: ARTICLES * comprehendUnits * p.comprehend.customClassificationAsyncPerUnit },
    {
      item: `real-time endpoint sized for 1 M articles/month, ${inferenceUnits} IU × 30 days`,
      usd: inferenceUnits * monthSeconds * p.comprehend.customClassificationEndpointPerInferenceUnitSecond,
    },
    { item: 'smallest endpoint (1 IU) left running a month', usd: monthSeconds * p.comprehend.customClassificationEndpointPerInferenceUnitSecond },
  ];
}

function render(results: BenchResults): string {
  const head = estimate(results, headlineVolume, headlineUtilisation);
  const pct = (u: number) => `${Math.round(u * 100)}%`;
  const row = (l: Line) => `| ${l.service} | ${l.item} | ${DESIGNS.map((d) => `${l.cells[d].quantity} | ${usd(l.cells[d].usd)}`).join(' | ')} |`;
  const totals = (label: string, what: string, value: (d: Design) => number, bold = false) =>
    `| ${label} | ${what} | ${DESIGNS.map((d) => `| ${bold ? `**${usd(value(d))}**` : usd(value(d))}`).join(' | ')} |`;
  const sweepUtilisations = [headlineUtilisation, 0.5].filter((u, i, all) => all.indexOf(u) === i);
  const sweep = ASSUMPTIONS.sweepArticlesPerMonth.map((volume) => {
    const at = sweepUtilisations.map((u) => estimate(results, volume, u));
    const [first] = at;
    if (!first) throw new Error('no utilisation to price');
    const provisioned = at.map((e) => e.total('provisioned'));
    const cheaper = (provisioned[0] ?? 0) <= first.total('onDemand') ? 'provisioned' : 'on demand';
    return `| ${volumeLabel(volume)} | ${usd(first.total('before'))} | ${usd(first.total('onDemand'))} | ${provisioned.map(usd).join(' | ')} | ${cheaper} |`;
  });
  const evenAt = sweepUtilisations.map((u) => breakEven(results, u));
  const evenText = evenAt.every((v) => v === evenAt[0])
    ? `about ${volumeLabel(evenAt[0] ?? 0)} at ${sweepUtilisations.map(pct).join(' or ')} realised utilisation`
    : sweepUtilisations.map((u, i) => `about ${volumeLabel(evenAt[i] ?? 0)} at ${pct(u)}`).join(', ');
  const priceRatio = ((prices.dynamodb.provisionedPerWcuHour / 3600) * 1e6) / prices.dynamodb.onDemandPerMillionWriteRequestUnits;
  const notes = [
    `Volume and traffic: ${volumeLabel(headlineVolume)} (${(headlineVolume / SECONDS_PER_MONTH).toFixed(1)} articles a second), steady; provisioned capacity ${pct(headlineUtilisation)} in use on average (the stack's auto scaling target is ${STAGE_SETTINGS.table.targetUtilizationPercent}%), each of the 11 capacities (table and 10 indexes, reads and writes) at least its minimum from infra/settings.ts. The minimum alone costs $${head.minimumMonthly.toFixed(2)} a month, $${(head.minimumMonthly / (headlineVolume / 1e6)).toFixed(2)} per million articles at this volume.`,
    `When on demand is the better choice: a provisioned write costs $${((prices.dynamodb.provisionedPerWcuHour / 3600) * 1e6).toFixed(3)} per million fully used against $${prices.dynamodb.onDemandPerMillionWriteRequestUnits} on demand, so provisioned wins while more than ${pct(priceRatio)} of the capacity is used on average. Low traffic (the minimums dominate: on demand is cheaper below ${evenText}) or very spiky traffic (long idle hours at the minimum, bursts that auto scaling follows minutes late, so realised utilisation falls) favour on demand: \`cdk deploy -c tableCapacity=on-demand\`.`,
    `Inputs: average article ${(head.avgBytes / 1000).toFixed(1)} KB and ${head.topics.toFixed(2)} topics per article (bench corpus ${results.pipeline?.corpus.source}); pipeline ${head.cpuMsPerArticle.toFixed(2)} ms CPU per article on ${results.machine.cpu} (${results.takenAt.slice(0, 10)}), ×${(1 / head.vcpu).toFixed(2)} for ${memoryMb} MB (${head.vcpu.toFixed(2)} vCPU). Requests, item sizes and index entries of ${head.storage.articles} articles through the real ingest code (\`npm run bench -- --only storage\`); every article new (a new version also writes its history entry, 1 unit).`,
    `Prices: ${prices.region}, ${prices.asOf}. DynamoDB on demand $${prices.dynamodb.onDemandPerMillionWriteRequestUnits} per million write units, $${prices.dynamodb.onDemandPerMillionReadRequestUnits} per million read units; provisioned $${prices.dynamodb.provisionedPerWcuHour} per WCU-hour, $${prices.dynamodb.provisionedPerRcuHour} per RCU-hour (${prices.dynamodb.sources.map((s) => s.split(' ')[0]).join(', ')}).`,
    `"Before" is the design at the start of this round (on demand, a template-observation PUT per publisher and batch), priced from the same bench run at the same volume; at 1 M articles a month it is the $11.49 quoted then. Template learning is a monthly cost per publisher, so its share per million falls with volume; observation writes assume ${TEMPLATE_ASSUMPTIONS.containers} warm containers each seeing the ${TEMPLATE_ASSUMPTIONS.publishers} publishers.`,
    'Not counted: the free tiers, INIT time of cold starts (rare at steady load), empty SQS long-poll receives while idle, X-Ray traces, CloudWatch metrics/alarms (auto scaling keeps 4 alarms per capacity), bodies over 100 KB written to S3, reprocessing runs, downstream readers.',
  ];
  return [
    `Cost per ${ARTICLES.toLocaleString('en-US')} articles of average size (USD) at ${volumeLabel(headlineVolume)}, the articles table in each capacity mode, from the same bench run`,
    '',
    '| Service | What | before: per article | USD | on demand: per article | USD | provisioned (default): per article | USD |',
    '| --- | --- | --- | ---: | --- | ---: | --- | ---: |',
    ...head.lines.map(row),
    totals('**Total per million articles**', "all AWS charges except the publisher's PUT and storage", head.total, true),
    totals('of which', 'the ingest path (all but the publisher templates)', (d) => head.total(d) - head.templateShare(d)),
    `| S3 | the publisher's upload PUT (not kabar's) | ${DESIGNS.map(() => `${head.publisherPut.quantity} | ${usd(head.publisherPut.usd)}`).join(' | ')} |`,
    ...head.monthly.map(row),
    '',
    `Per million articles, all AWS charges but the publisher's PUT and storage, by steady monthly volume (provisioned at ${sweepUtilisations.map(pct).join(' and ')} realised utilisation):`,
    '',
    `| volume | before | on demand | ${sweepUtilisations.map((u) => `provisioned, ${pct(u)} used`).join(' | ')} | cheaper |`,
    `| --- | ---: | ---: | ${sweepUtilisations.map(() => '---:').join(' | ')} | --- |`,
    ...sweep,
    '',
    'Amazon Comprehend custom classification of the same articles, for comparison (classification only, on top of the pipeline above):',
    '',
    '| What | USD |',
    '| --- | ---: |',
    ...comprehendRows(head.avgBytes).map((l) => `| ${l.item} | ${usd(l.usd)} |`),
    '',
    ...notes.map((n) => `- ${n}`),
  ].join('\n');
}

const table = render(bench);
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
