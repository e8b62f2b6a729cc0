/**
 * `tsx training/templates/export.ts --from DIR [--corpus DIR]`: writes the publisher-template
 * evaluation set (training/templates/publishers.jsonl) from labelled article texts. The texts stay
 * where they are (outside the repo); the export keeps per line only what the template learner and
 * the evaluation need: the line's keys (hashes), its shape flags, its label, whether the junk recurs
 * in the outlet, and what the cleaner did to it without a template.
 *
 * DIR holds `meta.json` (`[{ outlet, file, url, source, lang, corpusId? }]`, one entry per article,
 * in the order the outlet published them as far as known), `articles/<file>` (the texts) and
 * `labels-search.json` (`{ "<file>": { junk: [i…], dup?: [i…], title: i | null } }`, i = line
 * index as the cleaner splits lines). Corpus articles take their labels from the corpus itself
 * (its `boilerplate` lines are junk, its `title` line the title).
 */
import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { splitArticleLines } from '#shared/domain/clean/clean.ts';
import { processArticle } from '#shared/domain/pipeline.ts';
import { observeLines } from '#shared/domain/clean/template.ts';
import { type ExportedArticle, type LineLabel, outcomesOf, packExportedLine } from './outcomes.ts';

export const PUBLISHERS_FILE = new URL('./publishers.jsonl', import.meta.url).pathname;

interface Meta {
  outlet: string;
  file: string;
  url: string;
  source: 'search:pages' | 'corpus';
  lang: string;
  corpusId?: string;
}

interface CorpusLabels {
  id: string;
  boilerplate: string[];
  title: string | null;
}

const norm = (s: string) =>
  s
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[\u2018\u2019]/g, "'")
    .replace(/[\u201c\u201d\u00ab\u00bb]/g, '"')
    .replace(/\s+/g, ' ')
    .trim();

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { from: { type: 'string' }, corpus: { type: 'string', default: '../shared/corpus' } } });
  if (!values.from) throw new Error('usage: tsx training/templates/export.ts --from DIR [--corpus DIR]');
  const from = values.from;
  const meta: Meta[] = JSON.parse(readFileSync(join(from, 'meta.json'), 'utf8'));
  const searchLabels: Record<string, { junk: number[]; dup?: number[]; title: number | null }> = JSON.parse(
    readFileSync(join(from, 'labels-search.json'), 'utf8'),
  );
  const corpus = new Map<string, CorpusLabels>(
    readFileSync(join(values.corpus, 'labels.jsonl'), 'utf8')
      .split('\n')
      .filter(Boolean)
      .map((l) => JSON.parse(l) as CorpusLabels)
      .map((d) => [d.id, d]),
  );

  const articles: { meta: Meta; text: string; lines: string[]; labels: (LineLabel | null)[] }[] = [];
  for (const m of meta) {
    const text = readFileSync(join(from, 'articles', m.file), 'utf8');
    const { lines } = splitArticleLines(text);
    const labels: (LineLabel | null)[] = lines.map((l) => (l ? 'body' : null));
    if (m.source === 'corpus') {
      const d = corpus.get(m.corpusId ?? '');
      if (!d) throw new Error(`${m.file}: corpus article ${m.corpusId} not found`);
      const junk = new Set(d.boilerplate.map(norm));
      lines.forEach((l, i) => {
        if (!labels[i]) return;
        if (junk.has(norm(l))) labels[i] = 'junk';
        else if (d.title && norm(l) === norm(d.title)) labels[i] = 'title';
      });
    } else {
      const l = searchLabels[m.file];
      if (!l) throw new Error(`${m.file}: no labels`);
      for (const i of l.junk) labels[i] = 'junk';
      for (const i of l.dup ?? []) labels[i] = 'dup';
      if (l.title !== null) labels[l.title] = 'title';
    }
    articles.push({ meta: m, text, lines, labels });
  }

  // A junk line recurs when its text is junk in another article of the same outlet.
  const junkIn = new Map<string, Set<number>>();
  articles.forEach((a, k) => {
    a.lines.forEach((l, i) => {
      if (a.labels[i] !== 'junk') return;
      const key = `${a.meta.outlet}\n${norm(l)}`;
      junkIn.set(key, (junkIn.get(key) ?? new Set()).add(k));
    });
  });

  const out: string[] = [];
  for (const [k, a] of articles.entries()) {
    const base = outcomesOf(a.lines, await processArticle({ bytes: new TextEncoder().encode(a.text), key: `incoming/${a.meta.outlet}/${a.meta.file}` }));
    const observed = observeLines(a.lines);
    const exported: ExportedArticle = {
      outlet: a.meta.outlet,
      url: a.meta.url,
      source: a.meta.source,
      language: a.meta.lang,
      textHash: createHash('sha256').update(a.text).digest('hex').slice(0, 16),
      lines: a.lines.flatMap((l, i) => {
        const observation = observed[i];
        const label = a.labels[i];
        if (!observation || !label) return [];
        const recurring = label === 'junk' && (junkIn.get(`${a.meta.outlet}\n${norm(l)}`)?.size ?? 0) >= 2;
        return [{ observation, label, recurring, base: base[i] ?? 'kept' }];
      }),
    };
    void k;
    out.push(JSON.stringify({ ...exported, lines: exported.lines.map(packExportedLine) }));
  }
  writeFileSync(PUBLISHERS_FILE, `${out.join('\n')}\n`);
  console.error(`templates export: ${articles.length} articles of ${new Set(meta.map((m) => m.outlet)).size} outlets → ${PUBLISHERS_FILE}`);
}

await main();
