import { readdir, realpath, stat } from 'node:fs/promises';
import { extname, join } from 'node:path';
import { createInterface } from 'node:readline';

export interface ExpandOptions {
  /** Extensions kept when walking a directory, without the dot (`['txt', 'html']`); empty keeps every file. */
  extensions?: readonly string[];
  /** Where `-` reads its paths from, one per line (standard input in the CLI). */
  stdin?: NodeJS.ReadableStream;
}

/**
 * The files a command was given, in order: a file as it is (even a missing one, so the command can
 * report it), a directory as every file below it (recursively, sorted by name, hidden entries skipped,
 * filtered by extension), and `-` as the paths read from standard input, one per line, each expanded
 * the same way. Lets a caller pass thousands of files without the shell's argument-length limit.
 *
 * @example await expandInputPaths(['a.txt', 'dump/', '-'], { extensions: ['txt'], stdin })
 *   // → ['a.txt', 'dump/2025/x.txt', 'dump/y.txt', …paths read from stdin]
 */
export async function expandInputPaths(args: readonly string[], options: ExpandOptions = {}): Promise<string[]> {
  const extensions = new Set((options.extensions ?? []).map(normaliseExtension).filter((e) => e !== ''));
  const files: string[] = [];
  let stdinRead = false;
  for (const arg of args) {
    if (arg === '-') {
      if (stdinRead) throw new Error('`-` (read paths from standard input) can be given only once');
      stdinRead = true;
      if (!options.stdin) throw new Error('`-` given but there is no standard input to read paths from');
      for await (const path of linesOf(options.stdin)) await expandOne(path, extensions, files);
    } else {
      await expandOne(arg, extensions, files);
    }
  }
  return files;
}

/**
 * `".TXT"`, `"txt"` → `"txt"`; splits comma lists given to `--ext`.
 *
 * @example extensionsOf(['txt,.html', 'MD']) // → ['txt', 'html', 'md']
 */
export function extensionsOf(values: readonly string[] | undefined): string[] {
  return (values ?? [])
    .flatMap((value) => value.split(','))
    .map(normaliseExtension)
    .filter((e) => e !== '');
}

function normaliseExtension(extension: string): string {
  return extension.trim().replace(/^\./, '').toLowerCase();
}

async function expandOne(path: string, extensions: ReadonlySet<string>, files: string[]): Promise<void> {
  const info = await stat(path).catch(() => null);
  if (info?.isDirectory()) await walk(path, extensions, files, new Set([await realpath(path)]));
  else files.push(path);
}

async function walk(directory: string, extensions: ReadonlySet<string>, files: string[], visited: Set<string>): Promise<void> {
  const entries = (await readdir(directory, { withFileTypes: true })).filter((entry) => !entry.name.startsWith('.'));
  // Code-unit order, not locale order: the same tree gives the same output order on every machine.
  entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  for (const entry of entries) {
    const path = join(directory, entry.name);
    let isDirectory = entry.isDirectory();
    let isFile = entry.isFile();
    if (entry.isSymbolicLink()) {
      const target = await stat(path).catch(() => null);
      isDirectory = target?.isDirectory() ?? false;
      isFile = target?.isFile() ?? false;
    }
    if (isDirectory) {
      // A symlink back up the tree would otherwise recurse forever.
      const real = await realpath(path);
      if (visited.has(real)) continue;
      visited.add(real);
      await walk(path, extensions, files, visited);
    } else if (isFile && (extensions.size === 0 || extensions.has(normaliseExtension(extname(entry.name))))) {
      files.push(path);
    }
  }
}

async function* linesOf(stream: NodeJS.ReadableStream): AsyncGenerator<string> {
  for await (const line of createInterface({ input: stream, crlfDelay: Number.POSITIVE_INFINITY })) {
    // Blank lines are skipped; any other line is a path as it stands (paths may hold spaces).
    if (line.trim() !== '') yield line;
  }
}
