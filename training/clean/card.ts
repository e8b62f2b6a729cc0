/**
 * The line model's card: its figures measured on the training set's derived features (no text
 * needed, so a clean clone measures them the same way), in-sample and out of fold (the fit's
 * outlet-grouped folds), next to a one-line rule.
 *
 * These are the model's own decisions, before the phrase rules and the structural passes of
 * clean.ts; `npm run eval:clean` measures the whole cleaner on the texts.
 */
import gazetteer from '#shared/data/gazetteer.json' with { type: 'json' };
import stopwords from '#shared/data/stopwords.json' with { type: 'json' };
import { FEATURE_NAMES, lineFeatures } from '#shared/domain/clean/line-features.ts';
import { type LineModel, TITLE_EXTRA_FEATURES, TITLE_WINDOW } from '#shared/domain/clean/line-model.ts';
import { PROBE_LINES } from '../feature-probe.ts';
import { type CardMetric, cardOf, hashOf, metric, type ModelCard } from '../model-card.ts';
import { type FeaturedDoc, judgeDocument, type LineFit, type LineJudgement, removesLine } from './fit.ts';

const SENTENCE_END = FEATURE_NAMES.indexOf('sentenceEnd');

/** The feature definitions: names, the data files they read, and their values on the probe text. */
export function lineFeatureHash(): string {
  return hashOf({
    names: FEATURE_NAMES,
    title: TITLE_EXTRA_FEATURES,
    titleWindow: TITLE_WINDOW,
    stopwords: stopwords.words,
    agencies: gazetteer.agencies,
    probe: lineFeatures(PROBE_LINES),
  });
}

/** The simplest cleaner: a line of fewer than five words that does not end a sentence is junk; the first headline-shaped line is the title. */
export const LINE_BASELINE = 'lines under 5 words without a full stop removed; first headline-shaped line as title';

function baselineJudgement(doc: FeaturedDoc): LineJudgement {
  const posteriors = doc.lines.map((line, i) => (line.words < 5 && (doc.features[i]?.[SENTENCE_END] ?? 0) < 0.5 ? 1 : 0));
  const title = doc.titleLabelled ? doc.lines.slice(0, TITLE_WINDOW).findIndex((l) => l.titleCandidate) : -1;
  return { posteriors, title };
}

interface Tally {
  junk: number;
  junkRemoved: number;
  contentWords: number;
  contentWordsLost: number;
  titled: number;
  titleRight: number;
  /** Synthetic page dumps, over lines: article lines kept, junk kept, article lines lost. */
  tp: number;
  fp: number;
  fn: number;
}

function tally(docs: readonly FeaturedDoc[], judge: (doc: FeaturedDoc) => LineJudgement | undefined, threshold: number): Tally {
  const t: Tally = { junk: 0, junkRemoved: 0, contentWords: 0, contentWordsLost: 0, titled: 0, titleRight: 0, tp: 0, fp: 0, fn: 0 };
  for (const doc of docs) {
    const judgement = judge(doc);
    if (!judgement) continue;
    const gold = doc.lines.findIndex((l) => l.label === 'title');
    if (doc.cleaningLabelled)
      doc.lines.forEach((line, i) => {
        const removed = i !== judgement.title && removesLine(doc, i, judgement.posteriors[i] ?? 0, threshold);
        if (doc.synthetic) {
          const article = line.label !== 'boilerplate';
          if (article && !removed) t.tp++;
          else if (article) t.fn++;
          else if (!removed) t.fp++;
          return;
        }
        if (line.label === 'boilerplate') {
          t.junk++;
          if (removed) t.junkRemoved++;
        } else if (line.label === 'content') {
          t.contentWords += line.words;
          if (removed) t.contentWordsLost += line.words;
        }
      });
    if (!doc.synthetic && doc.titleLabelled) {
      t.titled++;
      if (judgement.title === gold) t.titleRight++;
    }
  }
  return t;
}

const share = (a: number, b: number) => (b > 0 ? a / b : 1);
const f1 = (t: Tally) => (t.tp > 0 ? (2 * t.tp) / (2 * t.tp + t.fp + t.fn) : 0);

function metrics(inSample: Tally, grouped: Tally, baseline: Tally): Record<string, CardMetric> {
  const out: Record<string, CardMetric> = {
    junkLinesRemoved: metric(share(inSample.junkRemoved, inSample.junk), share(grouped.junkRemoved, grouped.junk), share(baseline.junkRemoved, baseline.junk)),
    contentWordsKept: metric(
      1 - share(inSample.contentWordsLost, inSample.contentWords),
      1 - share(grouped.contentWordsLost, grouped.contentWords),
      1 - share(baseline.contentWordsLost, baseline.contentWords),
    ),
    titleRight: metric(share(inSample.titleRight, inSample.titled), share(grouped.titleRight, grouped.titled), share(baseline.titleRight, baseline.titled)),
  };
  if (inSample.tp + inSample.fn > 0) out.pageDumpLineF1 = metric(f1(inSample), f1(grouped), f1(baseline));
  return out;
}

/** Training items by source, and the lines they hold. */
export function lineCounts(docs: readonly FeaturedDoc[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const doc of docs) counts[doc.source] = (counts[doc.source] ?? 0) + 1;
  counts.lines = docs.reduce((n, d) => n + d.lines.length, 0);
  return counts;
}

/**
 * The card of a fitted line model. `scored` picks the documents the figures are measured on
 * (all by default; the training gate passes the shipped ones only).
 */
export function lineCard(fit: LineFit, docs: readonly FeaturedDoc[], scored: (doc: FeaturedDoc) => boolean = () => true): ModelCard {
  return cardOf('line', fit.model, {
    trainedOn: lineCounts(docs),
    trainingData: hashOf(docs),
    features: lineFeatureHash(),
    evaluation: lineEvaluation(fit, docs.filter(scored)),
  });
}

export function lineEvaluation(fit: LineFit, docs: readonly FeaturedDoc[]): ModelCard['evaluation'] {
  const { model, outOfFold } = fit;
  return {
    grouping: 'outlet',
    folds: fit.folds,
    baseline: LINE_BASELINE,
    primary: 'junkLinesRemoved',
    metrics: metrics(
      tally(docs, (doc) => judgeDocument(model, doc), model.threshold),
      tally(docs, (doc) => outOfFold.get(doc.id), model.threshold),
      tally(docs, baselineJudgement, 0.5),
    ),
  };
}

/** The figures of a given model (the shipped one, say) on documents it may not have seen: its in-sample column. */
export function lineFiguresOf(model: LineModel, docs: readonly FeaturedDoc[]): Record<string, number> {
  const t = tally(docs, (doc) => judgeDocument(model, doc), model.threshold);
  return {
    junkLinesRemoved: share(t.junkRemoved, t.junk),
    contentWordsKept: 1 - share(t.contentWordsLost, t.contentWords),
    titleRight: share(t.titleRight, t.titled),
  };
}
