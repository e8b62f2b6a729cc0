import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  bandKeysOf,
  decodeSignature,
  encodeSignature,
  LSH_BANDS,
  minhashOf,
  NEAR_DUPLICATE_THRESHOLD,
  similarityOf,
} from '#shared/domain/dedupe/fingerprint.ts';

const read = (path: string) => readFileSync(new URL(path, import.meta.url), 'utf8');
const spun = read('../../samples/000_8692206af46fdf20.txt');
const original = read('../fixtures/articles/riyadh-talks-original.txt');
const otherOutlet = read('../fixtures/articles/riyadh-talks-other-outlet.txt');

function signature(text: string): Uint32Array {
  const result = minhashOf(text);
  if (!result) throw new Error('expected a signature');
  return result;
}

describe('minhashOf / similarityOf', () => {
  it('finds the synonym-spun copy of an article similar to its original', () => {
    expect(similarityOf(signature(spun), signature(original))).toBeGreaterThanOrEqual(NEAR_DUPLICATE_THRESHOLD);
  });

  it('finds a lightly edited copy', () => {
    const edited = original.replace('Riyadh', 'Riyadh, Arab Saudi,').replace(/\n\n[^\n]+$/, '\n\nBaca berita lainnya di situs kami.');
    expect(similarityOf(signature(edited), signature(original))).toBeGreaterThan(0.7);
  });

  it('does not confuse an unrelated article about the same event with a copy', () => {
    expect(similarityOf(signature(otherOutlet), signature(original))).toBeLessThan(0.2);
  });

  it('ignores case and accents', () => {
    expect(similarityOf(signature(original.toUpperCase()), signature(original))).toBe(1);
  });

  it('gives no signature to a text too short to fingerprint', () => {
    expect(minhashOf('Breaking news')).toBeNull();
  });
});

describe('bandKeysOf', () => {
  it('makes a candidate of the spun copy: at least one band key in common', () => {
    const shared = bandKeysOf(signature(spun)).filter((key) => bandKeysOf(signature(original)).includes(key));
    expect(shared.length).toBeGreaterThan(0);
  });

  it('gives one key per band', () => {
    expect(bandKeysOf(signature(original))).toHaveLength(LSH_BANDS);
  });
});

describe('encodeSignature', () => {
  it('round-trips through its text form to the same similarity and band keys', () => {
    const value = signature(original);
    const stored = decodeSignature(encodeSignature(value));
    expect(similarityOf(stored, value)).toBe(1);
    expect(similarityOf(stored, signature(spun))).toBe(similarityOf(value, signature(spun)));
    expect(bandKeysOf(stored)).toEqual(bandKeysOf(value));
  });

  it('stores 16 bits a value: 172 base64 characters for 64 values', () => {
    expect(encodeSignature(signature(original))).toHaveLength(172);
  });

  it('still compares a 32-bit signature written before schemaVersion 4', () => {
    const value = signature(original);
    const legacy = Buffer.from(value.buffer, value.byteOffset, value.byteLength).toString('base64');
    expect(similarityOf(decodeSignature(legacy), value)).toBe(1);
  });
});
