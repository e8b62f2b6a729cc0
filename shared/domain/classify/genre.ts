/**
 * A small multilingual genre model: what kind of page an article is (a match report, a recipe,
 * a market wrap…), from hashed word and character n-grams. Its probabilities are features of the
 * topic decision (see topic-features.ts): a country named in a match report is a team, not a state.
 *
 * The weights are learned by `npm run train:topics` and stored, quantised, in
 * `shared/data/topic-model.json`; nothing here lists words of any language.
 */

import type { ModelCard } from '../../model-card.ts';

/** The genres, in the order of the model's outputs. */
export const GENRES = ['sport', 'lifestyle', 'business', 'entertainment', 'science', 'local', 'politics'] as const;
export type Genre = (typeof GENRES)[number];

/** Only the opening of a long article is read: the genre shows early, and the cost stays bounded. */
export const GENRE_MAX_TOKENS = 100;

/** The stored form: weights as base64 int8, one scale per genre (weight = int8 × scale). */
export interface GenreModelData {
  /** What it is and how it was trained (shared/model-card.ts); absent while training builds it. */
  card?: ModelCard;
  /** Hash buckets (a power of two). */
  buckets: number;
  genres: string[];
  bias: number[];
  scales: number[];
  /** Bucket-major: weight of bucket b for genre g at b × genres + g. */
  weights: string;
}

export interface GenreModel {
  buckets: number;
  genres: string[];
  bias: Float64Array;
  /** Bucket-major, as in GenreModelData. */
  weights: Float32Array;
}

/** Hashed feature values of one text, L2-normalised: parallel lists of buckets and values. */
export interface HashedFeatures {
  buckets: Int32Array;
  values: Float64Array;
}

/**
 * Decodes the stored model once (per container).
 *
 * @example decodeGenreModel(modelData.genre).genres // → ['sport', 'lifestyle', …]
 */
export function decodeGenreModel(data: GenreModelData): GenreModel {
  const bytes = base64ToBytes(data.weights);
  const classes = data.genres.length;
  const weights = new Float32Array(data.buckets * classes);
  for (let i = 0; i < weights.length; i++) {
    const signed = ((bytes[i] ?? 0) << 24) >> 24;
    weights[i] = signed * (data.scales[i % classes] ?? 0);
  }
  return { buckets: data.buckets, genres: data.genres, bias: Float64Array.from(data.bias), weights };
}

/** ln(1 + k/2) for small k. */
const LOG1P_HALVES = Float64Array.from({ length: 256 }, (_, k) => Math.log1p(k / 2));

/** Reused accumulator: a typed array and a touched list instead of a Map per article. */
let counts = new Float64Array(0);
let touched = new Int32Array(0);
let touchedSize = 0;
let mask = 0;

function add(h: number, by: number): void {
  const bucket = h & mask;
  if (counts[bucket] === 0) touched[touchedSize++] = bucket;
  counts[bucket]! += by;
}

/**
 * Hashed n-grams of folded tokens: words and character 4-grams of each word with its
 * boundaries (`_kick`, `ick_`), so inflected forms and languages with shared roots meet in a bucket.
 * Title tokens count twice: the headline names the genre more reliably than any sentence.
 *
 * @example hashFeatures(['derby', 'goal'], ['the', 'derby'], 4096).buckets.length // → a dozen buckets
 */
export function hashFeatures(titleTokens: readonly string[], bodyTokens: readonly string[], buckets: number): HashedFeatures {
  const size = accumulate(
    titleTokens,
    0,
    Math.min(titleTokens.length, TITLE_MAX_TOKENS),
    bodyTokens,
    0,
    Math.min(bodyTokens.length, GENRE_MAX_TOKENS),
    buckets,
  );
  const indices = new Int32Array(size);
  const values = new Float64Array(size);
  const norm = dampAndNorm(size);
  for (let k = 0; k < size; k++) {
    indices[k] = touched[k]!;
    values[k] = (damped[k] as number) / norm;
  }
  return { buckets: indices, values };
}

/**
 * predictGenre(model, hashFeatures(title, body, model.buckets)) with the article's tokens in one array
 * (classify's ArticleTokens): the title's are `tokens[0, titleEnd)`, the body's `tokens[titleEnd, end)`.
 * The same numbers in the same order, without the two typed arrays per article in between.
 */
export function predictGenreOfTokens(model: GenreModel, tokens: readonly string[], titleEnd: number, end: number): number[] {
  const size = accumulate(tokens, 0, Math.min(titleEnd, TITLE_MAX_TOKENS), tokens, titleEnd, Math.min(end, titleEnd + GENRE_MAX_TOKENS), model.buckets);
  const norm = dampAndNorm(size);
  const classes = model.genres.length;
  const logits = new Array<number>(classes);
  for (let g = 0; g < classes; g++) logits[g] = model.bias[g] as number;
  for (let k = 0; k < size; k++) {
    const base = touched[k]! * classes;
    const value = (damped[k] as number) / norm;
    for (let g = 0; g < classes; g++) logits[g]! += value * model.weights[base + g]!;
  }
  return softmax(logits);
}

/** Title tokens read for the genre: a headline is short; a glued first line is not read to its end. */
const TITLE_MAX_TOKENS = 40;

/** Damped counts of the touched buckets, in touched order (reused between articles). */
let damped = new Float64Array(0);

