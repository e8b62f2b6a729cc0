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
 * - boilerplate lines removed: labelled boilerplate lines absent from the body, counted by
 *   training/scoring.ts as the team's corpus scorer counts them (a line the input holds more
 *   often than it is labelled may stay that many times);
 * - body fragments kept: `body_keep` fragments present in the body;
 * - headline right: the cleaned title equals the labelled headline, over texts that have one;
 *   texts without one count right when the title is empty (reported apart);
 * - page dumps snippet F1: over the lines of synthetic whole-page dumps, F1 of "kept" against
 *   "is article" (content or title), next to the raw dump's F1 (everything kept).
 */
import { parsedArticleOf } from '#shared/domain/article.ts';
import { cleanArticle } from '#shared/domain/clean/clean.ts';
import type { BoilerplateRules } from '#shared/domain/clean/rules.ts';
import type { LineModel } from '#shared/domain/clean/line-model.ts';
import { foldsByOutlet } from '../labelled-articles.ts';
import { normaliseForScoring, scoreBoilerplate } from '../scoring.ts';
import { CHROME_LANGUAGES, type LabelledDocument, synthesizePages } from './dataset.ts';
import { headlinesOf, loadLabelledArticles, PAGES_PER_ARTICLE, realDocuments, SCRAPED_PER_ARTICLE, withSynthetic } from './documents.ts';
import { featuredDocs, trainLineModel } from './fit.ts';
import { dumpReport, evaluateDumps } from './eval-dumps.ts';
import { readPageSet } from './page-set.ts';
import { bundledLineModel } from '#shared/domain/clean/line-model.ts';

const FOLDS = 5;

const norm = normaliseForScoring;

interface Tally {
  boilerplate: number;
  boilerplateRemoved: number;
  keep: number;
  kept: number;
  titled: number;
  titleRight: number;
  untitled: number;
  untitledEmpty: number;
  /** Page dumps, over lines: article lines kept, junk kept, article lines lost; and the raw dump's. */
  tp: number;
  fp: number;
  fn: number;
  rawTp: number;
  rawFp: number;
  /** Words of content lines (real articles, not the title), and those the body lost. */
  contentWords: number;
  contentWordsLost: number;
  misses: string[];
}

const emptyTally = (): Tally => ({
  boilerplate: 0,
  boilerplateRemoved: 0,
  keep: 0,
  kept: 0,
  titled: 0,
  titleRight: 0,
  untitled: 0,
  untitledEmpty: 0,
  tp: 0,
  fp: 0,
  fn: 0,
  rawTp: 0,
  rawFp: 0,
  contentWords: 0,
  contentWordsLost: 0,
  misses: [],
});

const parsedText = (text: string) => parsedArticleOf('text', text);

const NO_RULES: readonly BoilerplateRules[] = [];

function score(doc: LabelledDocument, model: LineModel, tally: Tally, withRules = true): void {
  const cleaned = cleanArticle(parsedText(doc.text), withRules ? { lineModel: model } : { lineModel: model, ruleFiles: NO_RULES });
  const paragraphs = cleaned.body.split(/\n\n/).map(norm);
  const count = new Map<string, number>();
  for (const p of paragraphs) count.set(p, (count.get(p) ?? 0) + 1);
  const body = norm(cleaned.body);
  const isKept = (text: string) => {
    const t = norm(text);
    return (count.get(t) ?? 0) > 0 || (t.length >= 40 && body.includes(t));
  };
  if (!doc.synthetic) {
    // Boilerplate lines are scored as the team's corpus scorer scores them (training/scoring.ts).
    const boilerplate = doc.lines.filter((line) => line.label === 'boilerplate').map((line) => line.text);
    for (const { line, labelled, removed } of scoreBoilerplate(doc.text, cleaned.body, boilerplate)) {
      tally.boilerplate += labelled;
      tally.boilerplateRemoved += removed;
      if (removed < labelled) tally.misses.push(`${doc.id}: kept junk "${line.slice(0, 70)}"`);
    }
    for (const line of doc.lines) {
      if (line.label !== 'content') continue;
      const words = line.text.split(/\s+/).length;
      tally.contentWords += words;
      if (!isKept(line.text) && !body.includes(norm(line.text)) && norm(line.text) !== norm(cleaned.title ?? '')) {
        tally.contentWordsLost += words;
        tally.misses.push(`${doc.id}: lost line "${line.text.slice(0, 70)}"`);
      }
    }
    for (const fragment of doc.bodyKeep) {
      tally.keep++;
      if (body.includes(norm(fragment))) tally.kept++;
      else tally.misses.push(`${doc.id}: lost "${fragment.slice(0, 70)}"`);
    }
    if (doc.title) {
      tally.titled++;
      if (cleaned.title !== null && norm(cleaned.title) === norm(doc.title)) tally.titleRight++;
      else tally.misses.push(`${doc.id}: title ${JSON.stringify(cleaned.title?.slice(0, 60) ?? null)}`);
    } else if (doc.title === null) {
      tally.untitled++;
      if (cleaned.title === null) tally.untitledEmpty++;
    }
    return;
  }
  const title = cleaned.title === null ? null : norm(cleaned.title);
  for (const line of doc.lines) {
    const article = line.label !== 'boilerplate';
    const kept = isKept(line.text) || (title !== null && norm(line.text) === title);
    if (article) {
      tally.rawTp++;
      if (kept) tally.tp++;
      else tally.fn++;
    } else {
      tally.rawFp++;
      if (kept) tally.fp++;
    }
  }
}

const pct = (a: number, b: number) => (b ? `${((100 * a) / b).toFixed(1)}%` : 'n/a');
const f1 = (tp: number, fp: number, fn: number) => (tp ? (2 * tp) / (2 * tp + fp + fn) : 0);

function report(label: string, t: Tally): string[] {
  return [
    `${label}`,
    `  boilerplate lines removed  ${pct(t.boilerplateRemoved, t.boilerplate)} (${t.boilerplateRemoved}/${t.boilerplate})`,
    `  body fragments kept        ${pct(t.kept, t.keep)} (${t.kept}/${t.keep}); content words kept ${pct(t.contentWords - t.contentWordsLost, t.contentWords)}`,
    `  headline right             ${pct(t.titleRight, t.titled)} (${t.titleRight}/${t.titled}); no headline → empty title ${t.untitledEmpty}/${t.untitled}`,
    `  synthetic page dumps, line F1 ${f1(t.tp, t.fp, t.fn).toFixed(3)} (raw dump ${f1(t.rawTp, t.rawFp, 0).toFixed(3)})`,
  ];
}

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
