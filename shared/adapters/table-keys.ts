/**
 * Primary keys of the item types in the articles table (see shared/table-definition.ts).
 * Writers and readers build keys only here.
 */

/** @example articleKey('3f1c…') // → { pk: 'ARTICLE#3f1c…', sk: '#ARTICLE' } */
export function articleKey(id: string): { pk: string; sk: string } {
  return { pk: `ARTICLE#${id}`, sk: '#ARTICLE' };
}

/** @example versionKey('3f1c…', '0055…') // → { pk: 'ARTICLE#3f1c…', sk: 'VERSION#0055…' } */
export function versionKey(id: string, sequencer: string): { pk: string; sk: string } {
  return { pk: `ARTICLE#${id}`, sk: `VERSION#${sequencer}` };
}

/** @example labelKey('3f1c…', '2026-12-05T22:10:00.000Z#a1b2') // → { pk: 'ARTICLE#3f1c…', sk: 'LABEL#2026-12-05T22:10:00.000Z#a1b2' } */
export function labelKey(id: string, stamp: string): { pk: string; sk: string } {
  return { pk: `ARTICLE#${id}`, sk: `LABEL#${stamp}` };
}
