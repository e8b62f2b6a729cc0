/**
 * `npm run eval:clean`: the whole cleaner (phrase rules, structural passes, the line model, the title
 * chooser) on labelled plain text, as the team measures unseen scraped articles, in two sets: the
 * corpus with the project's fixtures, and the real scraped articles of many outlets (scraped.ts).
 * Rows: the raw text (no cleaning: nothing removed, every word kept, no title), the shipped model
 * (trained on both sets: in-sample), and the shipped recipe on 5 folds grouped by outlet (no outlet
 * on both sides of a fold; the synthetic variants' chrome languages of the test fold held out too),
 * each with the phrase rules and without any (the floor on an outlet whose junk no rule names).
 * Then real page dumps: the page model in-sample and site-grouped, next to the raw dump.
 *
 * Figures (clean-score.ts): junk lines removed, `body_keep` fragments kept, content words kept,
 * headline right (texts without one: empty title, reported apart).
 *
 * `--recipes shipped,corpus` (or `none`): also the recipe before the scraped set (corpus, fixtures
 * and their synthetic variants); `--keep SHARE` fits the recipes for another share of paragraph words
 * kept; `--model FILE` scores another line-model.json as the shipped one; `--misses NAME` lists a
 * row's misses (`--set corpus|scraped`). Without the scraped texts (a clean clone) the scraped
 * figures come from the shipped model's card: the model alone, line by line, on the shipped set of
 * their derived numbers.
 */
import { readFileSync } from 'node:fs';
import { bundledLineModel, checkLineModel, type LineModel } from '#shared/domain/clean/line-model.ts';
import { foldsByOutlet } from '../labelled-articles.ts';
import { emptyTally, pct, score, type Tally } from './clean-score.ts';
import { CHROME_LANGUAGES, type LabelledDocument, synthesizePages, synthesizeScrapedArticles } from './dataset.ts';
import { headlinesOf, loadLabelledArticles, PAGES_PER_ARTICLE, realDocuments, SCRAPED_PER_ARTICLE, withSynthetic } from './documents.ts';
import { dumpReport, evaluateDumps } from './eval-dumps.ts';
import { type FeaturedDoc, featuredDocs, fitLineModel, type LineFitOptions } from './fit.ts';
import { readPageSet } from './page-set.ts';
import { featuredScraped, JUNK_KINDS, loadScrapedDocuments, SCRAPED_DIR } from './scraped.ts';

const FOLDS = 5;
const arg = (name: string) => {
  const at = process.argv.indexOf(name);
  return at >= 0 ? process.argv[at + 1] : undefined;
};
const RECIPES = (arg('--recipes') ?? 'shipped').split(',').filter((r) => r !== 'none');
/** `--keep 0.996`: the recipes' removal threshold for another share of paragraph words (fit.ts CONTENT_KEEP_TARGET). */
const FIT_OPTIONS: LineFitOptions = arg('--keep') ? { keepTarget: Number(arg('--keep')) } : {};

type SetName = 'corpus' | 'scraped';

interface Item {
  doc: LabelledDocument;
  featured: FeaturedDoc;
  set: SetName;
  kinds?: string[];
  outlet: string;
}

const corpus = realDocuments(loadLabelledArticles());
const scraped = loadScrapedDocuments();
const items: Item[] = [
  ...featuredDocs(corpus).map((featured, i) => ({ doc: corpus[i] as LabelledDocument, featured, set: 'corpus' as const, outlet: featured.outlet })),
  ...featuredScraped(scraped).map((featured, i) => ({
    doc: scraped[i] as LabelledDocument,
    featured,
    set: 'scraped' as const,
    kinds: featured.kinds,
    outlet: featured.outlet,
  })),
];
const outlets = (set: SetName) => new Set(items.filter((i) => i.set === set).map((i) => i.outlet)).size;
console.log(
  `cleaning eval: ${corpus.length} corpus and fixture articles (${outlets('corpus')} outlets), ${scraped.length} real scraped articles (${outlets('scraped')} outlets); ${FOLDS} folds grouped by outlet`,
);

/** Synthetic page dumps and scraped variants of the corpus side, chrome in `languages`. */
function synthetic(docs: readonly LabelledDocument[], languages: readonly string[]): FeaturedDoc[] {
  const headlines = headlinesOf(docs);
  return featuredDocs([
    ...synthesizePages(docs, headlines, PAGES_PER_ARTICLE, languages),
    ...synthesizeScrapedArticles(docs, headlines, SCRAPED_PER_ARTICLE, languages),
  ]);
}

/** A fold's training documents: as `npm run train:clean` assembles them (`shipped`), or without the scraped set (`corpus`). */
function trainingItems(recipe: string, train: readonly Item[], languages: readonly string[]): FeaturedDoc[] {
  if (recipe !== 'shipped' && recipe !== 'corpus') throw new Error(`unknown recipe ${recipe} (shipped, corpus)`);
  const corpusSide = train.filter((i) => i.set === 'corpus');
  const real = recipe === 'corpus' ? corpusSide : train;
  return [
    ...real.map((i) => i.featured),
    ...synthetic(
      corpusSide.map((i) => i.doc),
      languages,
    ),
  ];
}

