/**
 * The CLI's commands, their options and help, defined once: the global usage, `kabar COMMAND --help`
 * and the argument checks are all made from the table below. Pure (no I/O): bin/kabar.ts prints
 * what these functions return and turns a `UsageError` into one line on standard error and exit 2.
 */
import { type ParseArgsConfig, parseArgs } from 'node:util';
import { defaultTaxonomy } from '#shared/domain/classify/taxonomy.ts';

/** A mistake in how the CLI was called: one line on standard error, exit code 2. */
export class UsageError extends Error {
  constructor(
    readonly command: string | null,
    message: string,
  ) {
    super(message);
    this.name = 'UsageError';
  }

  /** The line to print: names the command, and where to read its usage. */
  get line(): string {
    const help = this.command ? `kabar ${this.command} --help` : 'kabar --help';
    return `kabar${this.command ? ` ${this.command}` : ''}: ${this.message}; see ${help}`;
  }
}

interface OptionHelp {
  type: 'string' | 'boolean';
  multiple?: boolean;
  /** The option as the help shows it, e.g. `--topic T`. */
  shown: string;
  help: string;
}

interface CommandSpec {
  synopsis: string[];
  summary: string;
  /** Positionals, as the help shows them, with what they are. */
  arguments?: [string, string][];
  options: Record<string, OptionHelp>;
  notes?: string[];
}

/** The largest page a listing returns. */
export const MAX_LIMIT = 1000;

const AWS = {
  type: 'boolean',
  shown: '--aws',
  help: 'act on a deployed stack (ARTICLES_TABLE_NAME, ARTICLES_BUCKET_NAME, INGEST_QUEUE_URL, INGEST_DLQ_URL from the stack outputs); otherwise on the local stack (npm start)',
} satisfies OptionHelp;
const JSON_LINES = { type: 'boolean', shown: '--json', help: 'one JSON object per line' } satisfies OptionHelp;
const LIMIT = { type: 'string', shown: '--limit N', help: `at most N per page, 1 to ${MAX_LIMIT} (default 20)` } satisfies OptionHelp;
const CURSOR = {
  type: 'string',
  shown: '--cursor C',
  help: 'the next page: C from the "more: --cursor C" line the previous page printed',
} satisfies OptionHelp;
const SINCE = {
  type: 'string',
  shown: '--since DATE',
  help: 'from DATE on (ISO 8601: 2025, 2025-02, 2025-02-01 or 2025-02-01T08:00:00Z; times without a zone are UTC)',
} satisfies OptionHelp;
const UNTIL = { type: 'string', shown: '--until DATE', help: 'before DATE (exclusive: --since 2024 --until 2025 is the year 2024)' } satisfies OptionHelp;
const PROGRESS = {
  progress: { type: 'boolean', shown: '--progress', help: 'progress on standard error even when it is not a terminal (a line every 5 s and a summary)' },
  'no-progress': { type: 'boolean', shown: '--no-progress', help: 'no progress' },
} satisfies Record<string, OptionHelp>;

