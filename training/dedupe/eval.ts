/**
 * `npm run eval:duplicates [-- --json]`: how many near copies the near-duplicate index finds, and what
 * it costs in index entries per article (docs/adr/0004).
 *
 * Texts: the cleaned bodies of the team corpus (../shared/corpus) and the main content of the real
 * pages (../shared/pages) when they are beside the clone, else the repo's samples and fixtures. Pairs:
 *   - the spun sample and its original (tests/fixtures/articles), the one real pair;
 *   - near copies made here from every fourth text, seeded: a re-upload with other boilerplate around
 *     it, a light edit (a sentence out, 3% of the words changed, a note added), word spinning at 10, 20
 *     and 30% of the words (a word always becomes the same other word, as a thesaurus spinner does),
 *     the first 70% of the paragraphs, paragraphs reordered with one dropped, and 15% spinning of 85%;
 *   - any two texts of the collection whose word-pair Jaccard is ≥ 0.3 (natural near copies).
 * Recall counts the pairs whose true Jaccard of word pairs is ≥ 0.5 (the reporting threshold) that
 * share a look-up key and whose signatures estimate ≥ 0.5: what ingestion reports. "Others per
 * lookup" is how many unrelated texts of the collection share a key with a text, on average: it grows
 * with the index, so per 1,000 indexed articles it predicts the read load of a look-up at scale.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { bandKeysOf, LSH_BANDS, minhashOf, NEAR_DUPLICATE_THRESHOLD, similarityOf } from '#shared/domain/dedupe/fingerprint.ts';
import { processArticle } from '#shared/domain/pipeline.ts';
import { wordsOf } from '#shared/domain/text/text.ts';
import { seededRandom } from '#shared/random.ts';

const ROOT = resolve(import.meta.dirname, '..', '..');
const SHARED = resolve(ROOT, '..', 'shared');
const { values } = parseArgs({ options: { json: { type: 'boolean', default: false } } });

/** A look-up design: the keys under which a signature (and the shingles behind it) is stored. */
interface Design {
  name: string;
  keysOf(text: Fingerprinted): string[];
}

interface Fingerprinted {
  shingles: Set<string>;
  signature: Uint32Array;
  simhash: bigint;
}

const DESIGNS: Design[] = [
  { name: `shipped: ${LSH_BANDS} bands × 2 rows`, keysOf: (text) => bandKeysOf(text.signature) },
  { name: 'before: 16 bands × 4 rows', keysOf: (text) => bandsOf(text.signature, 16, 4) },
  { name: '4 bands × 2 rows', keysOf: (text) => bandsOf(text.signature, 4, 2) },
  { name: '8 bands × 3 rows', keysOf: (text) => bandsOf(text.signature, 8, 3) },
  { name: '3 bands × 1 row', keysOf: (text) => bandsOf(text.signature, 3, 1) },
  // What a write budget of $5 per million would leave room for (docs/performance.md): two or three entries.
  { name: '3 bands × 2 rows', keysOf: (text) => bandsOf(text.signature, 3, 2) },
  { name: '2 bands × 2 rows', keysOf: (text) => bandsOf(text.signature, 2, 2) },
  { name: '2 bands × 1 row', keysOf: (text) => bandsOf(text.signature, 2, 1) },
  {
    name: 'SimHash-64, 4 permuted blocks of 16 bits',
    keysOf: (text) => [0, 1, 2, 3].map((block) => `${block}:${(text.simhash >> BigInt(16 * block)) & 0xffffn}`),
  },
];

/** Band keys over the full 32-bit rows, as the index was built before schemaVersion 4. */
function bandsOf(signature: Uint32Array, bands: number, rows: number): string[] {
  return Array.from({ length: bands }, (_, band) => {
    let hash = 0x811c9dc5;
    for (let row = 0; row < rows; row++) hash = mix32(hash ^ (signature[band * rows + row] as number));
    return `${band}:${hash}`;
  });
}

function mix32(value: number): number {
  let h = value >>> 0;
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  return (h ^ (h >>> 16)) >>> 0;
}

/** Word pairs of the folded text, as `minhashOf` shingles it. */
function shinglesOf(text: string): Set<string> {
  const words = wordsOf(
    text
      .normalize('NFKD')
      .replace(/\p{M}+/gu, '')
      .toLowerCase(),
  );
  const shingles = new Set<string>();
  for (let i = 0; i + 2 <= words.length; i++) shingles.add(`${words[i]} ${words[i + 1]}`);
  return shingles;
}

