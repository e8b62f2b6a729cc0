/**
 * How a kabar Lambda function is bundled (`KabarFunction`, infra/constructs/kabar-function.ts; the
 * cold-start and memory benches build their comparisons with it too). CDK's local bundling is
 * synchronous and esbuild's plugins are not, so synth runs it in a child process:
 * `node --import tsx infra/bundle-function.ts ENTRY OUTDIR`.
 *
 * - **Code splitting** (ESM): every `await import()` becomes a chunk beside `index.mjs`, loaded by the
 *   first invocation that needs it: the HTML libraries and our HTML extraction, franc-min's language
 *   models, the SQS client of the dead-letter sender, and the AWS SDK's own lazily imported credential
 *   providers (SSO, INI files, STS, …) that Lambda, with its credentials in the environment, never loads.
 * - **Data as data**: `shared/data/**.json` (rules, lexicon, gazetteer, model weights) is copied beside
 *   the code as JSON files and read with `JSON.parse` when its module loads, instead of being compiled
 *   as ~180 KB of JavaScript object literals, which V8 parses several times slower.
 * - Minified, UTF-8 output, source maps without sources, a `require` shim for CommonJS dependencies.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import * as esbuild from 'esbuild';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const DATA_DIR = join(ROOT, 'shared', 'data');
/** Where the data files go in the asset, relative to the code (all code files sit at its root). */
const DATA_OUT = 'data';

export const HOUSE_BUILD_OPTIONS: esbuild.BuildOptions = {
  bundle: true,
  splitting: true,
  platform: 'node',
  format: 'esm',
  target: 'node22',
  mainFields: ['module', 'main'],
  outExtension: { '.js': '.mjs' },
  // Chunks beside index.mjs: `import.meta.url` of any of them finds the data directory the same way.
  chunkNames: '[name]-[hash]',
  banner: { js: "import { createRequire } from 'module'; const require = createRequire(import.meta.url);" },
  minify: true,
  charset: 'utf8',
  sourcemap: true,
  sourcesContent: false,
  logLevel: 'warning',
};

/**
 * esbuild plugin: a `shared/data` JSON module becomes a module that reads and parses the file, and
 * the file is copied (minified) into `outdir/data/`.
 */
function dataFiles(outdir: string): esbuild.Plugin {
  return {
    name: 'kabar-data-files',
    setup(build) {
      build.onLoad({ filter: /\.json$/ }, (args) => {
        const path = relative(DATA_DIR, args.path);
        if (path.startsWith('..')) return undefined;
        const target = join(outdir, DATA_OUT, path);
        mkdirSync(dirname(target), { recursive: true });
        // Minified: the files are pretty-printed for review, Lambda only parses them.
        writeFileSync(target, JSON.stringify(JSON.parse(readFileSync(args.path, 'utf8'))));
        const url = `./${DATA_OUT}/${path.split('\\').join('/')}`;
        return {
          loader: 'js',
          contents: `import { readFileSync } from 'node:fs';\nexport default JSON.parse(readFileSync(new URL(${JSON.stringify(url)}, import.meta.url), 'utf8'));\n`,
          watchFiles: [args.path],
        };
      });
    },
  };
}

/**
 * esbuild plugin: a CommonJS package the code imports dynamically goes through a small ES module
 * re-exporting its names. A chunk made from a CommonJS package exports only `default`, where Node's
 * own `import()` of it also gives the named exports (`const { Readability } = await import('@mozilla/readability')`).
 * ES packages (`"type": "module"` or a `module` entry) split as they are, tree-shaken.
 */
function commonJsFacades(): esbuild.Plugin {
  const facade = 'kabar-commonjs-facade';
  return {
    name: 'kabar-commonjs-facades',
    setup(build) {
      build.onResolve({ filter: /^[^./#]/ }, (args) =>
        args.kind === 'dynamic-import' && args.namespace !== facade && isCommonJsPackage(args.path) ? { path: args.path, namespace: facade } : undefined,
      );
      build.onLoad({ filter: /.*/, namespace: facade }, (args) => {
        const names = Object.keys(requireFromRoot(args.path) as object).filter((key) => /^[A-Za-z_$][\w$]*$/.test(key));
        return { contents: `export { ${names.join(', ')} } from ${JSON.stringify(args.path)};`, loader: 'js', resolveDir: ROOT };
      });
    },
  };
}

const requireFromRoot = createRequire(join(ROOT, 'package.json'));

/** True for a package published as CommonJS only (no `"type": "module"`, no `module` entry). `node:` modules are not packages. */
function isCommonJsPackage(specifier: string): boolean {
  if (specifier.startsWith('node:')) return false;
  const name = specifier.startsWith('@') ? specifier.split('/').slice(0, 2).join('/') : (specifier.split('/')[0] ?? specifier);
  try {
    const manifest = JSON.parse(readFileSync(join(ROOT, 'node_modules', name, 'package.json'), 'utf8')) as { type?: string; module?: string };
    return manifest.type !== 'module' && manifest.module === undefined;
  } catch {
    return false;
  }
}

/**
 * Bundles `entry` (relative to the project root, exporting `handler`) into `outdir`: `index.mjs`, its
 * chunks and `data/`. Returns esbuild's metafile.
 *
 * @example await bundleFunction('functions/ingest/handler.ts', '/tmp/asset') // → { outputs: { '/tmp/asset/index.mjs': … } }
 */
export async function bundleFunction(entry: string, outdir: string, options: { external?: string[] } = {}): Promise<esbuild.Metafile> {
  const result = await esbuild.build({
    ...HOUSE_BUILD_OPTIONS,
    entryPoints: { index: join(ROOT, entry) },
    outdir,
    absWorkingDir: ROOT,
    external: options.external ?? [],
    metafile: true,
    plugins: [dataFiles(outdir), commonJsFacades()],
  });
  return result.metafile as esbuild.Metafile;
}

/**
 * The files `index.mjs` loads before its handler can run: itself and the chunks it imports statically,
 * transitively (not those behind an `await import()`), each with its size; paths as in the metafile.
 *
 * @example startupFilesOf(metafile) // → [['.tmp/x/index.mjs', 402311], ['.tmp/x/chunk-X.mjs', 52701]]
 */
export function startupFilesOf(metafile: esbuild.Metafile): [file: string, bytes: number][] {
  const outputs = metafile.outputs;
  const index = Object.keys(outputs).find((file) => file.endsWith('/index.mjs') || file === 'index.mjs');
  const seen = new Set<string>();
  const pending = index ? [index] : [];
  for (let file = pending.pop(); file !== undefined; file = pending.pop()) {
    if (seen.has(file)) continue;
    seen.add(file);
    for (const imported of outputs[file]?.imports ?? []) if (imported.kind === 'import-statement' && !imported.external) pending.push(imported.path);
  }
  return [...seen].map((file) => [file, outputs[file]?.bytes ?? 0]);
}

// `node --import tsx infra/bundle-function.ts ENTRY OUTDIR`: what CDK's local bundling runs.
if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const [entry, outdir] = process.argv.slice(2);
  if (!entry || !outdir) throw new Error('usage: node --import tsx infra/bundle-function.ts ENTRY OUTDIR');
  await bundleFunction(entry, outdir);
}