/** Every command, in the order the usage lists them. */
export const COMMANDS = {
  process: {
    synopsis: ['[--json] [--ext EXT[,EXT]] [--progress | --no-progress] [--models DIR] [--template FILE] PATH...'],
    summary: 'run the pipeline on local files, exactly as the Lambda does (no AWS, no stack needed)',
    arguments: [['PATH', 'a file, a directory (every file below it, sorted by name, hidden entries skipped) or - (paths from standard input, one per line)']],
    options: {
      json: { type: 'boolean', shown: '--json', help: 'one JSON object per input, in input order (JSON Lines): the CLI contract' },
      ext: { type: 'string', multiple: true, shown: '--ext EXT[,EXT]', help: 'for directories: only files with these extensions' },
      ...PROGRESS,
      models: { type: 'string', shown: '--models DIR', help: 'retrained model files (npm run train -- --out DIR) instead of the shipped ones' },
      template: { type: 'string', shown: '--template FILE', help: "clean with a publisher's template (kabar templates learn)" },
    },
    notes: ['Progress (count, rate, ETA) goes to standard error, by default only when it is a terminal.'],
  },
  articles: {
    synopsis: ['[--topic T] [--since DATE] [--until DATE] [--by ingested|published] [--limit N] [--cursor C] [--json] [--aws]'],
    summary: 'list articles, newest first',
    options: {
      topic: {
        type: 'string',
        shown: '--topic T',
        help: `one topic's list (${topicIds().join(', ')}), by publication date; undated articles by the date they were received`,
      },
      since: SINCE,
      until: UNTIL,
      by: {
        type: 'string',
        shown: '--by ingested|published',
        help: 'without --topic: list and filter by the date ingested (the default) or published (undated articles: the date received)',
      },
      limit: LIMIT,
      cursor: CURSOR,
      json: JSON_LINES,
      aws: AWS,
    },
  },
  article: {
    synopsis: ['ID [--json] [--aws]'],
    summary: 'one article in full',
    arguments: [['ID', 'the article id, 16 hex digits (kabar articles lists them)']],
    options: { json: { type: 'boolean', shown: '--json', help: 'compact JSON on one line' }, aws: AWS },
  },
  source: {
    synopsis: ['KEY [--json] [--aws]'],
    summary: 'the article for an object key, with its version history',
    arguments: [['KEY', 'the object key, e.g. incoming/antara/2025/02/article.html']],
    options: { json: { type: 'boolean', shown: '--json', help: 'compact JSON on one line' }, aws: AWS },
  },
  rejected: {
    synopsis: ['[--since DATE] [--until DATE] [--limit N] [--cursor C] [--json] [--aws]'],
    summary: 'rejected articles and their errors, newest first',
    options: { since: SINCE, until: UNTIL, limit: LIMIT, cursor: CURSOR, json: JSON_LINES, aws: AWS },
  },
  dlq: {
    synopsis: ['list [--json] [--aws]', 'redrive [MESSAGE_ID...] [--aws]'],
    summary: 'dead-lettered messages: list them, or move them back to the ingest queue (local store, or the DLQ with --aws)',
    arguments: [['MESSAGE_ID', 'only these messages (local stack only; against AWS the whole DLQ moves)']],
    options: { json: JSON_LINES, aws: AWS },
  },
  reprocess: {
    synopsis: ['[--outdated | --all | --topic T | --before-version V] [--publisher P] [--cursor C] [--progress | --no-progress] [--aws]'],
    summary: 're-run the pipeline over stored articles, resumably',
    options: {
      outdated: { type: 'boolean', shown: '--outdated', help: "those made by older models, code, taxonomy or publisher's template (the default)" },
      all: { type: 'boolean', shown: '--all', help: 'every article' },
      topic: { type: 'string', shown: '--topic T', help: "every article in one topic's list" },
      'before-version': { type: 'string', shown: '--before-version V', help: 'those whose pipelineVersion is older than V' },
      publisher: { type: 'string', shown: '--publisher P', help: "only publisher P's articles" },
      cursor: { type: 'string', shown: '--cursor C', help: 'resume where an interrupted run stopped (its progress lines carry C)' },
      ...PROGRESS,
      aws: AWS,
    },
    notes: ['Progress shows in logs too by default: its lines carry the cursor to resume from.'],
  },
  templates: {
    synopsis: ['learn --out FILE [--publisher NAME] [--ext EXT[,EXT]] PATH...', 'show FILE [--json]'],
    summary: "per-publisher templates: learn one from a publisher's articles (oldest first, as given), or show what one removes",
    arguments: [
      ['PATH', 'learn: a file, a directory or - (as for process)'],
      ['FILE', 'show: a template file'],
    ],
    options: {
      out: { type: 'string', shown: '--out FILE', help: 'learn: where to write the template (required)' },
      publisher: { type: 'string', shown: '--publisher NAME', help: 'learn: the publisher the template is for' },
      ext: { type: 'string', multiple: true, shown: '--ext EXT[,EXT]', help: 'learn: for directories, only files with these extensions' },
      json: { type: 'boolean', shown: '--json', help: 'show: the template as JSON' },
    },
  },
  console: {
    synopsis: ['[--port N] [--host H] [--aws]'],
    summary: 'the review console: read, correct and upload articles in a browser',
    options: {
      port: { type: 'string', shown: '--port N', help: 'listen on port N (default KABAR_CONSOLE_PORT, else 4570; 0 picks a free one)' },
      host: { type: 'string', shown: '--host H', help: 'listen on H (default 127.0.0.1)' },
      aws: AWS,
    },
  },
  labels: {
    synopsis: ['export [--out FILE] [--aws]'],
    summary: "reviewers' corrections as JSON Lines training labels",
    options: { out: { type: 'string', shown: '--out FILE', help: 'write to FILE (default: standard output)' }, aws: AWS },
  },
  help: {
    synopsis: ['[COMMAND]'],
    summary: 'this usage, or one command in full',
    options: {},
  },
} satisfies Record<string, CommandSpec>;