/** A 64-bit SimHash over the word pairs (for the comparison only). */
function simhashOf(shingles: Set<string>): bigint {
  const votes = new Int32Array(64);
  for (const shingle of shingles) {
    let h = 0x811c9dc5;
    for (let i = 0; i < shingle.length; i++) h = Math.imul(h ^ shingle.charCodeAt(i), 0x01000193);
    const low = mix32(h ^ 0x1234567);
    const high = mix32(h ^ 0x7654321);
    for (let bit = 0; bit < 32; bit++) {
      votes[bit] = (votes[bit] as number) + ((low >>> bit) & 1 ? 1 : -1);
      votes[bit + 32] = (votes[bit + 32] as number) + ((high >>> bit) & 1 ? 1 : -1);
    }
  }
  let value = 0n;
  for (let bit = 0; bit < 64; bit++) if ((votes[bit] as number) > 0) value |= 1n << BigInt(bit);
  return value;
}

function jaccard(a: Set<string>, b: Set<string>): number {
  let shared = 0;
  for (const shingle of a) if (b.has(shingle)) shared++;
  return shared / (a.size + b.size - shared);
}

function fingerprint(text: string): Fingerprinted | null {
  const signature = minhashOf(text);
  if (!signature) return null;
  const shingles = shinglesOf(text);
  return { shingles, signature, simhash: simhashOf(shingles) };
}

async function cleanedBody(bytes: Uint8Array, key: string): Promise<string | null> {
  const processed = await processArticle({ bytes, key });
  return processed.status === 'ok' ? processed.body : null;
}

/** The texts of the collection: real bodies when ../shared is there, else the repo's own. */
async function loadTexts(): Promise<{ source: string; texts: string[] }> {
  const texts: string[] = [];
  const corpus = join(SHARED, 'corpus', 'articles');
  const pages = join(SHARED, 'pages', 'ground-truth');
  if (existsSync(corpus) && existsSync(pages)) {
    for (const name of readdirSync(corpus).sort()) {
      const body = await cleanedBody(new Uint8Array(readFileSync(join(corpus, name))), `incoming/eval/${name}`);
      if (body) texts.push(body);
    }
    for (const name of readdirSync(pages).sort()) {
      const content = (JSON.parse(readFileSync(join(pages, name), 'utf8')) as { ground_truth?: { main_content?: string } }).ground_truth?.main_content;
      if (content && wordsOf(content).length > 30) texts.push(content);
    }
    return { source: '../shared/corpus (cleaned) + ../shared/pages (main content)', texts };
  }
  for (const dir of [join(ROOT, 'samples'), join(ROOT, 'tests', 'fixtures', 'articles')]) {
    for (const name of readdirSync(dir)
      .filter((n) => n.endsWith('.txt'))
      .sort()) {
      const body = await cleanedBody(new Uint8Array(readFileSync(join(dir, name))), `incoming/eval/${name}`);
      if (body) texts.push(body);
    }
  }
  return { source: 'samples/ + tests/fixtures/articles/ (../shared not found)', texts };
}

const { source, texts } = await loadTexts();
const random = seededRandom(7);
const vocabulary = [...new Set(texts.flatMap((text) => wordsOf(text.toLowerCase())))].filter((word) => word.length > 3);
const pick = <T>(items: T[]): T => items[Math.floor(random() * items.length)] as T;
const paragraphsOf = (text: string) => text.split(/\n\s*\n/).filter((p) => p.trim());

/** Replaces a share of the words of four letters or more, each always by the same other word. */
function spin(text: string, share: number): string {
  const synonyms = new Map<string, string>();
  return text.replace(/\p{L}{4,}/gu, (word) => {
    if (random() >= share) return word;
    const folded = word.toLowerCase();
    let synonym = synonyms.get(folded);
    if (!synonym) {
      synonym = pick(vocabulary);
      synonyms.set(folded, synonym);
    }
    return synonym;
  });
}

const VARIANTS: Record<string, (text: string) => string> = {
  reupload: (text) => `Baca juga berita lainnya\n\n${text}\n\nIkuti kami di media sosial untuk kabar terbaru.`,
  edit: (text) => {
    const sentences = text.split(/(?<=[.!?])\s+/);
    sentences.splice(Math.floor(random() * sentences.length), 1);
    return `${spin(sentences.join(' '), 0.03)} Artikel ini telah diperbarui.`;
  },
  spin10: (text) => spin(text, 0.1),
  spin20: (text) => spin(text, 0.2),
  spin30: (text) => spin(text, 0.3),
  first70: (text) => {
    const paragraphs = paragraphsOf(text);
    return paragraphs.length > 2 ? paragraphs.slice(0, Math.ceil(paragraphs.length * 0.7)).join('\n\n') : text.slice(0, Math.floor(text.length * 0.7));
  },
  reordered: (text) => {
    const paragraphs = paragraphsOf(text);
    if (paragraphs.length < 3) return text;
    paragraphs.splice(1, 1);
    [paragraphs[0], paragraphs[paragraphs.length - 1]] = [paragraphs[paragraphs.length - 1] as string, paragraphs[0] as string];
    return paragraphs.join('\n\n');
  },
  'spin15-of-85': (text) => {
    const paragraphs = paragraphsOf(text);
    return spin(paragraphs.length > 2 ? paragraphs.slice(0, Math.ceil(paragraphs.length * 0.85)).join('\n\n') : text, 0.15);
  },
};

