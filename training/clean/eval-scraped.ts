/**
 * `npm run eval:scraped`: the article model with and without real scraped articles in training,
 * measured the way the team measures unseen scraped articles: the whole cleaner (with the phrase rules
 * and without any) on outlet-grouped folds over the corpus and the real scraped set together, so no
 * outlet is on both sides of a fold. Figures per set (corpus, real scraped), next to the shipped
 * model (in-sample on the corpus, unseen on the scraped set) and the raw text (no cleaning: nothing
 * removed, every word kept, no title).
 *
 * Recipes (`--recipes a,b`): which documents train each fold's model.
 * - `shipped`: corpus and fixtures with their synthetic page dumps and scraped variants (as shipped);
 * - `real`: corpus, fixtures and the real scraped set, no synthetic data;
 * - `real+synthetic`: `real` plus the synthetic variants of the corpus and fixtures;
 * - `real+synthetic-all`: `real` plus synthetic variants of the scraped set too.
 *
 * Needs the texts: the corpus (../shared/corpus) and the scraped set (scraped.ts SCRAPED_DIR).
 */
import { bundledLineModel, type LineModel } from '#shared/domain/clean/line-model.ts';
import { foldsByOutlet } from '../labelled-articles.ts';
import { emptyTally, pct, score, type Tally } from './clean-score.ts';
import { CHROME_LANGUAGES, type LabelledDocument, synthesizePages, synthesizeScrapedArticles } from './dataset.ts';
import { headlinesOf, loadLabelledArticles, PAGES_PER_ARTICLE, realDocuments, SCRAPED_PER_ARTICLE } from './documents.ts';
import { type FeaturedDoc, featuredDocs, fitLineModel } from './fit.ts';
import { featuredScraped, JUNK_KINDS, loadScrapedDocuments, SCRAPED_DIR } from './scraped.ts';

const FOLDS = 5;
const arg = (name: string) => {
  const at = process.argv.indexOf(name);
  return at >= 0 ? process.argv[at + 1] : undefined;
};
const RECIPES = (arg('--recipes') ?? 'shipped,real,real+synthetic').split(',');

interface Item {
  doc: LabelledDocument;
  featured: FeaturedDoc;
  set: 'corpus' | 'scraped';
  kinds?: string[];
  outlet: string;
}

const corpus = realDocuments(loadLabelledArticles());
const scraped = loadScrapedDocuments();
if (scraped.length === 0) throw new Error(`no scraped texts in ${SCRAPED_DIR} (KABAR_SCRAPED_DIR)`);
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
const outlets = (set: string) => new Set(items.filter((i) => i.set === set).map((i) => i.outlet)).size;
console.log(
  `${corpus.length} corpus and fixture articles (${outlets('corpus')} outlets), ${scraped.length} real scraped articles (${outlets('scraped')} outlets); ${FOLDS} folds grouped by outlet`,
);

function synthetic(docs: readonly LabelledDocument[], languages: readonly string[]): FeaturedDoc[] {
  const headlines = headlinesOf(docs);
  return featuredDocs([
    ...synthesizePages(docs, headlines, PAGES_PER_ARTICLE, languages),
    ...synthesizeScrapedArticles(docs, headlines, SCRAPED_PER_ARTICLE, languages),
  ]);
}

function trainingItems(recipe: string, train: readonly Item[], languages: readonly string[]): FeaturedDoc[] {
  const ofSet = (set: string) => train.filter((i) => i.set === set);
  const corpusDocs = ofSet('corpus');
  const real = recipe === 'shipped' ? corpusDocs : train;
  const out = real.map((i) => i.featured);
  if (recipe === 'shipped' || recipe === 'real+synthetic')
    out.push(
      ...synthetic(
        corpusDocs.map((i) => i.doc),
        languages,
      ),
    );
  if (recipe === 'real+synthetic-all')
    out.push(
      ...synthetic(
        train.map((i) => i.doc),
        languages,
      ),
    );
  if (!['shipped', 'real', 'real+synthetic', 'real+synthetic-all'].includes(recipe)) throw new Error(`unknown recipe ${recipe}`);
  return out;
}

type Tallies = Record<string, { rules: Tally; noRules: Tally }>;
const tallies = (): Tallies => ({
  corpus: { rules: emptyTally(), noRules: emptyTally() },
  scraped: { rules: emptyTally(), noRules: emptyTally() },
});

function scoreItem(item: Item, model: LineModel, into: Tallies): void {
  const t = into[item.set] as Tallies[string];
  score(item.doc, model, t.rules, true, item.kinds);
  score(item.doc, model, t.noRules, false, item.kinds);
}

const results = new Map<string, Tallies>();
const shipped = tallies();
const model = bundledLineModel();
for (const item of items) scoreItem(item, model, shipped);
results.set('shipped model (in-sample on the corpus)', shipped);

for (const recipe of RECIPES) {
  const grouped = tallies();
  foldsByOutlet(items, FOLDS).forEach(({ train, test }, fold) => {
    const languages = CHROME_LANGUAGES.filter((_, i) => i % FOLDS !== fold);
    const fit = fitLineModel(trainingItems(recipe, train, languages));
    for (const item of test) scoreItem(item, fit.model, grouped);
    process.stderr.write(`${recipe}: fold ${fold + 1}/${FOLDS} (threshold ${fit.model.threshold})\n`);
  });
  results.set(`${recipe}, outlet-grouped`, grouped);
}

const row = (name: string, t: Tally) =>
  `${name.padEnd(58)} ${pct(t.boilerplateRemoved, t.boilerplate).padStart(6)} ${pct(t.kept, t.keep).padStart(7)} ${pct(t.contentWords - t.contentWordsLost, t.contentWords).padStart(7)} ${pct(t.titleRight, t.titled).padStart(6)} ${`${t.untitledEmpty}/${t.untitled}`.padStart(7)}`;
for (const set of ['corpus', 'scraped'] as const) {
  console.log(`\n${set === 'corpus' ? 'corpus and fixtures' : 'real scraped set'}: junk removed, body fragments kept, content words kept, titles right, no title → empty`);
  console.log(`${'raw text (no cleaning)'.padEnd(58)} ${'0.0%'.padStart(6)} ${'100.0%'.padStart(7)} ${'100.0%'.padStart(7)} ${'0.0%'.padStart(6)}`);
  for (const [name, t] of results) {
    const s = t[set] as Tallies[string];
    console.log(row(`${name}, rules`, s.rules));
    console.log(row(`${name}, no rules`, s.noRules));
  }
}
console.log('\nreal scraped set, junk removed by kind without rules:');
for (const [name, t] of results) {
  const kinds = (t.scraped as Tallies[string]).noRules.byKind;
  console.log(
    `  ${name}: ${Object.entries(kinds)
      .sort((a, b) => b[1][0] - a[1][0])
      .map(([k, [n, r]]) => `${JUNK_KINDS[k] ?? k} ${pct(r, n)} of ${n}`)
      .join(', ')}`,
  );
}
const misses = arg('--misses');
const missSet = (arg('--set') ?? 'scraped') as 'corpus' | 'scraped';
if (misses) for (const m of results.get(misses)?.[missSet]?.noRules.misses ?? []) console.log(`  miss: ${m}`);
