/**
 * Features of relations between states, for the topic models: is the article about two or more
 * states (or a state and an international body) dealing with each other, or about one country's
 * own politics?
 *
 * `shared/data/relations.json` lists, in every language the lexicon knows, the states (names,
 * demonym stems, capitals and seats of government used for the government: "Moscow", "the White
 * House"; plus the spellings the gazetteer lists for the same place), the international bodies,
 * envoy and summit words ("counterpart", "homólogo", "mevkidaşı", "نظيره"), and domestic
 * institutions (parliament, party, coalition, elections, courts, mayors, budgets, police). They
 * are matched in the lexicon's one pass over the tokens (classify.ts), beside the topic terms
 * and without consuming them; this module turns the matches into signals. Nothing here names an
 * article or a topic: the weights are learned (topic-features.ts, `npm run train:topics`).
 */
import gazetteer from '../../data/gazetteer.json' with { type: 'json' };

export type RelationKind = 'nation' | 'body' | 'envoy' | 'meet' | 'domestic';

export interface RelationsData {
  version: string;
  description?: string;
  /** `place`: the gazetteer place whose spellings the state also takes. */
  states: { id: string; place?: string; forms: string[] }[];
  bodies: { id: string; forms: string[] }[];
  /** Per language, the states it is mostly written in (absent: many states, e.g. English, Spanish, Arabic). */
  home?: Record<string, string[]>;
  /** Gazetteer people who act for a state or a body (by its id): their spellings count as that actor. */
  leaders?: Record<string, string>;
  envoy: string[];
  /** Verbs of meeting, receiving, calling: they link two actors named in one sentence, nothing more. */
  meet?: string[];
  domestic: string[];
}

/** What the relation words say about one article (the same for every topic). */
export interface RelationSignals {
  /** Distinct states and distinct international bodies named anywhere (title included). */
  states: number;
  bodies: number;
  /** Body sentences naming two or more distinct actors (states or bodies). */
  pairSentences: number;
  /** Of those, the ones that also carry an action word (taxonomy `actions`) or an envoy word: "X's minister met Y's counterpart". */
  linkedPairs: number;
  /** Envoy, counterpart and summit words, and the sentences where one stands with an actor. */
  envoy: number;
  envoySentences: number;
  /** Domestic-institution words, and the body sentences carrying one. */
  domestic: number;
  domesticSentences: number;
  /** Share of all state mentions that name the most-named state: 1 when one country is all there is. */
  dominance: number;
  /** Distinct states other than the article's own: the language's home states, or else the most-named state. */
  foreign: number;
  sentences: number;
}

export const NO_RELATIONS: RelationSignals = {
  states: 0,
  bodies: 0,
  pairSentences: 0,
  linkedPairs: 0,
  envoy: 0,
  envoySentences: 0,
  domestic: 0,
  domesticSentences: 0,
  dominance: 0,
  foreign: 0,
  sentences: 0,
};

export function isRelationKind(kind: string): kind is RelationKind {
  return kind === 'nation' || kind === 'body' || kind === 'envoy' || kind === 'meet' || kind === 'domestic';
}

interface LexiconEntry {
  term: string;
  weight: number;
  forms: Record<string, string[]>;
}

/** Gazetteer spellings this short fold into common words ("UN" → "un", "EU" → "eu"): left out. */
const MIN_GAZETTEER_ALIAS = 4;

const placeAliases = new Map<string, string[]>(gazetteer.places.map((place) => [place.name, place.aliases]));
const personAliases = new Map<string, string[]>(gazetteer.people.map((person) => [person.name, person.aliases]));

/** The gazetteer spellings of the people who act for the actor `id` (relations.json `leaders`). */
function leaderAliases(data: RelationsData, id: string): string[] {
  const aliases: string[] = [];
  for (const [name, actor] of Object.entries(data.leaders ?? {})) if (actor === id) aliases.push(...(personAliases.get(name) ?? []));
  return aliases;
}

