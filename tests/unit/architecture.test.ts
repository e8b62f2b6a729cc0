import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = new URL('../../', import.meta.url).pathname;

/** Every module specifier a TypeScript file imports, statically (side-effect imports too) or dynamically. */
function importsOf(file: string): string[] {
  const source = readFileSync(file, 'utf8');
  return [
    ...source.matchAll(/(?:^|\n)\s*(?:import|export)[^'"`;]*?from\s*['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)|(?:^|\n)\s*import\s*['"]([^'"]+)['"]/g),
  ].map((m) => (m[1] ?? m[2] ?? m[3]) as string);
}

const aliases = Object.entries(JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')).imports as Record<string, string>).map(
  ([alias, target]) => [alias.replace('*', ''), target.replace('*', '').replace(/^\.\//, '')] as const,
);

/**
 * Where an import of `file` points, as a path from the repository root (`shared/domain/text/text.ts`),
 * for a relative or `#alias/` import; a package import stays as written (`node:fs`, `zod`).
 */
function targetOf(file: string, spec: string): string {
  for (const [alias, target] of aliases) if (spec.startsWith(alias)) return target + spec.slice(alias.length);
  return spec.startsWith('.') ? relative(root, resolve(dirname(file), spec)) : spec;
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

  it('keeps the domain to itself: it imports only the domain, its data files (shared/data/) and the model-card type', () => {
    const offences = tsFilesIn('shared/domain').flatMap((file) =>
      importsOf(file)
        .filter((spec) => spec.startsWith('.') || spec.startsWith('#'))
        .map((spec) => targetOf(file, spec))
        .filter((target) => !/^shared\/(domain|data)\//.test(target) && target !== 'shared/model-card.ts')
        .map((target) => `${relative(root, file)} → ${target}`),
    );
    expect(offences).toEqual([]);
  });

  it('keeps the pipeline stages apart: a stage imports text/, article.ts, errors.ts and scoring.ts, never another stage', () => {
    const stageOf = (path: string) => (path.startsWith('shared/domain/') ? (path.split('/')[2] as string) : null);
    const offences = tsFilesIn('shared/domain').flatMap((file) => {
      const from = stageOf(relative(root, file)) as string;
      if (from.endsWith('.ts')) return []; // pipeline.ts, article.ts, errors.ts, scoring.ts: the floor above and below the stages
      return importsOf(file)
        .map((spec) => stageOf(targetOf(file, spec)))
        .filter((to): to is string => to !== null) // shared/data/*.json and the like: outside the domain
        .filter((to) => to !== from && (from === 'text' ? true : to !== 'text' && to !== 'article.ts' && to !== 'errors.ts' && to !== 'scoring.ts'))
        .map((to) => `${relative(root, file)} → ${to}`);
    });
    expect(offences).toEqual([]);
  });

  it('keeps training and the operator tools out of what the Lambda runs: functions/ and shared/ import no training/, ops/, bin/ or scripts/', () => {
    const offences = [...tsFilesIn('functions'), ...tsFilesIn('shared')].flatMap((file) =>
      importsOf(file)
        .map((spec) => targetOf(file, spec))
        .filter((target) => /^(training|ops|bin|scripts|bench|tests)\//.test(target))
        .map((target) => `${relative(root, file)} → ${target}`),
    );
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
    const pipeline = join(root, 'shared/domain/pipeline.ts');
    expect(targetOf(pipeline, './classify/classify.ts')).toBe('shared/domain/classify/classify.ts');
    expect(targetOf(pipeline, '../../training/scoring.ts')).toBe('training/scoring.ts');
    expect(targetOf(pipeline, '#ops/local/local-stack.ts')).toBe('ops/local/local-stack.ts');
    expect(targetOf(pipeline, '#shared/domain/text/text.ts')).toBe('shared/domain/text/text.ts');
    expect(targetOf(pipeline, 'node:fs')).toBe('node:fs');
  });
});
