/**
 * `npm run eval:clean`: the cleaner's figures in-sample and cross-validated, side by side.
 *
 * Cross-validation: k folds grouped by outlet (`foldsByOutlet`): the line model is trained without
 * the test fold's outlets, and the test fold's synthetic page dumps use chrome languages held out
 * from training too. The rules files are the same in both columns (they were written against the
 * corpus), so the cross-validated column measures the learned part on unseen outlets, not the rules;
 * a third column runs the same folds with no phrase rule at all, the floor on an outlet whose
 * junk no rule names.
 *
 * Figures (as the team measures them):
 * - boilerplate lines removed: labelled boilerplate lines absent from the body;
 * - body fragments kept: `body_keep` fragments present in the body;
 * - headline right: the cleaned title equals the labelled headline, over texts that have one;
 *   texts without one count right when the title is empty (reported apart);
 * - page dumps snippet F1: over the lines of synthetic whole-page dumps, F1 of "kept" against
 *   "is article" (content or title), next to the raw dump's F1 (everything kept).
 */
import { emptyTally, report, score } from './clean-score.ts';
import { foldsByOutlet } from '../labelled-articles.ts';
import { CHROME_LANGUAGES, type LabelledDocument, synthesizePages } from './dataset.ts';
import { headlinesOf, loadLabelledArticles, PAGES_PER_ARTICLE, realDocuments, SCRAPED_PER_ARTICLE, withSynthetic } from './documents.ts';
import { featuredDocs, trainLineModel } from './fit.ts';
import { dumpReport, evaluateDumps } from './eval-dumps.ts';
import { readPageSet } from './page-set.ts';
import { bundledLineModel } from '#shared/domain/clean/line-model.ts';

const FOLDS = 5;

const articles = loadLabelledArticles();
const real = realDocuments(articles);
console.log(
  `cleaning eval: ${real.length} labelled articles (${new Set(real.map((d) => d.outlet)).size} outlets), ${PAGES_PER_ARTICLE} synthetic page dumps and ${SCRAPED_PER_ARTICLE} scraped variants each for training`,
);

// In-sample: trained on everything, scored on everything.
const inSample = emptyTally();
{
  const pages = synthesizePages(real, headlinesOf(real), PAGES_PER_ARTICLE);
  const model = trainLineModel(withSynthetic(real));
  for (const doc of [...real, ...pages]) score(doc, model, inSample);
}

// Cross-validated: outlets and chrome languages of the test fold unseen in training.
const crossValidated = emptyTally();
const withoutRules = emptyTally();
foldsByOutlet(real, FOLDS).forEach(({ train, test }, fold) => {
  const heldOut = CHROME_LANGUAGES.filter((_, i) => i % FOLDS === fold);
  const trainLanguages = CHROME_LANGUAGES.filter((l) => !heldOut.includes(l));
  const model = trainLineModel(withSynthetic(train, trainLanguages));
  const testPages = synthesizePages(test, headlinesOf(test), PAGES_PER_ARTICLE, heldOut, 7);
  for (const doc of [...test, ...testPages]) {
    score(doc, model, crossValidated);
    score(doc, model, withoutRules, false);
  }
});

for (const line of [
  ...report('in-sample', inSample),
  ...report(`cross-validated (${FOLDS} folds by outlet, chrome languages held out)`, crossValidated),
  ...report('cross-validated, without any phrase rule (the line model and the structural passes alone)', withoutRules),
])
  console.log(line);
console.log('  (the raw text, no cleaning: 0% of the boilerplate removed, 100% of the body kept, no title)');
if (process.argv.includes('--misses')) for (const miss of crossValidated.misses) console.log(`  miss: ${miss}`);
if (process.argv.includes('--misses-without-rules')) for (const miss of withoutRules.misses) console.log(`  miss without rules: ${miss}`);

// Real page dumps: the page model inside the shipped line model, in-sample and site-grouped, next to the raw dump.
if (!process.argv.includes('--no-dumps')) {
  const set = readPageSet();
  const dumps = set ? await evaluateDumps(bundledLineModel(), set.docs, featuredDocs(withSynthetic(real))) : null;
  if (dumps) for (const line of dumpReport(dumps)) console.log(line);
  else console.log('page dumps: not measured (needs ../shared/pages, w3m and training/sets/line-pages.bin.gz)');
}
