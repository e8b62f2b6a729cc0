/**
 * `npm run eval:templates`: publisher templates, leave-one-out per outlet, on the repo's derived
 * evaluation set (training/templates/publishers.jsonl: keys, shapes, labels, no text).
 *
 * For each outlet and each of its articles: a template is learned from the outlet's other
 * articles (in their order) and applied to the held-out one. Figures, next to the cleaner without
 * a template (the baseline) and a template learned with the held-out article in it (in-sample):
 * - recurring junk removed: junk lines whose text is junk in another article of the outlet;
 * - one-off junk removed: the other junk lines;
 * - body kept: labelled body lines (all; and those of six words or more, which is what the
 *   team's body fragments are cut from).
 *
 * The outcome with a template is simulated from the exported baseline: a line the template
 * removes is removed; a line it vouches for as the article's own prose is kept when the baseline
 * lost it to a guess (the line model, trailing junk…); anything else as the baseline. With
 * `--texts DIR` (the labelled texts, see export.ts) it runs the real cleaner instead, end to end.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { splitArticleLines } from '#shared/domain/clean/clean.ts';
import { processArticle } from '#shared/domain/pipeline.ts';
import { type ArticleObservation, learnTemplate, TemplateIndex } from '#shared/domain/clean/template.ts';
import { type ExportedArticle, type LineOutcome, outcomesOf, unpackExportedLine } from './outcomes.ts';

const PUBLISHERS_FILE = new URL('./publishers.jsonl', import.meta.url).pathname;

export function loadPublishers(file = PUBLISHERS_FILE): ExportedArticle[] {
  return readFileSync(file, 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((l) => {
      const a = JSON.parse(l) as Omit<ExportedArticle, 'lines'> & { lines: unknown[][] };
      return { ...a, lines: a.lines.map(unpackExportedLine) };
    });
}

export interface Tally {
  recurring: number;
  recurringRemoved: number;
  oneOff: number;
  oneOffRemoved: number;
  body: number;
  bodyKept: number;
  prose: number;
  proseKept: number;
  /** Title lines, and those removed (for the template alone: taken as template, which costs the article its title). */
  titles: number;
  titlesRemoved: number;
  /** Title lines the cleaner chose as the title. */
  titlesRight: number;
}

const emptyTally = (): Tally => ({
  recurring: 0,
  recurringRemoved: 0,
  oneOff: 0,
  oneOffRemoved: 0,
  body: 0,
  bodyKept: 0,
  prose: 0,
  proseKept: 0,
  titles: 0,
  titlesRemoved: 0,
  titlesRight: 0,
});

function add(into: Tally, from: Tally): void {
  for (const k of Object.keys(into) as (keyof Tally)[]) into[k] += from[k];
}

const observationOf = (a: ExportedArticle): ArticleObservation => ({ lines: a.lines.map((l) => l.observation) });

/** Per line: removed with the template? Simulated from the baseline outcome (see the module comment). */
/** Per line: kept (false), removed (true), or taken as the article's title. */
export type Verdict = boolean | 'title';

const verdictOf = (outcome: LineOutcome): Verdict => (outcome === 'title' ? 'title' : outcome !== 'kept');

export function simulate(article: ExportedArticle, template: TemplateIndex | null): Verdict[] {
  if (!template) return article.lines.map((l) => verdictOf(l.base));
  const decisions = template.decideObserved(article.lines.map((l) => l.observation));
  const recognised = decisions.some((d) => d?.remove);
  return article.lines.map((l, i) => {
    const d = decisions[i];
    // A line matched by shape or label is never the title the cleaner chose.
    if (d?.remove && !(d.fuzzy && l.base === 'title')) return true;
    if (recognised && d?.own && l.base === 'guess') return false;
    return verdictOf(l.base);
  });
}