interface Pair {
  kind: string;
  a: Fingerprinted;
  b: Fingerprinted;
  jaccard: number;
}

const collection = texts.map(fingerprint).filter((f): f is Fingerprinted => f !== null);
const pairs: Pair[] = [];
const spun = await cleanedBody(new Uint8Array(readFileSync(join(ROOT, 'samples', '000_8692206af46fdf20.txt'))), 'incoming/eval/spun.txt');
const original = await cleanedBody(
  new Uint8Array(readFileSync(join(ROOT, 'tests', 'fixtures', 'articles', 'riyadh-talks-original.txt'))),
  'incoming/eval/original.txt',
);
const [spunPrint, originalPrint] = [fingerprint(spun ?? ''), fingerprint(original ?? '')];
if (spunPrint && originalPrint)
  pairs.push({ kind: 'sample-spun', a: originalPrint, b: spunPrint, jaccard: jaccard(originalPrint.shingles, spunPrint.shingles) });
texts.forEach((text, index) => {
  const a = index % 4 === 0 ? fingerprint(text) : null;
  if (!a) return;
  for (const [kind, variant] of Object.entries(VARIANTS)) {
    const b = fingerprint(variant(text));
    if (b) pairs.push({ kind, a, b, jaccard: jaccard(a.shingles, b.shingles) });
  }
});
for (let i = 0; i < collection.length; i++) {
  for (let j = i + 1; j < collection.length; j++) {
    const [a, b] = [collection[i] as Fingerprinted, collection[j] as Fingerprinted];
    if (similarityOf(a.signature, b.signature) < 0.3) continue;
    const value = jaccard(a.shingles, b.shingles);
    if (value >= 0.3) pairs.push({ kind: 'natural', a, b, jaccard: value });
  }
}
const near = pairs.filter((pair) => pair.jaccard >= NEAR_DUPLICATE_THRESHOLD);
const kinds = [...new Set(near.map((pair) => pair.kind))];

const results = DESIGNS.map((design) => {
  const found = (pair: Pair) => {
    const keys = new Set(design.keysOf(pair.a));
    return design.keysOf(pair.b).some((key) => keys.has(key)) && similarityOf(pair.a.signature, pair.b.signature) >= NEAR_DUPLICATE_THRESHOLD;
  };
  const buckets = new Map<string, number>();
  for (const text of collection) for (const key of design.keysOf(text)) buckets.set(key, (buckets.get(key) ?? 0) + 1);
  const othersPerLookup =
    collection.reduce((sum, text) => sum + design.keysOf(text).reduce((s, key) => s + (buckets.get(key) ?? 1) - 1, 0), 0) / collection.length;
  return {
    design: design.name,
    entriesPerArticle: design.keysOf(collection[0] as Fingerprinted).length,
    recall: near.filter(found).length / near.length,
    byKind: Object.fromEntries(
      kinds.map((kind) => [kind, `${near.filter((p) => p.kind === kind && found(p)).length}/${near.filter((p) => p.kind === kind).length}`]),
    ),
    othersPerLookupPer1000: (othersPerLookup / collection.length) * 1000,
  };
});

if (values.json) {
  console.log(JSON.stringify({ source, texts: collection.length, pairs: near.length, results }, null, 2));
} else {
  console.log(
    `Texts: ${collection.length} from ${source}; ${near.length} pairs with a word-pair Jaccard ≥ ${NEAR_DUPLICATE_THRESHOLD} (${pairs.length} made or found).`,
  );
  console.log('');
  console.log('| design | index entries per article | recall | others per look-up per 1,000 indexed | found by kind |');
  console.log('| --- | --- | --- | --- | --- |');
  for (const r of results) {
    const kindsFound = Object.entries(r.byKind)
      .map(([kind, count]) => `${kind} ${count}`)
      .join(', ');
    console.log(`| ${r.design} | ${r.entriesPerArticle} | ${(r.recall * 100).toFixed(1)}% | ${r.othersPerLookupPer1000.toFixed(2)} | ${kindsFound} |`);
  }
}
