import * as z from 'zod/mini';
import { type PublisherTemplate, TEMPLATE_FORMAT, type TemplatePin } from './domain/clean/template.ts';

/**
 * A publisher template as stored (a JSON file, an S3 object): validated whenever one is read, so a
 * hand-edited or truncated file is a clear error, never a cleaner that silently does nothing. The
 * schemas are built by the first template read: most publishers have no template yet, and a cold
 * start should not pay for building them.
 */
function buildSchemas() {
  const scope = () => z.nullable(z.enum(['outside', 'anywhere']));
  const count = () => z.int().check(z.nonnegative());
  const kind = () => z.enum(['line', 'shape', 'label']);
  const key = () => z.string().check(z.regex(/^[0-9a-f]{8}$/));

  const EntrySchema = z.object({
    key: key(),
    kind: kind(),
    articles: count(),
    share: z.number().check(z.minimum(0), z.maximum(1)),
    head: count(),
    inside: count(),
    tail: count(),
    prose: count(),
    lastSeen: count(),
    varies: z.boolean(),
    short: scope(),
    sentence: scope(),
    pinned: z.optional(z.enum(['junk', 'keep'])),
    text: z.optional(z.string()),
  });

  const SettingsSchema = z.object({
    window: count(),
    halfLife: z.number().check(z.positive()),
    minArticles: count(),
    minShare: z.number(),
    minArticlesInside: count(),
    minShareInside: z.number(),
    minOutsideShare: z.number(),
    minArticlesProse: count(),
    minShareProse: z.number(),
    staleAfter: count(),
    nearCopyShare: z.number(),
    maxEntries: count(),
  });

  const PublisherTemplateSchema = z.object({
    format: z.literal(TEMPLATE_FORMAT),
    publisher: z.nullable(z.string()),
    version: z.string().check(z.regex(/^[0-9a-f]{12}$/)),
    articles: count(),
    settings: SettingsSchema,
    entries: z.array(EntrySchema),
    through: z.optional(z.string()),
  });

  const TemplatePinSchema = z.object({ key: key(), kind: kind(), pinned: z.enum(['junk', 'keep']), text: z.optional(z.string()) });
  return { PublisherTemplateSchema, TemplatePinSchema: z.array(TemplatePinSchema) };
}

let schemas: ReturnType<typeof buildSchemas> | undefined;
const templateSchemas = () => {
  schemas ??= buildSchemas();
  return schemas;
};

/** A template read from JSON; throws a readable error naming the first problem. */
export function parsePublisherTemplate(json: unknown): PublisherTemplate {
  const result = z.safeParse(templateSchemas().PublisherTemplateSchema, json);
  if (!result.success) {
    const issue = result.error.issues[0];
    throw new Error(`not a publisher template (format ${TEMPLATE_FORMAT}): ${issue ? `${issue.path.join('.') || '(root)'}: ${issue.message}` : 'invalid'}`);
  }
  return result.data as PublisherTemplate;
}

/** An editor's pins read from JSON. */
export function parseTemplatePins(json: unknown): TemplatePin[] {
  return z.parse(templateSchemas().TemplatePinSchema, json) as TemplatePin[];
}