export type CommandName = keyof typeof COMMANDS;

export function isCommand(name: string): name is CommandName {
  return Object.hasOwn(COMMANDS, name);
}

/** The global usage: every command's synopsis and summary. */
export function usage(): string {
  const lines = ['usage: kabar COMMAND [OPTIONS]   (kabar COMMAND --help shows one command in full)', ''];
  for (const [name, spec] of Object.entries(COMMANDS) as [CommandName, CommandSpec][]) {
    for (const synopsis of spec.synopsis) lines.push(`  kabar ${name} ${synopsis}`);
    lines.push(`      ${spec.summary}`);
  }
  lines.push('', 'Reading commands act on the local stack (npm start) unless --aws is given.');
  return lines.join('\n');
}

/** One command in full: synopsis, what it does, its arguments and options. */
export function commandHelp(name: CommandName): string {
  const spec: CommandSpec = COMMANDS[name];
  const lines = spec.synopsis.map((synopsis, i) => `${i === 0 ? 'usage:' : '      '} kabar ${name} ${synopsis}`);
  lines.push('', ...wrap(`${spec.summary[0]?.toUpperCase()}${spec.summary.slice(1)}.`, HELP_COLUMNS));
  const rows = [...(spec.arguments ?? []), ...Object.values(spec.options).map((option): [string, string] => [option.shown, option.help])];
  if (rows.length > 0) {
    lines.push('');
    const width = Math.max(...rows.map(([shown]) => shown.length)) + 2;
    for (const [shown, help] of rows) {
      const [first = '', ...more] = wrap(help, HELP_COLUMNS - width - 2);
      lines.push(`  ${shown.padEnd(width)}${first}`, ...more.map((line) => `  ${' '.repeat(width)}${line}`));
    }
  }
  if (spec.notes) lines.push('', ...spec.notes.flatMap((note) => wrap(note, HELP_COLUMNS)));
  return lines.join('\n');
}

/** Help lines are wrapped to fit this many columns. */
const HELP_COLUMNS = 100;

/** `text` in lines of at most `columns` characters, broken between words. */
function wrap(text: string, columns: number): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(' ')) {
    if (line && line.length + 1 + word.length > columns) {
      lines.push(line);
      line = word;
    } else line = line ? `${line} ${word}` : word;
  }
  return [...lines, line];
}

/** What `kabar ARGS…` asks for: help text (to standard output, exit 0) or a command to run. */
export type Invocation = { kind: 'help'; text: string } | { kind: 'run'; command: Exclude<CommandName, 'help'>; args: string[] };

/**
 * Reads the command and recognises every way of asking for help; throws a `UsageError` for an
 * unknown command, naming it.
 *
 * @example invocationOf(['articles', '--help']) // → { kind: 'help', text: 'usage: kabar articles …' }
 * @example invocationOf(['artcles']) // throws UsageError "unknown command 'artcles' (did you mean articles?)"
 */