/** Scores removal verdicts (one per exported line) against the labels. */
export function score(article: ExportedArticle, removed: readonly Verdict[]): Tally {
  const t = emptyTally();
  article.lines.forEach((l, i) => {
    const gone = removed[i] !== undefined && removed[i] !== false;
    if (l.label === 'junk') {
      if (l.recurring) {
        t.recurring++;
        if (gone) t.recurringRemoved++;
      } else {
        t.oneOff++;
        if (gone) t.oneOffRemoved++;
      }
    } else if (l.label === 'title') {
      t.titles++;
      if (removed[i] === true) t.titlesRemoved++;
      if (removed[i] === 'title') t.titlesRight++;
    } else if (l.label === 'body') {
      t.body++;
      if (!gone) t.bodyKept++;
      if (l.observation.prose || l.observation.sentence) {
        t.prose++;
        if (!gone) t.proseKept++;
      }
    }
  });
  return t;
}

type Column = 'baseline' | 'grouped' | 'inSample' | 'templateOnly';

export interface OutletResult {
  outlet: string;
  language: string;
  articles: number;
  columns: Record<Column, Tally>;
}

/** Leave-one-out per outlet; `run` turns (held-out article, template or null) into removal verdicts. */
export async function leaveOneOut(
  articles: readonly ExportedArticle[],
  run: (article: ExportedArticle, template: TemplateIndex | null) => Promise<Verdict[]> | Verdict[],
  minArticles = 2,
): Promise<OutletResult[]> {
  const byOutlet = new Map<string, ExportedArticle[]>();
  for (const a of articles) byOutlet.set(a.outlet, [...(byOutlet.get(a.outlet) ?? []), a]);
  const results: OutletResult[] = [];
  for (const [outlet, group] of [...byOutlet].sort((a, b) => b[1].length - a[1].length || (a[0] < b[0] ? -1 : 1))) {
    if (group.length < minArticles) continue;
    const columns: Record<Column, Tally> = { baseline: emptyTally(), grouped: emptyTally(), inSample: emptyTally(), templateOnly: emptyTally() };
    const inSample = new TemplateIndex(learnTemplate(group.map(observationOf), { publisher: outlet }));
    for (const held of group) {
      const others = new TemplateIndex(learnTemplate(group.filter((a) => a !== held).map(observationOf), { publisher: outlet }));
      add(columns.baseline, score(held, await run(held, null)));
      add(columns.grouped, score(held, await run(held, others)));
      add(columns.inSample, score(held, await run(held, inSample)));
      add(columns.templateOnly, score(held, templateVerdicts(held, others)));
    }
    results.push({ outlet, language: group[0]?.language ?? '', articles: group.length, columns });
  }
  return results;
}

/** What the template alone removes from an article (no cleaner); a shape or label match never takes the cleaner's title. */
function templateVerdicts(article: ExportedArticle, template: TemplateIndex): boolean[] {
  return template.decideObserved(article.lines.map((l) => l.observation)).map((d, i) => d?.remove != null && !(d.fuzzy && article.lines[i]?.base === 'title'));
}

/** Recurring junk the template alone removes, learned from k = 1… of an outlet's other articles (outlets with more than k). */
export function learningCurve(articles: readonly ExportedArticle[], ks: readonly number[]): { k: number; recurring: number; removed: number }[] {
  const byOutlet = new Map<string, ExportedArticle[]>();
  for (const a of articles) byOutlet.set(a.outlet, [...(byOutlet.get(a.outlet) ?? []), a]);
  return ks.map((k) => {
    const t = emptyTally();
    for (const group of byOutlet.values()) {
      if (group.length <= k) continue;
      group.forEach((held, h) => {
        // The k articles published just before the held-out one (wrapping round): a publisher's recent stream.
        const others = group.filter((a) => a !== held);
        const train = Array.from({ length: k }, (_, j) => others[(h - 1 - j + others.length * 2) % others.length] as ExportedArticle).reverse();
        add(t, score(held, templateVerdicts(held, new TemplateIndex(learnTemplate(train.map(observationOf))))));
      });
    }
    return { k, recurring: t.recurring, removed: t.recurringRemoved };
  });
}

const pct = (a: number, b: number) => (b ? `${((100 * a) / b).toFixed(1)}%` : '–');