/** Hashes title tokens [titleFrom, titleTo) twice and body tokens [bodyFrom, bodyTo) once into the accumulator; returns how many buckets were touched. */
function accumulate(
  title: readonly string[],
  titleFrom: number,
  titleTo: number,
  body: readonly string[],
  bodyFrom: number,
  bodyTo: number,
  buckets: number,
): number {
  if (counts.length !== buckets) {
    counts = new Float64Array(buckets);
    touched = new Int32Array(buckets);
    damped = new Float64Array(buckets);
  }
  mask = buckets - 1;
  touchedSize = 0;
  addTokens(title, titleFrom, titleTo, 2);
  addTokens(body, bodyFrom, bodyTo, 1);
  return touchedSize;
}

/** Sub-linear counts into `damped` (the accumulator cleared), and their L2 norm: a long page and a short one land on the same scale. */
function dampAndNorm(size: number): number {
  let norm = 0;
  for (let k = 0; k < size; k++) {
    const bucket = touched[k]!;
    // Counts are multiples of ½: a table replaces most logarithms.
    const halves = counts[bucket]! * 2;
    const value = halves < LOG1P_HALVES.length && (halves | 0) === halves ? LOG1P_HALVES[halves]! : Math.log1p(counts[bucket]!);
    counts[bucket] = 0;
    damped[k] = value;
    norm += value * value;
  }
  return Math.sqrt(norm) || 1;
}

const WORD_SEED = 0x811c9dc5;
const GRAM_SEED = 0x9e3779b9;
/** `_`, the word boundary in character n-grams. */
const BOUNDARY = 0x5f;

/** The word and its character 4-grams of `_token_`, hashed straight into the accumulator. */
function addToken(token: string, by: number, half: number): void {
  const length = token.length;
  let word = WORD_SEED;
  for (let k = 0; k < length; k++) word = Math.imul(word ^ token.charCodeAt(k), 0x01000193);
  word = (word ^ (word >>> 15)) >>> 0;
  add(word || 1, by);
  if (length < 4) return;
  const framed = length + 2;
  for (let k = 0; k + 4 <= framed; k++) {
    let h = GRAM_SEED;
    for (let j = k; j < k + 4; j++) h = Math.imul(h ^ (j === 0 || j === framed - 1 ? BOUNDARY : token.charCodeAt(j - 1)), 0x01000193);
    h >>>= 0;
    add((h ^ (h >>> 15)) & mask, half);
  }
}

function addTokens(tokens: readonly string[], from: number, to: number, by: number): void {
  const half = by * 0.5;
  for (let i = from; i < to; i++) {
    const token = tokens[i]!;
    // Digits say little about genre and would scatter over many buckets.
    if (token.length === 0 || isDigits(token)) continue;
    addToken(token, by, half);
  }
}

/**
 * Genre probabilities (softmax over the model's outputs), in GENRES order.
 *
 * @example predictGenre(model, hashFeatures(['derby'], ['…'], model.buckets)) // → [0.91, 0.01, …]
 */
export function predictGenre(model: GenreModel, features: HashedFeatures): number[] {
  const classes = model.genres.length;
  const logits = Array.from(model.bias);
  const { buckets, values } = features;
  for (let k = 0; k < buckets.length; k++) {
    const base = buckets[k]! * classes;
    const value = values[k]!;
    for (let g = 0; g < classes; g++) logits[g]! += value * model.weights[base + g]!;
  }
  return softmax(logits);
}

export function softmax(logits: number[]): number[] {
  const max = Math.max(...logits);
  const exps = new Array<number>(logits.length);
  let total = 0;
  for (let g = 0; g < logits.length; g++) {
    const e = Math.exp((logits[g] as number) - max);
    exps[g] = e;
    total += e;
  }
  for (let g = 0; g < exps.length; g++) exps[g] = (exps[g] as number) / total;
  return exps;
}

function isDigits(token: string): boolean {
  for (let i = 0; i < token.length; i++) {
    const code = token.charCodeAt(i);
    if (code < 0x30 || code > 0x39) return false;
  }
  return true;
}

const BASE64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';

/** Plain base64 decoding without Buffer or atob, so the domain stays runtime-neutral. */
function base64ToBytes(text: string): Uint8Array {
  const clean = text.replace(/=+$/, '');
  const bytes = new Uint8Array(Math.floor((clean.length * 3) / 4));
  let buffer = 0;
  let bits = 0;
  let out = 0;
  for (let i = 0; i < clean.length; i++) {
    buffer = (buffer << 6) | BASE64.indexOf(clean[i] ?? 'A');
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      bytes[out++] = (buffer >> bits) & 0xff;
    }
  }
  return bytes;
}

/** The inverse of base64ToBytes, for the training script. */
export function bytesToBase64(bytes: Uint8Array): string {
  let text = '';
  for (let i = 0; i < bytes.length; i += 3) {
    const a = bytes[i] ?? 0;
    const b = bytes[i + 1] ?? 0;
    const c = bytes[i + 2] ?? 0;
    const triple = (a << 16) | (b << 8) | c;
    text += BASE64[(triple >> 18) & 63];
    text += BASE64[(triple >> 12) & 63];
    text += i + 1 < bytes.length ? BASE64[(triple >> 6) & 63] : '=';
    text += i + 2 < bytes.length ? BASE64[triple & 63] : '=';
  }
  return text;
}
