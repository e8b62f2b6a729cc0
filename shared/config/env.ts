/**
 * Reads a required environment variable once, failing fast with its name (and, if given, where to find it).
 *
 * @example requireEnv('ARTICLES_TABLE_NAME') // → 'kabar-ArticlesTable…' or throws "ARTICLES_TABLE_NAME is not set"
 * @example requireEnv('ARTICLES_TABLE_NAME', env, 'take it from the stack outputs') // throws "ARTICLES_TABLE_NAME is not set (take it from the stack outputs)"
 */
export function requireEnv(name: string, env: NodeJS.ProcessEnv = process.env, hint?: string): string {
  const value = optionalEnv(name, env);
  if (value === undefined) throw new Error(`${name} is not set${hint ? ` (${hint})` : ''}`);
  return value;
}

/**
 * Reads an optional environment variable; set to blanks counts as not set, so `X= cmd` means "default".
 *
 * @example optionalEnv('KABAR_DATA_DIR') // → undefined when unset or blank, '/tmp/kabar' when set to it
 */
export function optionalEnv(name: string, env: NodeJS.ProcessEnv = process.env): string | undefined {
  const value = env[name];
  return value === undefined || value.trim() === '' ? undefined : value;
}

/**
 * Reads an optional positive integer, failing fast on anything else.
 *
 * @example optionalPositiveInt('MAX_ARTICLE_BYTES') // → undefined when unset, 5242880 when set to '5242880'
 */
export function optionalPositiveInt(name: string, env: NodeJS.ProcessEnv = process.env): number | undefined {
  const value = optionalEnv(name, env);
  if (value === undefined) return undefined;
  const parsed = Number(value);
  if (!Number.isInteger(parsed) || parsed <= 0) throw new Error(`${name} must be a positive integer, got ${JSON.stringify(value)}`);
  return parsed;
}

/**
 * Reads an optional on/off switch: `true`/`1` or `false`/`0`, false when unset, failing fast on anything else.
 *
 * @example optionalFlag('KABAR_S3_FORCE_PATH_STYLE') // → false when unset, true when set to 'true'
 */
export function optionalFlag(name: string, env: NodeJS.ProcessEnv = process.env): boolean {
  const value = optionalEnv(name, env)?.trim().toLowerCase();
  if (value === undefined || value === 'false' || value === '0') return false;
  if (value === 'true' || value === '1') return true;
  throw new Error(`${name} must be true or false, got ${JSON.stringify(value)}`);
}
