import * as z from 'zod/mini';
import taxonomyData from '../../data/taxonomy.json' with { type: 'json' };

/**
 * The taxonomy's schema (topics, their terms per language, roles, shield cues, actions, states)
 * and the shipped taxonomy (`shared/data/taxonomy.json`).
 */

// zod/mini: the same checks as classic zod at a fifth of the bundle; only custom taxonomies are parsed at run time.
const nonEmptyString = () => z.string().check(z.minLength(1));

const formsSchema = z.record(z.string(), z.array(nonEmptyString()));

const entrySchema = z.object({
  /** Shown in evidence, e.g. `Kyiv` for every spelling of the capital. */
  term: nonEmptyString(),
  weight: z.number().check(z.positive()),
  /** Spellings per language; `word*` matches any token starting with `word`, spaces separate a phrase's tokens. */
  forms: formsSchema,
});

const roleSchema = z.extend(entrySchema, {
  /** How many tokens away a term of the same topic may stand for the role to count. */
  window: z.int().check(z.positive()),
});

const topicSchema = z.object({
  id: nonEmptyString(),
  description: z.optional(z.string()),
  /**
   * Evidence-only calibration `σ(slope × (ln(1 + raw) − offset))`, used until the topic has a
   * trained model in topic-model.json (a topic just added as data, before `npm run train:topics`).
   */
  calibration: z.optional(z.object({ slope: z.number().check(z.positive()), offset: z.number() })),
  entries: z.array(entrySchema).check(z.minLength(1)),
  /**
   * Words that show a topic actor playing a part ("mediated by", "hosted"): they count as
   * evidence only next to one of the topic's own terms, so "Qatar's mediation" weighs more
   * than Qatar in a list of visited countries.
   */
  roles: z._default(z.array(roleSchema), []),
});

/**
 * Shield phrases: longer names that contain a topic term ("Saudi Pro League", "Iranian-made").
 * The longest match wins, so the place name inside them does not count as topic evidence.
 * They decide nothing else: the genre model and the aboutness features do.
 */
const cueSchema = z.object({
  id: nonEmptyString(),
  description: z.optional(z.string()),
  entries: z.array(entrySchema).check(z.minLength(1)),
});

export const taxonomySchema = z.object({
  version: nonEmptyString(),
  threshold: z.number().check(z.gt(0), z.lt(1)),
  /** Bonus, in units of an entry's weight, for an entry that appears in the title. */
  titleWeight: z.number().check(z.gte(0)),
  /** Each further distinct entry of a topic counts this fraction of the previous one (0..1]. */
  breadthDecay: z.number().check(z.gt(0), z.lte(1)),
  topics: z.array(topicSchema).check(z.minLength(1)),
  cues: z._default(z.array(cueSchema), []),
  /**
   * Political and military action words (attack, negotiate, sign, condemn…) in every language:
   * a topic term near one is an actor of the clause rather than a modifier.
   */
  actions: z._default(z.array(entrySchema), []),
  /**
   * Words for states and their governments (government, president, country names): talks
   * between a union and a company name none, talks between two countries do.
   */
  states: z._default(z.array(entrySchema), []),
});

export type Taxonomy = z.input<typeof taxonomySchema>;
/** One lexicon entry: a term, its weight and its forms per language. */
export type TaxonomyEntry = z.output<typeof entrySchema>;
export type ParsedTaxonomy = z.output<typeof taxonomySchema>;

/**
 * The shipped taxonomy, trusted as it is: tests/unit/classify.test.ts validates it against
 * taxonomySchema, so a cold start does not pay for a schema parse. Only the defaults are applied.
 */
export const DEFAULT_TAXONOMY: ParsedTaxonomy = withDefaults(taxonomyData as Taxonomy);

function withDefaults(taxonomy: Taxonomy): ParsedTaxonomy {
  return {
    ...taxonomy,
    topics: taxonomy.topics.map((topic) => ({ ...topic, roles: topic.roles ?? [] })),
    cues: taxonomy.cues ?? [],
    actions: taxonomy.actions ?? [],
    states: taxonomy.states ?? [],
  };
}

/** The taxonomy the default classifier was built from. */
export const defaultTaxonomy: Taxonomy = taxonomyData as Taxonomy;

/** The shipped taxonomy's version, known without compiling the classifier. */
export const DEFAULT_TAXONOMY_VERSION: string = DEFAULT_TAXONOMY.version;