export function invocationOf(argv: string[]): Invocation {
  const [command, ...rest] = argv;
  if (command === undefined || command === '--help' || command === '-h') return { kind: 'help', text: usage() };
  if (command === 'help') {
    const [subject, ...extra] = rest;
    if (subject === undefined) return { kind: 'help', text: usage() };
    if (!isCommand(subject)) throw unknownCommand(subject);
    if (extra.length > 0) throw new UsageError('help', `unexpected argument '${extra[0]}'`);
    return { kind: 'help', text: commandHelp(subject) };
  }
  if (!isCommand(command) || command === 'help') throw unknownCommand(command);
  // `--` ends the options: a file named -h after it is a file.
  const options = rest.includes('--') ? rest.slice(0, rest.indexOf('--')) : rest;
  if (options.includes('--help') || options.includes('-h')) return { kind: 'help', text: commandHelp(command) };
  return { kind: 'run', command, args: rest };
}

function unknownCommand(name: string): UsageError {
  const near = nearest(name, Object.keys(COMMANDS));
  return new UsageError(null, `unknown command '${name}'${near ? ` (did you mean ${near}?)` : ''}`);
}

type ParsedOptions<Name extends CommandName> = ReturnType<
  typeof parseArgs<{ args: string[]; allowPositionals: true; strict: true; options: (typeof COMMANDS)[Name]['options'] }>
>;

/**
 * Parses a command's arguments against its options in the table; Node's parse errors become a
 * one-line `UsageError` (with the nearest option when one was misspelt).
 *
 * @example parseCommand('articles', ['--topic', 'ukraine']).values.topic // → 'ukraine'
 * @example parseCommand('articles', ['--topik', 'ukraine']) // throws UsageError "unknown option '--topik' (did you mean --topic?)"
 */
export function parseCommand<Name extends Exclude<CommandName, 'help'>>(name: Name, args: string[]): ParsedOptions<Name> {
  const options: ParseArgsConfig['options'] = {};
  for (const [key, option] of Object.entries(COMMANDS[name].options as Record<string, OptionHelp>))
    options[key] = option.multiple ? { type: option.type, multiple: true } : { type: option.type };
  try {
    return parseArgs({ args, allowPositionals: true, strict: true, options }) as ParsedOptions<Name>;
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (!code?.startsWith('ERR_PARSE_ARGS_')) throw error;
    const unknown = /^Unknown option '(-{1,2}[^']*)'/.exec((error as Error).message)?.[1];
    if (unknown) {
      const near = nearest(unknown.replace(/^-+/, ''), Object.keys(options));
      throw new UsageError(name, `unknown option '${unknown}'${near ? ` (did you mean --${near}?)` : ''}`);
    }
    // Node's first sentence says it ("Option '--topic <value>' argument missing"); the rest is advice for developers.
    const first = (error as Error).message.split(/\.\s/)[0] ?? '';
    throw new UsageError(name, `${first[0]?.toLowerCase()}${first.slice(1)}`);
  }
}

/** The topics of the shipped taxonomy, in its order. */
export function topicIds(): string[] {
  return defaultTaxonomy.topics.map((topic) => topic.id);
}

/**
 * A `--topic` value checked against the taxonomy.
 *
 * @example topicOf('articles', 'ukraine') // → 'ukraine'
 * @example topicOf('articles', 'climate') // throws UsageError "unknown topic 'climate' (topics: diplomacy, ukraine, middle-east)"
 */
export function topicOf(command: CommandName, value: string): string {
  if (topicIds().includes(value)) return value;
  const near = nearest(value, topicIds());
  throw new UsageError(command, `unknown topic '${value}' (topics: ${topicIds().join(', ')}${near ? `; did you mean ${near}?` : ''})`);
}

