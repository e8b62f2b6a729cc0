/**
 * Shipped training sets (docs/adr/0009-model-artifacts.md): each model's training items as derived
 * numbers and labels, no text, in `training/sets/<name>.json.gz`, so `npm run train` retrains from a
 * clean clone. The file is stamped with the feature hash it was made with; a set made by other
 * feature definitions is refused, with the way to regenerate it.
 *
 * Numbers are stored exactly (a model trained from the set equals one trained from the texts, byte
 * for byte): a numeric column is dictionary-coded, its distinct values once as JSON, each row's value
 * as a one- or two-byte index (base64), which is what makes 16,000 lines × 46 features a few hundred KB.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { gunzipSync, gzipSync } from 'node:zlib';

export const SETS_DIR = resolve(import.meta.dirname, 'sets');

export const setFileOf = (name: string) => join(SETS_DIR, `${name}.json.gz`);

interface SetFile<T> {
  name: string;
  /** The feature hash (the card's `features`) the items were computed with. */
  features: string;
  items: T;
}

export class StaleTrainingSetError extends Error {}

/** Writes `items` (any JSON, typically with `encodeColumn`s inside) as the shipped set of `name`. */
export function writeTrainingSet(name: string, features: string, items: unknown, file = setFileOf(name)): number {
  mkdirSync(dirname(file), { recursive: true });
  const bytes = gzipSync(JSON.stringify({ name, features, items } satisfies SetFile<unknown>), { level: 9 });
  writeFileSync(file, bytes);
  return bytes.length;
}

/**
 * The shipped set of `name`, refused when it was made by other feature definitions than the code's
 * (`features`), or is missing: both say how to regenerate it.
 */
export function readTrainingSet<T>(name: string, features: string, file = setFileOf(name)): T {
  const regenerate = `regenerate it from the labelled texts with \`npm run train -- --from-source --only ${name}\` (needs the team corpus at ../shared/corpus for the shipped figures)`;
  if (!existsSync(file)) throw new StaleTrainingSetError(`no shipped training set for the ${name} model at ${file}: ${regenerate}`);
  const set = JSON.parse(gunzipSync(readFileSync(file)).toString('utf8')) as SetFile<T>;
  if (set.name !== name) throw new StaleTrainingSetError(`${file} holds the ${set.name} set, not ${name}`);
  if (set.features !== features)
    throw new StaleTrainingSetError(
      `the ${name} training set was made with other feature definitions (${set.features}) than the code computes (${features}): ${regenerate}`,
    );
  return set.items;
}

/** A numeric column, exactly: its distinct values, and per row the index of its value. */
export interface EncodedColumn {
  values: number[];
  /** base64 of one byte per row (under 256 distinct values) or two, little-endian. */
  codes: string;
}

export function encodeColumn(column: readonly number[]): EncodedColumn {
  const values = [...new Set(column)].sort((a, b) => a - b);
  if (values.length > 65_536) throw new Error(`a column with ${values.length} distinct values does not fit two-byte codes`);
  const index = new Map(values.map((v, i) => [v, i]));
  const wide = values.length > 256;
  const bytes = Buffer.alloc(column.length * (wide ? 2 : 1));
  column.forEach((v, row) => {
    const code = index.get(v) as number;
    if (wide) bytes.writeUInt16LE(code, row * 2);
    else bytes[row] = code;
  });
  return { values, codes: bytes.toString('base64') };
}

export function decodeColumn(column: EncodedColumn): number[] {
  const bytes = Buffer.from(column.codes, 'base64');
  const wide = column.values.length > 256;
  const rows = wide ? bytes.length / 2 : bytes.length;
  return Array.from({ length: rows }, (_, row) => column.values[wide ? bytes.readUInt16LE(row * 2) : (bytes[row] as number)] as number);
}
