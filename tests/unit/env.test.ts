import { describe, expect, it } from 'vitest';
import { optionalEnv, optionalPositiveInt, requireEnv } from '#shared/config/env.ts';
import { targetOf } from '../../bin/target.ts';

describe('requireEnv', () => {
  it('returns a set variable and names a missing or blank one, with where to find it', () => {
    expect(requireEnv('TABLE', { TABLE: 'kabar-articles' })).toBe('kabar-articles');
    expect(() => requireEnv('TABLE', {})).toThrow('TABLE is not set');
    expect(() => requireEnv('TABLE', { TABLE: '  ' }, 'take it from the stack outputs')).toThrow('TABLE is not set (take it from the stack outputs)');
  });
});

describe('optionalEnv', () => {
  it('treats blank as not set, so `X= cmd` means the default', () => {
    expect(optionalEnv('DIR', { DIR: '' })).toBeUndefined();
    expect(optionalEnv('DIR', {})).toBeUndefined();
    expect(optionalEnv('DIR', { DIR: '/tmp/k' })).toBe('/tmp/k');
  });

  it('fails fast on a number that is not a positive integer', () => {
    expect(optionalPositiveInt('PORT', { PORT: '44570' })).toBe(44570);
    expect(() => optionalPositiveInt('PORT', { PORT: '80a' })).toThrow(/PORT must be a positive integer/);
  });
});

describe('targetOf', () => {
  it('names the stack output a deployed target lacks', () => {
    expect(() => targetOf({ aws: true }, { ARTICLES_BUCKET_NAME: 'b' })).toThrow('ARTICLES_TABLE_NAME is not set (take it from the stack outputs');
  });

  it('points at the local stack on the ports and data directory npm start was given', async () => {
    const target = targetOf({ aws: false }, { KABAR_DYNAMODB_PORT: '44570', KABAR_S3_PORT: '44568', KABAR_DATA_DIR: '/tmp/kabar-x' });
    expect(target).toMatchObject({ kind: 'local', dataDir: '/tmp/kabar-x', queueUrl: null });
    expect((await target.dynamodb.config.endpoint?.())?.port).toBe(44570);
    expect((await target.s3.config.endpoint?.())?.port).toBe(44568);
  });

  it('rejects a port that is not a number instead of calling some other port', () => {
    expect(() => targetOf({ aws: false }, { KABAR_S3_PORT: 'four' })).toThrow(/KABAR_S3_PORT/);
  });
});