const DATE = /^(\d{4})(?:-(\d{2})(?:-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(\.\d{1,9})?)?(Z|[+-]\d{2}:?\d{2})?)?)?)?$/i;

/**
 * A date bound as the table's sort keys compare it (they start with an ISO date or UTC timestamp):
 * a year or month becomes its first day, a timestamp becomes UTC; anything else is a UsageError.
 *
 * @example dateBoundOf('articles', '--since', '2024-06') // → '2024-06-01'
 * @example dateBoundOf('articles', '--since', '2025-02-01T08:00+07:00') // → '2025-02-01T01:00:00.000Z'
 * @example dateBoundOf('articles', '--since', 'yesterday') // throws UsageError
 */
export function dateBoundOf(command: CommandName, option: string, value: string): string {
  const match = DATE.exec(value.trim());
  const invalid = () => new UsageError(command, `${option} '${value}' is not a date (use 2025-02-01 or 2025-02-01T08:00:00Z)`);
  if (!match) throw invalid();
  const [, year, month = '01', day = '01', hour, minute, second = '00', fraction = '', zone] = match;
  const date = new Date(Date.UTC(Number(year), Number(month) - 1, Number(day)));
  const calendar = `${year}-${month}-${day}`;
  // Date.UTC rolls 2025-02-30 over into March: a date that does not survive the round trip does not exist.
  if (date.toISOString().slice(0, 10) !== calendar) throw invalid();
  if (hour === undefined) return calendar;
  if (Number(hour) > 23 || Number(minute) > 59 || Number(second) > 59) throw invalid();
  const offset = !zone || zone.toUpperCase() === 'Z' ? 'Z' : zone.includes(':') ? zone : `${zone.slice(0, 3)}:${zone.slice(3)}`;
  return new Date(`${calendar}T${hour}:${minute}:${second}${fraction.slice(0, 4)}${offset}`).toISOString();
}

/**
 * A `--limit` value: a whole number from 1 to MAX_LIMIT.
 *
 * @example limitOf('articles', '50') // → 50
 * @example limitOf('articles', '0') // throws UsageError
 */
export function limitOf(command: CommandName, value: string | undefined, fallback = 20): number {
  if (value === undefined) return fallback;
  const limit = Number(value);
  if (!/^\d+$/.test(value.trim()) || limit < 1 || limit > MAX_LIMIT)
    throw new UsageError(command, `--limit must be a whole number from 1 to ${MAX_LIMIT}, got '${value}'`);
  return limit;
}

/**
 * A `--cursor` value: kabar's cursors are base64url JSON; anything else would fail deep in a query.
 *
 * @example cursorOf('articles', 'eyJtb250aCI6IjIwMjUtMDIifQ') // → 'eyJtb250aCI6IjIwMjUtMDIifQ'
 */
export function cursorOf(command: CommandName, value: string | undefined): string | null {
  if (value === undefined) return null;
  try {
    const decoded: unknown = JSON.parse(Buffer.from(value, 'base64url').toString('utf8'));
    if (typeof decoded === 'object' && decoded !== null) return value;
  } catch {
    // reported below
  }
  throw new UsageError(command, `--cursor '${value}' is not a cursor kabar printed (copy it from the "more: --cursor …" line)`);
}

/** The closest name within two edits, for "did you mean". */
function nearest(name: string, names: string[]): string | null {
  let best: { name: string; distance: number } | null = null;
  for (const candidate of names) {
    const distance = editDistance(name.toLowerCase(), candidate.toLowerCase());
    if (distance <= 2 && distance < name.length && (!best || distance < best.distance)) best = { name: candidate, distance };
  }
  return best?.name ?? null;
}

function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++)
      current[j] = Math.min((previous[j] ?? 0) + 1, (current[j - 1] ?? 0) + 1, (previous[j - 1] ?? 0) + (a[i - 1] === b[j - 1] ? 0 : 1));
    previous = current;
  }
  return previous[b.length] ?? 0;
}
