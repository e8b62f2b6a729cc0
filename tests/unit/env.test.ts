import { describe, expect, it } from 'vitest';
import { optionalEnv, optionalFlag, optionalPositiveInt, requireEnv } from '#shared/config/env.ts';

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
