#!/usr/bin/env node
// @ts-check
/**
 * `npm run kabar -- COMMAND …` starts here: make sure the CLI bundle matches the sources (see
 * cli-bundle.mjs), then run it. Nothing is written to stdout before the CLI itself writes.
 */
import { describeBuildError, ensureCliBundle } from './cli-bundle.mjs';

let entry;
try {
  entry = await ensureCliBundle();
} catch (error) {
  console.error(`kabar: building the CLI bundle failed:\n${describeBuildError(error)}`);
  process.exit(1);
}
await import(entry);
