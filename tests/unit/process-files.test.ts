import { describe, expect, it } from 'vitest';
import { processArticle } from '#shared/domain/pipeline.ts';
import { toOutput } from '../../bin/process-files.ts';

const CONTRACT_FIELDS = ['file', 'status', 'title', 'language', 'publishedAt', 'topics', 'scores', 'uncertainTopics', 'body', 'removed'];

describe('toOutput (the kabar process --json line)', () => {
  it('carries the contract fields and the uncertain topics of an ok article', async () => {
    const bytes = new TextEncoder().encode(
      'Ukraine and Poland sign grain deal\n\nThe foreign ministers of Ukraine and Poland signed a deal on grain exports in Warsaw after talks on Monday. Kyiv will license its exports to its neighbour.',
    );
    const article = await processArticle({ bytes, key: 'incoming/test/grain.txt' });

    const line = toOutput('grain.txt', article);

    for (const field of CONTRACT_FIELDS) expect(line).toHaveProperty(field);
    expect(line.status).toBe('ok');
    expect(Array.isArray(line.uncertainTopics)).toBe(true);
    expect(line.uncertainTopics.every((topic) => topic in line.scores)).toBe(true);
    expect(line.evidence).toHaveProperty('ukraine');
  });

  it('gives a rejected article an empty uncertainty list beside its error', async () => {
    const article = await processArticle({ bytes: new Uint8Array(), key: 'incoming/test/empty.txt' });

    const line = toOutput('empty.txt', article);

    expect(line.status).toBe('rejected');
    expect(line.uncertainTopics).toEqual([]);
    expect(line.error?.code).toBeTruthy();
  });
});
