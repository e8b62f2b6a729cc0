/**
 * `npm start` as a new user meets it: the banner's upload line pasted into a shell with a real
 * path, the "look at the records" commands run as printed, the README's sample output against
 * what was printed, and Ctrl-C. One child process (bin/start.ts) with its own DynamoDB Local, on
 * free ports and a temporary data directory; the AWS CLI runs the printed lines as a user would.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort } from './helpers/emulators.ts';

const ROOT = resolve(import.meta.dirname, '..', '..');

interface Shell {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs a printed line through bash, as pasting it into a terminal would. */
function bash(line: string): Promise<Shell> {
  return new Promise((done, fail) => {
    const child = spawn('bash', ['-c', line], { cwd: ROOT, env: { ...process.env, AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' } });
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
  });
}

/** `word` single-quoted for bash. */
const quoted = (word: string) => `'${word.replaceAll("'", "'\\''")}'`;

describe('npm start', { timeout: 240_000 }, () => {
  let work: string;
  let dataDir: string;
  let ports: { s3: number; dynamodb: number; console: number };
  let child: ChildProcess;
  let output = '';
  let exited: Promise<number | null>;
  let samples: string[];

  /** Waits until the output holds a line matching `pattern`; fails naming it and showing the output. */
  async function lineMatching(pattern: RegExp, timeoutMs = 120_000): Promise<string> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const line = output.split('\n').find((candidate) => pattern.test(candidate));
      if (line !== undefined) return line;
      if (Date.now() > deadline || child.exitCode !== null) throw new Error(`no line matching ${pattern} in:\n${output}`);
      await new Promise((r) => setTimeout(r, 100));
    }
  }

  beforeAll(async () => {
    work = await mkdtemp(join(tmpdir(), 'kabar-npm-start-'));
    dataDir = join(work, 'data');
    samples = (await readdir(join(ROOT, 'samples'))).filter((name) => !name.startsWith('.'));
    ports = { s3: await freePort(), dynamodb: await freePort(), console: await freePort() };
    child = spawn(process.execPath, ['--import', 'tsx', join(ROOT, 'bin', 'start.ts')], {
      cwd: ROOT,
      env: {
        ...process.env,
        KABAR_S3_PORT: String(ports.s3),
        KABAR_DYNAMODB_PORT: String(ports.dynamodb),
        KABAR_CONSOLE_PORT: String(ports.console),
        KABAR_DATA_DIR: dataDir,
        KABAR_DYNAMODB_HEAP: '256m',
        // No template learning round (every 30 s by default) in the middle of the comparison below.
        KABAR_TEMPLATE_LEARN_SECONDS: '3600',
      },
    });
    child.stdout?.on('data', (chunk) => {
      output += chunk;
    });
    child.stderr?.on('data', (chunk) => {
      output += chunk;
    });
    exited = new Promise((done) => child.on('exit', (code) => done(code)));
    for (const sample of samples) await lineMatching(new RegExp(`^✓ incoming/samples/${sample.replace(/\./g, '\\.')} `));
  }, 240_000);

  afterAll(async () => {
    if (child.exitCode === null) {
      child.kill('SIGKILL');
      await exited;
    }
    await rm(work, { recursive: true, force: true });
  });

  it('prints what the README shows, but for the ports, the data directory and the topic scores', async () => {
    const readme = await readFile(join(ROOT, 'README.md'), 'utf8');
    const block = /`npm start` prints[\s\S]*?```text\n([\s\S]*?)```/.exec(readme)?.[1];
    expect(block, 'the Quickstart has a text block of what npm start prints').toBeDefined();
    const settings = `KABAR_S3_PORT=${ports.s3} KABAR_DYNAMODB_PORT=${ports.dynamodb} KABAR_DATA_DIR=${dataDir} `;
    const comparable = (text: string) =>
      text
        .split('\n')
        .filter((line) => line.trim() !== '')
        .map((line) =>
          line
            .replaceAll(settings, '')
            .replaceAll(`:${ports.s3}`, ':4568')
            .replaceAll(`:${ports.dynamodb}`, ':8000')
            .replaceAll(`:${ports.console}`, ':4570')
            .replace(`(data in ${dataDir})`, '(data in .kabar)')
            .replace(/^( {2}Models {4}).*$/, '$1<versions>')
            // Scores move with every retrain; the key, status, title and language are the sample's.
            .replace(/^(✓ \S+ {2}\w+ {2}".*" \[[\w-]+\]) {2}.*$/, '$1'),
        )
        .sort();
    expect(comparable(output)).toEqual(comparable(block ?? ''));
  });

  it('ingests a file uploaded with the printed line pasted as is, FILE being any path', async () => {
    const upload = (await lineMatching(/ aws s3 cp FILE /)).trim();
    const folder = join(work, "a folder with spaces and a quote's");
    await mkdir(folder);
    const file = join(folder, 'harbour talks.txt');
    await writeFile(file, await readFile(join(ROOT, 'tests', 'browser', 'fixtures', 'harbour-talks.txt')));
    const result = await bash(upload.replace('FILE', quoted(file)));
    expect(result.code, result.stderr).toBe(0);
    const record = await lineMatching(/^✓ incoming\/PUBLISHER\/harbour talks\.txt {2}ok {2}/);
    expect(record).toMatch(/ok {2}".+" \[en\]/);
  });

  it('lists the records with the printed "look at the records" commands', async () => {
    await lineMatching(/^✓ incoming\/PUBLISHER\/harbour talks\.txt /);
    const articles = (await lineMatching(/ kabar -- articles /)).trim();
    const listed = await bash(articles);
    expect(listed.code, listed.stderr).toBe(0);
    expect(listed.stdout.trim().split('\n')).toHaveLength(samples.length + 1);
    expect(listed.stdout).toContain('Gulf ministers meet in Riyadh on Gaza aid corridor');

    const scan = await bash((await lineMatching(/ aws dynamodb scan /)).trim());
    expect(scan.code, scan.stderr).toBe(0);
    const items = (JSON.parse(scan.stdout) as { Items: { sk: { S: string } }[] }).Items;
    expect(items.filter((item) => item.sk.S === '#ARTICLE')).toHaveLength(samples.length + 1);
  });

  it('says "stopped" once Ctrl-C has stopped everything, and exits 0', async () => {
    child.kill('SIGINT');
    expect(await exited).toBe(0);
    expect(output.trimEnd().split('\n').slice(-2)).toEqual(['stopping (finishing the batch in flight; Ctrl-C again to force)…', 'stopped']);
  });
});
