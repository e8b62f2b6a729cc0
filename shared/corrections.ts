import * as z from 'zod/mini';

/**
 * A reviewer's correction of one article, made in the review console and exported as training
 * labels (`kabar labels export`). Stored as its own table item beside the record, never changing it.
 * Lines are whole trimmed lines of the source text, as in the corpus labels.
 */
export const CorrectionSchema = z.discriminatedUnion('kind', [
  /** The article is not about this topic. */
  z.object({ kind: z.literal('topic-wrong'), topic: z.string().check(z.minLength(1)) }),
  /** The article is about this topic and kabar missed it. */
  z.object({ kind: z.literal('topic-missing'), topic: z.string().check(z.minLength(1)) }),
  /** Cleaning removed this line but it is article content. */
  z.object({ kind: z.literal('removed-is-content'), line: z.string().check(z.minLength(1)) }),
  /** Cleaning kept this line but it is junk. */
  z.object({ kind: z.literal('kept-is-junk'), line: z.string().check(z.minLength(1)) }),
  /** The headline is this line (null: the text has no headline line). */
  z.object({ kind: z.literal('title'), line: z.nullable(z.string()) }),
]);

export type Correction = z.infer<typeof CorrectionSchema>;

/** A stored correction: what the reviewer said, about which article, when. */
export interface StoredCorrection {
  articleId: string;
  /** Names the correction among the article's (`<createdAt>#<random>`): what an undo gives back. */
  key: string;
  createdAt: string;
  correction: Correction;
}
