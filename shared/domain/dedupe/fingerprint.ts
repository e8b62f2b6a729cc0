/**
 * Near-duplicate fingerprints: MinHash over word shingles, with LSH bands so that finding
 * candidates is a key lookup per band rather than a comparison with every stored article.
 *
 * Shingles of two words survive light edits and synonym spinning well (a spun copy that
 * replaces one word in ten keeps about 80% of its shingles), while unrelated articles on
 * the same event share few word pairs beyond names.
 *
 * Five bands of two rows find as many near copies as sixteen bands of four did (docs/adr/0004:
 * 94.7% against 94.6% of 1,600 pairs with a word-pair Jaccard ≥ 0.5), with five index entries
 * per article instead of sixteen; the price is larger band partitions (see the ADR).
 */

import { wordsOf } from '../text/text.ts';

export const MINHASH_SIZE = 64;
export const LSH_BANDS = 5;
const ROWS_PER_BAND = 2;
const SHINGLE_WORDS = 2;

/** Similarity from which two articles are reported as near-duplicates. */
export const NEAR_DUPLICATE_THRESHOLD = 0.5;

// Fixed seeds: signatures must stay comparable across processes and deployments.
const SEEDS = Uint32Array.from({ length: MINHASH_SIZE }, (_, i) => mix32(0x9e3779b9 ^ Math.imul(i + 1, 0x85ebca6b)));

/**
 * The MinHash signature of a text, or null when it has too few words to fingerprint.
 *
 * @example minhashOf('Delegasi AS dan Rusia bertemu di Riyadh …') // → Uint32Array(64) [ 18734…, … ]
 */
export function minhashOf(text: string): Uint32Array | null {
  const words = wordsOf(
    text
      .normalize('NFKD')
      .replace(/\p{M}+/gu, '')
      .toLowerCase(),
  );
  if (words.length < SHINGLE_WORDS + 4) return null;
  const shingles = new Set<number>();
  for (let i = 0; i + SHINGLE_WORDS <= words.length; i++) shingles.add(fnv1a(words.slice(i, i + SHINGLE_WORDS).join(' ')));
  const signature = new Uint32Array(MINHASH_SIZE).fill(0xffffffff);
  for (const shingle of shingles) {
    for (let i = 0; i < MINHASH_SIZE; i++) {
      const value = mix32(shingle ^ (SEEDS[i] as number));
      if (value < (signature[i] as number)) signature[i] = value;
    }
  }
  return signature;
}

/**
 * Estimated Jaccard similarity of the two texts' shingle sets, 0..1. Compares the low 16 bits of
 * each value, as stored (two different minima agree there once in 65,536 rows: no visible bias).
 *
 * @example similarityOf(minhashOf(a), minhashOf(a)) // → 1
 */
export function similarityOf(a: Uint32Array, b: Uint32Array): number {
  let same = 0;
  for (let i = 0; i < MINHASH_SIZE; i++) if (((a[i] as number) & 0xffff) === ((b[i] as number) & 0xffff)) same++;
  return same / MINHASH_SIZE;
}

/**
 * One key per LSH band: two signatures that agree on all rows of any band are candidates. Each
 * band has its own index, so a key need not name its band. Rows are read as stored (their low
 * 16 bits), so a stored signature gives back its keys.
 *
 * @example bandKeysOf(signature) // → ['9f1c0a2b', '03be77d1', …] (LSH_BANDS keys)
 */
export function bandKeysOf(signature: Uint32Array): string[] {
  const keys: string[] = [];
  for (let band = 0; band < LSH_BANDS; band++) {
    let hash = 0x811c9dc5;
    for (let row = 0; row < ROWS_PER_BAND; row++) hash = mix32(hash ^ ((signature[band * ROWS_PER_BAND + row] as number) & 0xffff));
    keys.push(hash.toString(16).padStart(8, '0'));
  }
  return keys;
}

/**
 * Compact text form for storage: base64 of the low 16 bits of each value, little-endian
 * (172 characters; `similarityOf` compares those bits only).
 */
export function encodeSignature(signature: Uint32Array): string {
  return Buffer.from(Uint16Array.from(signature, (value) => value & 0xffff).buffer).toString('base64');
}

/** The stored signature; a 32-bit one written before schemaVersion 4 compares the same way. */
export function decodeSignature(encoded: string): Uint32Array {
  const bytes = Buffer.from(encoded, 'base64');
  const copy = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength);
  return bytes.byteLength === MINHASH_SIZE * 2 ? Uint32Array.from(new Uint16Array(copy)) : new Uint32Array(copy);
}

function fnv1a(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) hash = Math.imul(hash ^ text.charCodeAt(i), 0x01000193);
  return hash >>> 0;
}

/** murmur3's 32-bit finaliser: a cheap, well-mixing permutation of 32-bit values. */
function mix32(value: number): number {
  let h = value >>> 0;
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  return (h ^ (h >>> 16)) >>> 0;
}
