// @ts-check
/**
 * The kabar CLI, bundled once with esbuild and rebuilt only when one of its inputs changes, so a call
 * starts in well under a second instead of compiling TypeScript every time (tsx). Plain JavaScript on
 * purpose: it must run before anything can compile TypeScript.
 *
 * Layout, under node_modules/.cache/kabar-cli/ (so `npm ci` starts from nothing):
 *   stamp.json           the current build: its directory and each input's mtime and size
 *   <build id>/kabar.mjs the entry, with code-split chunks beside it
 *
 * Packages stay external (Node loads them from node_modules as under tsx; zod aside, see
 * BUNDLED_PACKAGES), and the command modules and the lazily imported parsers (linkedom, Readability,
 * franc-min) load through dynamic imports: `kabar process` never loads the AWS SDK, and an article
 * that needs no HTML parser never loads one. The inputs are
 * read from esbuild's metafile, so a changed source file or data file (shared/data/*.json is inlined)
 * triggers a rebuild on the next call.
 *
 * `node bin/cli-bundle.mjs` builds it (the `prepare` script, run by `npm ci`); bin/kabar.mjs calls
 * ensureCliBundle() on every run.
 */
import { mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const ENTRY = 'bin/kabar.ts';
/**
 * Files that shape the build without being imported: the build options, `imports` (#shared/*),
 * tsconfig, and the installed packages (npm rewrites node_modules/.package-lock.json on every install).
 */
const BUILD_INPUTS = ['bin/cli-bundle.mjs', 'package.json', 'tsconfig.json', 'node_modules/.package-lock.json'];
/**
 * Packages bundled in rather than loaded from node_modules: zod/mini is imported at start-up (the
 * taxonomy is validated on load) and, as ~100 small ES modules, costs Node about 0.2 s to resolve and load.
 */
const BUNDLED_PACKAGES = ['zod'];
/** Superseded builds are removed once this old: a long batch may still load lazy chunks from one. */
const STALE_BUILD_MS = 60 * 60 * 1000;
const STAMP_VERSION = 1;

/**
 * @typedef {{ version: number, buildId: string, entry: string, inputs: Record<string, [mtimeMs: number, size: number] | null> }} Stamp
 */

/**
 * The cache directory; KABAR_CLI_CACHE_DIR moves it (tests build into a temporary one). It must lie
 * inside the project: the bundle's packages resolve from the node_modules above it.
 *
 * @example cacheDirOf({}) // → '/…/kabar/node_modules/.cache/kabar-cli'
 */
export function cacheDirOf(env = process.env) {
  const override = env.KABAR_CLI_CACHE_DIR;
  if (!override) return join(ROOT, 'node_modules', '.cache', 'kabar-cli');
  const dir = resolve(override);
  if (relative(ROOT, dir).startsWith('..')) throw new Error(`KABAR_CLI_CACHE_DIR must be inside ${ROOT} (packages resolve from its node_modules), got ${dir}`);
  return dir;
}

/** @returns {Stamp | null} */
function readStamp(cacheDir) {
  try {
    const stamp = JSON.parse(readFileSync(join(cacheDir, 'stamp.json'), 'utf8'));
    return stamp.version === STAMP_VERSION ? stamp : null;
  } catch {
    return null;
  }
}

/**
 * True when every input still has the mtime and size it had when the bundle was built.
 *
 * @param {Stamp} stamp
 * @example isFresh({ inputs: { 'shared/data/taxonomy.json': [1733400000000, 5120] }, … }) // → false after the file is retrained
 */
export function isFresh(stamp, cacheDir) {
  try {
    statSync(join(cacheDir, stamp.entry));
  } catch {
    return false;
  }
  for (const [file, recorded] of Object.entries(stamp.inputs)) {
    const stat = statSync(join(ROOT, file), { throwIfNoEntry: false });
    if (!stat || !recorded) {
      if (stat || recorded) return false;
      continue;
    }
    if (stat.mtimeMs !== recorded[0] || stat.size !== recorded[1]) return false;
  }
  return true;
}

/**
 * Builds the CLI into a new directory and points the stamp at it (an atomic rename, so concurrent
 * calls each run a complete build). Returns the new stamp.
 *
 * @returns {Promise<Stamp>}
 */
export async function buildCliBundle(cacheDir = cacheDirOf()) {
  const esbuild = await import('esbuild');
  const buildId = `${Date.now().toString(36)}-${process.pid}`;
  const outdir = join(cacheDir, buildId);
  // Stat the inputs before reading them: an edit during the build then shows as a change next time.
  const before = Date.now();
  const result = await esbuild.build({
    absWorkingDir: ROOT,
    entryPoints: [ENTRY],
    outdir,
    outExtension: { '.js': '.mjs' },
    chunkNames: 'chunks/[name]-[hash]',
    bundle: true,
    splitting: true,
    external: externalPackages(),
    platform: 'node',
    format: 'esm',
    target: 'node20',
    sourcemap: 'linked',
    metafile: true,
    logLevel: 'silent',
    plugins: [sourceRelativeImportMeta],
  });
  /** @type {Stamp['inputs']} */
  const inputs = {};
  // A bundled package's files change only through an install, which node_modules/.package-lock.json records.
  const sources = Object.keys(result.metafile.inputs).filter((file) => !file.startsWith('node_modules/'));
  for (const file of [...sources, ...BUILD_INPUTS]) {
    const path = relative(ROOT, resolve(ROOT, file));
    // Missing is a state too (no node_modules/.package-lock.json outside npm): recorded as null.
    const stat = statSync(join(ROOT, path), { throwIfNoEntry: false });
    // A file written while esbuild read it may not be in the bundle: record a time that forces a rebuild.
    inputs[path] = stat ? [stat.mtimeMs > before ? -1 : stat.mtimeMs, stat.size] : null;
  }
  /** @type {Stamp} */
  const stamp = { version: STAMP_VERSION, buildId, entry: `${buildId}/kabar.mjs`, inputs };
  const temporary = join(cacheDir, `stamp.json.${process.pid}`);
  writeFileSync(temporary, `${JSON.stringify(stamp, null, 1)}\n`);
  renameSync(temporary, join(cacheDir, 'stamp.json'));
  removeSupersededBuilds(cacheDir, buildId);
  return stamp;
}

/**
 * The bundle runs from the cache directory, so `import.meta.url` / `import.meta.dirname` in a source
 * file (e.g. `new URL('../samples/', import.meta.url)`) would point there: each is replaced by the
 * source file's own location, which the bundle runs beside.
 *
 * @type {import('esbuild').Plugin}
 */
const sourceRelativeImportMeta = {
  name: 'source-relative-import-meta',
  setup(build) {
    build.onLoad({ filter: /\.[cm]?[jt]s$/ }, (args) => {
      if (args.path.includes(`${sep}node_modules${sep}`)) return undefined;
      const source = readFileSync(args.path, 'utf8');
      if (!source.includes('import.meta.')) return undefined;
      const contents = source
        .replaceAll('import.meta.url', JSON.stringify(pathToFileURL(args.path).href))
        .replaceAll('import.meta.dirname', JSON.stringify(dirname(args.path)))
        .replaceAll('import.meta.filename', JSON.stringify(args.path));
      return { contents, loader: /\.[cm]?ts$/.test(args.path) ? 'ts' : 'js' };
    });
  },
};

/** Every dependency but BUNDLED_PACKAGES, with its subpaths (`@aws-sdk/client-s3`, `zod/…` excluded). */
function externalPackages() {
  const manifest = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8'));
  const names = Object.keys({ ...manifest.dependencies, ...manifest.devDependencies }).filter((name) => !BUNDLED_PACKAGES.includes(name));
  return names.flatMap((name) => [name, `${name}/*`]);
}

function removeSupersededBuilds(cacheDir, current) {
  for (const entry of readdirSync(cacheDir, { withFileTypes: true })) {
    if (!entry.isDirectory() || entry.name === current) continue;
    const path = join(cacheDir, entry.name);
    if (Date.now() - statSync(path).mtimeMs > STALE_BUILD_MS) rmSync(path, { recursive: true, force: true });
  }
}

/**
 * The file URL of an up-to-date CLI bundle, building it first when missing or stale.
 *
 * @example await ensureCliBundle() // → 'file:///…/node_modules/.cache/kabar-cli/m4x2k1-4242/kabar.mjs'
 */
export async function ensureCliBundle(cacheDir = cacheDirOf()) {
  let stamp = readStamp(cacheDir);
  if (!stamp || !isFresh(stamp, cacheDir)) {
    // Only a person at a terminal wants to know; scripts reading stderr should see kabar's own messages.
    if (process.stderr.isTTY) process.stderr.write(`kabar: ${stamp ? 'sources changed, rebuilding' : 'building'} the CLI bundle…\n`);
    mkdirSync(cacheDir, { recursive: true });
    stamp = await buildCliBundle(cacheDir);
  }
  return pathToFileURL(join(cacheDir, stamp.entry)).href;
}

/** esbuild's errors as one readable message, e.g. `bin/kabar.ts:3:7: Expected ";" but found "x"`. */
export function describeBuildError(error) {
  const errors = /** @type {{ errors?: { text: string, location?: { file: string, line: number, column: number } }[] }} */ (error).errors;
  if (!errors?.length) return error instanceof Error ? error.message : String(error);
  return errors.map((e) => (e.location ? `${e.location.file}:${e.location.line}:${e.location.column}: ${e.text}` : e.text)).join('\n');
}

// `node bin/cli-bundle.mjs`: the `prepare` step. An install without devDependencies has no esbuild
// (and no tsx): nothing to build then, and nothing that could run the CLI either; say so, do not fail it.
if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  try {
    await import('esbuild');
  } catch {
    console.error('kabar: esbuild is not installed (devDependencies omitted); the CLI bundle is not built.');
    process.exit(0);
  }
  try {
    const cacheDir = cacheDirOf();
    mkdirSync(cacheDir, { recursive: true });
    const stamp = await buildCliBundle(cacheDir);
    console.error(`kabar: CLI bundle built (${Object.keys(stamp.inputs).length} inputs) in ${relative(process.cwd(), join(cacheDir, stamp.buildId))}`);
  } catch (error) {
    console.error(`kabar: building the CLI bundle failed:\n${describeBuildError(error)}`);
    process.exit(1);
  }
}
