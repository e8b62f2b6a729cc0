import { describe, expect, it } from 'vitest';
import { processArticle } from '#shared/domain/pipeline.ts';

const bytesOf = (text: string): Uint8Array => new TextEncoder().encode(text);

describe('an article that cleans to nothing', () => {
  it('is rejected as EMPTY_AFTER_CLEANING, not recorded as ok with an empty body', async () => {
    const result = await processArticle({ bytes: bytesOf('Baca juga: x\n'.repeat(20_000)), key: 'incoming/only-links.txt' });
    expect(result.status).toBe('rejected');
    if (result.status !== 'rejected') return;
    expect(result.error.code).toBe('EMPTY_AFTER_CLEANING');
    expect(result.error.message).toMatch(/boilerplate/);
  });

  it('keeps an article whose boilerplate surrounds real prose', async () => {
    const prose = 'Menteri luar negeri kedua negara bertemu di Jakarta pada Senin untuk membahas kerja sama perdagangan dan keamanan kawasan.';
    const result = await processArticle({ bytes: bytesOf(`${prose}\n${'Baca juga: x\n'.repeat(50)}`), key: 'incoming/a.txt' });
    expect(result.status).toBe('ok');
    if (result.status === 'ok') expect(result.body).toContain('Menteri luar negeri');
  });
});
