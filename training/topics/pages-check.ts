/**
 * The false-positive check on ordinary pages: `../shared/pages` (793 real article pages of every
 * kind: guides, reviews, blogs, a little news; none about diplomacy, Ukraine or the Middle East,
 * checked by reading every page whose text names a topic word), run through the whole pipeline as
 * `kabar process` runs them. Never trained on.
 *
 * Cleaning 793 HTML pages takes about two minutes, so the cleaned title and body are cached in
 * node_modules/.cache/kabar-eval/, keyed by each page's bytes and by everything under shared/ that
 * cleaning depends on (the topic decision's own files excluded: changing them does not change
 * what cleaning returns).
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { processArticle } from '../../shared/domain/pipeline.ts';
import { ROOT } from './model.ts';

export const DEFAULT_PAGES = resolve(ROOT, '..', 'shared', 'pages');
const CACHE_DIR = join(ROOT, 'node_modules', '.cache', 'kabar-eval');

/** Files whose change cannot change the pipeline's title and body (they only classify). */
const TOPIC_ONLY = /(classify|topic-features|relations|genre|taxonomy|topic-model)\.(ts|json)$/;

export interface CheckedPage {
  id: string;
  title: string | null;
  body: string;
  language: string;
}

function cleaningFingerprint(): string {
  const hash = createHash('sha256');
  const walk = (dir: string) => {
    for (const name of readdirSync(dir).sort()) {
      const path = join(dir, name);
      if (statSync(path).isDirectory()) walk(path);
      else if (/\.(ts|json)$/.test(name) && !TOPIC_ONLY.test(name)) hash.update(path).update(readFileSync(path));
    }
  };
  walk(join(ROOT, 'shared'));
  return hash.digest('hex').slice(0, 16);
}

/** Every page of DIR/html/*.html.gz through the pipeline; [] when the folder is absent. Rejected pages are left out. */
export async function loadCheckedPages(dir: string = DEFAULT_PAGES): Promise<CheckedPage[]> {
  const htmlDir = join(dir, 'html');
  if (!existsSync(htmlDir)) return [];
  const cacheFile = join(CACHE_DIR, `pages-${cleaningFingerprint()}.json`);
  const cache: Record<string, CheckedPage | null> = existsSync(cacheFile) ? JSON.parse(readFileSync(cacheFile, 'utf8')) : {};
  const pages: CheckedPage[] = [];
  let changed = false;
  for (const name of readdirSync(htmlDir)
    .filter((n) => n.endsWith('.html.gz'))
    .sort()) {
    const bytes = gunzipSync(readFileSync(join(htmlDir, name)));
    const key = createHash('sha256').update(bytes).digest('hex');
    if (!(key in cache)) {
      const id = `pages/${name.replace('.html.gz', '')}`;
      const processed = await processArticle({ bytes, key: `incoming/eval/${name.replace('.gz', '')}` });
      cache[key] = processed.status === 'ok' ? { id, title: processed.title, body: processed.body, language: processed.metadata.language.code } : null;
      changed = true;
    }
    const page = cache[key];
    if (page) pages.push(page);
  }
  if (changed) {
    mkdirSync(CACHE_DIR, { recursive: true });
    writeFileSync(cacheFile, JSON.stringify(cache));
  }
  return pages;
}