function table(results: OutletResult[]): string {
  const rows = [
    '| outlet | lang | articles | recurring junk removed: no template → **template** (template alone; in-sample) | one-off junk removed | body lines kept | prose body lines kept |',
    '| --- | --- | ---: | --- | --- | --- | --- |',
  ];
  const total: Record<Column, Tally> = { baseline: emptyTally(), grouped: emptyTally(), inSample: emptyTally(), templateOnly: emptyTally() };
  const line = (name: string, lang: string, n: number | string, c: Record<Column, Tally>) =>
    `| ${name} | ${lang} | ${n} | ${pct(c.baseline.recurringRemoved, c.baseline.recurring)} → **${pct(c.grouped.recurringRemoved, c.grouped.recurring)}** (${pct(c.templateOnly.recurringRemoved, c.templateOnly.recurring)}; ${pct(c.inSample.recurringRemoved, c.inSample.recurring)}) of ${c.grouped.recurring} | ${pct(c.baseline.oneOffRemoved, c.baseline.oneOff)} → ${pct(c.grouped.oneOffRemoved, c.grouped.oneOff)} of ${c.grouped.oneOff} | ${pct(c.baseline.bodyKept, c.baseline.body)} → ${pct(c.grouped.bodyKept, c.grouped.body)} of ${c.grouped.body} | ${pct(c.baseline.proseKept, c.baseline.prose)} → ${pct(c.grouped.proseKept, c.grouped.prose)} of ${c.grouped.prose} |`;
  for (const r of results) {
    rows.push(line(r.outlet, r.language, r.articles, r.columns));
    for (const k of Object.keys(total) as Column[]) add(total[k], r.columns[k]);
  }
  rows.push(
    line(
      '**all**',
      '',
      results.reduce((n, r) => n + r.articles, 0),
      total,
    ),
  );
  rows.push(
    '',
    `titles chosen right: ${total.baseline.titlesRight} of ${total.baseline.titles} without a template → ${total.grouped.titlesRight} with (in-sample ${total.inSample.titlesRight}); title lines the template alone would remove: ${total.templateOnly.titlesRemoved}`,
  );
  return rows.join('\n');
}

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { texts: { type: 'string' }, min: { type: 'string', default: '2' } } });
  const articles = loadPublishers();
  const min = Number(values.min);
  let run: (a: ExportedArticle, t: TemplateIndex | null) => Promise<Verdict[]> | Verdict[] = simulate;
  let mode = 'simulated from the exported baseline';
  if (values.texts) {
    const dir = values.texts;
    const meta: { outlet: string; file: string; url: string }[] = JSON.parse(readFileSync(join(dir, 'meta.json'), 'utf8'));
    const textOf = new Map<ExportedArticle, { text: string; key: string }>();
    for (const a of articles) {
      const m = meta.find((x) => x.url === a.url && x.outlet === a.outlet);
      if (!m) throw new Error(`no text for ${a.url}`);
      const text = readFileSync(join(dir, 'articles', m.file), 'utf8');
      if (createHash('sha256').update(text).digest('hex').slice(0, 16) !== a.textHash) throw new Error(`${m.file}: not the text the set was exported from`);
      textOf.set(a, { text, key: `incoming/${a.outlet}/${m.file}` });
    }
    mode = 'end to end: the cleaner run on the texts';
    run = async (a, template) => {
      const { text, key } = textOf.get(a) as { text: string; key: string };
      const lines = splitArticleLines(text).lines;
      const outcomes: LineOutcome[] = outcomesOf(lines, await processArticle({ bytes: new TextEncoder().encode(text), key }, undefined, { template }));
      return lines.flatMap((l, i) => (l ? [verdictOf(outcomes[i] ?? 'kept')] : []));
    };
  }
  const results = await leaveOneOut(articles, run, min);
  console.log(`publisher templates, leave-one-out per outlet (${mode}); ${articles.length} articles, ${results.length} outlets with ${min}+ articles\n`);
  console.log(table(results));
  const curve = learningCurve(articles, [1, 2, 3, 4, 5]);
  console.log(`\nrecurring junk removed by a template alone, learned from k earlier articles of the outlet (outlets with more than k):`);
  console.log(curve.map((c) => `k=${c.k}: ${pct(c.removed, c.recurring)} of ${c.recurring}`).join(' · '));
}

if (process.argv[1] && new URL(import.meta.url).pathname === process.argv[1]) await main();