/**
 * A phrase's leading short words ("the Hague", "el Salvador", "von der Leyen", "se reunió", "bir
 * araya") are left off: matched, they would make the commonest words of several languages ("the",
 * "el", "la", "von", "se", "bir") candidates at every occurrence, which costs more than they tell.
 * The rest of the phrase says the same. A phrase that is all short words is kept whole ("U.S.").
 *
 * @example distinctiveForm('von der Leyen') // → 'Leyen'
 */
export function distinctiveForm(form: string): string {
  const pieces = form.trim().split(/[\s-]+/);
  let first = 0;
  while (first < pieces.length - 1 && (pieces[first] ?? '').replace('*', '').length <= MAX_LEADING_SHORT_WORD) first++;
  const rest = pieces.slice(first).join(' ');
  return rest.replace('*', '').length > MAX_LEADING_SHORT_WORD ? rest : form;
}

/** Words this short at the head of a phrase are function words in some language ("the", "von", "bir"). */
const MAX_LEADING_SHORT_WORD = 3;

/**
 * The relation words as lexicon entries, grouped by kind: one entry per state and per body (its
 * group is its index, so that two spellings of one state count as one actor), one per envoy and
 * domestic word. Forms are language-neutral: all languages stay active, as for the topic terms.
 */
export function relationEntries(data: RelationsData): { kind: RelationKind; group: number; entries: LexiconEntry[] }[] {
  const entry = (term: string, forms: string[]): LexiconEntry => ({ term, weight: 1, forms: { any: [...new Set(forms.map(distinctiveForm))] } });
  const groups: { kind: RelationKind; group: number; entries: LexiconEntry[] }[] = [];
  data.states.forEach((state, i) => {
    const extra = [...(state.place ? (placeAliases.get(state.place) ?? []) : []), ...leaderAliases(data, state.id)].filter(
      (alias) => alias.length >= MIN_GAZETTEER_ALIAS,
    );
    groups.push({ kind: 'nation', group: i, entries: [entry(state.id, [...state.forms, ...extra])] });
  });
  data.bodies.forEach((body, i) => {
    const extra = leaderAliases(data, body.id).filter((alias) => alias.length >= MIN_GAZETTEER_ALIAS);
    groups.push({ kind: 'body', group: i, entries: [entry(body.id, [...body.forms, ...extra])] });
  });
  groups.push({ kind: 'envoy', group: 0, entries: data.envoy.map((form) => entry(form, [form])) });
  groups.push({ kind: 'meet', group: 0, entries: (data.meet ?? []).map((form) => entry(form, [form])) });
  groups.push({ kind: 'domestic', group: 0, entries: data.domestic.map((form) => entry(form, [form])) });
  return groups;
}

/**
 * The state groups (indexes into `states`) that count as home for each language.
 *
 * @example homeGroups(data).get('de') // → Set {4, 23, 48} (Germany, Austria, Switzerland)
 */
export function homeGroups(data: RelationsData): Map<string, Set<number>> {
  const index = new Map(data.states.map((state, i) => [state.id, i]));
  const homes = new Map<string, Set<number>>();
  for (const [language, ids] of Object.entries(data.home ?? {})) homes.set(language, new Set(ids.map((id) => index.get(id) ?? -1)));
  return homes;
}

/** The part of a lexicon hit these signals read (classify.ts's hits fit it). */
export interface RelationHit {
  target: { kind: string; group: number };
  /** Body sentence index; -1 in the title. */
  sentence: number;
}

/**
 * Relation signals from the relation words matched in one article (`related`, in text order) and
 * the lexicon's other hits (`hits`: only their action words are read, to link two actors).
 *
 * @example relationSignals(relation hits of "Sikorski met his Ukrainian counterpart Sybiha in Kyiv.", hits, 1).linkedPairs // → 1
 */
