import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cardOf, type ModelCard, modelVersion, withCard } from '../../training/model-card.ts';

/**
 * The CLI as a user runs it (`npm run kabar` is `node bin/kabar.mjs`): the launcher builds the bundle
 * into a temporary cache directory, then runs it. No network, no stack.
 */
const ROOT = resolve(import.meta.dirname, '..', '..');
const FIXTURES = join(ROOT, 'tests', 'fixtures');
const ARTICLE =
  'JAKARTA - Menteri luar negeri bertemu mitranya di Riyadh pada Selasa untuk membahas gencatan senjata.\n\nPertemuan itu juga membahas bantuan kemanusiaan.';

let work: string;
let cacheDir: string;

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

function run(command: string, args: string[], options: { stdin?: string; env?: Record<string, string> } = {}): Promise<Run> {
  return new Promise((done, fail) => {
    const child = spawn(command, args, { cwd: ROOT, env: { ...process.env, KABAR_CLI_CACHE_DIR: cacheDir, ...options.env } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => {
      stdout += chunk;
    });
    child.stderr.on('data', (chunk) => {
      stderr += chunk;
    });
    child.on('error', fail);
    child.on('close', (code) => done({ code, stdout, stderr }));
    child.stdin.end(options.stdin ?? '');
  });
}
const kabar = (args: string[], options?: { stdin?: string }) => run(process.execPath, [join(ROOT, 'bin', 'kabar.mjs'), ...args], options);
const linesOf = (stdout: string) =>
  stdout
    .trimEnd()
    .split('\n')
    .map((line) => JSON.parse(line) as { file: string; status: string; error?: { code: string } });
const stamp = () =>
  JSON.parse(readFileSync(join(cacheDir, 'stamp.json'), 'utf8')) as { buildId: string; entry: string; inputs: Record<string, [number, number]> };

beforeAll(() => {
  work = mkdtempSync(join(tmpdir(), 'kabar-cli-'));
  // Inside the project, where the bundle's packages resolve from node_modules.
  mkdirSync(join(ROOT, 'node_modules', '.cache'), { recursive: true });
  cacheDir = mkdtempSync(join(ROOT, 'node_modules', '.cache', 'kabar-cli-test-'));
});
// Removing the 5,000 files of the standard-input test can take longer than the default 10 s on a busy machine.
afterAll(() => {
  rmSync(work, { recursive: true, force: true });
  rmSync(cacheDir, { recursive: true, force: true });
}, 120_000);

describe('the bundled CLI', { timeout: 120_000 }, () => {
  it('prints exactly what the TypeScript sources print, one JSON object per input in input order', async () => {
    const files = [
      join(FIXTURES, 'articles', 'riyadh-talks-original.txt'),
      join(work, 'missing.txt'),
      ...readdirSync(join(FIXTURES, 'html'))
        .filter((f) => f.endsWith('.html'))
        .slice(0, 3)
        .map((f) => join(FIXTURES, 'html', f)),
    ];
    const bundled = await kabar(['process', '--json', ...files]);
    const sources = await run(process.execPath, [
      join(ROOT, 'node_modules', 'tsx', 'dist', 'cli.mjs'),
      join(ROOT, 'bin', 'kabar.ts'),
      'process',
      '--json',
      ...files,
    ]);
    expect(bundled.code).toBe(0);
    expect(bundled.stdout).toBe(sources.stdout);
    expect(linesOf(bundled.stdout).map((line) => line.file)).toEqual(files);
    expect(linesOf(bundled.stdout)[1]?.error?.code).toBe('UNREADABLE');
  });

  it('reuses the bundle while its inputs are unchanged, and rebuilds when a data file changes', async () => {
    await kabar(['--help']);
    const first = stamp();
    // Models are retrained into shared/data; the inlined JSON must be among the watched inputs.
    expect(Object.keys(first.inputs)).toEqual(expect.arrayContaining(['shared/data/taxonomy.json', 'bin/process-files.ts', 'bin/cli-bundle.mjs']));
    await kabar(['--help']);
    expect(stamp().buildId).toBe(first.buildId);

    // Pretend taxonomy.json changed since the build: another mtime than the recorded one.
    const changed = { ...first, inputs: { ...first.inputs, 'shared/data/taxonomy.json': [1, first.inputs['shared/data/taxonomy.json']![1]] } };
    writeFileSync(join(cacheDir, 'stamp.json'), JSON.stringify(changed));
    const after = await kabar(['process', '--json', join(FIXTURES, 'articles', 'riyadh-talks-original.txt')]);
    expect(stamp().buildId).not.toBe(first.buildId);
    expect(linesOf(after.stdout)[0]?.status).toBe('ok');
  });

  it('keeps the AWS SDK and the lazily loaded parsers out of what `process` loads up front', () => {
    // The static import closure of the entry chunk: what Node evaluates before the first article.
    const entry = join(cacheDir, stamp().entry);
    const seen = new Set<string>();
    const external = new Set<string>();
    const visit = (file: string) => {
      if (seen.has(file)) return;
      seen.add(file);
      for (const [, specifier] of readFileSync(file, 'utf8').matchAll(/^import\s[^;]*?from\s*"([^"]+)";?$|^import\s*"([^"]+)";?$/gm)) {
        if (!specifier) continue;
        if (specifier.startsWith('.')) visit(resolve(file, '..', specifier));
        else external.add(specifier);
      }
    };
    visit(entry);
    expect(external.size).toBeLessThan(10);
    for (const name of external) expect(name).not.toMatch(/^(?:@aws-sdk\/|linkedom|@mozilla\/readability|franc-min)/);
    // …and they are still reachable, through dynamic imports.
    const chunks = readdirSync(join(cacheDir, stamp().buildId, 'chunks'))
      .map((f) => readFileSync(join(cacheDir, stamp().buildId, 'chunks', f), 'utf8'))
      .join('\n');
    for (const name of ['linkedom', '@mozilla/readability', 'franc-min']) expect(chunks).toContain(`import("${name}")`);
  });
});

// Whole processes over thousands of files: a generous bound for a loaded machine, not a timing assertion.
describe('kabar process with many files', { timeout: 120_000 }, () => {
  let corpus: string;
  let expectedOrder: string[];

  beforeAll(() => {
    // 5,000 files in 10 folders: every tenth empty (rejected), a stray .md the filter leaves out.
    corpus = join(work, 'batch');
    expectedOrder = [];
    for (let i = 0; i < 5000; i++) {
      const folder = join(corpus, String(Math.floor(i / 500)).padStart(2, '0'));
      mkdirSync(folder, { recursive: true });
      const file = join(folder, `a${String(i).padStart(5, '0')}.txt`);
      writeFileSync(file, i % 10 === 0 ? '' : `${ARTICLE}\n\nNomor ${i}.`);
      expectedOrder.push(file);
    }
    writeFileSync(join(corpus, '00', 'notes.md'), '# Catatan');
  });

  it('takes a directory, recursively, with an extension filter', async () => {
    const result = await kabar(['process', '--json', '--ext', 'txt', corpus]);
    expect(result.code).toBe(0);
    const lines = linesOf(result.stdout);
    expect(lines.map((line) => line.file)).toEqual(expectedOrder);
    expect(lines.filter((line) => line.status === 'rejected')).toHaveLength(500);
    // Not a terminal: no progress, nothing on stderr.
    expect(result.stderr).toBe('');
  });

  it('reads 5,000 paths from standard input for `-`, in the order given', async () => {
    const reversed = [...expectedOrder].reverse();
    const result = await kabar(['process', '--json', '-'], { stdin: `${reversed.join('\n')}\n` });
    expect(linesOf(result.stdout).map((line) => line.file)).toEqual(reversed);
  });

  it('writes forced progress to stderr only, leaving the JSON Lines clean', async () => {
    const few = expectedOrder.slice(0, 20);
    const result = await kabar(['process', '--json', '--progress', '-'], { stdin: few.join('\n') });
    expect(linesOf(result.stdout).map((line) => line.file)).toEqual(few);
    expect(result.stderr).toMatch(/^20\/20 files in \d+s \([\d.]+\/s\)\n$/m);
  });

  it('runs a retrained model set from --models DIR and names its versions in the output', async () => {
    const shipped = JSON.parse(readFileSync(join(ROOT, 'shared', 'data', 'line-model.json'), 'utf8')) as { threshold: number; card: ModelCard };
    const retrained = { ...shipped, threshold: 0.31 };
    const dir = join(work, 'retrained');
    mkdirSync(dir);
    writeFileSync(join(dir, 'line-model.json'), JSON.stringify(withCard(retrained, cardOf('line', retrained, shipped.card))));
    writeFileSync(join(work, 'models.txt'), ARTICLE);
    const [before] = linesOf((await kabar(['process', '--json', join(work, 'models.txt')])).stdout) as unknown as { models: Record<string, string> }[];
    const [after] = linesOf((await kabar(['process', '--json', '--models', dir, join(work, 'models.txt')])).stdout) as unknown as {
      models: Record<string, string>;
    }[];
    expect(before?.models.cleaning).toBe(shipped.card.version);
    expect(after?.models.cleaning).toBe(modelVersion('line', retrained));
    // The topic model file was not in DIR: the shipped one ran.
    expect(after?.models.topics).toBe(before?.models.topics);
  });

  it('rejects an unknown option in one line on standard error, naming it, with exit code 2', async () => {
    const result = await kabar(['process', '--jsn', 'a.txt']);
    expect(result).toEqual({ code: 2, stdout: '', stderr: "kabar process: unknown option '--jsn' (did you mean --json?); see kabar process --help\n" });
  });
});

// No stack runs here: each of these must be answered before anything is asked of one.
describe('kabar help and argument errors', { timeout: 120_000 }, () => {
  it('prints the usage to standard output with exit code 0 for --help, -h and help', async () => {
    const runs = await Promise.all([['--help'], ['-h'], ['help']].map((args) => kabar(args)));
    for (const result of runs) {
      expect(result.code).toBe(0);
      expect(result.stderr).toBe('');
      expect(result.stdout).toMatch(/^usage: kabar COMMAND/);
      expect(result.stdout).toContain('kabar articles [--topic T]');
    }
  });

  it('prints one command in full for COMMAND --help and help COMMAND, to standard output', async () => {
    const [flag, word] = await Promise.all([kabar(['articles', '--help']), kabar(['help', 'articles'])]);
    expect(flag.code).toBe(0);
    expect(flag.stderr).toBe('');
    expect(flag.stdout).toMatch(/^usage: kabar articles /);
    expect(flag.stdout).toContain('--since DATE');
    expect(word).toEqual(flag);
  });

  it.each([
    [['bogus'], "kabar: unknown command 'bogus'; see kabar --help"],
    [['articles', '--topic', 'climate'], "kabar articles: unknown topic 'climate' (topics: diplomacy, ukraine, middle-east); see kabar articles --help"],
    [
      ['articles', '--since', 'yesterday'],
      "kabar articles: --since 'yesterday' is not a date (use 2025-02-01 or 2025-02-01T08:00:00Z); see kabar articles --help",
    ],
    [['articles', '--limit', '0'], "kabar articles: --limit must be a whole number from 1 to 1000, got '0'; see kabar articles --help"],
    [['rejected', '--limit', '5000'], "kabar rejected: --limit must be a whole number from 1 to 1000, got '5000'; see kabar rejected --help"],
    [['reprocess', '--topic', 'climate'], "kabar reprocess: unknown topic 'climate' (topics: diplomacy, ukraine, middle-east); see kabar reprocess --help"],
    [['process'], 'kabar process: no PATH given (a file, a directory, or - to read paths from standard input); see kabar process --help'],
    [['templates', 'forget'], "kabar templates: unknown action 'forget' (learn or show); see kabar templates --help"],
    [['templates', 'learn', 'dir'], 'kabar templates: learn needs --out FILE; see kabar templates --help'],
  ])('answers %j with one line on standard error and exit code 2', async (args, line) => {
    expect(await kabar(args)).toEqual({ code: 2, stdout: '', stderr: `${line}\n` });
  });
});

describe('kabar templates', { timeout: 120_000 }, () => {
  const MASTHEAD = 'HARIAN CONTOH | Berita Hari Ini';
  const FOOTER = 'Hak cipta Harian Contoh. Dilarang menyalin isi tanpa izin tertulis dari redaksi kami.';
  const story = (i: number) =>
    [
      MASTHEAD,
      `Kabar nomor ${i}: warga desa ${['Sukamaju', 'Cibodas', 'Tegalrejo', 'Karanganyar', 'Sumberejo'][i]} memperbaiki jembatan`,
      '',
      `DESA, HARIAN CONTOH - Warga bergotong royong memperbaiki jembatan yang rusak sejak musim hujan tahun ke-${i}.`,
      `Kepala desa mengatakan pekerjaan selesai dalam ${i + 2} hari dengan bantuan ${i * 3 + 10} relawan dari desa tetangga.`,
      FOOTER,
    ].join('\n');

  it('learns a template from a publisher’s files and cleans the next article with it, naming its version', async () => {
    const files = [0, 1, 2, 3, 4].map((i) => {
      const file = join(work, `story-${i}.txt`);
      writeFileSync(file, story(i));
      return file;
    });
    const template = join(work, 'template.json');
    const learned = await kabar(['templates', 'learn', '--out', template, '--publisher', 'contoh', ...files.slice(0, 4)]);
    expect(learned.code).toBe(0);
    const { version } = JSON.parse(readFileSync(template, 'utf8')) as { version: string };
    expect(learned.stderr).toContain(version);
    const [plain] = linesOf((await kabar(['process', '--json', files[4] as string])).stdout) as unknown as { body: string; models: Record<string, string> }[];
    const [cleaned] = linesOf((await kabar(['process', '--json', '--template', template, files[4] as string])).stdout) as unknown as {
      body: string;
      removed: { text: string; reason: string }[];
      models: Record<string, string>;
    }[];
    expect(cleaned?.removed).toContainEqual({ text: FOOTER, reason: `publisher-template:${version}` });
    expect(cleaned?.body).not.toContain('Dilarang menyalin');
    expect(cleaned?.body).toContain('Kepala desa mengatakan pekerjaan selesai');
    expect(cleaned?.models.template).toBe(`template-${version}`);
    expect(plain?.models.template).toBeUndefined();
  });

  it('refuses a file that is not a template before reading any article', async () => {
    const bad = join(work, 'not-a-template.json');
    writeFileSync(bad, JSON.stringify({ format: 1, entries: 'none' }));
    const result = await kabar(['process', '--json', '--template', bad, join(work, 'story-0.txt')]);
    expect(result.code).toBe(1);
    expect(result.stdout).toBe('');
    expect(result.stderr).toMatch(/not a publisher template/);
  });
});
