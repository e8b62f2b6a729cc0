import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ModelSet } from '../../shared/domain/models.ts';

/** What `npm start` runs with, as it tells the CLI through its data directory. */
export interface RunningModels {
  pipelineVersion: string;
  versions: ModelSet['versions'];
  /** Where the models came from: `shared/data` (the shipped ones) or KABAR_MODELS_DIR. */
  source: string;
}

const FILE = 'running-models.json';

/**
 * Written by `npm start` once its handler is built: `kabar reprocess` selects records outdated for
 * the models the running stack will re-run them with, and says so when those are not the ones on disk.
 */
export function writeRunningModels(dataDir: string, models: ModelSet, source: string): void {
  const running: RunningModels = { pipelineVersion: models.pipelineVersion, versions: models.versions, source };
  writeFileSync(join(dataDir, FILE), `${JSON.stringify(running, null, 2)}\n`);
}

/** The models the last `npm start` on `dataDir` ran with; null before the first start. */
export function readRunningModels(dataDir: string): RunningModels | null {
  try {
    return JSON.parse(readFileSync(join(dataDir, FILE), 'utf8')) as RunningModels;
  } catch {
    return null;
  }
}
