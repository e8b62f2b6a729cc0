/**
 * Reads a required environment variable once, failing fast with its name.
 *
 * @example requireEnv('ARTICLES_TABLE_NAME') // → 'kabar-ArticlesTable…' or throws "ARTICLES_TABLE_NAME is not set"
 */
export function requireEnv(name: string, env: NodeJS.ProcessEnv = process.env): string {
  const value = env[name];
  if (value === undefined || value.trim() === '') throw new Error(`${name} is not set`);
  return value;
}

/**
 * Reads an optional positive integer, failing fast on anything else.
 *
 * @example optionalPositiveInt('MAX_ARTICLE_BYTES') // → undefined when unset, 5242880 when set to '5242880'
 */
export function optionalPositiveInt(name: string, env: NodeJS.ProcessEnv = process.env): number | undefined {
  const value = env[name];
  if (value === undefined || value.trim() === '') return undefined;
  const parsed = Number(value);
  if (!Number.isInteger(parsed) || parsed <= 0) throw new Error(`${name} must be a positive integer, got ${JSON.stringify(value)}`);
  return parsed;
}
