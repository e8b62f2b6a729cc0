import { modelVersionOf } from '../model-card.ts';
import type { ModelVersions } from './article.ts';
import { defaultTopicModel, type TopicModelData } from './classify/classify.ts';
import { bundledLineModel, checkLineModel, type LineModel } from './clean/line-model.ts';
import type { HtmlModel } from './parse/html/block-model.ts';
// Only the card: the HTML model's weights load with the HTML libraries (parse/html/block-model.ts), never here.
import htmlModelCard from '../data/html-model-card.json' with { type: 'json' };

/**
 * The learned models the pipeline runs with, and the versions records are stamped with
 * (docs/adr/0009-model-artifacts.md). A version is the content hash on the model's card, so it
 * changes exactly when the weights do; `pipelineVersion` is derived from the versions and
 * PIPELINE_REVISION, so a retrain makes older records outdated without anyone bumping a number.
 */

/**
 * Bumped by hand when stage code changes what the pipeline produces (a new rule pass, a parser fix).
 * Model changes need no bump: their versions are part of `pipelineVersion`.
 */
export const PIPELINE_REVISION = '2';

export interface PipelineModels {
  /** Cleaning and headline choice (line-model.json). */
  line: LineModel;
  /** Topic decision with the genre model inside (topic-model.json). */
  topics: TopicModelData;
  /**
   * The HTML block model (html-model.json) when it is not the bundled one (a retrain tried with
   * `--models DIR`); absent, HTML pages load the bundled weights lazily and records name its card.
   */
  html?: HtmlModel;
}

export interface ModelSet {
  models: PipelineModels;
  /** Per role, the version of the model that plays it: what every record stores (`extraction`: HTML pages only). */
  versions: { cleaning: string; title: string; topics: string; genre: string; extraction: string };
  /** `<revision>+<model version>+…`, one entry per model file, e.g. `2+line-3a3d4542f538+topics-320229bb1e68`. */
  pipelineVersion: string;
}

/**
 * The set for `models`: checked against the features this code computes, versions read off the cards.
 *
 * @example modelSetOf({ line, topics }).pipelineVersion // → '2+line-3a3d4542f538+topics-320229bb1e68'
 */
export function modelSetOf(models: PipelineModels): ModelSet {
  checkLineModel(models.line);
  const line = modelVersionOf(models.line, 'line');
  const topics = modelVersionOf(models.topics, 'topics');
  // The genre model sits inside the topic file: its weights are part of the topics version too.
  // The HTML block model (shared/data/html-model.json) is read lazily; its card ships apart, written by the same training.
  const extraction = modelVersionOf(models.html ?? htmlModelCard, 'html');
  const versions = { cleaning: line, title: line, topics, genre: modelVersionOf(models.topics.genre, 'genre'), extraction };
  return { models, versions, pipelineVersion: [PIPELINE_REVISION, line, topics, extraction].join('+') };
}

let shipped: ModelSet | undefined;

/** The models bundled with the code (shared/data/), read once per container. */
export function shippedModels(): ModelSet {
  shipped ??= modelSetOf({ line: bundledLineModel(), topics: defaultTopicModel });
  return shipped;
}

/**
 * The versions of the models a stage reached: a text refused before cleaning names none; an HTML
 * page names the block model that extracted it (its text then passes cleaning as judged).
 */
export function versionsUpTo(set: ModelSet, stage: 'parse' | 'clean' | 'classify', html = false): ModelVersions {
  const { cleaning, title, topics, genre, extraction } = set.versions;
  const extracted: ModelVersions = html ? { extraction } : {};
  if (stage === 'parse') return {};
  if (stage === 'clean') return { ...extracted, cleaning, title };
  return { ...extracted, cleaning, title, topics, genre };
}