export function relationSignals(related: readonly RelationHit[], hits: readonly RelationHit[], sentences: number, home?: ReadonlySet<number>): RelationSignals {
  // Sentences with an action word, shifted by one so that the title (-1) is slot 0.
  let actionSentences: Uint8Array | null = null;
  for (const hit of hits) {
    if (hit.target.kind !== 'action') continue;
    actionSentences ??= new Uint8Array(sentences + 1);
    actionSentences[hit.sentence + 1] = 1;
  }
  const states = new Map<number, number>();
  const bodies = new Set<number>();
  let pairSentences = 0;
  let linkedPairs = 0;
  let envoy = 0;
  let envoySentences = 0;
  let domestic = 0;
  let domesticSentences = 0;
  // Per sentence (the title is read as one more): its distinct actors (states as their index, bodies offset by 1,000) and what else stands in it.
  let current = -2;
  // The sentence's distinct actors are actors[0, actorCount): one array for the whole article.
  const actors: number[] = [];
  let actorCount = 0;
  let linked = false;
  let envoyHere = false;
  let domesticHere = false;
  for (let h = 0; h <= related.length; h++) {
    const hit = related[h];
    if (hit === undefined || hit.sentence !== current) {
      if (current >= -1) {
        if (actorCount >= 2) {
          pairSentences++;
          if (linked || actionSentences?.[current + 1] === 1) linkedPairs++;
        }
        if (envoyHere && actorCount >= 1) envoySentences++;
        if (domesticHere) domesticSentences++;
      }
      if (hit === undefined) break;
      current = hit.sentence;
      actorCount = 0;
      linked = false;
      envoyHere = false;
      domesticHere = false;
    }
    const { kind, group } = hit.target;
    if (kind === 'nation' || kind === 'body') {
      if (kind === 'nation') states.set(group, (states.get(group) ?? 0) + 1);
      else bodies.add(group);
      const actor = kind === 'nation' ? group : 1000 + group;
      let known = false;
      for (let a = 0; a < actorCount && !known; a++) known = actors[a] === actor;
      if (!known) actors[actorCount++] = actor;
    } else if (kind === 'envoy') {
      envoy++;
      envoyHere = true;
      linked = true;
    } else if (kind === 'meet') {
      linked = true;
    } else if (kind === 'domestic') {
      domestic++;
      domesticHere = true;
    }
  }
  let top = 0;
  let all = 0;
  let homeNamed = 0;
  for (const [group, count] of states) {
    all += count;
    if (count > top) top = count;
    if (home?.has(group)) homeNamed++;
  }
  // Without home states for the language, the most-named state is taken for the article's own.
  const foreign = home ? states.size - homeNamed : Math.max(0, states.size - 1);
  return {
    states: states.size,
    bodies: bodies.size,
    pairSentences,
    linkedPairs,
    envoy,
    envoySentences,
    domestic,
    domesticSentences,
    dominance: all > 0 ? top / all : 0,
    foreign,
    sentences,
  };
}

/** Feature names of relationFeatures, in order (topic-features.ts appends them to its own). */
export const RELATION_FEATURE_NAMES = ['rel:linked', 'rel:envoyActor', 'rel:domesticShare', 'rel:foreign'] as const;

/**
 * The relation signals as model inputs: counts as logarithms, per-sentence counts as shares, so
 * that a long article does not win on length. Of the signals, these four are the ones
 * outlet-grouped cross-validation kept (raw counts of states, pairs and envoy words, and the
 * dominance of one state, added nothing once these were in: a page naming many countries is
 * not thereby about relations between them).
 */
export function relationFeatures(r: RelationSignals): number[] {
  const share = (n: number) => (r.sentences > 0 ? Math.min(1, n / r.sentences) : 0);
  return [Math.log1p(r.linkedPairs), Math.log1p(r.envoySentences), share(r.domesticSentences), Math.log1p(r.foreign)];
}
