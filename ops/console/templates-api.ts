import * as z from 'zod/mini';
import { lineKeysOf, type TemplateEntry, TemplateIndex } from '../../shared/domain/clean/template.ts';
import { type LearnOutcome, pinTemplateLine, type TemplateStore } from '../../shared/ingest/templates.ts';
import { HttpError } from './http.ts';

/**
 * The console's view of publisher templates (shared/ingest/templates.ts): each publisher's template
 * with its lines, how often and where they were seen, what the template does with them, and the
 * editor's pins. A pin is a correction that feeds the template: it is stored with the publisher's
 * pins and the template is learned again at once, so the next article is cleaned with it.
 */

export interface TemplateSummary {
  publisher: string;
  /** Null: the publisher has observations but no template yet (the learning step has not run). */
  version: string | null;
  articles: number;
  /** Lines the template acts on (removes somewhere), pins included. */
  acting: number;
  pins: number;
  /** The newest batch of observations it was learned through. */
  through: string | null;
}

/** One template line as the console shows it. */
export interface TemplateLineView extends Omit<TemplateEntry, 'text'> {
  text: string | null;
  /** In words: where the template removes this line (or why not). */
  action: string;
}

const PinRequestSchema = z.object({
  key: z.string().check(z.regex(/^[0-9a-f]{8}$/)),
  kind: z.enum(['line', 'shape', 'label']),
  pinned: z.nullable(z.enum(['junk', 'keep'])),
});

/** Every publisher that has observations or a template, with its template's summary. */
export async function listTemplates(store: TemplateStore): Promise<{ items: TemplateSummary[] }> {
  const publishers = await store.publishers();
  const items = await Promise.all(
    publishers.map(async (publisher): Promise<TemplateSummary> => {
      const template = await store.template(publisher);
      return {
        publisher,
        version: template?.version ?? null,
        articles: template?.articles ?? 0,
        acting: template?.entries.filter(acts).length ?? 0,
        pins: template?.entries.filter((e) => e.pinned !== undefined).length ?? 0,
        through: template?.through ?? null,
      };
    }),
  );
  return { items };
}

/** One publisher's template, line by line: acting lines first, then those seen but not (yet) acted on. */
export async function showTemplate(store: TemplateStore, publisher: string): Promise<unknown> {
  const template = await store.template(publisher);
  if (!template) throw new HttpError(404, `no template for publisher ${publisher} yet`);
  const { entries, ...rest } = template;
  // Stable sort: acting lines first, each group in the template's order (most articles first).
  const ordered = [...entries].sort((a, b) => Number(acts(b)) - Number(acts(a)));
  const lines: TemplateLineView[] = ordered.map((entry) => ({ ...entry, text: entry.text ?? null, action: actionOf(entry) }));
  return { ...rest, lines };
}

/**
 * An editor's pin on a line the template holds: `junk` (always remove), `keep` (never remove) or
 * null (unpin: learning decides again). Only lines of the current template can be pinned, with
 * the text the template keeps for them (never text from the request).
 */
export async function pinTemplate(store: TemplateStore, publisher: string, body: Buffer): Promise<LearnOutcome> {
  const parsed = PinRequestSchema.safeParse(JSON.parse(body.toString('utf8') || 'null'));
  if (!parsed.success) throw new HttpError(400, 'a pin is { key, kind, pinned: "junk" | "keep" | null }');
  const { key, kind, pinned } = parsed.data;
  const template = await store.template(publisher);
  const entry = template?.entries.find((e) => e.key === key && e.kind === kind);
  if (!entry) throw new HttpError(404, `no ${kind} ${key} in the template of ${publisher}`);
  return pinTemplateLine(store, publisher, { key, kind, ...(entry.text === undefined ? {} : { text: entry.text }) }, pinned);
}

/**
 * Pins a line `keep` by its own key, when the publisher's current template removes it (by that key,
 * its shape or its label): a reviewer marked it as the article's content. A pinned line key stops the
 * template before its shape or label, so only this line is spared, not every line of its shape.
 * Null when the current template no longer removes it.
 */
export async function keepTemplateLine(store: TemplateStore, publisher: string, text: string): Promise<LearnOutcome | null> {
  const template = await store.template(publisher);
  const keys = lineKeysOf(text.trim());
  if (!template || new TemplateIndex(template).match(keys) === null) return null;
  return pinTemplateLine(store, publisher, { key: keys.line, kind: 'line', text: text.trim() }, 'keep');
}

function acts(entry: TemplateEntry): boolean {
  return entry.pinned === 'junk' || (entry.pinned === undefined && (entry.short !== null || entry.sentence !== null));
}

/** Where the template removes a line, in an editor's words. */
export function actionOf(entry: TemplateEntry): string {
  if (entry.pinned === 'junk') return 'always removed (pinned)';
  if (entry.pinned === 'keep') return 'never removed (pinned)';
  const where = (scope: TemplateEntry['short']) => (scope === 'anywhere' ? 'anywhere' : 'outside the story');
  if (entry.short === null && entry.sentence === null) return 'kept: not enough evidence yet';
  if (entry.short === entry.sentence) return `removed ${where(entry.short)}`;
  const parts: string[] = [];
  if (entry.short !== null) parts.push(`as a short line ${where(entry.short)}`);
  if (entry.sentence !== null) parts.push(`as a sentence ${where(entry.sentence)}`);
  return `removed ${parts.join(', ')}${entry.sentence === null ? '; never as a sentence' : ''}`;
}