type Tallies = Record<SetName, { rules: Tally; noRules: Tally }>;
const tallies = (): Tallies => ({
  corpus: { rules: emptyTally(), noRules: emptyTally() },
  scraped: { rules: emptyTally(), noRules: emptyTally() },
});

function scoreItem(item: Item, model: LineModel, into: Tallies): void {
  const t = into[item.set];
  score(item.doc, model, t.rules, true, item.kinds);
  score(item.doc, model, t.noRules, false, item.kinds);
}

/** The shipped model, or `--model FILE` (a line-model.json of another commit, say); null when made with other features than the code's. */
function shippedModel(): LineModel | null {
  try {
    const file = arg('--model');
    return file ? checkLineModel(JSON.parse(readFileSync(file, 'utf8')) as LineModel) : bundledLineModel();
  } catch (error) {
    console.log(`shipped model: not scored (${(error as Error).message}; npm run train:clean)`);
    return null;
  }
}

const results = new Map<string, Tallies>();
const shipped = tallies();
const model = shippedModel();
if (model) {
  for (const item of items) scoreItem(item, model, shipped);
  results.set(arg('--model') ? `${arg('--model')}` : 'shipped model (in-sample)', shipped);
}

for (const recipe of RECIPES) {
  const grouped = tallies();
  foldsByOutlet(items, FOLDS).forEach(({ train, test }, fold) => {
    const languages = CHROME_LANGUAGES.filter((_, i) => i % FOLDS !== fold);
    const fit = fitLineModel(trainingItems(recipe, train, languages), 4, FIT_OPTIONS);
    for (const item of test) scoreItem(item, fit.model, grouped);
    process.stderr.write(`eval:clean ${recipe}: fold ${fold + 1}/${FOLDS}\n`);
  });
  const keep = FIT_OPTIONS.keepTarget === undefined ? '' : ` (keep ${FIT_OPTIONS.keepTarget})`;
  results.set(`${recipe === 'shipped' ? 'shipped recipe' : 'corpus-only recipe'}${keep}, outlet-grouped`, grouped);
}

const row = (name: string, t: Tally) =>
  `${name.padEnd(52)} ${pct(t.boilerplateRemoved, t.boilerplate).padStart(7)} ${pct(t.kept, t.keep).padStart(7)} ${pct(t.contentWords - t.contentWordsLost, t.contentWords).padStart(7)} ${pct(t.titleRight, t.titled).padStart(7)} ${`${t.untitledEmpty}/${t.untitled}`.padStart(8)}`;
for (const set of ['corpus', 'scraped'] as const) {
  const some = items.find((i) => i.set === set);
  if (!some) continue;
  const first = [...results.values()][0]?.[set].rules ?? emptyTally();
  console.log(
    `\n${set === 'corpus' ? 'corpus and fixtures' : 'real scraped articles'} (${first.boilerplate} junk lines, ${first.keep} body fragments, ${first.titled} headlines)`,
  );
  console.log(`${''.padEnd(52)} ${'junk'.padStart(7)} ${'body'.padStart(7)} ${'words'.padStart(7)} ${'title'.padStart(7)} ${'none→∅'.padStart(8)}`);
  console.log(row('raw text (no cleaning)', { ...emptyTally(), boilerplate: 1, keep: 1, kept: 1, contentWords: 1, titled: 1 }));
  for (const [name, t] of results) {
    console.log(row(`${name}, rules`, t[set].rules));
    console.log(row(`${name}, no rules`, t[set].noRules));
  }
}
if (scraped.length > 0) {
  console.log('\nreal scraped articles, junk removed by kind, no rules:');
  for (const [name, t] of results)
    console.log(
      `  ${name}: ${Object.entries(t.scraped.noRules.byKind)
        .sort((a, b) => b[1][0] - a[1][0])
        .map(([k, [n, r]]) => `${JUNK_KINDS[k] ?? k} ${pct(r, n)} of ${n}`)
        .join(', ')}`,
    );
} else {
  // A clean clone: the card's figures on the shipped set (the model alone, line by line).
  const metrics = model?.card?.evaluation.metrics ?? {};
  const rows = Object.entries(metrics).filter(([name]) => name.startsWith('scraped'));
  console.log(`\nreal scraped articles: no texts in ${SCRAPED_DIR} (KABAR_SCRAPED_DIR); the shipped model's card, the line model alone:`);
  for (const [name, m] of rows) console.log(`  ${name.padEnd(28)} in-sample ${m.inSample}  outlet-grouped ${m.grouped}  baseline ${m.baseline}`);
  if (rows.length === 0) console.log('  (the card has no scraped figures)');
}
const misses = arg('--misses');
if (misses) for (const m of results.get(misses)?.[(arg('--set') ?? 'scraped') as SetName]?.noRules.misses ?? []) console.log(`  miss: ${m}`);

// Real page dumps: the page model inside the shipped line model, in-sample and site-grouped, next to the raw dump.
if (!process.argv.includes('--no-dumps')) {
  const set = readPageSet();
  const dumps = set && model ? await evaluateDumps(model, set.docs, featuredDocs(withSynthetic(corpus))) : null;
  if (dumps) for (const line of dumpReport(dumps)) console.log(line);
  else console.log('page dumps: not measured (needs ../shared/pages, w3m and training/sets/line-pages.bin.gz)');
}
