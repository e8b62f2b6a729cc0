/**
 * How cleaning is scored against labelled articles, the way the team's corpus scorer does it:
 * used by `npm run eval:clean` (training/clean/eval.ts) and by the generalization fixtures' test.
 */

/**
 * Loose text normalisation: a cleaner may fold case, quotes, dashes and white space.
 *
 * @example normaliseForScoring('“Hello”  —  World') // → '"hello" - world'
 */
export function normaliseForScoring(text: string): string {
  return text
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[\u2018\u2019\u201a\u201b\u2032]/g, "'")
    .replace(/[\u201c\u201d\u201e\u201f\u2033\u00ab\u00bb]/g, '"')
    .replace(/[\u2010-\u2015\u2212]/g, '-')
    .replace(/\s+/g, ' ')
    .trim();
}

/**
 * Labelled boilerplate lines, each with how many of its labelled copies cleaning removed.
 * A line counts as removed when the body holds no more copies of it than the input held beyond
 * its labelled copies (a caption may repeat a body sentence, and that sentence stays); lines of
 * 40+ characters are also found inside re-joined paragraphs.
 *
 * @example scoreBoilerplate('Baca juga: X\nBody.', 'Body.', ['Baca juga: X']) // → [{ line: 'baca juga: x', labelled: 1, removed: 1 }]
 */
export function scoreBoilerplate(input: string, body: string, boilerplate: readonly string[]): { line: string; labelled: number; removed: number }[] {
  const inputLines = input.split('\n').map(normaliseForScoring);
  const bodyLines = body.split('\n').map(normaliseForScoring);
  const flatBody = normaliseForScoring(body);
  const listed = new Map<string, number>();
  for (const line of boilerplate) listed.set(normaliseForScoring(line), (listed.get(normaliseForScoring(line)) ?? 0) + 1);
  const scores: { line: string; labelled: number; removed: number }[] = [];
  for (const [line, labelled] of listed) {
    if (line.length < 2) continue;
    const inInput = Math.max(inputLines.filter((l) => l === line).length, labelled);
    const inBody = Math.max(bodyLines.filter((l) => l === line).length, line.length >= 40 ? occurrences(flatBody, line) : 0);
    scores.push({ line, labelled, removed: Math.min(labelled, Math.max(0, inInput - inBody)) });
  }
  return scores;
}

function occurrences(haystack: string, needle: string): number {
  let count = 0;
  for (let at = haystack.indexOf(needle); at >= 0; at = haystack.indexOf(needle, at + needle.length)) count++;
  return count;
}
