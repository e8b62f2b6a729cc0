import { describe, expect, it } from 'vitest';
import { optionalEnv, optionalFlag, optionalPositiveInt, requireEnv } from '#shared/config/env.ts';
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

describe('environment settings', () => {
  it('fails fast with the name of a missing required setting', () => {
    expect(() => requireEnv('ARTICLES_TABLE_NAME', {})).toThrow('ARTICLES_TABLE_NAME is not set');
    expect(requireEnv('ARTICLES_TABLE_NAME', { ARTICLES_TABLE_NAME: 'articles' })).toBe('articles');
  });

  it('reads a blank optional setting as unset', () => {
    expect(optionalEnv('KABAR_DATA_DIR', { KABAR_DATA_DIR: '  ' })).toBeUndefined();
    expect(optionalEnv('KABAR_DATA_DIR', { KABAR_DATA_DIR: '/tmp/kabar' })).toBe('/tmp/kabar');
  });

  it('reads a switch as true or false, and refuses anything else', () => {
    expect(optionalFlag('KABAR_S3_FORCE_PATH_STYLE', {})).toBe(false);
    expect(optionalFlag('KABAR_S3_FORCE_PATH_STYLE', { KABAR_S3_FORCE_PATH_STYLE: 'true' })).toBe(true);
    expect(optionalFlag('KABAR_S3_FORCE_PATH_STYLE', { KABAR_S3_FORCE_PATH_STYLE: '0' })).toBe(false);
    expect(() => optionalFlag('KABAR_S3_FORCE_PATH_STYLE', { KABAR_S3_FORCE_PATH_STYLE: 'yes please' })).toThrow('KABAR_S3_FORCE_PATH_STYLE');
  });

  it('reads an optional positive integer, and refuses anything else', () => {
    expect(optionalPositiveInt('MAX_ARTICLE_BYTES', {})).toBeUndefined();
    expect(optionalPositiveInt('MAX_ARTICLE_BYTES', { MAX_ARTICLE_BYTES: '1024' })).toBe(1024);
    expect(() => optionalPositiveInt('MAX_ARTICLE_BYTES', { MAX_ARTICLE_BYTES: '-3' })).toThrow('MAX_ARTICLE_BYTES');
  });
});
