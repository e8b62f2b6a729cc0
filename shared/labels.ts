import * as z from 'zod/mini';

/**
 * The training-label format, defined once: a line of the team corpus' `labels.jsonl`, and the same
 * plus the article's text, source key and publisher as `kabar labels export` writes it
 * (ops/console/labels.ts builds it) and the training scripts read it back with `--extra FILE`
 * (training/labelled-articles.ts parses it).
 */

/** One labelled article of the team corpus (`labels.jsonl`); fields the loaders do not use are dropped. */
export const CorpusLabelSchema = z.object({
  id: z.string(),
  url: z.optional(z.string()),
  lang: z.string(),
  topics: z.array(z.string()),
  /** Whole trimmed lines to remove. */
  boilerplate: z.optional(z.array(z.string())),
  /** Fragments the cleaned body must keep. */
  body_keep: z.optional(z.array(z.string())),
  /** The headline line; null when the text has none. */
  title: z.optional(z.nullable(z.string())),
});
export type CorpusLabel = z.infer<typeof CorpusLabelSchema>;

/**
 * A reviewer's corrected article: topics always (the reviewer saw them), `boilerplate`/`body_keep`
 * only when a correction touched cleaning, `title` only when one picked the headline.
 */
export const ExportedLabelSchema = z.extend(CorpusLabelSchema, {
  text: z.string(),
  /** The uploaded object's key (`incoming/<publisher>/…`). */
  sourceKey: z.string(),
  /** The record's publisher, else the key's (shared/domain/publisher.ts); null when neither names one. */
  publisher: z.nullable(z.string()),
});
export type ExportedLabel = z.infer<typeof ExportedLabelSchema>;

/**
 * A real scraped article labelled line by line (training/clean/scraped.ts; the texts stay outside the
 * repo): the corpus fields plus one label letter per non-empty line (`t` title, `c` content, `b` junk)
 * and one junk-kind letter per junk line (n navigation, r related, p caption, a ad, s share, y byline,
 * e embed, f other chrome, m comments, g tags).
 */
export const ScrapedLabelSchema = z.extend(CorpusLabelSchema, {
  line_labels: z.string().check(z.regex(/^[tcb]*$/)),
  kinds: z.optional(z.string().check(z.regex(/^[nrpasyefmg]*$/))),
});
export type ScrapedLabel = z.infer<typeof ScrapedLabelSchema>;
