import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = new URL('../../', import.meta.url).pathname;

/** Every module specifier a TypeScript file imports, statically (side-effect imports too) or dynamically. */
function importsOf(file: string): string[] {
  const source = readFileSync(file, 'utf8');
  return [
    ...source.matchAll(/(?:^|\n)\s*(?:import|export)[^'"`;]*?from\s*['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)|(?:^|\n)\s*import\s*['"]([^'"]+)['"]/g),
  ].map((m) => (m[1] ?? m[2] ?? m[3]) as string);
}

function tsFilesIn(dir: string): string[] {
  return readdirSync(join(root, dir), { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory() ? tsFilesIn(join(dir, entry.name)) : entry.name.endsWith('.ts') ? [join(root, dir, entry.name)] : [],
  );
}

describe('dependencies point one way', () => {
  it('keeps the domain core free of AWS, Lambda, CDK, I/O and outer layers', () => {
    const forbidden =
      /^(@aws-sdk\/|@aws-lambda-powertools\/|aws-lambda$|aws-cdk-lib|constructs$|node:(fs|net|http|https|child_process)|.*\/(infra|functions|adapters|local|ingest)\/)/;
    const offences = tsFilesIn('shared/domain').flatMap((file) =>
      importsOf(file)
        .filter((spec) => forbidden.test(spec))
        .map((spec) => `${file}: ${spec}`),
    );
    expect(offences).toEqual([]);
  });

  it('keeps the pipeline stages apart: a stage imports text/, article.ts and errors.ts, never another stage', () => {
    const domain = join(root, 'shared/domain');
    const stageOf = (file: string) => relative(domain, file).split(sep)[0] as string;
    const offences = tsFilesIn('shared/domain').flatMap((file) => {
      const from = stageOf(file);
      if (from.endsWith('.ts')) return []; // pipeline.ts, article.ts, errors.ts: the floor above and below the stages
      return importsOf(file)
        .filter((spec) => spec.startsWith('.'))
        .map((spec) => stageOf(resolve(dirname(file), spec)))
        .filter((to) => to !== from && (from === 'text' ? true : to !== 'text' && to !== 'article.ts' && to !== 'errors.ts'))
        .filter((to) => !to.startsWith('..')) // shared/data/*.json and the like: outside the domain
        .map((to) => `${relative(root, file)} → ${to}`);
    });
    expect(offences).toEqual([]);
  });

  it('keeps the ingest use case free of SDK clients: it talks to ports', () => {
    const offences = tsFilesIn('shared/ingest').flatMap((file) =>
      importsOf(file)
        .filter((spec) => /^@aws-sdk\//.test(spec))
        .map((spec) => `${file}: ${spec}`),
    );
    expect(offences).toEqual([]);
  });

  it('names handlers in infra only by entry path, never by import', () => {
    const offences = tsFilesIn('infra').flatMap((file) =>
      importsOf(file)
        .filter((spec) => /functions\//.test(spec))
        .map((spec) => `${file}: ${spec}`),
    );
    expect(offences).toEqual([]);
  });

  it('finds the imports it checks (the scan itself works)', () => {
    expect(importsOf(join(root, 'shared/domain/pipeline.ts'))).toContain('./classify/classify.ts');
    expect(importsOf(join(root, 'functions/ingest/handler.ts'))).toContain('@aws-sdk/client-s3');
  });
});
